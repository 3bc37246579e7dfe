import { pickText, sessionLocation, sessionUrl } from "./text";
import type { CalendarEventInfo, CalendarLanguage, CalendarSession } from "./types";

/**
 * Google Calendar's "add event" address for a session: title, UTC start and end, the session page
 * and description as details, the place, and the event's zone to show the times in.
 */
export function googleCalendarLink({
  event,
  session,
  language,
  origin,
}: {
  event: CalendarEventInfo;
  session: CalendarSession;
  language: CalendarLanguage;
  origin: string;
}): string {
  const description = pickText(session.description, language);
  const details = [sessionUrl(origin, event, session.id), description].filter(Boolean).join("\n\n");
  const location = sessionLocation(session, event, language);
  const query: Array<[string, string]> = [
    ["action", "TEMPLATE"],
    ["text", pickText(session.title, language)],
    ["dates", `${utcBasic(session.startsAt)}/${utcBasic(session.endsAt)}`],
    ["details", details],
    ...(location ? [["location", location] as [string, string]] : []),
    ["ctz", event.timeZone],
  ];
  return `https://calendar.google.com/calendar/render?${query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&")}`;
}

/** An instant as YYYYMMDDTHHMMSSZ. */
function utcBasic(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}
