import { engineOf, type Db } from "../../db/client";
import type { PersonRole, SessionStatus, SessionType } from "../../db/schema";
import { conflictsOfSession, findConflicts, type Conflict } from "../scheduling/conflicts";
import { dayBoundsUtc, daysBetween, localToUtc, utcToLocal } from "../../lib/zoned-time";
import { ROOM_NAME_COLUMNS, SESSION_SUMMARY_COLUMNS, TRACK_COLUMNS, type AgendaEvent } from "./agenda.server";
import { recordAudit } from "./audit.server";
import { listPeopleForPicker } from "./person.server";
import { listRooms, listTracks } from "./rooms-and-tracks.server";

/** Why a session cannot be stored as given; routes turn these into messages by the field. */
export type SessionProblem =
  | "invalid_time"
  | "nonexistent_time"
  | "outside_event_days"
  | "end_not_after_start"
  | "item_outside_session"
  | "unknown_room"
  | "unknown_track"
  | "unknown_person"
  | "duplicate_role"
  | "unknown_item"
  | "unknown_category"
  | "capacity_below_seats"
  | "capacity_removed_with_seats";
/** The problems by form field (`items[0].startTime`). */
export type SessionProblems = Record<string, SessionProblem[]>;

// Sessions as organizers edit them, and the clashes between them.


export interface SessionInput {
  type: SessionType;
  titleEn: string | null;
  titleZh: string | null;
  descriptionEn: string | null;
  descriptionZh: string | null;
  trackId: number | null;
  roomId: number | null;
  /** The local day and wall-clock times in the event's zone, as the organizer typed them. */
  day: string;
  startTime: string;
  endTime: string;
  capacity: number | null;
  audienceNoteEn: string | null;
  audienceNoteZh: string | null;
  status: SessionStatus;
  items: ReadonlyArray<{ titleEn: string | null; titleZh: string | null; startTime: string; endTime: string }>;
  /** In the order they are listed; `itemIndex` points into `items` when the role belongs to one item. */
  people: ReadonlyArray<{ personId: number; role: PersonRole; itemIndex: number | null }>;
  /** The registration categories the session is restricted to (none: open to all); left as stored when absent. */
  categoryIds?: readonly number[];
}

export type SaveSessionResult =
  | { ok: true; sessionId: number; warnings: Conflict[] }
  | { ok: false; problems: SessionProblems }
  | { ok: false; notFound: true };

function addError(errors: SessionProblems, field: string, key: SessionProblem) {
  (errors[field] ??= []).push(key);
}

function timeError(reason: "invalid" | "nonexistent"): SessionProblem {
  return reason === "nonexistent" ? "nonexistent_time" : "invalid_time";
}

/**
 * The rules a session must meet to be stored at all (as opposed to clashes, which are warnings):
 * times that exist in the event's zone, end after start, inside the event's days, items inside the
 * session, and rooms, tracks and people that exist (rooms and tracks of this very event).
 */
async function validateSession(db: Db, event: AgendaEvent, input: SessionInput) {
  const errors: SessionProblems = {};
  const start = localToUtc(input.day, input.startTime, event.time_zone);
  const end = localToUtc(input.day, input.endTime, event.time_zone);
  if (!start.ok) addError(errors, "startTime", timeError(start.reason));
  if (!end.ok) addError(errors, "endTime", timeError(end.reason));
  if (input.day < event.starts_on || input.day > event.ends_on) addError(errors, "day", "outside_event_days");
  if (start.ok && end.ok && end.iso <= start.iso) addError(errors, "endTime", "end_not_after_start");

  const items = input.items.map((item, index) => {
    const itemStart = localToUtc(input.day, item.startTime, event.time_zone);
    const itemEnd = localToUtc(input.day, item.endTime, event.time_zone);
    if (!itemStart.ok) addError(errors, `items[${index}].startTime`, timeError(itemStart.reason));
    if (!itemEnd.ok) addError(errors, `items[${index}].endTime`, timeError(itemEnd.reason));
    if (itemStart.ok && itemEnd.ok) {
      if (itemEnd.iso <= itemStart.iso) addError(errors, `items[${index}].endTime`, "end_not_after_start");
      // Only a session with a valid span can hold its items; otherwise its own error says enough.
      else if (start.ok && end.ok && end.iso > start.iso && (itemStart.iso < start.iso || itemEnd.iso > end.iso)) {
        addError(errors, `items[${index}].startTime`, "item_outside_session");
      }
    }
    return { ...item, startsAt: itemStart.ok ? itemStart.iso : "", endsAt: itemEnd.ok ? itemEnd.iso : "" };
  });

  const categoryIds = [...new Set(input.categoryIds ?? [])];
  const [room, track, people, categories] = await Promise.all([
    input.roomId === null
      ? undefined
      : db.selectFrom("rooms").select("id").where("id", "=", input.roomId).where("event_id", "=", event.id).executeTakeFirst(),
    input.trackId === null
      ? undefined
      : db.selectFrom("tracks").select("id").where("id", "=", input.trackId).where("event_id", "=", event.id).executeTakeFirst(),
    input.people.length === 0
      ? []
      : db.selectFrom("people").select("id").where("id", "in", input.people.map((p) => p.personId)).execute(),
    categoryIds.length === 0
      ? []
      : db.selectFrom("registration_categories").select("id").where("id", "in", categoryIds).where("event_id", "=", event.id).execute(),
  ]);
  if (categories.length !== categoryIds.length) addError(errors, "categoryIds", "unknown_category");
  if (input.roomId !== null && !room) addError(errors, "roomId", "unknown_room");
  if (input.trackId !== null && !track) addError(errors, "trackId", "unknown_track");
  const known = new Set(people.map((person) => person.id));
  const seen = new Set<string>();
  input.people.forEach((person, index) => {
    if (!known.has(person.personId)) addError(errors, `people[${index}].personId`, "unknown_person");
    const key = `${person.personId}:${person.role}`;
    if (seen.has(key)) addError(errors, `people[${index}].role`, "duplicate_role");
    seen.add(key);
    if (person.itemIndex !== null && (person.itemIndex < 0 || person.itemIndex >= input.items.length)) {
      addError(errors, `people[${index}].itemIndex`, "unknown_item");
    }
  });

  if (Object.keys(errors).length > 0 || !start.ok || !end.ok) return { ok: false as const, errors };
  return { ok: true as const, startsAt: start.iso, endsAt: end.iso, items };
}

/**
 * Whether the session's seats allow the new capacity: never below the seats taken, and no removing
 * the capacity while anyone holds a seat or waits for one. The session row is locked first
 * (PostgreSQL; SQLite serialises write transactions), so no seat is taken in between.
 */
async function checkCapacityAgainstSeats(trx: Db, sessionId: number, capacity: number | null): Promise<SessionProblem | null> {
  const session = await trx
    .selectFrom("sessions")
    .select(["seats_taken", "capacity"])
    .where("id", "=", sessionId)
    .$if(engineOf(trx) === "postgres", (query) => query.forUpdate())
    .executeTakeFirst();
  if (!session || capacity === session.capacity) return null;
  if (capacity === null) {
    const held = await trx.selectFrom("seats").select("id").where("session_id", "=", sessionId).limit(1).executeTakeFirst();
    return held ? "capacity_removed_with_seats" : null;
  }
  return capacity < session.seats_taken ? "capacity_below_seats" : null;
}

/**
 * Creates or updates a session with its items and people in one transaction. Hard rules refuse
 * the save; clashes with other sessions are returned as warnings after it.
 */
export async function saveSession(
  db: Db,
  {
    event,
    sessionId,
    input,
    actorUserId,
  }: { event: AgendaEvent; sessionId?: number; input: SessionInput; actorUserId: number },
  now = new Date(),
): Promise<SaveSessionResult> {
  const at = now.toISOString();
  const row = {
    type: input.type,
    title_en: input.titleEn,
    title_zh: input.titleZh,
    description_en: input.descriptionEn,
    description_zh: input.descriptionZh,
    track_id: input.trackId,
    room_id: input.roomId,
    capacity: input.capacity,
    audience_note_en: input.audienceNoteEn,
    audience_note_zh: input.audienceNoteZh,
    status: input.status,
    updated_at: at,
  };

  // The checks read rooms, tracks and people inside the same transaction that writes, so none of
  // them can disappear in between.
  const saved = await db.transaction().execute(async (trx): Promise<{ problems: SessionProblems } | { notFound: true } | { id: number }> => {
    const checked = await validateSession(trx, event, input);
    if (!checked.ok) return { problems: checked.errors };
    const capacityProblem = sessionId === undefined ? null : await checkCapacityAgainstSeats(trx, sessionId, input.capacity);
    if (capacityProblem) return { problems: { capacity: [capacityProblem] } };
    const times = { starts_at: checked.startsAt, ends_at: checked.endsAt };
    let id = sessionId;
    if (id === undefined) {
      ({ id } = await trx
        .insertInto("sessions")
        .values({ ...row, ...times, event_id: event.id, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow());
    } else {
      // Every save goes out to calendars: SEQUENCE rises so that no client keeps the old copy.
      const result = await trx
        .updateTable("sessions")
        .set((eb) => ({ ...row, ...times, sequence: eb("sequence", "+", 1) }))
        .where("id", "=", id)
        .where("event_id", "=", event.id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { notFound: true as const };
      await trx.deleteFrom("session_people").where("session_id", "=", id).execute();
      await trx.deleteFrom("session_items").where("session_id", "=", id).execute();
    }
    const itemIds: number[] = [];
    for (const [index, item] of checked.items.entries()) {
      const inserted = await trx
        .insertInto("session_items")
        .values({ session_id: id, position: index + 1, title_en: item.titleEn, title_zh: item.titleZh, starts_at: item.startsAt, ends_at: item.endsAt })
        .returning("id")
        .executeTakeFirstOrThrow();
      itemIds.push(inserted.id);
    }
    if (input.categoryIds !== undefined) {
      await trx.deleteFrom("session_categories").where("session_id", "=", id).execute();
      const categoryIds = [...new Set(input.categoryIds)];
      if (categoryIds.length > 0) {
        await trx.insertInto("session_categories").values(categoryIds.map((category_id) => ({ session_id: id, category_id }))).execute();
      }
    }
    if (input.people.length > 0) {
      await trx
        .insertInto("session_people")
        .values(
          input.people.map((person, index) => ({
            session_id: id,
            person_id: person.personId,
            role: person.role,
            position: index + 1,
            item_id: person.itemIndex === null ? null : itemIds[person.itemIndex],
          })),
        )
        .execute();
    }
    await recordAudit(
      trx,
      { actorUserId, eventId: event.id, action: sessionId ? "session.update" : "session.create", subjectType: "session", subjectId: id, details: { title: input.titleEn ?? input.titleZh, startsAt: checked.startsAt } },
      now,
    );
    return { id };
  });
  if ("problems" in saved) return { ok: false, problems: saved.problems };
  if ("notFound" in saved) return { ok: false, notFound: true };
  const { conflicts } = await listEventConflicts(db, event);
  return { ok: true, sessionId: saved.id, warnings: conflictsOfSession(conflicts, saved.id) };
}

/**
 * Deletes a session with its items, people and attachment rows, and returns the stored names of
 * its files for the caller to remove (undefined when the session is not this event's).
 */
export async function deleteSession(db: Db, { eventId, sessionId, actorUserId }: { eventId: number; sessionId: number; actorUserId: number }) {
  return db.transaction().execute(async (trx) => {
    const files = await trx.selectFrom("attachments").select("stored_name").where("session_id", "=", sessionId).execute();
    const result = await trx.deleteFrom("sessions").where("id", "=", sessionId).where("event_id", "=", eventId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return undefined;
    await recordAudit(trx, { actorUserId, eventId, action: "session.delete", subjectType: "session", subjectId: sessionId });
    return files.map((file) => file.stored_name);
  });
}

/** A session as its edit form shows it: local day and times in the event's zone, items, people. */
export async function getSessionForEditing(db: Db, event: AgendaEvent, sessionId: number) {
  const session = await db
    .selectFrom("sessions")
    .selectAll()
    .where("id", "=", sessionId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!session) return undefined;
  const [items, people, categories] = await Promise.all([
    db.selectFrom("session_items").selectAll().where("session_id", "=", sessionId).orderBy("position").execute(),
    db
      .selectFrom("session_people")
      .select(["person_id", "role", "item_id", "position"])
      .where("session_id", "=", sessionId)
      .orderBy("position")
      .execute(),
    db.selectFrom("session_categories").select("category_id").where("session_id", "=", sessionId).orderBy("category_id").execute(),
  ]);
  const start = utcToLocal(session.starts_at, event.time_zone);
  const itemIndex = new Map(items.map((item, index) => [item.id, index]));
  return {
    ...session,
    day: start.day,
    startTime: start.time,
    endTime: utcToLocal(session.ends_at, event.time_zone).time,
    items: items.map((item) => ({
      ...item,
      startTime: utcToLocal(item.starts_at, event.time_zone).time,
      endTime: utcToLocal(item.ends_at, event.time_zone).time,
    })),
    people: people.map((person) => ({
      personId: person.person_id,
      role: person.role,
      itemIndex: person.item_id === null ? null : (itemIndex.get(person.item_id) ?? null),
    })),
    categoryIds: categories.map((row) => row.category_id),
  };
}

/** Every session of the event in time order, for the organizers' list. */
export async function listSessionsForManaging(db: Db, eventId: number) {
  return db
    .selectFrom("sessions")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .leftJoin("tracks", "tracks.id", "sessions.track_id")
    .select([
      ...SESSION_SUMMARY_COLUMNS,
      ...ROOM_NAME_COLUMNS,
      ...TRACK_COLUMNS,
      "sessions.capacity",
      "sessions.seats_taken",
    ])
    .where("sessions.event_id", "=", eventId)
    .orderBy("sessions.starts_at")
    .orderBy("sessions.id")
    .execute();
}

// Conflicts


/** The instants where the event's first day begins and its last day ends. */
export function eventWindow(event: AgendaEvent) {
  return { start: dayBoundsUtc(event.starts_on, event.time_zone).start, end: dayBoundsUtc(event.ends_on, event.time_zone).end };
}

/**
 * All clashes of the event, with what the conflicts page needs to name them. Three queries. The
 * sessions are read in time order, so the same agenda lists its clashes in the same order (pages
 * of the conflicts page stay put between visits).
 */
export async function listEventConflicts(db: Db, event: AgendaEvent) {
  const [sessions, rooms, assignments, meetingAttendees] = await Promise.all([
    db
      .selectFrom("sessions")
      .select(["id", "title_en", "title_zh", "starts_at", "ends_at", "room_id", "capacity", "status"])
      .where("event_id", "=", event.id)
      .orderBy("starts_at")
      .orderBy("id")
      .execute(),
    db.selectFrom("rooms").select(["id", "name_en", "name_zh", "capacity"]).where("event_id", "=", event.id).execute(),
    db
      .selectFrom("session_people")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .innerJoin("people", "people.id", "session_people.person_id")
      .select(["session_people.session_id", "session_people.person_id", "people.name", "people.name_native"])
      .where("sessions.event_id", "=", event.id)
      .execute(),
    // When booked meetings happen and who attends: never what they are about.
    db
      .selectFrom("bilateral_attendees")
      .innerJoin("bilaterals", "bilaterals.id", "bilateral_attendees.bilateral_id")
      .select(["bilaterals.id", "bilaterals.starts_at", "bilaterals.ends_at", "bilateral_attendees.person_id"])
      .where("bilaterals.event_id", "=", event.id)
      .where("bilaterals.status", "=", "booked")
      .execute(),
  ]);
  const meetings = new Map<number, { id: number; startsAt: string; endsAt: string; attendees: number[] }>();
  for (const row of meetingAttendees) {
    if (row.starts_at === null || row.ends_at === null) continue;
    const meeting = meetings.get(row.id) ?? { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, attendees: [] };
    meeting.attendees.push(row.person_id);
    meetings.set(row.id, meeting);
  }
  const conflicts = findConflicts({
    sessions: sessions.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, roomId: s.room_id, capacity: s.capacity, status: s.status })),
    roomCapacities: new Map(rooms.map((room) => [room.id, room.capacity])),
    assignments: assignments.map((a) => ({ sessionId: a.session_id, personId: a.person_id })),
    eventWindow: eventWindow(event),
    meetings: [...meetings.values()],
  });
  const people = new Map(assignments.map((a) => [a.person_id, { name: a.name, nameNative: a.name_native }]));
  return {
    conflicts,
    sessions: new Map(sessions.map((s) => [s.id, s])),
    rooms: new Map(rooms.map((room) => [room.id, room])),
    people,
  };
}

/**
 * The choices the session form offers: the event's days, rooms, tracks and registration categories
 * (to restrict the session to), and the people directory.
 */
export async function getSessionFormChoices(db: Db, event: AgendaEvent, sessionDay?: string) {
  const [rooms, tracks, people, categories] = await Promise.all([
    listRooms(db, event.id),
    listTracks(db, event.id),
    listPeopleForPicker(db),
    db.selectFrom("registration_categories").select(["id", "name_en", "name_zh"]).where("event_id", "=", event.id).orderBy("position").orderBy("id").execute(),
  ]);
  const days = daysBetween(event.starts_on, event.ends_on);
  // A session left outside the event's days (after its dates changed) keeps its day selectable.
  if (sessionDay && !days.includes(sessionDay)) days.push(sessionDay);
  return { days: days.sort(), rooms, tracks, people, categories };
}
