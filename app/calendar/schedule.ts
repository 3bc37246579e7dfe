import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { attachmentUrl, eventUrl, peopleLines, personName, pickText, pickTextWithLanguage, plainText, sessionCalendarUrl, sessionUrl } from "./text";
import type { CalendarLanguage, CalendarSession, ScheduleAttachment, ScheduleSource } from "./types";
import { entryUid, roomGuid } from "./uid";

// The agenda as conference apps read it (frab's schedule.xml, c3voc's schedule.json): one model,
// worked out once, that the two writers only serialize.

export interface ScheduleRoom {
  name: string;
  guid: string;
}

export interface ScheduleEntry {
  guid: string;
  id: number;
  /** The start with the zone's offset, e.g. 2011-03-28T09:00:00-07:00; `end` likewise. */
  date: string;
  end: string;
  /** Local wall-clock HH:MM. */
  start: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  /** The title in the other language, when it has one of its own. */
  subtitle: string;
  track: string | null;
  type: string;
  /** The language the title and abstract are written in. */
  language: CalendarLanguage;
  abstract: string;
  /** Who takes part and in which role: "Speaker: Name (native name)", one a line. */
  description: string;
  persons: Array<{ id: number; name: string }>;
  /** The session's calendar file. */
  links: ScheduleReference[];
  /** Its slides and annexes. */
  attachments: ScheduleReference[];
}

/** A link or a file as both formats list them (c3voc's Reference). */
export interface ScheduleReference {
  type: "slides" | "paper" | "related";
  url: string;
  title: string;
}

/** Files whose type says they are slides; any other file is listed as a paper. */
const PRESENTATION_TYPES = new Set([
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.presentation",
]);

export interface ScheduleDay {
  index: number;
  date: string;
  /** Local midnight and the next one, with the zone's offset. */
  start: string;
  end: string;
  rooms: Array<{ room: ScheduleRoom; entries: ScheduleEntry[] }>;
}

export interface Schedule {
  /** Changes whenever anything the schedule shows changes, so apps know to reload it. */
  version: string;
  acronym: string;
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  /** HH:MM: the longest step on which every session starts and ends. */
  timeslot: string;
  url: string;
  baseUrl: string;
  rooms: ScheduleRoom[];
  tracks: string[];
  days: ScheduleDay[];
}

/**
 * The schedule of the sessions given. Days run from the event's first to its last (widened to any
 * session outside them, so none is lost); every day lists every room in the event's order, and the
 * sessions without a room under one unnamed room after them. Cancelled sessions are left out.
 */
export function scheduleOf(source: ScheduleSource): Schedule {
  const { event, language } = source;
  const zone = event.timeZone;
  if (!DateTime.fromISO(event.startsOn, { zone }).isValid) throw new Error(`Cannot place ${event.startsOn} in the time zone ${zone}`);
  const acronym = acronymOf(event.slug);
  // A cancelled session is no longer on the agenda, and neither format can mark one as cancelled.
  const sessions = source.sessions
    .filter((session) => session.status !== "cancelled")
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id - b.id);
  const roomless = { id: null, name: "", guid: roomGuid(null, event) };
  const named = source.rooms.map((room) => ({ id: room.id, name: pickText(room.name, language), guid: roomGuid(room.id, event) }));
  const usedRoomless = sessions.some((session) => !named.some((room) => room.id === session.roomId));
  const rooms = uniquelyNamed([...named, ...(usedRoomless ? [roomless] : [])]);
  const roomOf = (session: CalendarSession) => rooms.find((room) => room.id === session.roomId) ?? rooms[rooms.length - 1];

  const attachmentsBySession = new Map<number, ScheduleAttachment[]>();
  for (const attachment of source.attachments) attachmentsBySession.set(attachment.sessionId, [...(attachmentsBySession.get(attachment.sessionId) ?? []), attachment]);
  const entries: ScheduleEntry[] = [];
  const byDayAndRoom = new Map<string, ScheduleEntry[]>();
  for (const session of sessions) {
    const start = DateTime.fromISO(session.startsAt, { zone });
    const room = roomOf(session);
    const entry = scheduleEntry(session, source, {
      acronym,
      start,
      end: DateTime.fromISO(session.endsAt, { zone }),
      room: room.name,
      attachments: attachmentsBySession.get(session.id) ?? [],
    });
    entries.push(entry);
    const key = `${start.toISODate()} ${room.guid}`;
    const inRoom = byDayAndRoom.get(key);
    if (inRoom) inRoom.push(entry);
    else byDayAndRoom.set(key, [entry]);
  }

  const days: ScheduleDay[] = [];
  const sessionDays = entries.map((entry) => entry.date.slice(0, 10));
  const firstDay = [event.startsOn, ...sessionDays].reduce((a, b) => (a < b ? a : b));
  const lastDay = [event.endsOn, ...sessionDays].reduce((a, b) => (a > b ? a : b));
  for (let midnight = DateTime.fromISO(firstDay, { zone }); (midnight.toISODate() ?? "") <= lastDay; midnight = midnight.plus({ days: 1 })) {
    const date = midnight.toISODate() ?? "";
    days.push({
      index: days.length + 1,
      date,
      start: isoWithOffset(midnight),
      end: isoWithOffset(midnight.plus({ days: 1 })),
      rooms: rooms.map((room) => ({ room: { name: room.name, guid: room.guid }, entries: byDayAndRoom.get(`${date} ${room.guid}`) ?? [] })),
    });
  }

  const tracks = [...new Set(entries.map((entry) => entry.track).filter((track): track is string => Boolean(track)))];
  const schedule = {
    acronym,
    title: pickText(event.title, language),
    description: pickText(event.description, language),
    start: days[0].date,
    end: days[days.length - 1].date,
    timeZone: zone,
    timeslot: hoursAndMinutes(timeslotMinutes(entries)),
    url: eventUrl(source.origin, event),
    baseUrl: `${eventUrl(source.origin, event)}/`,
    rooms: rooms.map((room) => ({ name: room.name, guid: room.guid })),
    tracks,
    days,
  };
  return { version: createHash("sha1").update(JSON.stringify(schedule)).digest("hex").slice(0, 12), ...schedule };
}

function scheduleEntry(
  session: CalendarSession,
  { event, language, origin, labels }: ScheduleSource,
  { acronym, start, end, room, attachments }: { acronym: string; start: DateTime; end: DateTime; room: string; attachments: ScheduleAttachment[] },
): ScheduleEntry {
  const title = pickTextWithLanguage(session.title, language);
  const otherTitle = plainText((language === "en" ? session.title.zh : session.title.en)?.trim() ?? "");
  const words = asciiSlug(session.title.en ?? "");
  return {
    guid: entryUid("session", session.id, event),
    id: session.id,
    date: isoWithOffset(start),
    end: isoWithOffset(end),
    start: start.toFormat("HH:mm"),
    duration: hoursAndMinutes(Math.round(end.diff(start, "minutes").minutes)),
    room,
    // acronym-id-type-title words: unique by the id, and the shape c3voc's tools expect.
    slug: [acronym, session.id, session.type, ...(words ? [words] : [])].join("-"),
    url: sessionUrl(origin, event, session.id),
    title: title.text,
    subtitle: otherTitle === title.text ? "" : otherTitle,
    track: pickText(session.track, language) || null,
    type: plainText(labels.sessionTypes[session.type] ?? session.type),
    language: title.language,
    abstract: pickText(session.description, language),
    description: peopleLines(session.people, labels.roles).join("\n"),
    persons: session.people.map((person) => ({ id: person.id, name: personName(person) })),
    links: [{ type: "related", url: sessionCalendarUrl(origin, event, session.id), title: plainText(labels.calendarFile) }],
    attachments: attachments.map((attachment) => ({
      type: PRESENTATION_TYPES.has(attachment.contentType) ? "slides" : "paper",
      url: attachmentUrl(origin, event, attachment.id),
      title: plainText(attachment.label ? `${attachment.label}: ${attachment.fileName}` : attachment.fileName),
    })),
  };
}

/** The event's slug as an acronym both schemas take: lowercase letters, digits and `_`, four or more. */
function acronymOf(slug: string): string {
  return slug
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .padEnd(4, "_");
}

/** An English title's words in lowercase ASCII joined by hyphens (accents dropped, at most 60 characters). */
function asciiSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** Rooms keyed by name in the exports: a name that repeats gets " (2)", " (3)", … */
function uniquelyNamed<Room extends { name: string }>(rooms: Room[]): Room[] {
  const seen = new Set<string>();
  return rooms.map((room) => {
    let name = room.name;
    for (let count = 2; seen.has(name); count++) name = `${room.name} (${count})`;
    seen.add(name);
    return { ...room, name };
  });
}

function isoWithOffset(time: DateTime): string {
  return time.toISO({ suppressMilliseconds: true }) ?? "";
}

function hoursAndMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The greatest step (a divisor of an hour) on which every session starts and lasts. */
function timeslotMinutes(entries: ScheduleEntry[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return entries.reduce((step, entry) => {
    const [hours, minutes] = entry.start.split(":").map(Number);
    const [durationHours, durationMinutes] = entry.duration.split(":").map(Number);
    return gcd(gcd(step, hours * 60 + minutes), durationHours * 60 + durationMinutes);
  }, 60);
}
