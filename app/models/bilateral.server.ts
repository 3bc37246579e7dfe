import type { Db } from "../../db/client";
import { engineOf } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { ExpressionBuilder, Updateable } from "kysely";
import {
  BILATERAL_REASON_MAX_LENGTH,
  BILATERAL_TOPIC_MAX_LENGTH,
  type BilateralBookedVia,
  type BilateralPriorityName,
  type BilateralStatus,
  type BilateralsTable,
  type Database,
} from "../../db/schema";
import { startsFor, type GridSlot } from "../scheduling/bilateral-slots";
import { getBilateralSetup, holdBilateralSetup, loadAvailability, type BilateralAvailability, type BilateralSetup } from "./bilateral-setup.server";

/*
 * Bilateral requests and the meetings they become: asking, accepting, proposing another time,
 * declining, cancelling, self-booking; and booking itself, for these and for the scheduler.
 *
 * The guard against double booking is `bilateral_claims`: a booked meeting holds one row per slot
 * for a team of each side (`delegation:<id>:<team>`), its table (`table:<placeId>:<n>`) and each
 * attendee (`person:<id>`), under a primary key. The checks below pick free teams and a free
 * table from what they read; when a concurrent booking took one of them in between, the insert of
 * the claims fails and the whole transaction is undone. A request's row carries a version that
 * goes up on every change: a form made before someone else acted is answered "stale", by a
 * conditional update (`where version = ?`) whose affected rows decide.
 */

export type BilateralProblem =
  /** No such bilateral in the event, or the acting delegation is not a side. */
  | "not_found"
  | "own_delegation"
  /** The other delegation is not in the event. */
  | "delegation_not_found"
  /** The length is outside the event's min..max slots. */
  | "length_not_allowed"
  /** The start is not a slot start where the meeting fits inside one window. */
  | "outside_windows"
  /** Self-booking asked, but one side has not opened it. */
  | "not_self_booking"
  | "attendee_not_member"
  /** Not an answer the request's state allows from this side (e.g. answering one's own proposal). */
  | "wrong_status"
  /** The form's version is not the current one: someone acted meanwhile. */
  | "stale"
  /** A side has no free team then (busy block, all members in sessions, other meetings). */
  | "delegation_busy"
  /** An attendee is in a session they take part in or hold a seat in, or in another meeting. */
  | "person_busy"
  /** Every table is taken then. */
  | "no_table";

export type BilateralResult = { ok: true; id: number } | { ok: false; problem: BilateralProblem; personName?: string };

/** The delegation a signed-in member acts for, in its event. */
export interface ActingSide {
  eventId: number;
  delegationId: number;
  userId: number;
}


type BookingProblem = "outside_windows" | "delegation_busy" | "person_busy" | "no_table";
type BookingRefusal = {
  ok: false;
  problem: BookingProblem;
  personName?: string;
};

export type BookingResult =
  | {
      ok: true;
      startsAt: string;
      endsAt: string;
      placeId: number;
      tableNumber: number;
    }
  | BookingRefusal;

/** A refusal decided inside a transaction: thrown so that whatever was written before it is undone. */
class Refusal extends Error {
  constructor(
    readonly result: {
      ok: false;
      problem: BilateralProblem;
      personName?: string;
    },
  ) {
    super(result.problem);
  }
}

function refuse(problem: BilateralProblem, personName?: string): never {
  throw new Refusal(personName === undefined ? { ok: false, problem } : { ok: false, problem, personName });
}

const isPostgres = (db: Db) => engineOf(db) === "postgres";

const PG_DEADLOCK_DETECTED = "40P01";

function isDeadlock(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === PG_DEADLOCK_DETECTED;
}

/**
 * Runs `work` in a transaction of its own and answers its refusals. A claim a concurrent booking
 * took first fails the insert with a unique violation, which on PostgreSQL aborts the transaction:
 * it is caught here, outside, after the rollback. The whole attempt then runs once more, reading
 * afresh: usually it now sees the winner and gives the precise answer (or books another team or
 * table). If it loses a second race too, the answer is the resource PostgreSQL names in the
 * violation. (SQLite never gets there: BEGIN IMMEDIATE serialises the transactions, so the
 * checks always see every committed claim.) Claims go in sorted (see placeMeeting), so bookings
 * cannot deadlock one another; a transaction booking several meetings (the scheduler's) can, and
 * when PostgreSQL picks this one as the victim it runs once more as well.
 */
async function inBookingTransaction(db: Db, work: (trx: Db) => Promise<BilateralResult>): Promise<BilateralResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (error instanceof Refusal) return error.result;
      const lost = isUniqueViolation(error) || isDeadlock(error);
      if (!lost) throw error;
      if (attempt < 2) continue;
      const refusal = await refusalForTakenClaim(db, error);
      if (!refusal) throw error;
      return refusal;
    }
  }
}

/** From PostgreSQL's detail `Key (event_id, resource, slot_start)=(7, person:12, …) already exists.` */
async function refusalForTakenClaim(db: Db, error: unknown): Promise<BookingRefusal | undefined> {
  const detail = (error as { detail?: unknown }).detail;
  const resource = typeof detail === "string" ? /^Key \(event_id, resource, slot_start\)=\(\d+, (delegation|table|person):(\d+)/.exec(detail) : null;
  if (!resource) return undefined;
  if (resource[1] === "delegation") return { ok: false, problem: "delegation_busy" };
  if (resource[1] === "table") return { ok: false, problem: "no_table" };
  return {
    ok: false,
    problem: "person_busy",
    personName: await personNameOf(db, Number(resource[2])),
  };
}

async function personNameOf(db: Db, personId: number): Promise<string> {
  const person = await db.selectFrom("people").select("name").where("id", "=", personId).executeTakeFirst();
  return person?.name ?? "";
}

function validTopic(topic: string): string {
  const trimmed = topic.trim();
  // The route's schema says so to the person; this keeps anything else out of the table.
  if (trimmed.length < 1 || trimmed.length > BILATERAL_TOPIC_MAX_LENGTH) throw new RangeError(`A bilateral topic has 1 to ${BILATERAL_TOPIC_MAX_LENGTH} characters`);
  return trimmed;
}

function validReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > BILATERAL_REASON_MAX_LENGTH) throw new RangeError(`A reason has 1 to ${BILATERAL_REASON_MAX_LENGTH} characters`);
  return trimmed;
}

const unique = (ids: readonly number[]) => [...new Set(ids)];

/** The grid index where a meeting of `length` slots starting at `instant` (any ISO form) fits in one window. */
function startIndexAt(grid: readonly GridSlot[], length: number, instant: string): number | undefined {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) return undefined;
  return startsFor(grid, length).find((index) => Date.parse(grid[index].startsAt) === at);
}

function lengthAllowed(setup: BilateralSetup, lengthSlots: number): boolean {
  return Number.isInteger(lengthSlots) && lengthSlots >= setup.settings.minSlots && lengthSlots <= setup.settings.maxSlots;
}

/** Refuses attendees who are not members of the acting delegation. */
async function checkAttendees(trx: Db, acting: ActingSide, attendeeIds: readonly number[]): Promise<void> {
  if (attendeeIds.length === 0) return;
  const members = await trx
    .selectFrom("delegation_members")
    .select("person_id")
    .where("delegation_id", "=", acting.delegationId)
    .where("event_id", "=", acting.eventId)
    .where("person_id", "in", [...attendeeIds])
    .execute();
  if (members.length !== attendeeIds.length) refuse("attendee_not_member");
}

// ---------------------------------------------------------------------------------------------
// Where a meeting fits: what is busy, and a pure decision over it.

/** What a booking decision reads: the frame, who is busy, and the claims of booked meetings by slot instant. */
interface Occupancy {
  setup: BilateralSetup;
  availability: BilateralAvailability;
  claimed: Map<number, Set<string>>;
}

const teamKey = (delegationId: number, team: number) => `delegation:${delegationId}:${team}`;
const tableKey = (placeId: number, tableNumber: number) => `table:${placeId}:${tableNumber}`;
const personKey = (personId: number) => `person:${personId}`;

/**
 * The claims bearing on a meeting of `sides` with `attendeeIds`: the sides' teams, the people, and
 * every table, within [from, to) of the grid. `except` leaves out a meeting's own claims (it moves).
 */
async function loadOccupancy(
  db: Db,
  eventId: number,
  setup: BilateralSetup,
  {
    sides,
    attendeeIds,
    from,
    to,
    except,
  }: {
    sides: readonly number[];
    attendeeIds: readonly number[];
    from: string;
    to: string;
    except?: number;
  },
): Promise<Occupancy> {
  const availability = await loadAvailability(db, eventId, setup.grid, {
    delegationIds: [...sides],
    personIds: [...attendeeIds],
  });
  const keys = [
    ...sides.flatMap((side) => Array.from({ length: availability.delegations.get(side)?.teams ?? 0 }, (_, team) => teamKey(side, team + 1))),
    ...attendeeIds.map(personKey),
  ];
  const claims = await db
    .selectFrom("bilateral_claims")
    .select(["resource", "slot_start"])
    .where("event_id", "=", eventId)
    .where("slot_start", ">=", from)
    .where("slot_start", "<", to)
    .where((eb) => eb.or([eb("resource", "like", "table:%"), ...(keys.length > 0 ? [eb("resource", "in", keys)] : [])]))
    .$if(except !== undefined, (query) => query.where("bilateral_id", "<>", except ?? 0))
    .execute();
  const claimed = new Map<number, Set<string>>();
  for (const claim of claims) {
    const at = Date.parse(claim.slot_start);
    const resources = claimed.get(at) ?? new Set<string>();
    resources.add(claim.resource);
    claimed.set(at, resources);
  }
  return { setup, availability, claimed };
}

interface Placement {
  startsAt: string;
  endsAt: string;
  placeId: number;
  tableNumber: number;
  /** One per resource and slot, sorted: see insertClaims. */
  claims: Array<{ resource: string; slotStart: string }>;
}

type PlacementRefusal = { ok: false; problem: "delegation_busy" | "no_table" } | { ok: false; problem: "person_busy"; personId: number };

/**
 * Whether a meeting of `sides` with `attendeeIds` fits at grid index `start` for `length` slots
 * (a start startsFor allows), and with which teams and table. In each slot each side needs a free
 * team (teams may differ from slot to slot), every attendee must be free, and one table must be
 * free in all the slots: the first by place position, id and table number, or `table` when given.
 * Refusals rank: a busy side, then a busy person, then no table.
 */
function placeMeeting(
  occupancy: Occupancy,
  {
    start,
    length,
    sides,
    attendeeIds,
    table,
  }: {
    start: number;
    length: number;
    sides: readonly number[];
    attendeeIds: readonly number[];
    table?: { placeId: number; tableNumber: number };
  },
): ({ ok: true } & Placement) | PlacementRefusal {
  const { setup, availability } = occupancy;
  const slots = setup.grid.slice(start, start + length);
  const claimedAt = (slot: GridSlot) => occupancy.claimed.get(Date.parse(slot.startsAt)) ?? new Set<string>();
  const claims: Placement["claims"] = [];

  for (const slot of slots) {
    const claimed = claimedAt(slot);
    for (const side of sides) {
      const delegation = availability.delegations.get(side);
      if (!delegation || delegation.busy.has(slot.index)) return { ok: false, problem: "delegation_busy" };
      const team = Array.from({ length: delegation.teams }, (_, index) => index + 1).find((number) => !claimed.has(teamKey(side, number)));
      if (team === undefined) return { ok: false, problem: "delegation_busy" };
      claims.push({ resource: teamKey(side, team), slotStart: slot.startsAt });
    }
  }
  for (const slot of slots) {
    const claimed = claimedAt(slot);
    for (const personId of attendeeIds) {
      if (availability.people.get(personId)?.has(slot.index) || claimed.has(personKey(personId))) return { ok: false, problem: "person_busy", personId };
      claims.push({ resource: personKey(personId), slotStart: slot.startsAt });
    }
  }
  const tables = setup.places.flatMap((place) =>
    Array.from({ length: place.tables }, (_, index) => ({
      placeId: place.id,
      tableNumber: index + 1,
    })),
  );
  const candidates = table ? tables.filter((t) => t.placeId === table.placeId && t.tableNumber === table.tableNumber) : tables;
  const free = candidates.find((t) => slots.every((slot) => !claimedAt(slot).has(tableKey(t.placeId, t.tableNumber))));
  if (!free) return { ok: false, problem: "no_table" };
  for (const slot of slots)
    claims.push({
      resource: tableKey(free.placeId, free.tableNumber),
      slotStart: slot.startsAt,
    });

  // Every transaction inserts its claims in this one order, so two of them never wait on each
  // other's uncommitted claims in a circle (PostgreSQL would abort one as a deadlock).
  claims.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : Date.parse(a.slotStart) - Date.parse(b.slotStart)));
  return {
    ok: true,
    startsAt: slots[0].startsAt,
    endsAt: slots[slots.length - 1].endsAt,
    placeId: free.placeId,
    tableNumber: free.tableNumber,
    claims,
  };
}

/** Decides a booking from the database: the start's slots, then placeMeeting. Reads only. */
async function planBooking(
  trx: Db,
  eventId: number,
  setup: BilateralSetup,
  meeting: {
    sides: readonly number[];
    lengthSlots: number;
    startsAt: string;
    attendeeIds: readonly number[];
    table?: { placeId: number; tableNumber: number };
    except?: number;
  },
): Promise<({ ok: true } & Placement) | BookingRefusal> {
  const start = startIndexAt(setup.grid, meeting.lengthSlots, meeting.startsAt);
  if (start === undefined) return { ok: false, problem: "outside_windows" };
  const from = setup.grid[start].startsAt;
  const to = setup.grid[start + meeting.lengthSlots - 1].endsAt;
  const occupancy = await loadOccupancy(trx, eventId, setup, {
    sides: meeting.sides,
    attendeeIds: meeting.attendeeIds,
    from,
    to,
    except: meeting.except,
  });
  const placed = placeMeeting(occupancy, {
    start,
    length: meeting.lengthSlots,
    sides: meeting.sides,
    attendeeIds: meeting.attendeeIds,
    table: meeting.table,
  });
  if (placed.ok) return placed;
  if (placed.problem === "person_busy")
    return {
      ok: false,
      problem: "person_busy",
      personName: await personNameOf(trx, placed.personId),
    };
  return placed;
}

/**
 * The guard: inserts the claims in one statement. A claim held by another booked meeting fails it
 * with a unique violation, which undoes the transaction.
 */
async function insertClaims(trx: Db, eventId: number, bilateralId: number, claims: Placement["claims"]): Promise<void> {
  await trx
    .insertInto("bilateral_claims")
    .values(
      claims.map((claim) => ({
        event_id: eventId,
        resource: claim.resource,
        slot_start: claim.slotStart,
        bilateral_id: bilateralId,
      })),
    )
    .execute();
}

async function releaseClaims(trx: Db, bilateralId: number): Promise<void> {
  await trx.deleteFrom("bilateral_claims").where("bilateral_id", "=", bilateralId).execute();
}

// ---------------------------------------------------------------------------------------------
// The request's row.

type BilateralRow = Awaited<ReturnType<typeof lockBilateral>>;

/** The bilateral of the event, its row locked until the transaction ends (SQLite holds the whole database already). */
async function lockBilateral(trx: Db, eventId: number, bilateralId: number) {
  return trx
    .selectFrom("bilaterals")
    .select(["id", "requester_id", "recipient_id", "length_slots", "status", "proposed_start", "proposed_by", "booked_via", "version"])
    .where("id", "=", bilateralId)
    .where("event_id", "=", eventId)
    .$if(isPostgres(trx), (query) => query.forUpdate())
    .executeTakeFirst();
}

/** The row when the acting delegation is a side and the form's version is the current one. */
async function bilateralOfSide(trx: Db, acting: ActingSide, bilateralId: number, version: number): Promise<NonNullable<BilateralRow>> {
  const row = await lockBilateral(trx, acting.eventId, bilateralId);
  if (!row || (row.requester_id !== acting.delegationId && row.recipient_id !== acting.delegationId)) refuse("not_found");
  if (row.version !== version) refuse("stale");
  return row;
}

/** Whether `acting` answers the request now: the recipient a plain request, the side that did not propose a proposal. */
function answersNow(row: NonNullable<BilateralRow>, acting: ActingSide): boolean {
  if (row.status === "requested") return row.recipient_id === acting.delegationId;
  if (row.status === "proposed") return row.proposed_by !== acting.delegationId;
  return false;
}

/** Changes the row if its version is still `version`, and moves the version on; "stale" otherwise. */
async function updateBilateral(
  trx: Db,
  row: { id: number; version: number },
  values: Omit<Updateable<BilateralsTable>, "version" | "updated_at">,
  now: Date,
): Promise<void> {
  const result = await trx
    .updateTable("bilaterals")
    .set({ ...values, updated_at: now.toISOString() })
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) refuse("stale");
}

/** Replaces one side's attendees of the meeting. */
async function setAttendees(trx: Db, bilateralId: number, delegationId: number, attendeeIds: readonly number[]): Promise<void> {
  await trx.deleteFrom("bilateral_attendees").where("bilateral_id", "=", bilateralId).where("delegation_id", "=", delegationId).execute();
  if (attendeeIds.length === 0) return;
  await trx
    .insertInto("bilateral_attendees")
    .values(
      attendeeIds.map((person_id) => ({
        bilateral_id: bilateralId,
        person_id,
        delegation_id: delegationId,
      })),
    )
    .execute();
}

async function attendeesOf(trx: Db, bilateralId: number, exceptDelegationId?: number): Promise<number[]> {
  const rows = await trx
    .selectFrom("bilateral_attendees")
    .select("person_id")
    .where("bilateral_id", "=", bilateralId)
    .$if(exceptDelegationId !== undefined, (query) => query.where("delegation_id", "<>", exceptDelegationId ?? 0))
    .orderBy("person_id")
    .execute();
  return rows.map((row) => row.person_id);
}

/** Sets the booking on the row (if its version is still `row.version`) and inserts its claims. */
async function writeBooking(
  trx: Db,
  eventId: number,
  row: { id: number; version: number },
  placed: Placement,
  via: BilateralBookedVia,
  now: Date,
): Promise<void> {
  await updateBilateral(
    trx,
    row,
    {
      status: "booked",
      starts_at: placed.startsAt,
      ends_at: placed.endsAt,
      place_id: placed.placeId,
      table_number: placed.tableNumber,
      booked_via: via,
      proposed_start: null,
      proposed_by: null,
    },
    now,
  );
  await insertClaims(trx, eventId, row.id, placed.claims);
}

// ---------------------------------------------------------------------------------------------
// Booking, for the functions below and for the scheduler.

/**
 * Books the bilateral inside the caller's transaction at `startsAt`: checks the windows, the busy
 * slots and the claims of other meetings; picks the first free table (by place position, id, then
 * table number) unless placeId/tableNumber are given; inserts the claims; sets status 'booked',
 * the time, place, table and booked_via; moves the version on. A booked bilateral moves: its own
 * claims give way to the new ones. The attendees are the ones stored.
 *
 * The primary key of bilateral_claims is the final guard: when a concurrent booking took a claim
 * first, the unique violation propagates (on PostgreSQL it has aborted the caller's transaction,
 * so only the caller's boundary can answer it; see db/errors.ts isUniqueViolation).
 */
export async function bookInTransaction(
  trx: Db,
  input: {
    eventId: number;
    bilateralId: number;
    startsAt: string;
    via: BilateralBookedVia;
    placeId?: number;
    tableNumber?: number;
  },
  now = new Date(),
): Promise<BookingResult> {
  const row = await lockBilateral(trx, input.eventId, input.bilateralId);
  if (!row) throw new Error(`No bilateral ${input.bilateralId} in event ${input.eventId}`);
  // No window, table or team may be removed under a meeting being booked.
  await holdBilateralSetup(trx, input.eventId);
  const setup = await getBilateralSetup(trx, input.eventId);
  const table = input.placeId !== undefined && input.tableNumber !== undefined ? { placeId: input.placeId, tableNumber: input.tableNumber } : undefined;
  const placed = await planBooking(trx, input.eventId, setup, {
    sides: [row.requester_id, row.recipient_id],
    lengthSlots: row.length_slots,
    startsAt: input.startsAt,
    attendeeIds: await attendeesOf(trx, row.id),
    table,
    except: row.id,
  });
  if (!placed.ok) return placed;
  await releaseClaims(trx, row.id);
  await writeBooking(trx, input.eventId, row, placed, input.via, now);
  return {
    ok: true,
    startsAt: placed.startsAt,
    endsAt: placed.endsAt,
    placeId: placed.placeId,
    tableNumber: placed.tableNumber,
  };
}

// ---------------------------------------------------------------------------------------------
// The request's lifecycle.

export interface BilateralRequestInput {
  recipientId: number;
  topic: string;
  lengthSlots: number;
  priority: BilateralPriorityName;
  mustMeet: boolean;
  /** Slot starts (any ISO form) where the meeting fits in a window. */
  preferredStarts: string[];
  /** Members of the acting delegation; may be empty. */
  attendeeIds: number[];
}

/** What requesting and self-booking both check: the other side, the length, the attendees. */
async function checkNewMeeting(
  trx: Db,
  acting: ActingSide,
  input: {
    recipientId: number;
    lengthSlots: number;
    attendeeIds: readonly number[];
  },
) {
  if (input.recipientId === acting.delegationId) refuse("own_delegation");
  const delegations = await trx
    .selectFrom("delegations")
    .select(["id", "self_booking"])
    .where("event_id", "=", acting.eventId)
    .where("id", "in", [acting.delegationId, input.recipientId])
    .execute();
  const recipient = delegations.find((row) => row.id === input.recipientId);
  if (!recipient) refuse("delegation_not_found");
  const setup = await getBilateralSetup(trx, acting.eventId);
  if (!lengthAllowed(setup, input.lengthSlots)) refuse("length_not_allowed");
  await checkAttendees(trx, acting, input.attendeeIds);
  const selfBooking = delegations.length === 2 && delegations.every((row) => row.self_booking === 1);
  return { setup, selfBooking };
}

async function insertBilateral(
  trx: Db,
  acting: ActingSide,
  input: {
    recipientId: number;
    topic: string;
    lengthSlots: number;
    priority: BilateralPriorityName;
    mustMeet: boolean;
  },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const { id } = await trx
    .insertInto("bilaterals")
    .values({
      event_id: acting.eventId,
      requester_id: acting.delegationId,
      recipient_id: input.recipientId,
      topic: input.topic,
      length_slots: input.lengthSlots,
      priority: input.priority,
      must_meet: input.mustMeet ? 1 : 0,
      status: "requested",
      created_by: acting.userId,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Asks the recipient delegation for a meeting; status requested. */
export async function createBilateralRequest(db: Db, acting: ActingSide, input: BilateralRequestInput, now = new Date()): Promise<BilateralResult> {
  const topic = validTopic(input.topic);
  const attendeeIds = unique(input.attendeeIds);
  return inBookingTransaction(db, async (trx) => {
    const { setup } = await checkNewMeeting(trx, acting, {
      ...input,
      attendeeIds,
    });
    const preferred = new Map<number, string>();
    for (const instant of input.preferredStarts) {
      const start = startIndexAt(setup.grid, input.lengthSlots, instant);
      if (start === undefined) refuse("outside_windows");
      preferred.set(start, setup.grid[start].startsAt);
    }
    const id = await insertBilateral(trx, acting, { ...input, topic }, now);
    if (preferred.size > 0) {
      await trx
        .insertInto("bilateral_preferred_starts")
        .values(
          [...preferred.values()].map((starts_at) => ({
            bilateral_id: id,
            starts_at,
          })),
        )
        .execute();
    }
    await setAttendees(trx, id, acting.delegationId, attendeeIds);
    return { ok: true, id };
  });
}

/**
 * Books a meeting at once, when both delegations have opened self-booking: status booked (via
 * 'self'). The recipient is told and may decline it.
 */
export async function selfBookBilateral(
  db: Db,
  acting: ActingSide,
  input: {
    recipientId: number;
    topic: string;
    lengthSlots: number;
    priority: BilateralPriorityName;
    startsAt: string;
    attendeeIds: number[];
  },
  now = new Date(),
): Promise<BilateralResult> {
  const topic = validTopic(input.topic);
  const attendeeIds = unique(input.attendeeIds);
  return inBookingTransaction(db, async (trx) => {
    const { setup, selfBooking } = await checkNewMeeting(trx, acting, {
      ...input,
      attendeeIds,
    });
    if (!selfBooking) refuse("not_self_booking");
    const placed = await planBooking(trx, acting.eventId, setup, {
      sides: [acting.delegationId, input.recipientId],
      lengthSlots: input.lengthSlots,
      startsAt: input.startsAt,
      attendeeIds,
    });
    if (!placed.ok) refuse(placed.problem, placed.personName);
    const id = await insertBilateral(trx, acting, { ...input, topic, mustMeet: false }, now);
    await setAttendees(trx, id, acting.delegationId, attendeeIds);
    await writeBooking(trx, acting.eventId, { id, version: 1 }, placed, "self", now);
    return { ok: true, id };
  });
}

/**
 * The answering side agrees: with a start, the meeting is booked there (via 'agreed'); without,
 * it is accepted and left to the scheduler. A plain request is answered by its recipient, at any
 * common free start; a proposal by the side that did not make it, at the proposed start.
 * `attendeeIds` replaces the acting side's attendees.
 */
export async function acceptBilateral(
  db: Db,
  acting: ActingSide,
  input: {
    bilateralId: number;
    version: number;
    startsAt: string | null;
    attendeeIds: number[];
  },
  now = new Date(),
): Promise<BilateralResult> {
  const attendeeIds = unique(input.attendeeIds);
  return inBookingTransaction(db, async (trx) => {
    const row = await bilateralOfSide(trx, acting, input.bilateralId, input.version);
    if (!answersNow(row, acting)) refuse("wrong_status");
    if (row.status === "proposed" && input.startsAt !== null && Date.parse(input.startsAt) !== Date.parse(row.proposed_start ?? "")) refuse("wrong_status");
    await checkAttendees(trx, acting, attendeeIds);
    if (input.startsAt === null) {
      await updateBilateral(trx, row, { status: "accepted", proposed_start: null, proposed_by: null }, now);
      await setAttendees(trx, row.id, acting.delegationId, attendeeIds);
      return { ok: true, id: row.id };
    }
    const setup = await getBilateralSetup(trx, acting.eventId);
    const others = await attendeesOf(trx, row.id, acting.delegationId);
    const placed = await planBooking(trx, acting.eventId, setup, {
      sides: [row.requester_id, row.recipient_id],
      lengthSlots: row.length_slots,
      startsAt: input.startsAt,
      attendeeIds: [...others, ...attendeeIds],
    });
    if (!placed.ok) refuse(placed.problem, placed.personName);
    await setAttendees(trx, row.id, acting.delegationId, attendeeIds);
    await writeBooking(trx, acting.eventId, row, placed, "agreed", now);
    return { ok: true, id: row.id };
  });
}

/**
 * Proposes another time: the recipient instead of accepting a plain request, or the side that did
 * not make the current proposal instead of accepting it. The time must be free for both sides and
 * the attendees named so far, with a table, now; it is claimed only when the other side accepts.
 */
export async function proposeBilateralTime(
  db: Db,
  acting: ActingSide,
  input: { bilateralId: number; version: number; startsAt: string },
  now = new Date(),
): Promise<BilateralResult> {
  return inBookingTransaction(db, async (trx) => {
    const row = await bilateralOfSide(trx, acting, input.bilateralId, input.version);
    if (!answersNow(row, acting)) refuse("wrong_status");
    const setup = await getBilateralSetup(trx, acting.eventId);
    const placed = await planBooking(trx, acting.eventId, setup, {
      sides: [row.requester_id, row.recipient_id],
      lengthSlots: row.length_slots,
      startsAt: input.startsAt,
      attendeeIds: await attendeesOf(trx, row.id),
    });
    if (!placed.ok) refuse(placed.problem, placed.personName);
    await updateBilateral(
      trx,
      row,
      {
        status: "proposed",
        proposed_start: placed.startsAt,
        proposed_by: acting.delegationId,
      },
      now,
    );
    return { ok: true, id: row.id };
  });
}

/**
 * Closes the request or meeting with a reason, freeing whatever it had claimed. A cancelled
 * meeting keeps the time it had, so calendar feeds can show it as cancelled for a while.
 */
async function closeBilateral(
  trx: Db,
  acting: ActingSide,
  row: { id: number; version: number },
  status: "declined" | "cancelled",
  reason: string,
  now: Date,
): Promise<void> {
  await updateBilateral(
    trx,
    row,
    {
      status,
      closing_reason: reason,
      closed_by: acting.delegationId,
      proposed_start: null,
      proposed_by: null,
      ...(status === "declined" ? { starts_at: null, ends_at: null } : {}),
      place_id: null,
      table_number: null,
    },
    now,
  );
  await releaseClaims(trx, row.id);
}

/**
 * The answering side says no, with a reason: to a plain request (its recipient), to a proposal
 * (the side that did not make it), or to a meeting the other side self-booked (its recipient),
 * whose time, table and people are then free again.
 */
export async function declineBilateral(
  db: Db,
  acting: ActingSide,
  input: { bilateralId: number; version: number; reason: string },
  now = new Date(),
): Promise<BilateralResult> {
  const reason = validReason(input.reason);
  return inBookingTransaction(db, async (trx) => {
    const row = await bilateralOfSide(trx, acting, input.bilateralId, input.version);
    const selfBookedByOther = row.status === "booked" && row.booked_via === "self" && row.recipient_id === acting.delegationId;
    if (!answersNow(row, acting) && !selfBookedByOther) refuse("wrong_status");
    await closeBilateral(trx, acting, row, "declined", reason, now);
    return { ok: true, id: row.id };
  });
}

/** Either side calls off a request or meeting that is still open or booked, with a reason; its claims are freed. */
export async function cancelBilateral(
  db: Db,
  acting: ActingSide,
  input: { bilateralId: number; version: number; reason: string },
  now = new Date(),
): Promise<BilateralResult> {
  const reason = validReason(input.reason);
  return inBookingTransaction(db, async (trx) => {
    const row = await bilateralOfSide(trx, acting, input.bilateralId, input.version);
    if (row.status === "declined" || row.status === "cancelled") refuse("wrong_status");
    await closeBilateral(trx, acting, row, "cancelled", reason, now);
    return { ok: true, id: row.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading.

export interface BilateralListItem {
  id: number;
  version: number;
  status: BilateralStatus;
  direction: "outgoing" | "incoming";
  other: {
    id: number;
    key: string;
    name_en: string | null;
    name_zh: string | null;
    country: string | null;
    selfBooking: boolean;
  };
  topic: string;
  lengthSlots: number;
  priority: BilateralPriorityName;
  mustMeet: boolean;
  preferredStarts: string[];
  proposedStart: string | null;
  proposedByUs: boolean;
  startsAt: string | null;
  endsAt: string | null;
  place: { id: number; name_en: string | null; name_zh: string | null } | null;
  tableNumber: number | null;
  bookedVia: BilateralBookedVia | null;
  closingReason: string | null;
  closedByUs: boolean;
  attendees: Array<{ personId: number; name: string; delegationId: number }>;
  updatedAt: string;
}

/** Bilaterals the delegation is a side of. */
function sideIs(delegationId: number) {
  return (eb: ExpressionBuilder<Database, "bilaterals">) =>
    eb.or([eb("bilaterals.requester_id", "=", delegationId), eb("bilaterals.recipient_id", "=", delegationId)]);
}

/** The delegation's requests and meetings in the event, both directions, newest first. */
export async function listBilateralsOf(db: Db, eventId: number, delegationId: number): Promise<BilateralListItem[]> {
  const rows = await db
    .selectFrom("bilaterals")
    .innerJoin("delegations as other", (join) =>
      join.on((eb) =>
        eb(
          "other.id",
          "=",
          eb.case().when("bilaterals.requester_id", "=", delegationId).then(eb.ref("bilaterals.recipient_id")).else(eb.ref("bilaterals.requester_id")).end(),
        ),
      ),
    )
    .leftJoin("bilateral_places as place", "place.id", "bilaterals.place_id")
    .select([
      "bilaterals.id",
      "bilaterals.version",
      "bilaterals.status",
      "bilaterals.requester_id",
      "bilaterals.topic",
      "bilaterals.length_slots",
      "bilaterals.priority",
      "bilaterals.must_meet",
      "bilaterals.proposed_start",
      "bilaterals.proposed_by",
      "bilaterals.starts_at",
      "bilaterals.ends_at",
      "bilaterals.table_number",
      "bilaterals.booked_via",
      "bilaterals.closing_reason",
      "bilaterals.closed_by",
      "bilaterals.updated_at",
      "other.id as other_id",
      "other.key as other_key",
      "other.name_en as other_name_en",
      "other.name_zh as other_name_zh",
      "other.country as other_country",
      "other.self_booking as other_self_booking",
      "place.id as place_id",
      "place.name_en as place_name_en",
      "place.name_zh as place_name_zh",
    ])
    .where("bilaterals.event_id", "=", eventId)
    .where(sideIs(delegationId))
    .orderBy("bilaterals.id", "desc")
    .execute();
  if (rows.length === 0) return [];

  const preferred = await db
    .selectFrom("bilateral_preferred_starts")
    .innerJoin("bilaterals", "bilaterals.id", "bilateral_preferred_starts.bilateral_id")
    .select(["bilateral_preferred_starts.bilateral_id", "bilateral_preferred_starts.starts_at"])
    .where("bilaterals.event_id", "=", eventId)
    .where(sideIs(delegationId))
    .orderBy("bilateral_preferred_starts.starts_at")
    .execute();
  const attendees = await db
    .selectFrom("bilateral_attendees")
    .innerJoin("bilaterals", "bilaterals.id", "bilateral_attendees.bilateral_id")
    .innerJoin("people", "people.id", "bilateral_attendees.person_id")
    .select(["bilateral_attendees.bilateral_id", "bilateral_attendees.person_id", "bilateral_attendees.delegation_id", "people.name"])
    .where("bilaterals.event_id", "=", eventId)
    .where(sideIs(delegationId))
    .orderBy("people.name")
    .orderBy("bilateral_attendees.person_id")
    .execute();

  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    status: row.status,
    direction: row.requester_id === delegationId ? "outgoing" : "incoming",
    other: {
      id: row.other_id,
      key: row.other_key,
      name_en: row.other_name_en,
      name_zh: row.other_name_zh,
      country: row.other_country,
      selfBooking: row.other_self_booking === 1,
    },
    topic: row.topic,
    lengthSlots: row.length_slots,
    priority: row.priority,
    mustMeet: row.must_meet === 1,
    preferredStarts: preferred.filter((start) => start.bilateral_id === row.id).map((start) => start.starts_at),
    proposedStart: row.proposed_start,
    proposedByUs: row.proposed_by === delegationId,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place:
      row.place_id === null
        ? null
        : {
            id: row.place_id,
            name_en: row.place_name_en,
            name_zh: row.place_name_zh,
          },
    tableNumber: row.table_number,
    bookedVia: row.booked_via,
    closingReason: row.closing_reason,
    closedByUs: row.closed_by === delegationId,
    attendees: attendees
      .filter((attendee) => attendee.bilateral_id === row.id)
      .map((attendee) => ({
        personId: attendee.person_id,
        name: attendee.name,
        delegationId: attendee.delegation_id,
      })),
    updatedAt: row.updated_at,
  }));
}

/**
 * The starts (slots of the grid) where a meeting of `lengthSlots` between the two sides fits now:
 * both sides have a free team, every attendee is free and a table is free, exactly as booking
 * decides. None when the length is not allowed or a side is not in the event.
 */
export async function freeStartsFor(
  db: Db,
  eventId: number,
  input: { sides: [number, number]; lengthSlots: number; attendeeIds: number[] },
): Promise<Array<{ index: number; startsAt: string; endsAt: string }>> {
  const setup = await getBilateralSetup(db, eventId);
  if (!lengthAllowed(setup, input.lengthSlots) || setup.grid.length === 0) return [];
  const attendeeIds = unique(input.attendeeIds);
  const occupancy = await loadOccupancy(db, eventId, setup, {
    sides: input.sides,
    attendeeIds,
    from: setup.grid[0].startsAt,
    // The grid is in time order, but a slot of an earlier window may end last.
    to: setup.grid.reduce((latest, slot) => (slot.endsAt > latest ? slot.endsAt : latest), setup.grid[0].endsAt),
  });
  return startsFor(setup.grid, input.lengthSlots)
    .filter(
      (start) =>
        placeMeeting(occupancy, {
          start,
          length: input.lengthSlots,
          sides: input.sides,
          attendeeIds,
        }).ok,
    )
    .map((start) => ({
      index: start,
      startsAt: setup.grid[start].startsAt,
      endsAt: setup.grid[start + input.lengthSlots - 1].endsAt,
    }));
}

/** The two sides of a bilateral of the event, by id: the policy's question is whose it is. */
export async function findBilateralSides(
  db: Db,
  eventId: number,
  bilateralId: number,
): Promise<{ id: number; requesterId: number; recipientId: number } | undefined> {
  const row = await db
    .selectFrom("bilaterals")
    .select(["id", "requester_id", "recipient_id"])
    .where("event_id", "=", eventId)
    .where("id", "=", bilateralId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        requesterId: row.requester_id,
        recipientId: row.recipient_id,
      }
    : undefined;
}
