import { z } from "zod";
import { SESSION_TYPES } from "../../db/schema";
import type { CalendarLanguage } from "../calendar/types";
import { pathIdSchema } from "./agenda-params";

const eventFeedQuerySchema = z.object({
  track: pathIdSchema.optional(),
  room: pathIdSchema.optional(),
  type: z.enum(SESSION_TYPES).optional(),
  person: pathIdSchema.optional(),
  lang: z.enum(["en", "zh-TW"]).optional(),
});

export interface EventFeedQuery {
  filters: { trackId?: number; roomId?: number; type?: (typeof SESSION_TYPES)[number]; personId?: number };
  language: CalendarLanguage;
}

/**
 * The event feed's query (`?track=`, `?room=`, `?type=`, `?person=`, `?lang=en|zh-TW`; English
 * when absent), or null for one it does not know. The route and the revalidation ahead of it
 * read it alike, so both give one address the same ETag.
 */
export function parseEventFeedQuery(searchParams: URLSearchParams): EventFeedQuery | null {
  const query = eventFeedQuerySchema.safeParse(Object.fromEntries(searchParams));
  if (!query.success) return null;
  const { track, room, type, person, lang } = query.data;
  return { filters: { trackId: track, roomId: room, type, personId: person }, language: lang ?? "en" };
}

const languageQuerySchema = z.object({ lang: z.enum(["en", "zh-TW"]).optional() });

/**
 * The language of a feed or export that takes no filters (`?lang=en|zh-TW`, English when absent),
 * or null for a query it does not know.
 */
export function parseFeedLanguage(searchParams: URLSearchParams): CalendarLanguage | null {
  const query = languageQuerySchema.safeParse(Object.fromEntries(searchParams));
  return query.success ? (query.data.lang ?? "en") : null;
}

/** What tells apart the texts of one version of the event's feed: its language and filters. */
export function eventFeedVariant({ filters, language }: EventFeedQuery): string {
  return JSON.stringify(["event-feed", language, filters.trackId, filters.roomId, filters.type, filters.personId]);
}

/** Published events' feeds may be kept by shared caches; a private event's only by its reader. */
export function calendarCacheControl(visibility: string): string {
  return visibility === "private" ? "private, max-age=0, must-revalidate" : "public, max-age=300, must-revalidate";
}
