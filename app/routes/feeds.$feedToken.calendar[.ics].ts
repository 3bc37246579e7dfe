import type { LoaderFunctionArgs } from "@remix-run/node";
import type { CalendarLanguage } from "~/calendar/types";
import { buildCalendar } from "~/calendar/ical";
import { translatorFor } from "~/i18n/i18next.server";
import { getPrivateCalendar, privateCalendarVersion, type FeedSubject } from "~/models/feed-token.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { badCalendarQuery, calendarLabels, calendarOrganizerEmail } from "~/utils/calendar-feed.server";
import { parseFeedLanguage } from "~/utils/calendar-feed-query";
import { conditionalResponse } from "~/utils/http-cache.server";
import { localized } from "~/utils/localized";

export const policy = "feed-token" satisfies RoutePolicy;

/** The calendar's own name: whose schedule, in which event, in the feed's language. */
function calendarName(subject: FeedSubject, eventTitle: string, language: CalendarLanguage): string {
  const t = translatorFor(language, "calendar");
  if (subject.kind === "person") {
    const name = language === "zh-TW" ? (subject.nameNative ?? subject.name) : subject.name;
    return t("feed.personName", { name, event: eventTitle });
  }
  return t("feed.delegationName", { delegation: localized(subject.name.en, subject.name.zh, language), event: eventTitle });
}

/**
 * A person's or a delegation's own schedule as a calendar feed, behind its secret address
 * (`?lang=en|zh-TW`). The same for whoever asks, cookie or not: the address is the only key. An
 * unknown or revoked token has already been answered 404 by the policy.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, feed } = await authorize(policy, { request, params });
  const language = parseFeedLanguage(new URL(request.url).searchParams);
  if (!language) throw await badCalendarQuery(request);
  const origin = new URL(request.url).origin;
  const calendar = await getPrivateCalendar(db, feed);
  return conditionalResponse(request, {
    version: privateCalendarVersion(calendar),
    variant: JSON.stringify(["private-feed", language]),
    contentType: "text/calendar; charset=utf-8",
    cacheControl: "private, max-age=0, must-revalidate",
    // The address is the secret: kept out of search engines and out of the Referer of any link followed from the feed.
    extraHeaders: { "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" },
    build: () =>
      buildCalendar({
        event: calendar.event,
        sessions: calendar.sessions,
        meetings: calendar.meetings,
        language,
        origin,
        name: calendarName(calendar.subject, localized(calendar.event.title.en, calendar.event.title.zh, language) || calendar.event.slug, language),
        organizerEmail: calendarOrganizerEmail(),
        labels: calendarLabels(language),
      }),
  });
}
