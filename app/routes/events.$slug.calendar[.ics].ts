import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar } from "~/calendar/ical";
import { getEventCalendar, getEventCalendarVersion } from "~/models/calendar.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { calendarCacheControl, eventFeedVariant, parseEventFeedQuery } from "~/utils/calendar-feed-query";
import { badCalendarQuery, calendarLabels, calendarOrganizerEmail } from "~/utils/calendar-feed.server";
import { conditionalResponse } from "~/utils/http-cache.server";
import { localized } from "~/utils/localized";

export const policy = "event-reader" satisfies RoutePolicy;

/**
 * The event's agenda as a calendar feed (`?track=`, `?room=`, `?type=`, `?person=`,
 * `?lang=en|zh-TW`). A client revalidating its copy is answered 304 from the event's version (one
 * row), before any session is read; the version covers every filter's feed. server.ts answers
 * most revalidations of published events' feeds before they reach here (feed-revalidation.server.ts).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const url = new URL(request.url);
  const query = parseEventFeedQuery(url.searchParams);
  if (!query) throw await badCalendarQuery(request);
  const { filters, language } = query;
  const now = new Date();
  return conditionalResponse(request, {
    version: await getEventCalendarVersion(db, { event, now }),
    variant: eventFeedVariant(query),
    contentType: "text/calendar; charset=utf-8",
    cacheControl: calendarCacheControl(event.visibility),
    build: async () => {
      const calendar = await getEventCalendar(db, { event, filters, now });
      return buildCalendar({
        ...calendar,
        meetings: [],
        language,
        origin: url.origin,
        name: localized(event.title_en, event.title_zh, language),
        organizerEmail: calendarOrganizerEmail(),
        labels: calendarLabels(language),
      });
    },
  });
}
