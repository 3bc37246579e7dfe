import ical, { ICalEventStatus, ICalEventTransparency, escape, type ICalEventData } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { fillTemplate, joinPlaces, meetingUrl, peopleLines, pickText, plainText, sessionLocation, sessionUrl } from "./text";
import type { CalendarMeeting, CalendarSession, CalendarSource } from "./types";
import { entryUid } from "./uid";

/** How often a subscribed client should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_INTERVAL = "PT1H";

/** RFC 5545 §3.1: longer lines are folded. */
const MAX_LINE_OCTETS = 75;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const SESSION_STATUS = {
  scheduled: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

const MEETING_STATUS = { booked: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED } as const;

/** The event's zone as the feed writes it: its TZID (the canonical name) and its VTIMEZONE. */
interface FeedZone {
  tzid: string;
  vtimezone: string;
}

/**
 * An iCalendar feed (RFC 5545, with RFC 7986's NAME, DESCRIPTION and REFRESH-INTERVAL) with one
 * VEVENT per session and per meeting, in the order given. The same source always gives the same bytes.
 *
 * ical-generator writes each VEVENT; the calendar around them is written here. Its own calendar
 * writer leaves NAME / X-WR-CALNAME / X-WR-CALDESC unescaped, writes DTSTAMP and LAST-MODIFIED as
 * local times without Z once given a calendar-wide zone, and folds lines slowly enough (a
 * TextEncoder per character) to dominate a large feed.
 */
export function buildCalendar(source: CalendarSource): string {
  const zone = feedZone(source.event.timeZone);
  const calendar = ical();
  const email = plainText(source.organizerEmail.trim());
  // Named after the host, else the event, else its own address (ical-generator requires a name).
  const organizerName = [pickText(source.event.host, source.language), pickText(source.event.title, source.language), email]
    .map(parameterValue)
    .find((name) => name !== "");
  const organizer = organizerName === undefined ? null : { name: organizerName, email };
  const events = [
    ...source.sessions.map((session) => calendar.createEvent({ ...sessionEntry(session, source), ...entryTimes(session, zone), organizer })),
    ...source.meetings.map((meeting) => calendar.createEvent({ ...meetingEntry(meeting, source), ...entryTimes(meeting, zone), organizer })),
  ];
  const head = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Plenary//Plenary calendar feeds//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...headerLines(source, zone),
    `REFRESH-INTERVAL;VALUE=DURATION:${REFRESH_INTERVAL}`,
    `X-PUBLISHED-TTL:${REFRESH_INTERVAL}`,
    zone.vtimezone,
  ];
  // Each event's text ends with its CRLF.
  return fold(`${head.join("\r\n")}\r\n${events.map((event) => event.toString()).join("")}END:VCALENDAR\r\n`);
}

function feedZone(timeZone: string): FeedZone {
  // [VTIMEZONE, "TZID=<canonical name>"]: an alias such as US/Pacific comes back as America/Los_Angeles.
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block)) throw new Error(`No VTIMEZONE for the time zone ${timeZone}`);
  return { vtimezone: block[0], tzid: block[1].replace(/^TZID=/, "") };
}

/**
 * DTSTART and DTEND as wall-clock times with the event zone's TZID, or in UTC when a time falls in
 * the hour that occurs twice as clocks go back: RFC 5545 reads such a wall time as its first
 * occurrence, some readers (ical.js) as its second, so only UTC says which one is meant.
 */
function entryTimes(entry: { startsAt: string; endsAt: string }, zone: FeedZone): Pick<ICalEventData, "start" | "end" | "timezone"> {
  const start = DateTime.fromISO(entry.startsAt, { zone: zone.tzid });
  const end = DateTime.fromISO(entry.endsAt, { zone: zone.tzid });
  if (isUnambiguous(start) && isUnambiguous(end)) return { start, end, timezone: zone.tzid };
  return { start: start.toUTC(), end: end.toUTC(), timezone: null };
}

/** Whether no other instant shows the same wall-clock time (clocks going back within a day of it). */
function isUnambiguous(local: DateTime): boolean {
  const { zone, offset } = local;
  const at = local.toMillis();
  const offsetBefore = zone.offset(at - DAY_MS);
  const offsetAfter = zone.offset(at + DAY_MS);
  const earlierTwin = offsetBefore > offset && zone.offset(at - (offsetBefore - offset) * MINUTE_MS) === offsetBefore;
  const laterTwin = offsetAfter < offset && zone.offset(at + (offset - offsetAfter) * MINUTE_MS) === offsetAfter;
  return !earlierTwin && !laterTwin;
}

function sessionEntry(session: CalendarSession, { event, language, origin, labels }: CalendarSource): Omit<ICalEventData, "start"> {
  const description = [pickText(session.description, language), peopleLines(session.people, labels.roles).join("\n")].filter(Boolean).join("\n\n");
  return {
    id: entryUid("session", session.id, event),
    sequence: session.sequence,
    stamp: session.updatedAt,
    created: session.createdAt,
    lastModified: session.updatedAt,
    summary: pickText(session.title, language),
    description: description || null,
    location: sessionLocation(session, event, language) || null,
    url: sessionUrl(origin, event, session.id),
    categories: [plainText(labels.sessionTypes[session.type] ?? session.type), pickText(session.track, language)].filter(Boolean).map((name) => ({ name })),
    status: SESSION_STATUS[session.status],
    transparency: ICalEventTransparency.OPAQUE,
  };
}

/** A bilateral meeting: its topic, place and sides, nothing of what was said. */
function meetingEntry(meeting: CalendarMeeting, { event, language, origin, labels }: CalendarSource): Omit<ICalEventData, "start"> {
  const requester = pickText(meeting.requester, language);
  const recipient = pickText(meeting.recipient, language);
  const place = pickText(meeting.place, language);
  const table = meeting.tableNumber === null ? "" : fillTemplate(labels.table, { number: String(meeting.tableNumber) });
  const topic = plainText(meeting.topic.trim());
  const where = joinPlaces([place, table]);
  const description = [topic && `${labels.topic}: ${topic}`, where && `${labels.place}: ${where}`, `${labels.sides}: ${requester} – ${recipient}`]
    .filter(Boolean)
    .join("\n");
  return {
    id: entryUid("meeting", meeting.id, event),
    sequence: meeting.sequence,
    stamp: meeting.updatedAt,
    created: meeting.createdAt,
    lastModified: meeting.updatedAt,
    summary: plainText(fillTemplate(labels.meetingSummary, { requester, recipient })),
    description,
    location: joinPlaces([place, table, event.venue, event.city]) || null,
    url: meetingUrl(origin, event, meeting.id),
    status: MEETING_STATUS[meeting.status],
    transparency: ICalEventTransparency.OPAQUE,
  };
}

/**
 * A quoted parameter value (ORGANIZER's CN) cannot hold a DQUOTE or a control character, and has
 * no backslash escapes; a caret is written doubled, as RFC 6868 reads it.
 */
function parameterValue(text: string): string {
  return text.replace(/["\\\u0000-\u001F\u007F]/g, "").replaceAll("^", "^^");
}

function headerLines({ event, language, name }: CalendarSource, zone: FeedZone): string[] {
  const calendarName = escape(plainText(name.trim()), false);
  const description = escape(pickText(event.description, language), false);
  return [
    ...(calendarName ? [`NAME:${calendarName}`, `X-WR-CALNAME:${calendarName}`] : []),
    ...(description ? [`DESCRIPTION:${description}`, `X-WR-CALDESC:${description}`] : []),
    `X-WR-TIMEZONE:${escape(zone.tzid, false)}`,
  ];
}

/** Lines longer than 75 octets folded (RFC 5545 §3.1): a CRLF and a space, never inside a UTF-8 character. */
function fold(text: string): string {
  return text.split("\r\n").map(foldLine).join("\r\n");
}

function foldLine(line: string): string {
  // A UTF-16 unit is at most three octets in UTF-8 (a surrogate pair is four for two units).
  if (line.length * 3 <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let partStart = 0;
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (let index = 0; index < line.length;) {
    const codePoint = line.codePointAt(index) ?? 0;
    const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      parts.push(line.slice(partStart, index));
      partStart = index;
      octets = 0;
      // A continuation line's leading space is one of its 75 octets.
      limit = MAX_LINE_OCTETS - 1;
    }
    octets += size;
    index += codePoint > 0xffff ? 2 : 1;
  }
  parts.push(line.slice(partStart));
  return parts.join("\r\n ");
}
