import type { Db } from "../../db/client";
import type { PersonRole, SessionStatus, SessionType } from "../../db/schema";
import { conflictsOfSession, findConflicts, type Conflict } from "../scheduling/conflicts";
import { dayBoundsUtc, daysBetween, localToUtc, utcToLocal } from "../utils/zoned-time";
import { recordAudit } from "./audit.server";
import { listPeopleForPicker } from "./person.server";
import { containsText } from "./text-search.server";

/** The event facts every agenda function needs: which event, and its zone and days. */
export interface AgendaEvent {
  id: number;
  time_zone: string;
  starts_on: string;
  ends_on: string;
}

export type FieldErrors = Record<string, string[]>;

// Column lists that several agenda reads share.
const SESSION_SUMMARY_COLUMNS = [
  "sessions.id",
  "sessions.type",
  "sessions.title_en",
  "sessions.title_zh",
  "sessions.starts_at",
  "sessions.ends_at",
  "sessions.status",
] as const;
const ROOM_NAME_COLUMNS = ["rooms.name_en as room_name_en", "rooms.name_zh as room_name_zh"] as const;
const TRACK_COLUMNS = ["tracks.name_en as track_name_en", "tracks.name_zh as track_name_zh", "tracks.color as track_color"] as const;

// ---------------------------------------------------------------------------------------------
// Rooms and tracks

export async function listRooms(db: Db, eventId: number) {
  return db
    .selectFrom("rooms")
    .select(["id", "name_en", "name_zh", "capacity", "position"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function listTracks(db: Db, eventId: number) {
  return db
    .selectFrom("tracks")
    .select(["id", "name_en", "name_zh", "color", "position"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export interface RoomInput {
  nameEn: string | null;
  nameZh: string | null;
  capacity: number | null;
  position: number;
}

export interface TrackInput {
  nameEn: string | null;
  nameZh: string | null;
  color: string;
  position: number;
}

/** Rooms and tracks: rows that belong to one event and are edited only through it. */
type EventPart =
  | { table: "rooms"; subject: "room"; values: { name_en: string | null; name_zh: string | null; capacity: number | null; position: number } }
  | { table: "tracks"; subject: "track"; values: { name_en: string | null; name_zh: string | null; color: string; position: number } };

/** Creates the part, or updates it when it is this event's; false when it is not. */
async function saveEventPart(
  db: Db,
  part: EventPart,
  { eventId, id, actorUserId }: { eventId: number; id?: number; actorUserId: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let savedId = id;
    if (savedId === undefined) {
      const row =
        part.table === "rooms"
          ? await trx.insertInto("rooms").values({ ...part.values, event_id: eventId }).returning("id").executeTakeFirstOrThrow()
          : await trx.insertInto("tracks").values({ ...part.values, event_id: eventId }).returning("id").executeTakeFirstOrThrow();
      savedId = row.id;
    } else {
      const result =
        part.table === "rooms"
          ? await trx.updateTable("rooms").set(part.values).where("id", "=", savedId).where("event_id", "=", eventId).executeTakeFirst()
          : await trx.updateTable("tracks").set(part.values).where("id", "=", savedId).where("event_id", "=", eventId).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
    }
    const action = `${part.subject}.${id === undefined ? "create" : "update"}`;
    await recordAudit(trx, { actorUserId, eventId, action, subjectType: part.subject, subjectId: savedId, details: part.values });
    return true;
  });
}

async function deleteEventPart(
  db: Db,
  { table, subject }: Pick<EventPart, "table" | "subject">,
  { eventId, id, actorUserId }: { eventId: number; id: number; actorUserId: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom(table).where("id", "=", id).where("event_id", "=", eventId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await recordAudit(trx, { actorUserId, eventId, action: `${subject}.delete`, subjectType: subject, subjectId: id });
    return true;
  });
}

/** Creates a room, or updates one of this event's rooms; false when the room is not the event's. */
export function saveRoom(
  db: Db,
  { eventId, roomId, input, actorUserId }: { eventId: number; roomId?: number; input: RoomInput; actorUserId: number },
): Promise<boolean> {
  const values = { name_en: input.nameEn, name_zh: input.nameZh, capacity: input.capacity, position: input.position };
  return saveEventPart(db, { table: "rooms", subject: "room", values }, { eventId, id: roomId, actorUserId });
}

export function deleteRoom(db: Db, { eventId, roomId, actorUserId }: { eventId: number; roomId: number; actorUserId: number }) {
  return deleteEventPart(db, { table: "rooms", subject: "room" }, { eventId, id: roomId, actorUserId });
}

/** Creates a track, or updates one of this event's tracks; false when the track is not the event's. */
export function saveTrack(
  db: Db,
  { eventId, trackId, input, actorUserId }: { eventId: number; trackId?: number; input: TrackInput; actorUserId: number },
): Promise<boolean> {
  const values = { name_en: input.nameEn, name_zh: input.nameZh, color: input.color, position: input.position };
  return saveEventPart(db, { table: "tracks", subject: "track", values }, { eventId, id: trackId, actorUserId });
}

export function deleteTrack(db: Db, { eventId, trackId, actorUserId }: { eventId: number; trackId: number; actorUserId: number }) {
  return deleteEventPart(db, { table: "tracks", subject: "track" }, { eventId, id: trackId, actorUserId });
}

// ---------------------------------------------------------------------------------------------
// Sessions

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
}

export type SaveSessionResult =
  | { ok: true; sessionId: number; warnings: Conflict[] }
  | { ok: false; fieldErrors: FieldErrors }
  | { ok: false; notFound: true };

function addError(errors: FieldErrors, field: string, key: string) {
  (errors[field] ??= []).push(key);
}

function timeError(reason: "invalid" | "nonexistent") {
  return reason === "nonexistent" ? "manage:session.errors.nonexistentTime" : "manage:session.errors.invalidTime";
}

/**
 * The rules a session must meet to be stored at all (as opposed to clashes, which are warnings):
 * times that exist in the event's zone, end after start, inside the event's days, items inside the
 * session, and rooms, tracks and people that exist (rooms and tracks of this very event).
 */
async function validateSession(db: Db, event: AgendaEvent, input: SessionInput) {
  const errors: FieldErrors = {};
  const start = localToUtc(input.day, input.startTime, event.time_zone);
  const end = localToUtc(input.day, input.endTime, event.time_zone);
  if (!start.ok) addError(errors, "startTime", timeError(start.reason));
  if (!end.ok) addError(errors, "endTime", timeError(end.reason));
  if (input.day < event.starts_on || input.day > event.ends_on) addError(errors, "day", "manage:session.errors.outsideEventDays");
  if (start.ok && end.ok && end.iso <= start.iso) addError(errors, "endTime", "manage:session.errors.endNotAfterStart");

  const items = input.items.map((item, index) => {
    const itemStart = localToUtc(input.day, item.startTime, event.time_zone);
    const itemEnd = localToUtc(input.day, item.endTime, event.time_zone);
    if (!itemStart.ok) addError(errors, `items[${index}].startTime`, timeError(itemStart.reason));
    if (!itemEnd.ok) addError(errors, `items[${index}].endTime`, timeError(itemEnd.reason));
    if (itemStart.ok && itemEnd.ok) {
      if (itemEnd.iso <= itemStart.iso) addError(errors, `items[${index}].endTime`, "manage:session.errors.endNotAfterStart");
      // Only a session with a valid span can hold its items; otherwise its own error says enough.
      else if (start.ok && end.ok && end.iso > start.iso && (itemStart.iso < start.iso || itemEnd.iso > end.iso)) {
        addError(errors, `items[${index}].startTime`, "manage:session.errors.itemOutsideSession");
      }
    }
    return { ...item, startsAt: itemStart.ok ? itemStart.iso : "", endsAt: itemEnd.ok ? itemEnd.iso : "" };
  });

  const [room, track, people] = await Promise.all([
    input.roomId === null
      ? undefined
      : db.selectFrom("rooms").select("id").where("id", "=", input.roomId).where("event_id", "=", event.id).executeTakeFirst(),
    input.trackId === null
      ? undefined
      : db.selectFrom("tracks").select("id").where("id", "=", input.trackId).where("event_id", "=", event.id).executeTakeFirst(),
    input.people.length === 0
      ? []
      : db.selectFrom("people").select("id").where("id", "in", input.people.map((p) => p.personId)).execute(),
  ]);
  if (input.roomId !== null && !room) addError(errors, "roomId", "manage:session.errors.unknownRoom");
  if (input.trackId !== null && !track) addError(errors, "trackId", "manage:session.errors.unknownTrack");
  const known = new Set(people.map((person) => person.id));
  const seen = new Set<string>();
  input.people.forEach((person, index) => {
    if (!known.has(person.personId)) addError(errors, `people[${index}].personId`, "manage:session.errors.unknownPerson");
    const key = `${person.personId}:${person.role}`;
    if (seen.has(key)) addError(errors, `people[${index}].role`, "manage:session.errors.duplicateRole");
    seen.add(key);
    if (person.itemIndex !== null && (person.itemIndex < 0 || person.itemIndex >= input.items.length)) {
      addError(errors, `people[${index}].itemIndex`, "manage:session.errors.unknownItem");
    }
  });

  if (Object.keys(errors).length > 0 || !start.ok || !end.ok) return { ok: false as const, errors };
  return { ok: true as const, startsAt: start.iso, endsAt: end.iso, items };
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
  const saved = await db.transaction().execute(async (trx): Promise<{ fieldErrors: FieldErrors } | { notFound: true } | { id: number }> => {
    const checked = await validateSession(trx, event, input);
    if (!checked.ok) return { fieldErrors: checked.errors };
    const times = { starts_at: checked.startsAt, ends_at: checked.endsAt };
    let id = sessionId;
    if (id === undefined) {
      ({ id } = await trx
        .insertInto("sessions")
        .values({ ...row, ...times, event_id: event.id, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow());
    } else {
      const result = await trx
        .updateTable("sessions")
        .set({ ...row, ...times })
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
  if ("fieldErrors" in saved) return { ok: false, fieldErrors: saved.fieldErrors };
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
  const [items, people] = await Promise.all([
    db.selectFrom("session_items").selectAll().where("session_id", "=", sessionId).orderBy("position").execute(),
    db
      .selectFrom("session_people")
      .select(["person_id", "role", "item_id", "position"])
      .where("session_id", "=", sessionId)
      .orderBy("position")
      .execute(),
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
    ])
    .where("sessions.event_id", "=", eventId)
    .orderBy("sessions.starts_at")
    .orderBy("sessions.id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/** The instants where the event's first day begins and its last day ends. */
export function eventWindow(event: AgendaEvent) {
  return { start: dayBoundsUtc(event.starts_on, event.time_zone).start, end: dayBoundsUtc(event.ends_on, event.time_zone).end };
}

/** All clashes of the event, with what the conflicts page needs to name them. Three queries. */
export async function listEventConflicts(db: Db, event: AgendaEvent) {
  const [sessions, rooms, assignments] = await Promise.all([
    db
      .selectFrom("sessions")
      .select(["id", "title_en", "title_zh", "starts_at", "ends_at", "room_id", "capacity", "status"])
      .where("event_id", "=", event.id)
      .execute(),
    db.selectFrom("rooms").select(["id", "name_en", "name_zh", "capacity"]).where("event_id", "=", event.id).execute(),
    db
      .selectFrom("session_people")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .innerJoin("people", "people.id", "session_people.person_id")
      .select(["session_people.session_id", "session_people.person_id", "people.name", "people.name_native"])
      .where("sessions.event_id", "=", event.id)
      .execute(),
  ]);
  const conflicts = findConflicts({
    sessions: sessions.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, roomId: s.room_id, capacity: s.capacity, status: s.status })),
    roomCapacities: new Map(rooms.map((room) => [room.id, room.capacity])),
    assignments: assignments.map((a) => ({ sessionId: a.session_id, personId: a.person_id })),
    eventWindow: eventWindow(event),
  });
  const people = new Map(assignments.map((a) => [a.person_id, { name: a.name, nameNative: a.name_native }]));
  return {
    conflicts,
    sessions: new Map(sessions.map((s) => [s.id, s])),
    rooms: new Map(rooms.map((room) => [room.id, room])),
    people,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the agenda

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
export async function getDayProgram(db: Db, { event, day, filters = {} }: { event: AgendaEvent; day: string; filters?: DayFilters }) {
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
export async function getSessionDetails(db: Db, { eventId, sessionId }: { eventId: number; sessionId: number }) {
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
    .where("sessions.event_id", "=", eventId)
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
        "people.name",
        "people.name_native",
        "people.title_en",
        "people.title_zh",
        "organizations.name_en as organization_name_en",
        "organizations.name_zh as organization_name_zh",
      ])
      .where("session_people.session_id", "=", sessionId)
      .orderBy("session_people.position")
      .execute(),
    listAttachments(db, sessionId),
  ]);
  return { ...session, items, people, attachments };
}

/** A person who takes part in this event, with their sessions in it; undefined for anyone else. */
export async function getPersonInEvent(db: Db, { eventId, personId }: { eventId: number; personId: number }) {
  const sessions = await db
    .selectFrom("session_people")
    .innerJoin("sessions", "sessions.id", "session_people.session_id")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .select([
      ...SESSION_SUMMARY_COLUMNS,
      "session_people.role",
      ...ROOM_NAME_COLUMNS,
    ])
    .where("sessions.event_id", "=", eventId)
    .where("session_people.person_id", "=", personId)
    .orderBy("sessions.starts_at")
    .execute();
  if (sessions.length === 0) return undefined;
  const person = await db
    .selectFrom("people")
    .leftJoin("organizations", "organizations.id", "people.organization_id")
    .select([
      "people.id",
      "people.name",
      "people.name_native",
      "people.title_en",
      "people.title_zh",
      "organizations.name_en as organization_name_en",
      "organizations.name_zh as organization_name_zh",
      "organizations.country as organization_country",
    ])
    .where("people.id", "=", personId)
    .executeTakeFirstOrThrow();
  return { person, sessions };
}

// ---------------------------------------------------------------------------------------------
// Attachments (the files themselves live under UPLOADS_DIR; see app/utils/uploads.server.ts)

export async function listAttachments(db: Db, sessionId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "annex_label", "file_name", "content_type", "size_bytes", "created_at"])
    .where("session_id", "=", sessionId)
    .orderBy("id")
    .execute();
}

export async function addAttachment(
  db: Db,
  input: { eventId: number; sessionId: number; annexLabel: string | null; fileName: string; storedName: string; contentType: string; sizeBytes: number; actorUserId: number },
  now = new Date(),
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom("sessions").select("id").where("id", "=", input.sessionId).where("event_id", "=", input.eventId).executeTakeFirst();
    if (!session) return undefined;
    const { id } = await trx
      .insertInto("attachments")
      .values({
        session_id: input.sessionId,
        annex_label: input.annexLabel,
        file_name: input.fileName,
        stored_name: input.storedName,
        content_type: input.contentType,
        size_bytes: input.sizeBytes,
        uploaded_by: input.actorUserId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: input.actorUserId, eventId: input.eventId, action: "attachment.create", subjectType: "attachment", subjectId: id, details: { fileName: input.fileName, annexLabel: input.annexLabel } }, now);
    return id;
  });
}

/** An attachment of one of this event's sessions (the caller has checked the event is readable). */
export async function getAttachment(db: Db, { eventId, attachmentId }: { eventId: number; attachmentId: number }) {
  return db
    .selectFrom("attachments")
    .innerJoin("sessions", "sessions.id", "attachments.session_id")
    .select(["attachments.id", "attachments.file_name", "attachments.stored_name", "attachments.content_type", "attachments.size_bytes", "attachments.session_id"])
    .where("attachments.id", "=", attachmentId)
    .where("sessions.event_id", "=", eventId)
    .executeTakeFirst();
}

/** Removes the row and returns its stored file name, so the caller can delete the file. */
export async function deleteAttachment(db: Db, { eventId, attachmentId, actorUserId }: { eventId: number; attachmentId: number; actorUserId: number }) {
  return db.transaction().execute(async (trx) => {
    const attachment = await getAttachment(trx, { eventId, attachmentId });
    if (!attachment) return undefined;
    await trx.deleteFrom("attachments").where("id", "=", attachmentId).execute();
    await recordAudit(trx, { actorUserId, eventId, action: "attachment.delete", subjectType: "attachment", subjectId: attachmentId, details: { fileName: attachment.file_name } });
    return attachment.stored_name;
  });
}

// ---------------------------------------------------------------------------------------------

/** The choices the session form offers: the event's days, rooms and tracks, and the people directory. */
export async function getSessionFormChoices(db: Db, event: AgendaEvent, sessionDay?: string) {
  const [rooms, tracks, people] = await Promise.all([listRooms(db, event.id), listTracks(db, event.id), listPeopleForPicker(db)]);
  const days = daysBetween(event.starts_on, event.ends_on);
  // A session left outside the event's days (after its dates changed) keeps its day selectable.
  if (sessionDay && !days.includes(sessionDay)) days.push(sessionDay);
  return { days: days.sort(), rooms, tracks, people };
}
