import type { SelectQueryBuilder } from "kysely";
import { engineOf, type Db } from "../../db/client";
import type { Database } from "../../db/schema";
import { daysBetween, localToUtc } from "../../lib/zoned-time";
import { recordAudit } from "./audit.server";
import { slotGrid, slotsOverlapping, type BilateralWindow, type GridSlot } from "../scheduling/bilateral-slots";

// The frame bilateral meetings happen in: the event's slot length and allowed lengths, its meeting
// windows and places, and each delegation's teams, self-booking and busy blocks; and from these
// and the agenda, who is busy when.

export interface BilateralSettings {
  slotMinutes: number;
  minSlots: number;
  maxSlots: number;
}

export interface BilateralPlace {
  id: number;
  name_en: string | null;
  name_zh: string | null;
  tables: number;
  position: number;
}

export interface BilateralSetup {
  /** The event's IANA zone. */
  timeZone: string;
  settings: BilateralSettings;
  /** By start. */
  windows: BilateralWindow[];
  grid: GridSlot[];
  /** By position, id. */
  places: BilateralPlace[];
}

export async function getBilateralSetup(db: Db, eventId: number): Promise<BilateralSetup> {
  const event = await db
    .selectFrom("events")
    .select(["time_zone", "bilateral_slot_minutes", "bilateral_min_slots", "bilateral_max_slots"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  const windows = await db
    .selectFrom("bilateral_windows")
    .select(["id", "starts_at as startsAt", "ends_at as endsAt"])
    .where("event_id", "=", eventId)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  const places = await db
    .selectFrom("bilateral_places")
    .select(["id", "name_en", "name_zh", "tables", "position"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const settings = {
    slotMinutes: event.bilateral_slot_minutes,
    minSlots: event.bilateral_min_slots,
    maxSlots: event.bilateral_max_slots,
  };
  return {
    timeZone: event.time_zone,
    settings,
    windows,
    grid: slotGrid(windows, settings.slotMinutes),
    places,
  };
}

/**
 * Who is busy in which slot of the grid, from the agenda and the busy blocks (not from bilateral
 * meetings: booked meetings are counted through bilateral_claims by the booking model).
 * - a person is busy in every slot overlapping a non-cancelled session of the event where they
 *   are in session_people (any role), or where they hold a seat that is seated (not waiting);
 * - a delegation is busy in every slot its busy blocks overlap, and in every slot where all of
 *   its members are busy as persons (nobody left to meet); one without members only by blocks.
 */
export interface BilateralAvailability {
  delegations: Map<number, { teams: number; selfBooking: boolean; busy: Set<number> }>;
  /** Only people with at least one busy slot appear. */
  people: Map<number, Set<number>>;
}

/**
 * Without a scope: every delegation and person of the event. With one: only the delegations and
 * people it names (a key left out names none); the members of the named delegations are read
 * too, to tell when all of them are busy, and appear in `people`. With an empty grid it reads
 * only the delegations' options (teams, self-booking), in one query: pages that need no busy
 * slots ask for those that way.
 */
export async function loadAvailability(
  db: Db,
  eventId: number,
  grid: readonly GridSlot[],
  scope?: { delegationIds?: number[]; personIds?: number[] },
): Promise<BilateralAvailability> {
  const scopedDelegations = scope ? (scope.delegationIds ?? []) : undefined;
  const delegationRows = await db
    .selectFrom("delegations")
    .select(["id", "bilateral_teams", "self_booking"])
    .where("event_id", "=", eventId)
    .$if(scopedDelegations !== undefined, (query) => query.where("id", "in", nonEmpty(scopedDelegations ?? [])))
    .orderBy("id")
    .execute();
  const delegations: BilateralAvailability["delegations"] = new Map(
    delegationRows.map((row) => [
      row.id,
      {
        teams: row.bilateral_teams,
        selfBooking: row.self_booking === 1,
        busy: new Set<number>(),
      },
    ]),
  );
  const people: BilateralAvailability["people"] = new Map();
  if (grid.length === 0) return { delegations, people };

  const delegationIds = [...delegations.keys()];
  const members =
    delegationIds.length === 0
      ? []
      : await db
          .selectFrom("delegation_members")
          .select(["delegation_id", "person_id"])
          .where("event_id", "=", eventId)
          .$if(scopedDelegations !== undefined, (query) => query.where("delegation_id", "in", delegationIds))
          .execute();
  const personIds = scope ? [...new Set([...(scope.personIds ?? []), ...members.map((member) => member.person_id)])] : undefined;

  const span = {
    startsAt: grid.reduce((min, slot) => (slot.startsAt < min ? slot.startsAt : min), grid[0].startsAt),
    endsAt: grid.reduce((max, slot) => (slot.endsAt > max ? slot.endsAt : max), grid[0].endsAt),
  };
  const busyIntervals = personIds?.length === 0 ? [] : await personBusyIntervals(db, eventId, span, personIds);
  for (const interval of busyIntervals) {
    const slots = slotsOverlapping(grid, interval);
    if (slots.length === 0) continue;
    const busy = people.get(interval.personId) ?? new Set<number>();
    for (const index of slots) busy.add(index);
    people.set(interval.personId, busy);
  }

  const blocks =
    delegationIds.length === 0
      ? []
      : await db
          .selectFrom("bilateral_busy_blocks")
          .select(["delegation_id", "starts_at as startsAt", "ends_at as endsAt"])
          .where("event_id", "=", eventId)
          .$if(scopedDelegations !== undefined, (query) => query.where("delegation_id", "in", delegationIds))
          .where("starts_at", "<", span.endsAt)
          .where("ends_at", ">", span.startsAt)
          .execute();
  for (const block of blocks) {
    const busy = delegations.get(block.delegation_id)?.busy;
    for (const index of slotsOverlapping(grid, block)) busy?.add(index);
  }

  const membersOf = new Map<number, number[]>();
  for (const member of members) {
    const ids = membersOf.get(member.delegation_id);
    if (ids) ids.push(member.person_id);
    else membersOf.set(member.delegation_id, [member.person_id]);
  }
  for (const [delegationId, memberIds] of membersOf) {
    const busy = delegations.get(delegationId)?.busy;
    if (!busy) continue;
    const [first, ...others] = memberIds.map((personId) => people.get(personId));
    for (const index of first ?? []) if (others.every((set) => set?.has(index))) busy.add(index);
  }
  return { delegations, people };
}

/** `in ()` is not SQL: an empty list becomes one id no row has. */
function nonEmpty(ids: readonly number[]): number[] {
  return ids.length > 0 ? [...ids] : [-1];
}

/**
 * The times people of the event are taken by the agenda within `span`: the non-cancelled sessions
 * they take part in, and those where they hold a seat (a waiting place is not a seat).
 */
async function personBusyIntervals(db: Db, eventId: number, span: { startsAt: string; endsAt: string }, personIds: number[] | undefined) {
  const taking = db
    .selectFrom("session_people")
    .innerJoin("sessions", "sessions.id", "session_people.session_id")
    .select(["session_people.person_id as personId", "sessions.starts_at as startsAt", "sessions.ends_at as endsAt"])
    .where("sessions.event_id", "=", eventId)
    .where("sessions.status", "<>", "cancelled")
    .where("sessions.starts_at", "<", span.endsAt)
    .where("sessions.ends_at", ">", span.startsAt)
    .$if(personIds !== undefined, (query) => query.where("session_people.person_id", "in", personIds ?? []));
  const seated = db
    .selectFrom("seats")
    .innerJoin("registrations", "registrations.id", "seats.registration_id")
    .innerJoin("sessions", "sessions.id", "seats.session_id")
    .select(["registrations.person_id as personId", "sessions.starts_at as startsAt", "sessions.ends_at as endsAt"])
    .where("registrations.event_id", "=", eventId)
    .where("sessions.event_id", "=", eventId)
    .where("seats.status", "=", "seated")
    .where("sessions.status", "<>", "cancelled")
    .where("sessions.starts_at", "<", span.endsAt)
    .where("sessions.ends_at", ">", span.startsAt)
    .$if(personIds !== undefined, (query) => query.where("registrations.person_id", "in", personIds ?? []));
  return taking.unionAll(seated).execute();
}

// ---------------------------------------------------------------------------------------------
// Editing the setup. Each change is one transaction that first locks the event row (PostgreSQL;
// SQLite's BEGIN IMMEDIATE holds the whole database already), so two organizers' changes to the
// same event run one after the other; a change refused by a check made after its write rolls back.
// A booking that calls holdBilateralSetup first cannot interleave with them: each waits for the
// other, and the one that waited then reads what the other committed.

/**
 * Keeps the event's bilateral setup (settings, windows, places, delegations' teams) as it is until
 * the caller's transaction ends: on PostgreSQL a shared lock on the event row, which every setup
 * change takes for update first; SQLite serialises write transactions already. Booking calls it
 * before reading the setup, so no window, table or team is removed under a meeting being booked.
 */
export async function holdBilateralSetup(trx: Db, eventId: number): Promise<void> {
  if (engineOf(trx) !== "postgres") return;
  await trx.selectFrom("events").select("id").where("id", "=", eventId).forShare().execute();
}

/** Why a change to the setup cannot be made; routes turn these into messages by the field. */
export type BilateralSetupProblem =
  | "not_found"
  | "invalid_time"
  | "nonexistent_time"
  | "end_not_after_start"
  | "outside_event_days"
  | "overlaps_window"
  | "min_above_max"
  /** A booked meeting depends on what would change (its window, place, table, team or time). */
  | "meetings_booked";

/** The form field a time problem is about. */
export type LocalSpanField = "day" | "startTime" | "endTime";

export type SetupResult = { ok: true; id?: number } | { ok: false; problem: BilateralSetupProblem; field?: LocalSpanField };

/** A local day and wall-clock times in the event's zone, as typed. */
export interface LocalSpan {
  day: string;
  startTime: string;
  endTime: string;
}

export interface OrganizerAct {
  eventId: number;
  actorUserId: number;
}

export interface DelegationAct extends OrganizerAct {
  delegationId: number;
}

export interface PlaceInput {
  nameEn: string | null;
  nameZh: string | null;
  tables: number;
  position: number;
}

class Refusal {
  constructor(readonly result: SetupResult) {}
}

/** One transaction; a refusal returned by `work` rolls back whatever it wrote. */
async function inSetupTransaction(db: Db, eventId: number, work: (trx: Db, event: LockedEvent) => Promise<SetupResult>): Promise<SetupResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const event = await trx
        .selectFrom("events")
        .select(["time_zone", "starts_on", "ends_on", "bilateral_slot_minutes"])
        .where("id", "=", eventId)
        .$if(engineOf(trx) === "postgres", (query) => query.forUpdate())
        .executeTakeFirst();
      if (!event) throw new Refusal({ ok: false, problem: "not_found" });
      const result = await work(trx, event);
      if (!result.ok) throw new Refusal(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

interface LockedEvent {
  time_zone: string;
  starts_on: string;
  ends_on: string;
  bilateral_slot_minutes: number;
}

function timeProblem(reason: "invalid" | "nonexistent"): BilateralSetupProblem {
  return reason === "nonexistent" ? "nonexistent_time" : "invalid_time";
}

/** The span as UTC instants, or why it is not one: times that exist in the zone, end after start, a day of the event. */
function instantsOf(
  span: LocalSpan,
  event: LockedEvent,
): { ok: true; startsAt: string; endsAt: string } | { ok: false; problem: BilateralSetupProblem; field: LocalSpanField } {
  if (span.day < event.starts_on || span.day > event.ends_on) return { ok: false, problem: "outside_event_days", field: "day" };
  const start = localToUtc(span.day, span.startTime, event.time_zone);
  if (!start.ok)
    return {
      ok: false,
      problem: timeProblem(start.reason),
      field: "startTime",
    };
  const end = localToUtc(span.day, span.endTime, event.time_zone);
  if (!end.ok) return { ok: false, problem: timeProblem(end.reason), field: "endTime" };
  if (end.iso <= start.iso) return { ok: false, problem: "end_not_after_start", field: "endTime" };
  return { ok: true, startsAt: start.iso, endsAt: end.iso };
}

type BookedQuery = SelectQueryBuilder<Database, "bilaterals", { id: number }>;

/** Whether a meeting of the event is booked (among those `narrow` keeps). */
async function hasBookedMeeting(trx: Db, eventId: number, narrow: (query: BookedQuery) => BookedQuery = (query) => query): Promise<boolean> {
  const query = trx.selectFrom("bilaterals").select("id").where("event_id", "=", eventId).where("status", "=", "booked");
  return (await narrow(query).limit(1).executeTakeFirst()) !== undefined;
}

/** The slot length and the lengths a meeting may take; the slot length stays while any meeting is booked (its claims count in slots). */
export async function updateBilateralSettings(db: Db, { eventId, actorUserId }: OrganizerAct, settings: BilateralSettings): Promise<SetupResult> {
  if (settings.minSlots > settings.maxSlots) return { ok: false, problem: "min_above_max" };
  return inSetupTransaction(db, eventId, async (trx, event) => {
    if (settings.slotMinutes !== event.bilateral_slot_minutes && (await hasBookedMeeting(trx, eventId))) return { ok: false, problem: "meetings_booked" };
    await trx
      .updateTable("events")
      .set({
        bilateral_slot_minutes: settings.slotMinutes,
        bilateral_min_slots: settings.minSlots,
        bilateral_max_slots: settings.maxSlots,
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", eventId)
      .execute();
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_settings.update",
      subjectType: "event",
      subjectId: eventId,
      details: { ...settings },
    });
    return { ok: true };
  });
}

/** A meeting window on a day of the event, not overlapping another (slots of overlapping windows would clash). */
export async function addBilateralWindow(db: Db, { eventId, actorUserId }: OrganizerAct, span: LocalSpan): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx, event) => {
    const instants = instantsOf(span, event);
    if (!instants.ok) return instants;
    const overlapping = await trx
      .selectFrom("bilateral_windows")
      .select("id")
      .where("event_id", "=", eventId)
      .where("starts_at", "<", instants.endsAt)
      .where("ends_at", ">", instants.startsAt)
      .executeTakeFirst();
    if (overlapping) return { ok: false, problem: "overlaps_window", field: "startTime" };
    const { id } = await trx
      .insertInto("bilateral_windows")
      .values({
        event_id: eventId,
        starts_at: instants.startsAt,
        ends_at: instants.endsAt,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_window.create",
      subjectType: "bilateral_window",
      subjectId: id,
      details: { startsAt: instants.startsAt, endsAt: instants.endsAt },
    });
    return { ok: true, id };
  });
}

/** Removes a window in which no booked meeting lies. */
export async function removeBilateralWindow(db: Db, { eventId, actorUserId }: OrganizerAct, windowId: number): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const removed = await trx
      .deleteFrom("bilateral_windows")
      .where("id", "=", windowId)
      .where("event_id", "=", eventId)
      .returning(["starts_at", "ends_at"])
      .executeTakeFirst();
    if (!removed) return { ok: false, problem: "not_found" };
    // A meeting runs inside one window, so one lying within this window's span is in it.
    const booked = await hasBookedMeeting(trx, eventId, (query) => query.where("starts_at", ">=", removed.starts_at).where("ends_at", "<=", removed.ends_at));
    if (booked) return { ok: false, problem: "meetings_booked" };
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_window.delete",
      subjectType: "bilateral_window",
      subjectId: windowId,
    });
    return { ok: true };
  });
}

function placeValues(input: PlaceInput) {
  return {
    name_en: input.nameEn,
    name_zh: input.nameZh,
    tables: input.tables,
    position: input.position,
  };
}

export async function addBilateralPlace(db: Db, { eventId, actorUserId }: OrganizerAct, input: PlaceInput): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const values = placeValues(input);
    const { id } = await trx
      .insertInto("bilateral_places")
      .values({ ...values, event_id: eventId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_place.create",
      subjectType: "bilateral_place",
      subjectId: id,
      details: values,
    });
    return { ok: true, id };
  });
}

/** Renames a place or changes its tables; never below a table number a booked meeting uses. */
export async function updateBilateralPlace(db: Db, { eventId, actorUserId }: OrganizerAct, placeId: number, input: PlaceInput): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const values = placeValues(input);
    const updated = await trx.updateTable("bilateral_places").set(values).where("id", "=", placeId).where("event_id", "=", eventId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { ok: false, problem: "not_found" };
    const booked = await hasBookedMeeting(trx, eventId, (query) => query.where("place_id", "=", placeId).where("table_number", ">", input.tables));
    if (booked) return { ok: false, problem: "meetings_booked" };
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_place.update",
      subjectType: "bilateral_place",
      subjectId: placeId,
      details: values,
    });
    return { ok: true, id: placeId };
  });
}

/** Removes a place where no meeting is booked. */
export async function removeBilateralPlace(db: Db, { eventId, actorUserId }: OrganizerAct, placeId: number): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const place = await trx.selectFrom("bilateral_places").select("id").where("id", "=", placeId).where("event_id", "=", eventId).executeTakeFirst();
    if (!place) return { ok: false, problem: "not_found" };
    if (await hasBookedMeeting(trx, eventId, (query) => query.where("place_id", "=", placeId))) return { ok: false, problem: "meetings_booked" };
    // Requests that are not booked keep no place (a CHECK ties place_id to 'booked'), so nothing else points here.
    await trx.deleteFrom("bilateral_places").where("id", "=", placeId).where("event_id", "=", eventId).execute();
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_place.delete",
      subjectType: "bilateral_place",
      subjectId: placeId,
    });
    return { ok: true };
  });
}

/** Teams (never fewer than the teams its booked meetings hold) and self-booking. */
export async function updateDelegationBilateralOptions(
  db: Db,
  { eventId, delegationId, actorUserId }: DelegationAct,
  options: { teams: number; selfBooking: boolean },
): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const updated = await trx
      .updateTable("delegations")
      .set({
        bilateral_teams: options.teams,
        self_booking: options.selfBooking ? 1 : 0,
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", delegationId)
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { ok: false, problem: "not_found" };
    const prefix = `delegation:${delegationId}:`;
    const claims = await trx
      .selectFrom("bilateral_claims")
      .select("resource")
      .distinct()
      .where("event_id", "=", eventId)
      .where("resource", "like", `${prefix}%`)
      .execute();
    if (claims.some((claim) => Number(claim.resource.slice(prefix.length)) > options.teams)) return { ok: false, problem: "meetings_booked" };
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "delegation_bilateral.update",
      subjectType: "delegation",
      subjectId: delegationId,
      details: { ...options },
    });
    return { ok: true };
  });
}

export interface BusyBlock {
  id: number;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

export async function listBusyBlocks(db: Db, eventId: number, delegationId: number): Promise<BusyBlock[]> {
  return db
    .selectFrom("bilateral_busy_blocks")
    .select(["id", "starts_at as startsAt", "ends_at as endsAt", "note"])
    .where("event_id", "=", eventId)
    .where("delegation_id", "=", delegationId)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
}

/** A time the delegation cannot meet, on a day of the event; refused over a meeting it has booked (cancel that first). */
export async function addBusyBlock(
  db: Db,
  { eventId, delegationId, actorUserId }: DelegationAct,
  input: LocalSpan & { note: string | null },
): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx, event) => {
    const instants = instantsOf(input, event);
    if (!instants.ok) return instants;
    const delegation = await trx.selectFrom("delegations").select("id").where("id", "=", delegationId).where("event_id", "=", eventId).executeTakeFirst();
    if (!delegation) return { ok: false, problem: "not_found" };
    const booked = await hasBookedMeeting(trx, eventId, (query) =>
      query
        .where((eb) => eb.or([eb("requester_id", "=", delegationId), eb("recipient_id", "=", delegationId)]))
        .where("starts_at", "<", instants.endsAt)
        .where("ends_at", ">", instants.startsAt),
    );
    if (booked) return { ok: false, problem: "meetings_booked", field: "startTime" };
    const { id } = await trx
      .insertInto("bilateral_busy_blocks")
      .values({
        event_id: eventId,
        delegation_id: delegationId,
        starts_at: instants.startsAt,
        ends_at: instants.endsAt,
        note: input.note,
        created_by: actorUserId,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_busy_block.create",
      subjectType: "bilateral_busy_block",
      subjectId: id,
      details: {
        delegationId,
        startsAt: instants.startsAt,
        endsAt: instants.endsAt,
      },
    });
    return { ok: true, id };
  });
}

export async function removeBusyBlock(db: Db, { eventId, delegationId, actorUserId }: DelegationAct, blockId: number): Promise<SetupResult> {
  return inSetupTransaction(db, eventId, async (trx) => {
    const removed = await trx
      .deleteFrom("bilateral_busy_blocks")
      .where("id", "=", blockId)
      .where("event_id", "=", eventId)
      .where("delegation_id", "=", delegationId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return { ok: false, problem: "not_found" };
    await recordAudit(trx, {
      actorUserId,
      eventId,
      action: "bilateral_busy_block.delete",
      subjectType: "bilateral_busy_block",
      subjectId: blockId,
      details: { delegationId },
    });
    return { ok: true };
  });
}

/** A stretch of consecutive busy slots. */
export interface BusySpan {
  startsAt: string;
  endsAt: string;
}

/**
 * What a delegation's availability page shows: its options and busy blocks, and per window when
 * the delegation cannot meet (blocks, or all members busy) and when each member is taken by the
 * agenda (a session they take part in, a seat they hold).
 */
export interface DelegationAvailabilityView {
  delegation: { key: string; name_en: string | null; name_zh: string | null };
  timeZone: string;
  /** The event's days, for the block form. */
  days: string[];
  teams: number;
  selfBooking: boolean;
  blocks: BusyBlock[];
  windows: Array<{
    id: number;
    startsAt: string;
    endsAt: string;
    unavailable: BusySpan[];
    /** Only members busy in this window, by name. */
    members: Array<{ personId: number; name: string; busy: BusySpan[] }>;
  }>;
}

export async function getDelegationAvailability(db: Db, eventId: number, delegationId: number): Promise<DelegationAvailabilityView> {
  const setup = await getBilateralSetup(db, eventId);
  const event = await db.selectFrom("events").select(["starts_on", "ends_on"]).where("id", "=", eventId).executeTakeFirstOrThrow();
  const named = await db
    .selectFrom("delegations")
    .select(["key", "name_en", "name_zh"])
    .where("id", "=", delegationId)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const availability = await loadAvailability(db, eventId, setup.grid, {
    delegationIds: [delegationId],
  });
  // Read above, so it is there.
  const delegation = availability.delegations.get(delegationId)!;
  const members = await db
    .selectFrom("delegation_members")
    .innerJoin("people", "people.id", "delegation_members.person_id")
    .select(["people.id as personId", "people.name"])
    .where("delegation_members.delegation_id", "=", delegationId)
    .where("delegation_members.event_id", "=", eventId)
    .orderBy("people.name")
    .orderBy("people.id")
    .execute();
  const windows = setup.windows.map((window) => {
    const slots = setup.grid.filter((slot) => slot.windowId === window.id);
    return {
      ...window,
      unavailable: spansOf(slots, delegation.busy),
      members: members
        .map((member) => ({
          ...member,
          busy: spansOf(slots, availability.people.get(member.personId) ?? new Set()),
        }))
        .filter((member) => member.busy.length > 0),
    };
  });
  return {
    delegation: named,
    timeZone: setup.timeZone,
    days: daysBetween(event.starts_on, event.ends_on),
    teams: delegation.teams,
    selfBooking: delegation.selfBooking,
    blocks: await listBusyBlocks(db, eventId, delegationId),
    windows,
  };
}

/** The busy slots among `slots` (one window's, in order), joined where one follows the other. */
function spansOf(slots: readonly GridSlot[], busy: ReadonlySet<number>): BusySpan[] {
  const spans: BusySpan[] = [];
  for (const slot of slots) {
    if (!busy.has(slot.index)) continue;
    const last = spans.at(-1);
    if (last && last.endsAt === slot.startsAt) last.endsAt = slot.endsAt;
    else spans.push({ startsAt: slot.startsAt, endsAt: slot.endsAt });
  }
  return spans;
}
