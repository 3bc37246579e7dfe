import type { Db } from "../../db/client";
import type { PersonRole, SessionType } from "../../db/schema";
import type { ReadableEvent } from "../policy.server";
import { dayBoundsUtc } from "../../lib/zoned-time";
import { listAttachments } from "./attachment.server";
import { listRooms, listTracks } from "./rooms-and-tracks.server";
import { containsText } from "./text-search.server";

/** The event facts every agenda function needs: which event, and its zone and days. */
export interface AgendaEvent {
  id: number;
  time_zone: string;
  starts_on: string;
  ends_on: string;
}

// Column lists that several agenda reads share.
export const SESSION_SUMMARY_COLUMNS = [
  "sessions.id",
  "sessions.type",
  "sessions.title_en",
  "sessions.title_zh",
  "sessions.starts_at",
  "sessions.ends_at",
  "sessions.status",
] as const;
export const ROOM_NAME_COLUMNS = ["rooms.name_en as room_name_en", "rooms.name_zh as room_name_zh"] as const;
export const TRACK_COLUMNS = ["tracks.name_en as track_name_en", "tracks.name_zh as track_name_zh", "tracks.color as track_color"] as const;
/** A person's names and title with their organization's names (joined as `organizations`). */
export const PERSON_WITH_ORGANIZATION_COLUMNS = [
  "people.name",
  "people.name_native",
  "people.title_en",
  "people.title_zh",
  "organizations.name_en as organization_name_en",
  "organizations.name_zh as organization_name_zh",
] as const;

// The published agenda, as readers see it: each read takes an event the policy found readable.

export interface DayFilters {
  trackId?: number;
  roomId?: number;
  type?: SessionType;
  query?: string;
}

/**
 * One day of the agenda with rooms, tracks and people: four queries (three for an empty day),
 * however many sessions the day holds.
 */
export async function getDayProgram(db: Db, { event, day, filters = {} }: { event: ReadableEvent; day: string; filters?: DayFilters }) {
  const bounds = dayBoundsUtc(day, event.time_zone);
  let query = db
    .selectFrom("sessions")
    .select([
      ...SESSION_SUMMARY_COLUMNS,
      "sessions.room_id",
      "sessions.track_id",
      "sessions.audience_note_en",
      "sessions.audience_note_zh",
      "sessions.capacity",
    ])
    .where("sessions.event_id", "=", event.id)
    .where("sessions.starts_at", ">=", bounds.start)
    .where("sessions.starts_at", "<", bounds.end);
  if (filters.trackId !== undefined) query = query.where("sessions.track_id", "=", filters.trackId);
  if (filters.roomId !== undefined) query = query.where("sessions.room_id", "=", filters.roomId);
  if (filters.type !== undefined) query = query.where("sessions.type", "=", filters.type);
  const text = filters.query?.trim();
  if (text) {
    query = query.where((eb) =>
      eb.or([
        containsText(eb.ref("sessions.title_en"), text),
        containsText(eb.ref("sessions.title_zh"), text),
        containsText(eb.ref("sessions.description_en"), text),
        containsText(eb.ref("sessions.description_zh"), text),
        eb.exists(
          eb
            .selectFrom("session_people")
            .innerJoin("people", "people.id", "session_people.person_id")
            .select("session_people.person_id")
            .whereRef("session_people.session_id", "=", "sessions.id")
            .where((inner) => inner.or([containsText(inner.ref("people.name"), text), containsText(inner.ref("people.name_native"), text)])),
        ),
      ]),
    );
  }
  const [sessions, rooms, tracks] = await Promise.all([
    query.orderBy("sessions.starts_at").orderBy("sessions.id").execute(),
    listRooms(db, event.id),
    listTracks(db, event.id),
  ]);
  const people =
    sessions.length === 0
      ? []
      : await db
          .selectFrom("session_people")
          .innerJoin("people", "people.id", "session_people.person_id")
          .select(["session_people.session_id", "session_people.role", "people.id", "people.name", "people.name_native"])
          .where("session_people.session_id", "in", sessions.map((s) => s.id))
          .orderBy("session_people.session_id")
          .orderBy("session_people.position")
          .execute();
  const peopleBySession = new Map<number, Array<{ id: number; name: string; nameNative: string | null; role: PersonRole }>>();
  for (const person of people) {
    const list = peopleBySession.get(person.session_id) ?? [];
    list.push({ id: person.id, name: person.name, nameNative: person.name_native, role: person.role });
    peopleBySession.set(person.session_id, list);
  }
  return {
    rooms,
    tracks,
    sessions: sessions.map((session) => ({ ...session, people: peopleBySession.get(session.id) ?? [] })),
  };
}

export type DayProgram = Awaited<ReturnType<typeof getDayProgram>>;

/** A session of the event with its room, track, items, people and attachments. */
export async function getSessionDetails(db: Db, { event, sessionId }: { event: ReadableEvent; sessionId: number }) {
  const session = await db
    .selectFrom("sessions")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .leftJoin("tracks", "tracks.id", "sessions.track_id")
    .selectAll("sessions")
    .select([
      ...ROOM_NAME_COLUMNS,
      ...TRACK_COLUMNS,
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.event_id", "=", event.id)
    .executeTakeFirst();
  if (!session) return undefined;
  const [items, people, attachments] = await Promise.all([
    db.selectFrom("session_items").selectAll().where("session_id", "=", sessionId).orderBy("position").execute(),
    db
      .selectFrom("session_people")
      .innerJoin("people", "people.id", "session_people.person_id")
      .leftJoin("organizations", "organizations.id", "people.organization_id")
      .select([
        "session_people.role",
        "session_people.item_id",
        "people.id",
        ...PERSON_WITH_ORGANIZATION_COLUMNS,
      ])
      .where("session_people.session_id", "=", sessionId)
      .orderBy("session_people.position")
      .execute(),
    listAttachments(db, sessionId),
  ]);
  return { ...session, items, people, attachments };
}

/** A person who takes part in this event, with their sessions in it; undefined for anyone else. */
export async function getPersonInEvent(db: Db, { event, personId }: { event: ReadableEvent; personId: number }) {
  const sessions = await db
    .selectFrom("session_people")
    .innerJoin("sessions", "sessions.id", "session_people.session_id")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .select([
      ...SESSION_SUMMARY_COLUMNS,
      "session_people.role",
      ...ROOM_NAME_COLUMNS,
    ])
    .where("sessions.event_id", "=", event.id)
    .where("session_people.person_id", "=", personId)
    .orderBy("sessions.starts_at")
    .execute();
  if (sessions.length === 0) return undefined;
  const person = await db
    .selectFrom("people")
    .leftJoin("organizations", "organizations.id", "people.organization_id")
    .select([
      "people.id",
      ...PERSON_WITH_ORGANIZATION_COLUMNS,
      "organizations.country as organization_country",
    ])
    .where("people.id", "=", personId)
    .executeTakeFirstOrThrow();
  return { person, sessions };
}
