/*
 * What the calendar and schedule builders read: plain objects that the models load and the routes
 * pass on. Instants are ISO-8601 UTC strings; zones are IANA names.
 */

export type CalendarLanguage = "en" | "zh-TW";

/** A text kept in both languages; either may be missing, and each falls back to the other. */
export interface Bilingual {
  en: string | null;
  zh: string | null;
}

export interface CalendarEventInfo {
  id: number;
  slug: string;
  title: Bilingual;
  description: Bilingual;
  city: string | null;
  venue: string | null;
  timeZone: string;
  /** The event's first and last local days (YYYY-MM-DD). */
  startsOn: string;
  endsOn: string;
  /** When the event was created: part of every UID, so ids of two installations never meet. */
  createdAt: string;
  host: Bilingual | null;
}

export interface CalendarPerson {
  id: number;
  name: string;
  nameNative: string | null;
  /** speaker, moderator, panelist, chair or host */
  role: string;
}

export interface CalendarSession {
  id: number;
  /** plenary, keynote, workshop, …: the codes of db/schema.ts's SESSION_TYPES */
  type: string;
  title: Bilingual;
  description: Bilingual;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "tentative" | "cancelled";
  sequence: number;
  createdAt: string;
  updatedAt: string;
  roomId: number | null;
  room: Bilingual | null;
  track: Bilingual | null;
  people: CalendarPerson[];
}

/** A bilateral meeting as a private feed shows it: when, where and who, never what was said. */
export interface CalendarMeeting {
  id: number;
  status: "booked" | "cancelled";
  startsAt: string;
  endsAt: string;
  /** The request's version: it rises on every change of the meeting. */
  sequence: number;
  createdAt: string;
  updatedAt: string;
  topic: string;
  place: Bilingual | null;
  tableNumber: number | null;
  requester: Bilingual;
  recipient: Bilingual;
}

/** Everything a feed is built from; `origin` makes the session and meeting pages' URLs absolute. */
export interface CalendarSource {
  event: CalendarEventInfo;
  sessions: CalendarSession[];
  meetings: CalendarMeeting[];
  language: CalendarLanguage;
  origin: string;
  /** The calendar's own name (X-WR-CALNAME / NAME), e.g. the event's title, or "Mine · CTPAT 2011". */
  name: string;
  /** The portal's sender address, for ORGANIZER (mailto:). */
  organizerEmail: string;
  labels: CalendarLabels;
}

/** The words a feed needs in its language, which the route takes from the `calendar` namespace. */
export interface CalendarLabels {
  /** By session type code. */
  sessionTypes: Record<string, string>;
  /** By person role code. */
  roles: Record<string, string>;
  /** A template with {{requester}} and {{recipient}}, e.g. "Bilateral meeting: {{requester}} – {{recipient}}". */
  meetingSummary: string;
  topic: string;
  place: string;
  /** A template with {{number}}, e.g. "Table {{number}}". */
  table: string;
  sides: string;
  /** The title of a session's calendar file among its links. */
  calendarFile: string;
}

/** What the frab (schedule.xml) and c3voc (schedule.json) exports are built from. */
export interface ScheduleSource {
  event: CalendarEventInfo;
  /** In the event's order; a session without a room goes under an unnamed one. */
  rooms: Array<{ id: number; name: Bilingual }>;
  sessions: CalendarSession[];
  /** The sessions' files (slides, annexes), listed with their sessions. */
  attachments: ScheduleAttachment[];
  language: CalendarLanguage;
  origin: string;
  labels: CalendarLabels;
}

export interface ScheduleAttachment {
  id: number;
  sessionId: number;
  /** "Annex 9" */
  label: string | null;
  fileName: string;
  /** The type its contents were checked to be. */
  contentType: string;
}
