import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/client";
import type { Database, SessionType } from "../../db/schema";
import type { CalendarEventInfo, CalendarSession } from "../calendar/types";
import type { ReadableEvent } from "../policy.server";
import type { ContentVersion } from "../utils/http-cache.server";
import { READABLE_BY_ANYONE } from "./event.server";
import { listRooms } from "./rooms-and-tracks.server";

// What calendar feeds and schedule exports are built from, and how to tell cheaply that they changed.

/** A cancelled session stays in feeds this long after its end, so subscribed calendars drop it. */
export const CANCELLED_KEPT_DAYS = 30;

export interface CalendarFilters {
  trackId?: number;
  roomId?: number;
  type?: SessionType;
  /** Only the sessions this person takes part in (as their page lists them). */
  personId?: number;
}

/** The event's facts every feed and export carries. */
export async function getCalendarEventInfo(db: Db, eventId: number): Promise<CalendarEventInfo> {
  const event = await db
    .selectFrom("events")
    .leftJoin("organizations as host", "host.id", "events.host_organization_id")
    .select([
      "events.id",
      "events.slug",
      "events.title_en",
      "events.title_zh",
      "events.description_en",
      "events.description_zh",
      "events.city",
      "events.venue",
      "events.time_zone",
      "events.starts_on",
      "events.ends_on",
      "events.created_at",
      "host.id as host_id",
      "host.name_en as host_name_en",
      "host.name_zh as host_name_zh",
    ])
    .where("events.id", "=", eventId)
    .executeTakeFirstOrThrow();
  return {
    id: event.id,
    slug: event.slug,
    title: { en: event.title_en, zh: event.title_zh },
    description: { en: event.description_en, zh: event.description_zh },
    city: event.city,
    venue: event.venue,
    timeZone: event.time_zone,
    startsOn: event.starts_on,
    endsOn: event.ends_on,
    createdAt: event.created_at,
    host: event.host_id === null ? null : { en: event.host_name_en, zh: event.host_name_zh },
  };
}

/**
 * The instant before which a cancelled session has left the feeds: the start of the UTC day 30
 * days ago, so the feeds change at most once a day by the passing of time alone.
 */
export function cancelledCutoff(now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - CANCELLED_KEPT_DAYS * 24 * 3600 * 1000).toISOString();
}

type SessionsWhere = (eb: ExpressionBuilder<Database, "sessions">) => ReturnType<ExpressionBuilder<Database, "sessions">["and"]>;

/** The sessions of a feed: the filter's, less those cancelled more than 30 days ago. */
function feedSessions(eventId: number, filters: CalendarFilters, now: Date): SessionsWhere {
  return (eb) =>
    eb.and([
      eb("sessions.event_id", "=", eventId),
      eb.or([eb("sessions.status", "!=", "cancelled"), eb("sessions.ends_at", ">=", cancelledCutoff(now))]),
      ...(filters.trackId === undefined ? [] : [eb("sessions.track_id", "=", filters.trackId)]),
      ...(filters.roomId === undefined ? [] : [eb("sessions.room_id", "=", filters.roomId)]),
      ...(filters.type === undefined ? [] : [eb("sessions.type", "=", filters.type)]),
      ...(filters.personId === undefined
        ? []
        : [
            eb(
              "sessions.id",
              "in",
              eb.selectFrom("session_people").select("session_people.session_id").where("session_people.person_id", "=", filters.personId),
            ),
          ]),
    ]);
}

/**
 * Sessions with their room, track and people, as the builders take them: two queries. `where`
 * picks the sessions (an event's filters, or a person's or delegation's own).
 */
export async function loadCalendarSessions(db: Db, where: SessionsWhere): Promise<CalendarSession[]> {
  const sessions = await db
    .selectFrom("sessions")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .leftJoin("tracks", "tracks.id", "sessions.track_id")
    .select([
      "sessions.id",
      "sessions.type",
      "sessions.title_en",
      "sessions.title_zh",
      "sessions.description_en",
      "sessions.description_zh",
      "sessions.starts_at",
      "sessions.ends_at",
      "sessions.status",
      "sessions.sequence",
      "sessions.created_at",
      "sessions.updated_at",
      "sessions.room_id",
      "rooms.name_en as room_name_en",
      "rooms.name_zh as room_name_zh",
      "tracks.id as track_id",
      "tracks.name_en as track_name_en",
      "tracks.name_zh as track_name_zh",
    ])
    .where(where)
    .orderBy("sessions.starts_at")
    .orderBy("sessions.id")
    .execute();
  const people =
    sessions.length === 0
      ? []
      : await db
          .selectFrom("session_people")
          .innerJoin("people", "people.id", "session_people.person_id")
          .innerJoin("sessions", "sessions.id", "session_people.session_id")
          .select(["session_people.session_id", "session_people.role", "people.id", "people.name", "people.name_native"])
          .where(where)
          .orderBy("session_people.session_id")
          .orderBy("session_people.position")
          .execute();
  const peopleBySession = new Map<number, CalendarSession["people"]>();
  for (const person of people) {
    const list = peopleBySession.get(person.session_id) ?? [];
    list.push({ id: person.id, name: person.name, nameNative: person.name_native, role: person.role });
    peopleBySession.set(person.session_id, list);
  }
  return sessions.map((session) => ({
    id: session.id,
    type: session.type,
    title: { en: session.title_en, zh: session.title_zh },
    description: { en: session.description_en, zh: session.description_zh },
    startsAt: session.starts_at,
    endsAt: session.ends_at,
    status: session.status,
    sequence: session.sequence,
    createdAt: session.created_at,
    updatedAt: session.updated_at,
    roomId: session.room_id,
    room: session.room_id === null ? null : { en: session.room_name_en, zh: session.room_name_zh },
    track: session.track_id === null ? null : { en: session.track_name_en, zh: session.track_name_zh },
    people: peopleBySession.get(session.id) ?? [],
  }));
}

/** The event's feed: the filtered sessions, cancelled ones kept as such for 30 days after their end. */
export async function getEventCalendar(db: Db, { event, filters = {}, now = new Date() }: { event: ReadableEvent; filters?: CalendarFilters; now?: Date }) {
  const [info, sessions] = await Promise.all([getCalendarEventInfo(db, event.id), loadCalendarSessions(db, feedSessions(event.id, filters, now))]);
  return { event: info, sessions };
}

/** One session of the event as a one-event feed; undefined when it is not the event's. */
export async function getSessionCalendar(db: Db, { event, sessionId }: { event: ReadableEvent; sessionId: number }) {
  const [info, sessions] = await Promise.all([
    getCalendarEventInfo(db, event.id),
    loadCalendarSessions(db, (eb) => eb.and([eb("sessions.event_id", "=", event.id), eb("sessions.id", "=", sessionId)])),
  ]);
  return sessions.length === 0 ? undefined : { event: info, sessions };
}

/** The event row's columns a calendar version is made of. */
const VERSION_COLUMNS = ["events.calendar_version", "events.calendar_changed_at", "events.updated_at"] as const;

/**
 * What the event's feeds and exports are now, from the event's row alone: the version its
 * triggers keep (any change to its sessions, their people, rooms, tracks, or a name shown), the
 * event's own last change, and the day, since a cancelled session leaves the feeds on the day its
 * 30 days are over.
 */
export function calendarVersionOf(
  row: { calendar_version: number; calendar_changed_at: string | null; updated_at: string },
  now: Date,
): ContentVersion {
  const lastModified = row.calendar_changed_at !== null && row.calendar_changed_at > row.updated_at ? row.calendar_changed_at : row.updated_at;
  return { key: JSON.stringify([row.calendar_version, row.updated_at, cancelledCutoff(now)]), lastModified };
}

export async function getEventCalendarVersion(db: Db, { event, now = new Date() }: { event: ReadableEvent; now?: Date }): Promise<ContentVersion> {
  const row = await db.selectFrom("events").select(VERSION_COLUMNS).where("events.id", "=", event.id).executeTakeFirstOrThrow();
  return calendarVersionOf(row, now);
}

/**
 * The version columns of an event anyone may read (public or unlisted), by its address; undefined
 * for any other. What a revalidation of its feed needs, without the policy's account lookup.
 */
export async function findPublicCalendarState(db: Db, slug: string) {
  return db
    .selectFrom("events")
    .select(["events.visibility", ...VERSION_COLUMNS])
    .where("events.slug", "=", slug)
    .where("events.visibility", "in", READABLE_BY_ANYONE)
    .executeTakeFirst();
}

/** The published agenda for the schedule exports: rooms in order, every session that is not cancelled, and their files. */
export async function getScheduleExport(db: Db, event: ReadableEvent) {
  const onAgenda: SessionsWhere = (eb) => eb.and([eb("sessions.event_id", "=", event.id), eb("sessions.status", "!=", "cancelled")]);
  const [info, rooms, sessions, attachments] = await Promise.all([
    getCalendarEventInfo(db, event.id),
    listRooms(db, event.id),
    loadCalendarSessions(db, onAgenda),
    db
      .selectFrom("attachments")
      .innerJoin("sessions", "sessions.id", "attachments.session_id")
      .select(["attachments.id", "attachments.session_id", "attachments.annex_label", "attachments.file_name", "attachments.content_type"])
      .where(onAgenda)
      .orderBy("attachments.id")
      .execute(),
  ]);
  return {
    event: info,
    rooms: rooms.map((room) => ({ id: room.id, name: { en: room.name_en, zh: room.name_zh } })),
    sessions,
    attachments: attachments.map((row) => ({ id: row.id, sessionId: row.session_id, label: row.annex_label, fileName: row.file_name, contentType: row.content_type })),
  };
}
