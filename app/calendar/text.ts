import { localizedPart } from "../utils/localized";
import type { Bilingual, CalendarEventInfo, CalendarLanguage, CalendarPerson, CalendarSession } from "./types";

// The words and addresses every feed and export writes about a session or a meeting.

// C0 controls but tab and line breaks, DEL, C1 controls, and the two noncharacters XML 1.0 forbids.
const UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Text as every format can carry it: control characters dropped, line breaks as `\n`. */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNWRITABLE, "");
}

/** A bilingual text in the language asked for, else in the other one, cleaned; "" when neither exists. */
export function pickText(text: Bilingual | null, language: CalendarLanguage): string {
  return pickTextWithLanguage(text, language).text;
}

/** As `pickText`, with the language the text is actually written in. */
export function pickTextWithLanguage(text: Bilingual | null, language: CalendarLanguage): { text: string; language: CalendarLanguage } {
  const part = localizedPart(text?.en, text?.zh, language);
  return { text: plainText(part.text), language: part.lang };
}

/** A template's `{{name}}` placeholders filled in, in one pass: a value's own `$&` or `{{…}}` stays as it is. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? values[name] : placeholder));
}

/** "Name (native name)", or the name alone. */
export function personName(person: Pick<CalendarPerson, "name" | "nameNative">): string {
  const name = plainText(person.name.trim());
  const native = plainText(person.nameNative?.trim() ?? "");
  return native && native !== name ? `${name} (${native})` : name;
}

/** One line per person: "Role: Name (native name)", the role in the feed's language. */
export function peopleLines(people: CalendarPerson[], roles: Record<string, string>): string[] {
  return people.map((person) => `${roles[person.role] ?? person.role}: ${personName(person)}`);
}

/** The parts that exist, joined with commas: e.g. room, venue, city. */
export function joinPlaces(parts: Array<string | null | undefined>): string {
  return parts
    .map((part) => plainText(part?.trim() ?? ""))
    .filter((part) => part !== "")
    .join(", ");
}

/** Where a session takes place: room, venue, city. */
export function sessionLocation(session: CalendarSession, event: CalendarEventInfo, language: CalendarLanguage): string {
  return joinPlaces([pickText(session.room, language), event.venue, event.city]);
}

/** The event's agenda page: the base of its session and meeting pages. */
export function eventUrl(origin: string, event: CalendarEventInfo): string {
  return `${origin}/events/${encodeURIComponent(event.slug)}`;
}

export function sessionUrl(origin: string, event: CalendarEventInfo, sessionId: number): string {
  return `${eventUrl(origin, event)}/sessions/${sessionId}`;
}

export function meetingUrl(origin: string, event: CalendarEventInfo, meetingId: number): string {
  return `${eventUrl(origin, event)}/bilaterals/${meetingId}`;
}

export function sessionCalendarUrl(origin: string, event: CalendarEventInfo, sessionId: number): string {
  return `${sessionUrl(origin, event, sessionId)}/calendar.ics`;
}

export function attachmentUrl(origin: string, event: CalendarEventInfo, attachmentId: number): string {
  return `${eventUrl(origin, event)}/attachments/${attachmentId}`;
}
