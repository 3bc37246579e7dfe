import type { Db } from "../../../db/client";
import { listRooms, listTracks, type AgendaEvent, type getSessionForEditing } from "~/models/agenda.server";
import { listPeopleForPicker } from "~/models/person.server";
import { daysBetween } from "~/utils/zoned-time";
import type { SessionFormOptions } from "./session-form";

/** The choices the session form offers: the event's days, rooms and tracks, and the people directory. */
export async function loadSessionFormOptions(db: Db, event: AgendaEvent, sessionDay?: string): Promise<Omit<SessionFormOptions, "zoneLabel">> {
  const [rooms, tracks, people] = await Promise.all([listRooms(db, event.id), listTracks(db, event.id), listPeopleForPicker(db)]);
  const days = daysBetween(event.starts_on, event.ends_on);
  // A session left outside the event's days (after its dates changed) keeps its day selectable.
  if (sessionDay && !days.includes(sessionDay)) days.push(sessionDay);
  return { days: days.sort(), rooms, tracks, people };
}

type EditedSession = NonNullable<Awaited<ReturnType<typeof getSessionForEditing>>>;

/** A stored session as the form's fields hold it: text, with "" for none. */
export function sessionFormDefaults(session: EditedSession) {
  const text = (value: string | null) => value ?? "";
  const id = (value: number | null) => (value === null ? "" : String(value));
  return {
    type: session.type,
    titleEn: text(session.title_en),
    titleZh: text(session.title_zh),
    descriptionEn: text(session.description_en),
    descriptionZh: text(session.description_zh),
    trackId: id(session.track_id),
    roomId: id(session.room_id),
    day: session.day,
    startTime: session.startTime,
    endTime: session.endTime,
    capacity: id(session.capacity),
    audienceNoteEn: text(session.audience_note_en),
    audienceNoteZh: text(session.audience_note_zh),
    status: session.status,
    items: session.items.map((item) => ({ titleEn: text(item.title_en), titleZh: text(item.title_zh), startTime: item.startTime, endTime: item.endTime })),
    people: session.people.map((person) => ({ personId: String(person.personId), role: person.role, itemIndex: id(person.itemIndex) })),
  };
}
