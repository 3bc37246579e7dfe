import { DateTime } from "luxon";
import type { Db } from "../../db/client";
import { engineOf } from "../../db/client";
import type { ActionItemStatus, BilateralStatus } from "../../db/schema";

/*
 * One bilateral meeting as its page shows it: when and where (for its two sides and the event's
 * organizers), and what the two sides write about it (for the sides alone): the shared minutes with
 * every saved version, each side's private note, and the action items.
 *
 * What a viewer may read is decided in the queries: the record is selected only for a side, and a
 * note only where its delegation is the viewer's. The minutes' history is append-only; a save names
 * the version it was written on, and is refused as stale when another save came first. That check
 * runs under a lock on the meeting's row (`select … for update` on PostgreSQL; on SQLite the
 * driver's BEGIN IMMEDIATE serialises whole write transactions), so of two saves on the same
 * version exactly one wins.
 */

export const MINUTES_MAX_LENGTH = 20_000;
export const NOTE_MAX_LENGTH = 20_000;
export const ACTION_ITEM_MAX_LENGTH = 1_000;

export interface MeetingSide {
  id: number;
  key: string;
  name_en: string | null;
  name_zh: string | null;
  country: string | null;
}

export interface MinutesVersion {
  id: number;
  body_en: string | null;
  body_zh: string | null;
  authorName: string | null;
  authorDelegation: { id: number; name_en: string | null; name_zh: string | null } | null;
  createdAt: string;
}

export interface MeetingAttendee {
  personId: number;
  name: string;
  nameNative: string | null;
  delegationId: number;
}

export interface ActionItem {
  id: number;
  ownerId: number;
  text_en: string | null;
  text_zh: string | null;
  dueOn: string | null;
  status: ActionItemStatus;
  updatedAt: string;
}

/** What the two sides keep about the meeting: never selected for anyone else. */
export interface MeetingRecord {
  attendees: MeetingAttendee[];
  /** The newest version, or null before anyone wrote any. */
  minutes: MinutesVersion | null;
  /** Every version, newest first (the first is `minutes`). */
  history: MinutesVersion[];
  /** The viewer's own side's private note. */
  note: { body: string; updatedAt: string } | null;
  actionItems: ActionItem[];
  /** Minutes, notes and items are written while the meeting is booked; afterwards they are kept read-only. */
  writable: boolean;
}

export interface Meeting {
  id: number;
  status: BilateralStatus;
  topic: string;
  lengthSlots: number;
  slotMinutes: number;
  startsAt: string | null;
  endsAt: string | null;
  place: { id: number; name_en: string | null; name_zh: string | null } | null;
  tableNumber: number | null;
  requester: MeetingSide;
  recipient: MeetingSide;
  /** Null for a viewer who is not one of the two sides (an organizer): they see when and where only. */
  record: MeetingRecord | null;
}

/**
 * The meeting as `view.side` may see it: the viewer's delegation when it is one of the two sides,
 * null for an organizer who is not (the policy has decided that they may see when and where).
 */
export async function getMeeting(db: Db, eventId: number, bilateralId: number, view: { side: number | null }): Promise<Meeting | undefined> {
  const row = await db
    .selectFrom("bilaterals")
    .innerJoin("events", "events.id", "bilaterals.event_id")
    .innerJoin("delegations as requester", "requester.id", "bilaterals.requester_id")
    .innerJoin("delegations as recipient", "recipient.id", "bilaterals.recipient_id")
    .leftJoin("bilateral_places as place", "place.id", "bilaterals.place_id")
    .select([
      "bilaterals.id",
      "bilaterals.status",
      "bilaterals.topic",
      "bilaterals.length_slots",
      "events.bilateral_slot_minutes",
      "bilaterals.starts_at",
      "bilaterals.ends_at",
      "bilaterals.table_number",
      "place.id as place_id",
      "place.name_en as place_name_en",
      "place.name_zh as place_name_zh",
      "requester.id as requester_id",
      "requester.key as requester_key",
      "requester.name_en as requester_name_en",
      "requester.name_zh as requester_name_zh",
      "requester.country as requester_country",
      "recipient.id as recipient_id",
      "recipient.key as recipient_key",
      "recipient.name_en as recipient_name_en",
      "recipient.name_zh as recipient_name_zh",
      "recipient.country as recipient_country",
    ])
    .where("bilaterals.event_id", "=", eventId)
    .where("bilaterals.id", "=", bilateralId)
    .executeTakeFirst();
  if (!row) return undefined;
  const meeting: Meeting = {
    id: row.id,
    status: row.status,
    topic: row.topic,
    lengthSlots: row.length_slots,
    slotMinutes: row.bilateral_slot_minutes,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place_id === null ? null : { id: row.place_id, name_en: row.place_name_en, name_zh: row.place_name_zh },
    tableNumber: row.table_number,
    requester: { id: row.requester_id, key: row.requester_key, name_en: row.requester_name_en, name_zh: row.requester_name_zh, country: row.requester_country },
    recipient: { id: row.recipient_id, key: row.recipient_key, name_en: row.recipient_name_en, name_zh: row.recipient_name_zh, country: row.recipient_country },
    record: null,
  };
  const side = view.side;
  if (side === null || (side !== row.requester_id && side !== row.recipient_id)) return meeting;
  return { ...meeting, record: await getRecord(db, row.id, side, row.status) };
}

/** The sides' record of the meeting; every query also requires `side` to be one of its sides. */
async function getRecord(db: Db, bilateralId: number, side: number, status: BilateralStatus): Promise<MeetingRecord> {
  const ofSide = db
    .selectFrom("bilaterals")
    .select("bilaterals.id")
    .where("bilaterals.id", "=", bilateralId)
    .where((eb) => eb.or([eb("bilaterals.requester_id", "=", side), eb("bilaterals.recipient_id", "=", side)]));
  const [attendees, versions, note, items] = await Promise.all([
    db
      .selectFrom("bilateral_attendees")
      .innerJoin("people", "people.id", "bilateral_attendees.person_id")
      .select(["people.id as personId", "people.name", "people.name_native as nameNative", "bilateral_attendees.delegation_id as delegationId"])
      .where("bilateral_attendees.bilateral_id", "in", ofSide)
      .orderBy("bilateral_attendees.delegation_id")
      .orderBy("people.name")
      .execute(),
    db
      .selectFrom("bilateral_minutes")
      .leftJoin("users as author", "author.id", "bilateral_minutes.author_user_id")
      .leftJoin("delegations as author_delegation", "author_delegation.id", "bilateral_minutes.author_delegation_id")
      .select([
        "bilateral_minutes.id",
        "bilateral_minutes.body_en",
        "bilateral_minutes.body_zh",
        "bilateral_minutes.created_at",
        "author.name as author_name",
        "author_delegation.id as author_delegation_id",
        "author_delegation.name_en as author_delegation_name_en",
        "author_delegation.name_zh as author_delegation_name_zh",
      ])
      .where("bilateral_minutes.bilateral_id", "in", ofSide)
      .orderBy("bilateral_minutes.id", "desc")
      .execute(),
    db
      .selectFrom("bilateral_notes")
      .select(["body", "updated_at"])
      .where("bilateral_notes.bilateral_id", "in", ofSide)
      .where("bilateral_notes.delegation_id", "=", side)
      .executeTakeFirst(),
    db
      .selectFrom("bilateral_action_items")
      .select(["id", "owner_delegation_id", "text_en", "text_zh", "due_on", "status", "updated_at"])
      .where("bilateral_action_items.bilateral_id", "in", ofSide)
      .orderBy("id")
      .execute(),
  ]);
  const history = versions.map((version): MinutesVersion => ({
    id: version.id,
    body_en: version.body_en,
    body_zh: version.body_zh,
    authorName: version.author_name,
    authorDelegation:
      version.author_delegation_id === null
        ? null
        : { id: version.author_delegation_id, name_en: version.author_delegation_name_en, name_zh: version.author_delegation_name_zh },
    createdAt: version.created_at,
  }));
  return {
    attendees,
    minutes: history[0] ?? null,
    history,
    note: note ? { body: note.body, updatedAt: note.updated_at } : null,
    actionItems: items.map((item) => ({
      id: item.id,
      ownerId: item.owner_delegation_id,
      text_en: item.text_en,
      text_zh: item.text_zh,
      dueOn: item.due_on,
      status: item.status,
      updatedAt: item.updated_at,
    })),
    writable: status === "booked",
  };
}

/** Who writes: a side of the meeting, acting through a signed-in account. */
export interface MeetingWriter {
  eventId: number;
  bilateralId: number;
  /** The writer's delegation; it must be one of the meeting's two sides. */
  side: number;
  userId: number;
}

export type MeetingProblem =
  | "not_found" // no such meeting in the event, the writer's delegation is not a side, or no such item
  | "not_booked" // the meeting is not (or no longer) booked: its record is read-only
  | "stale" // the minutes were saved by someone else since the version this edit started from
  | "empty" // minutes with neither an English nor a Chinese text
  | "too_long"
  | "text_required" // an action item with neither an English nor a Chinese text
  | "owner_not_side" // an action item's owner is not one of the two sides
  | "invalid_due_date";

export type MeetingResult<T extends object = object> = ({ ok: true } & T) | { ok: false; problem: MeetingProblem };

const isPostgres = (db: Db) => engineOf(db) === "postgres";
const isBlank = (text: string | null | undefined) => !text || text.trim() === "";

/**
 * The writer's meeting inside the transaction, locked until it ends (PostgreSQL; SQLite holds the
 * whole database already), with whether it takes writes.
 */
async function lockMeeting(trx: Db, writer: MeetingWriter): Promise<MeetingResult<{ requesterId: number; recipientId: number }>> {
  const row = await trx
    .selectFrom("bilaterals")
    .select(["id", "status", "requester_id", "recipient_id"])
    .where("id", "=", writer.bilateralId)
    .where("event_id", "=", writer.eventId)
    .where((eb) => eb.or([eb("requester_id", "=", writer.side), eb("recipient_id", "=", writer.side)]))
    .$if(isPostgres(trx), (query) => query.forUpdate())
    .executeTakeFirst();
  if (!row) return { ok: false, problem: "not_found" };
  if (row.status !== "booked") return { ok: false, problem: "not_booked" };
  return { ok: true, requesterId: row.requester_id, recipientId: row.recipient_id };
}

/**
 * A new version of the minutes, written on `baseRevisionId` (the version the writer's form showed;
 * null when there was none yet). Both texts are kept exactly as written; a blank one is stored as
 * none. Refused as `stale` when another version was saved since: nothing is stored, and the writer
 * is shown the newer text.
 */
export async function saveMinutes(
  db: Db,
  input: MeetingWriter & { baseRevisionId: number | null; body_en: string | null; body_zh: string | null },
): Promise<MeetingResult<{ revisionId: number }>> {
  const body_en = isBlank(input.body_en) ? null : input.body_en;
  const body_zh = isBlank(input.body_zh) ? null : input.body_zh;
  if (body_en === null && body_zh === null) return { ok: false, problem: "empty" };
  if ((body_en?.length ?? 0) > MINUTES_MAX_LENGTH || (body_zh?.length ?? 0) > MINUTES_MAX_LENGTH) return { ok: false, problem: "too_long" };
  return db.transaction().execute(async (trx) => {
    const meeting = await lockMeeting(trx, input);
    if (!meeting.ok) return meeting;
    const newest = await trx
      .selectFrom("bilateral_minutes")
      .select("id")
      .where("bilateral_id", "=", input.bilateralId)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if ((newest?.id ?? null) !== input.baseRevisionId) return { ok: false, problem: "stale" };
    const inserted = await trx
      .insertInto("bilateral_minutes")
      .values({
        bilateral_id: input.bilateralId,
        body_en,
        body_zh,
        author_user_id: input.userId,
        author_delegation_id: input.side,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, revisionId: inserted.id };
  });
}

/** The writer's side's private note, replaced; a blank body deletes it. */
export async function saveNote(db: Db, input: MeetingWriter & { body: string | null }): Promise<MeetingResult<{ deleted: boolean }>> {
  if ((input.body?.length ?? 0) > NOTE_MAX_LENGTH) return { ok: false, problem: "too_long" };
  return db.transaction().execute(async (trx) => {
    const meeting = await lockMeeting(trx, input);
    if (!meeting.ok) return meeting;
    const mine = { bilateral_id: input.bilateralId, delegation_id: input.side };
    if (isBlank(input.body)) {
      await trx.deleteFrom("bilateral_notes").where("bilateral_id", "=", mine.bilateral_id).where("delegation_id", "=", mine.delegation_id).execute();
      return { ok: true, deleted: true };
    }
    const change = { body: input.body ?? "", updated_by: input.userId, updated_at: new Date().toISOString() };
    await trx
      .insertInto("bilateral_notes")
      .values({ ...mine, ...change })
      .onConflict((conflict) => conflict.columns(["bilateral_id", "delegation_id"]).doUpdateSet(change))
      .execute();
    return { ok: true, deleted: false };
  });
}

export interface ActionItemInput {
  /** The side that owns the item: either side of the meeting. */
  ownerId: number;
  text_en: string | null;
  text_zh: string | null;
  /** `YYYY-MM-DD`, or null. */
  dueOn: string | null;
}

function actionItemProblem(input: ActionItemInput): MeetingProblem | null {
  if (isBlank(input.text_en) && isBlank(input.text_zh)) return "text_required";
  if ((input.text_en?.length ?? 0) > ACTION_ITEM_MAX_LENGTH || (input.text_zh?.length ?? 0) > ACTION_ITEM_MAX_LENGTH) return "too_long";
  if (input.dueOn !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) && DateTime.fromISO(input.dueOn, { zone: "UTC" }).isValid)) return "invalid_due_date";
  return null;
}

const itemValues = (input: ActionItemInput) => ({
  owner_delegation_id: input.ownerId,
  text_en: isBlank(input.text_en) ? null : input.text_en,
  text_zh: isBlank(input.text_zh) ? null : input.text_zh,
  due_on: input.dueOn,
});

/** Runs `work` on the writer's locked, booked meeting; an item's owner must be one of its sides. */
async function onWritableMeeting<T extends object>(
  db: Db,
  writer: MeetingWriter,
  owner: number | null,
  work: (trx: Db) => Promise<MeetingResult<T>>,
): Promise<MeetingResult<T>> {
  return db.transaction().execute(async (trx) => {
    const meeting = await lockMeeting(trx, writer);
    if (!meeting.ok) return meeting;
    if (owner !== null && owner !== meeting.requesterId && owner !== meeting.recipientId) return { ok: false, problem: "owner_not_side" };
    return work(trx);
  });
}

/** The number of rows an update or delete touched, on both engines. */
const touched = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0);

export async function addActionItem(db: Db, input: MeetingWriter & ActionItemInput): Promise<MeetingResult<{ itemId: number }>> {
  const problem = actionItemProblem(input);
  if (problem) return { ok: false, problem };
  return onWritableMeeting(db, input, input.ownerId, async (trx) => {
    const at = new Date().toISOString();
    const inserted = await trx
      .insertInto("bilateral_action_items")
      .values({ bilateral_id: input.bilateralId, ...itemValues(input), created_by: input.userId, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, itemId: inserted.id };
  });
}

export async function updateActionItem(db: Db, input: MeetingWriter & ActionItemInput & { itemId: number }): Promise<MeetingResult> {
  const problem = actionItemProblem(input);
  if (problem) return { ok: false, problem };
  return onWritableMeeting(db, input, input.ownerId, async (trx) => {
    const result = await trx
      .updateTable("bilateral_action_items")
      .set({ ...itemValues(input), updated_at: new Date().toISOString() })
      .where("id", "=", input.itemId)
      .where("bilateral_id", "=", input.bilateralId)
      .executeTakeFirst();
    return touched(result) === 1 ? { ok: true } : { ok: false, problem: "not_found" };
  });
}

export async function setActionItemStatus(db: Db, input: MeetingWriter & { itemId: number; status: ActionItemStatus }): Promise<MeetingResult> {
  return onWritableMeeting(db, input, null, async (trx) => {
    const result = await trx
      .updateTable("bilateral_action_items")
      .set({ status: input.status, updated_at: new Date().toISOString() })
      .where("id", "=", input.itemId)
      .where("bilateral_id", "=", input.bilateralId)
      .executeTakeFirst();
    return touched(result) === 1 ? { ok: true } : { ok: false, problem: "not_found" };
  });
}

export async function removeActionItem(db: Db, input: MeetingWriter & { itemId: number }): Promise<MeetingResult> {
  return onWritableMeeting(db, input, null, async (trx) => {
    const result = await trx
      .deleteFrom("bilateral_action_items")
      .where("id", "=", input.itemId)
      .where("bilateral_id", "=", input.bilateralId)
      .executeTakeFirst();
    return touched(result) === 1 ? { ok: true } : { ok: false, problem: "not_found" };
  });
}
