import type { CalendarLabels, CalendarLanguage } from "../calendar/types";
import { translatorFor, viewerLocale } from "../i18n/i18next.server";
import { isLanguage } from "../i18n/config";
import { SESSION_TYPES, PERSON_ROLES } from "../../db/schema";
import { getEnv } from "../../lib/env.server";

// What every feed and export route needs besides its data: the words in the feed's language, the
// organizer's address, and the answer to a query it does not know.

/** The words of a feed in its own language (not the viewer's: a calendar app sends no cookie). */
export function calendarLabels(language: CalendarLanguage): CalendarLabels {
  const agenda = translatorFor(language, "agenda");
  const calendar = translatorFor(language, "calendar");
  return {
    sessionTypes: Object.fromEntries(SESSION_TYPES.map((type) => [type, agenda(`sessionType.${type}`)])),
    roles: Object.fromEntries(PERSON_ROLES.map((role) => [role, agenda(`personRole.${role}`)])),
    // The builder fills these in; i18next must leave the placeholders alone.
    meetingSummary: calendar("feed.meetingSummary", { requester: "{{requester}}", recipient: "{{recipient}}" }),
    topic: calendar("feed.topic"),
    place: calendar("feed.place"),
    table: calendar("feed.table", { number: "{{number}}" }),
    sides: calendar("feed.sides"),
    calendarFile: calendar("feed.calendarFile"),
  };
}

/** ORGANIZER's address in feeds: the portal's own sender (MAIL_FROM may be `Name <address>`). */
export function calendarOrganizerEmail(): string {
  const from = getEnv().MAIL_FROM;
  return /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
}

/** 400 for a feed or export address with a query it does not know, said in the viewer's language. */
export async function badCalendarQuery(request: Request): Promise<Response> {
  const locale = await viewerLocale(request);
  const message = translatorFor(isLanguage(locale) ? locale : "en", "calendar")("errors.badQuery");
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
