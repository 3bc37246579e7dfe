import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar } from "~/calendar/ical";
import { getEventCalendarVersion, getSessionCalendar } from "~/models/calendar.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { badCalendarQuery, calendarLabels, calendarOrganizerEmail } from "~/utils/calendar-feed.server";
import { attachmentDisposition } from "~/utils/content-disposition";
import { pathIdSchema } from "~/utils/agenda-params";
import { calendarCacheControl, parseFeedLanguage } from "~/utils/calendar-feed-query";
import { conditionalResponse } from "~/utils/http-cache.server";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

export const policy = "event-reader" satisfies RoutePolicy;

/** One session as a calendar file: the page's "Add to calendar". Same UID as in the event's feed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const sessionId = pathIdSchema.safeParse(params.sessionId);
  invariantResponse(sessionId.success, "Not found", 404);
  const language = parseFeedLanguage(new URL(request.url).searchParams);
  if (!language) throw await badCalendarQuery(request);
  const origin = new URL(request.url).origin;
  // The event's version covers its sessions: any change anywhere in the agenda revalidates this copy too.
  return conditionalResponse(request, {
    version: await getEventCalendarVersion(db, { event }),
    variant: JSON.stringify(["session-feed", language, sessionId.data]),
    contentType: "text/calendar; charset=utf-8",
    cacheControl: calendarCacheControl(event.visibility),
    extraHeaders: { "Content-Disposition": attachmentDisposition(`${event.slug}-session-${sessionId.data}.ics`) },
    build: async () => {
      const calendar = await getSessionCalendar(db, { event, sessionId: sessionId.data });
      invariantResponse(calendar, "Not found", 404);
      const title = calendar.sessions[0].title;
      return buildCalendar({
        ...calendar,
        meetings: [],
        language,
        origin,
        name: localized(title.en, title.zh, language),
        organizerEmail: calendarOrganizerEmail(),
        labels: calendarLabels(language),
      });
    },
  });
}
