import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { BilateralPriorityName, PersonRole } from "../../db/schema";
import { utcToLocal } from "../../lib/zoned-time";
import {
  PRIORITY_WEIGHTS,
  scheduleBilaterals,
  scheduleInSteps,
  type BilateralObjective,
  type BilateralSchedulerInput,
  type LockedMeeting,
  type UnplacedReason,
} from "../scheduling/bilateral-scheduler";
import { slotAt, slotsOverlapping } from "../scheduling/bilateral-slots";
import { recordAudit } from "./audit.server";
import { bookInTransaction } from "./bilateral.server";
import { getBilateralSetup, loadAvailability, type BilateralSetup } from "./bilateral-setup.server";

/*
 * The organizers' side of bilateral meetings: running the scheduler on the accepted requests
 * (preview, then apply in one transaction), the meeting matrix, and a delegation's itinerary.
 * Organizers see when and where meetings happen and their counts, never what is said in them:
 * nothing here reads a topic for them, nor minutes, notes or action items.
 */

export interface DelegationName {
  id: number;
  key: string;
  name_en: string | null;
  name_zh: string | null;
}

export interface PlaceName {
  id: number;
  name_en: string | null;
  name_zh: string | null;
}

/** One table of the event, in the order the scheduler numbers them (place position, id, then table number). */
interface TableRef {
  placeId: number;
  tableNumber: number;
}

/** What the scheduler is given, and what its answer is read against. */
interface ScheduleContext {
  setup: BilateralSetup;
  tables: TableRef[];
  input: BilateralSchedulerInput;
  fingerprint: string;
  /** The accepted requests, by id. */
  requests: Map<number, { requesterId: number; recipientId: number; topic: string; priority: BilateralPriorityName; mustMeet: boolean; lengthSlots: number }>;
}

/**
 * Everything the schedule depends on, read from the database: the slot grid with every table of
 * the event, each delegation's teams and busy slots, the booked meetings locked where they are
 * (delegation teams, people and tables they hold), the accepted requests, and the busy slots of
 * their attendees. Built in a fixed order so that the same state gives the same input.
 */
async function loadScheduleContext(db: Db, eventId: number): Promise<ScheduleContext> {
  const setup = await getBilateralSetup(db, eventId);
  const { grid, places } = setup;
  const tables: TableRef[] = places.flatMap((place) => Array.from({ length: place.tables }, (_, index) => ({ placeId: place.id, tableNumber: index + 1 })));
  const tableIndex = new Map(tables.map((table, index) => [`${table.placeId}:${table.tableNumber}`, index + 1]));

  const rows = await db
    .selectFrom("bilaterals")
    .select([
      "id",
      "requester_id",
      "recipient_id",
      "topic",
      "length_slots",
      "priority",
      "must_meet",
      "status",
      "starts_at",
      "ends_at",
      "place_id",
      "table_number",
    ])
    .where("event_id", "=", eventId)
    .where("status", "in", ["accepted", "booked"])
    .orderBy("id")
    .execute();
  const ids = rows.map((row) => row.id);
  const attendeeRows =
    ids.length === 0
      ? []
      : await db
          .selectFrom("bilateral_attendees")
          .select(["bilateral_id", "person_id"])
          .where("bilateral_id", "in", ids)
          .orderBy("bilateral_id")
          .orderBy("person_id")
          .execute();
  const attendeesOf = new Map<number, number[]>();
  for (const row of attendeeRows) attendeesOf.set(row.bilateral_id, [...(attendeesOf.get(row.bilateral_id) ?? []), row.person_id]);
  const acceptedIds = rows.filter((row) => row.status === "accepted").map((row) => row.id);
  const preferredRows =
    acceptedIds.length === 0
      ? []
      : await db
          .selectFrom("bilateral_preferred_starts")
          .select(["bilateral_id", "starts_at"])
          .where("bilateral_id", "in", acceptedIds)
          .orderBy("bilateral_id")
          .orderBy("starts_at")
          .execute();
  const preferredOf = new Map<number, number[]>();
  for (const row of preferredRows) {
    const slot = slotAt(grid, row.starts_at);
    if (slot) preferredOf.set(row.bilateral_id, [...(preferredOf.get(row.bilateral_id) ?? []), slot.index]);
  }

  const availability = await loadAvailability(db, eventId, grid);
  const delegationBusy = new Map([...availability.delegations].map(([id, delegation]) => [id, new Set(delegation.busy)]));
  const personBusy = new Map([...availability.people].map(([id, busy]) => [id, new Set(busy)]));
  const tableCount = grid.map(() => tables.length);

  const locked: LockedMeeting[] = [];
  const requests: ScheduleContext["requests"] = new Map();
  let strayTables = 0;
  for (const row of rows) {
    const attendees = attendeesOf.get(row.id) ?? [];
    const sides = [row.requester_id, row.recipient_id] as const;
    if (row.status === "accepted") {
      requests.set(row.id, {
        requesterId: row.requester_id,
        recipientId: row.recipient_id,
        topic: row.topic,
        priority: row.priority,
        mustMeet: row.must_meet === 1,
        lengthSlots: row.length_slots,
      });
      continue;
    }
    const covered = row.starts_at && row.ends_at ? slotsOverlapping(grid, { startsAt: row.starts_at, endsAt: row.ends_at }) : [];
    const start = row.starts_at ? slotAt(grid, row.starts_at) : undefined;
    const onGrid =
      start !== undefined &&
      covered.length === row.length_slots &&
      covered[0] === start.index &&
      covered.every((index) => grid[index].windowId === start.windowId);
    if (onGrid) {
      // A table no longer among the places' tables still holds the meeting: it takes a number past them.
      const table = tableIndex.get(`${row.place_id}:${row.table_number}`) ?? tables.length + ++strayTables;
      locked.push({ requestId: row.id, sides, attendees, start: start.index, length: row.length_slots, table });
    } else {
      // Booked before the windows changed, so off the grid: the slots it overlaps lose a table, and
      // its sides and attendees are busy then (a side with more teams loses them all: never too few).
      for (const index of covered) {
        tableCount[index] = Math.max(0, tableCount[index] - 1);
        for (const side of sides) delegationBusy.get(side)?.add(index);
        for (const person of attendees) personBusy.set(person, new Set([...(personBusy.get(person) ?? []), index]));
      }
    }
  }

  const requestAttendees = new Set([...requests.keys()].flatMap((id) => attendeesOf.get(id) ?? []));
  const input: BilateralSchedulerInput = {
    slots: grid.map((slot) => ({ index: slot.index, startsAt: slot.startsAt, windowId: slot.windowId, tables: tableCount[slot.index] })),
    delegations: [...availability.delegations]
      .sort(([a], [b]) => a - b)
      .map(([id, delegation]) => ({ id, teams: delegation.teams, busySlots: [...(delegationBusy.get(id) ?? [])].sort((a, b) => a - b) })),
    requests: [...requests].map(([id, request]) => ({
      id,
      sides: [request.requesterId, request.recipientId] as const,
      length: request.lengthSlots,
      weight: PRIORITY_WEIGHTS[request.priority],
      mustMeet: request.mustMeet,
      preferredStarts: preferredOf.get(id) ?? [],
      attendees: attendeesOf.get(id) ?? [],
    })),
    locked,
    people: [...personBusy]
      .filter(([id]) => requestAttendees.has(id))
      .sort(([a], [b]) => a - b)
      .map(([id, busy]) => ({ id, busySlots: [...busy].sort((a, b) => a - b) })),
  };
  // The tables are part of what is applied: which place and table each scheduler number means.
  const fingerprint = createHash("sha256").update(JSON.stringify({ input, tables })).digest("hex");
  return { setup, tables, input, fingerprint, requests };
}

export interface PlannedMeeting {
  bilateralId: number;
  requester: DelegationName;
  recipient: DelegationName;
  topic: string;
  priority: BilateralPriorityName;
  mustMeet: boolean;
  startsAt: string;
  endsAt: string;
  place: PlaceName;
  tableNumber: number;
  /** One of the request's preferred starts. */
  preferred: boolean;
}

export interface UnplacedRequest {
  bilateralId: number;
  requester: DelegationName;
  recipient: DelegationName;
  topic: string;
  priority: BilateralPriorityName;
  mustMeet: boolean;
  lengthSlots: number;
  reason: UnplacedReason;
}

export interface SchedulePreview {
  placed: PlannedMeeting[];
  unplaced: UnplacedRequest[];
  objective: BilateralObjective;
  /** Must-meet requests among the accepted ones, to set the placed ones against. */
  mustMeetRequests: number;
  /** Identifies the state the preview was computed from: apply refuses another. */
  fingerprint: string;
}

async function delegationNames(db: Db, eventId: number): Promise<Map<number, DelegationName>> {
  const rows = await db.selectFrom("delegations").select(["id", "key", "name_en", "name_zh"]).where("event_id", "=", eventId).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** A delegation of the event by id (its key and names), e.g. for the head of its itinerary. */
export async function findDelegationName(db: Db, eventId: number, delegationId: number): Promise<DelegationName | undefined> {
  return db
    .selectFrom("delegations")
    .select(["id", "key", "name_en", "name_zh"])
    .where("event_id", "=", eventId)
    .where("id", "=", delegationId)
    .executeTakeFirst();
}

/**
 * What the scheduler would place, and what it cannot place and why; nothing is stored. The run
 * pauses at each progress report, so that a stream of that progress reaches the browser while it
 * runs and the server answers other requests meanwhile.
 */
export async function previewSchedule(db: Db, eventId: number, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<SchedulePreview> {
  const context = await loadScheduleContext(db, eventId);
  const steps = scheduleInSteps(context.input);
  let step = steps.next();
  while (!step.done) {
    options.onProgress?.(...step.value);
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  const schedule = step.value;
  const names = await delegationNames(db, eventId);
  const placeById = new Map(context.setup.places.map((place) => [place.id, place]));
  const grid = context.setup.grid;
  const preferredOf = new Map(context.input.requests.map((request) => [request.id, new Set(request.preferredStarts)]));
  const nameOf = (id: number) => names.get(id) ?? { id, key: "", name_en: null, name_zh: null };

  const placed = schedule.placed.map((meeting): PlannedMeeting => {
    const request = context.requests.get(meeting.requestId)!;
    const table = context.tables[meeting.table - 1];
    const place = placeById.get(table.placeId)!;
    return {
      bilateralId: meeting.requestId,
      requester: nameOf(request.requesterId),
      recipient: nameOf(request.recipientId),
      topic: request.topic,
      priority: request.priority,
      mustMeet: request.mustMeet,
      startsAt: grid[meeting.start].startsAt,
      endsAt: grid[meeting.start + meeting.length - 1].endsAt,
      place: { id: place.id, name_en: place.name_en, name_zh: place.name_zh },
      tableNumber: table.tableNumber,
      preferred: preferredOf.get(meeting.requestId)?.has(meeting.start) ?? false,
    };
  });
  const unplaced = schedule.unplaced.map(({ requestId, reason }): UnplacedRequest => {
    const request = context.requests.get(requestId)!;
    return {
      bilateralId: requestId,
      requester: nameOf(request.requesterId),
      recipient: nameOf(request.recipientId),
      topic: request.topic,
      priority: request.priority,
      mustMeet: request.mustMeet,
      lengthSlots: request.lengthSlots,
      reason,
    };
  });
  const mustMeetRequests = [...context.requests.values()].filter((request) => request.mustMeet).length;
  return { placed, unplaced, objective: schedule.objective, mustMeetRequests, fingerprint: context.fingerprint };
}

export type ApplyScheduleResult = { ok: true; placedIds: number[] } | { ok: false; problem: "changed" };

/** Thrown inside the transaction to roll every booking back. */
class ScheduleChanged extends Error {
  constructor() {
    super("changed");
  }
}

/**
 * Books what the preview of `expectedFingerprint` showed, in one transaction: the input is read
 * again inside it, and when it is not the one previewed (a request answered, a meeting booked or
 * cancelled, a window or table changed) nothing is applied. The scheduler gives the same output
 * for the same input, so exactly the previewed meetings are booked; booked meetings were locked,
 * so none moves. A booking the database refuses (someone booked meanwhile) rolls back them all.
 */
export async function applySchedule(
  db: Db,
  eventId: number,
  expectedFingerprint: string,
  options: { actorUserId?: number | null } = {},
): Promise<ApplyScheduleResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<ApplyScheduleResult> => {
      const context = await loadScheduleContext(trx, eventId);
      if (context.fingerprint !== expectedFingerprint) return { ok: false, problem: "changed" };
      const schedule = scheduleBilaterals(context.input);
      for (const meeting of schedule.placed) {
        const table = context.tables[meeting.table - 1];
        const booked = await bookInTransaction(trx, {
          eventId,
          bilateralId: meeting.requestId,
          startsAt: context.setup.grid[meeting.start].startsAt,
          via: "scheduler",
          placeId: table.placeId,
          tableNumber: table.tableNumber,
        });
        if (!booked.ok) throw new ScheduleChanged();
      }
      if (schedule.placed.length > 0) {
        await recordAudit(trx, {
          actorUserId: options.actorUserId ?? null,
          eventId,
          action: "bilateral_schedule.apply",
          subjectType: "event",
          subjectId: eventId,
          details: { bilateralIds: schedule.placed.map((meeting) => meeting.requestId) },
        });
      }
      return { ok: true, placedIds: schedule.placed.map((meeting) => meeting.requestId) };
    });
  } catch (error) {
    // A claim taken by a concurrent booking: on PostgreSQL it aborts the transaction and surfaces here.
    if (error instanceof ScheduleChanged || isUniqueViolation(error)) return { ok: false, problem: "changed" };
    throw error;
  }
}

export interface MatrixSlot {
  index: number;
  windowId: number;
  startsAt: string;
  endsAt: string;
  /** The event-local calendar day. */
  day: string;
  tablesOccupied: number;
  tablesTotal: number;
}

/** A booked meeting as organizers see it: who, when and where; never what about. */
export interface MatrixMeeting {
  id: number;
  requesterId: number;
  recipientId: number;
  startsAt: string;
  endsAt: string;
  /** Grid indexes of its first and last slot. */
  startSlot: number;
  endSlot: number;
  place: PlaceName | null;
  tableNumber: number;
  attendeeCount: number;
}

export interface MatrixRow extends DelegationName {
  country: string | null;
  teams: number;
}

/** An accepted request still without a time, its topic left out. */
export interface MatrixRequest {
  id: number;
  requesterId: number;
  recipientId: number;
  lengthSlots: number;
  priority: BilateralPriorityName;
  mustMeet: boolean;
}

export interface MeetingMatrix {
  timeZone: string;
  slotMinutes: number;
  /** Every event-local day with slots, for the filter. */
  days: string[];
  /** Every delegation of the event, for the filter and the sides' names. */
  delegations: MatrixRow[];
  /** The rows shown: all delegations, or the one filtered on. */
  rows: MatrixRow[];
  slots: MatrixSlot[];
  meetings: MatrixMeeting[];
  unscheduled: MatrixRequest[];
  counts: { booked: number; acceptedUnscheduled: number; pending: number };
}

/** The event's booked meetings with when and where: what the matrix and an itinerary both start from. */
function bookedMeetingsOf(db: Db, eventId: number) {
  return db
    .selectFrom("bilaterals")
    .leftJoin("bilateral_places", "bilateral_places.id", "bilaterals.place_id")
    .select([
      "bilaterals.id",
      "bilaterals.requester_id",
      "bilaterals.recipient_id",
      "bilaterals.starts_at",
      "bilaterals.ends_at",
      "bilaterals.place_id",
      "bilaterals.table_number",
      "bilateral_places.name_en as place_name_en",
      "bilateral_places.name_zh as place_name_zh",
    ])
    .where("bilaterals.event_id", "=", eventId)
    .where("bilaterals.status", "=", "booked");
}

/**
 * The meeting matrix: delegations × slots, each booked meeting with its sides, slots, place and
 * table; per slot the tables occupied; the accepted requests not yet scheduled and the count of
 * those still being negotiated. `delegationKey` keeps one delegation's row and its meetings and
 * requests; `day` (event-local) keeps that day's slots and the meetings in them.
 */
export async function getMeetingMatrix(db: Db, eventId: number, filter: { delegationKey?: string; day?: string } = {}): Promise<MeetingMatrix> {
  const setup = await getBilateralSetup(db, eventId);
  const tablesTotal = setup.places.reduce((sum, place) => sum + place.tables, 0);
  const delegations = await db
    .selectFrom("delegations")
    .select(["id", "key", "name_en", "name_zh", "country", "bilateral_teams as teams"])
    .where("event_id", "=", eventId)
    .orderBy("key")
    .orderBy("id")
    .execute();
  const focus = filter.delegationKey ? delegations.find((delegation) => delegation.key === filter.delegationKey) : undefined;
  // An unknown key shows no row rather than every row.
  const focusId = filter.delegationKey ? (focus?.id ?? -1) : undefined;

  const booked = await bookedMeetingsOf(db, eventId)
    .select((eb) =>
      eb
        .selectFrom("bilateral_attendees")
        .select((inner) => inner.fn.countAll<number>().as("count"))
        .whereRef("bilateral_attendees.bilateral_id", "=", "bilaterals.id")
        .as("attendee_count"),
    )
    .$if(focusId !== undefined, (query) =>
      query.where((eb) => eb.or([eb("bilaterals.requester_id", "=", focusId!), eb("bilaterals.recipient_id", "=", focusId!)])),
    )
    .orderBy("bilaterals.starts_at")
    .orderBy("bilaterals.id")
    .execute();
  const open = await db
    .selectFrom("bilaterals")
    .select(["id", "requester_id", "recipient_id", "length_slots", "priority", "must_meet", "status"])
    .where("event_id", "=", eventId)
    .where("status", "in", ["requested", "proposed", "accepted"])
    .$if(focusId !== undefined, (query) => query.where((eb) => eb.or([eb("requester_id", "=", focusId!), eb("recipient_id", "=", focusId!)])))
    .orderBy("id")
    .execute();

  const allSlots = setup.grid.map((slot) => ({ ...slot, day: utcToLocal(slot.startsAt, setup.timeZone).day }));
  const days = [...new Set(allSlots.map((slot) => slot.day))];
  const shown = filter.day ? allSlots.filter((slot) => slot.day === filter.day) : allSlots;
  const shownIndexes = new Set(shown.map((slot) => slot.index));

  const meetings: MatrixMeeting[] = [];
  const occupied = new Map<number, number>();
  for (const row of booked) {
    if (!row.starts_at || !row.ends_at || row.table_number === null) continue;
    const covered = slotsOverlapping(setup.grid, { startsAt: row.starts_at, endsAt: row.ends_at }).filter((index) => shownIndexes.has(index));
    if (covered.length === 0) continue;
    meetings.push({
      id: row.id,
      requesterId: row.requester_id,
      recipientId: row.recipient_id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      startSlot: covered[0],
      endSlot: covered[covered.length - 1],
      place: row.place_id === null ? null : { id: row.place_id, name_en: row.place_name_en, name_zh: row.place_name_zh },
      tableNumber: row.table_number,
      attendeeCount: Number(row.attendee_count ?? 0),
    });
  }
  // Table occupancy counts every booked meeting of the slot, whichever delegation is filtered on.
  const allBooked =
    focusId === undefined
      ? meetings
      : await db
          .selectFrom("bilaterals")
          .select(["starts_at", "ends_at"])
          .where("event_id", "=", eventId)
          .where("status", "=", "booked")
          .execute()
          .then((rows) =>
            rows
              .filter((row): row is { starts_at: string; ends_at: string } => row.starts_at !== null && row.ends_at !== null)
              .map((row) => ({ startsAt: row.starts_at, endsAt: row.ends_at })),
          );
  for (const meeting of allBooked) {
    for (const index of slotsOverlapping(setup.grid, meeting)) occupied.set(index, (occupied.get(index) ?? 0) + 1);
  }

  const slots: MatrixSlot[] = shown.map((slot) => ({ ...slot, tablesOccupied: occupied.get(slot.index) ?? 0, tablesTotal }));
  const unscheduled = open
    .filter((row) => row.status === "accepted")
    .map((row) => ({
      id: row.id,
      requesterId: row.requester_id,
      recipientId: row.recipient_id,
      lengthSlots: row.length_slots,
      priority: row.priority,
      mustMeet: row.must_meet === 1,
    }));
  return {
    timeZone: setup.timeZone,
    slotMinutes: setup.settings.slotMinutes,
    days,
    delegations,
    rows: focusId === undefined ? delegations : delegations.filter((delegation) => delegation.id === focusId),
    slots,
    meetings,
    unscheduled,
    counts: { booked: booked.length, acceptedUnscheduled: unscheduled.length, pending: open.length - unscheduled.length },
  };
}

export interface ItineraryMember {
  personId: number;
  name: string;
  name_native: string | null;
}

export type ItineraryEntry =
  | {
      kind: "session";
      id: number;
      title_en: string | null;
      title_zh: string | null;
      startsAt: string;
      endsAt: string;
      room: { name_en: string | null; name_zh: string | null } | null;
      /** The delegation's members in it: taking part (their role) or holding a seat. */
      members: Array<ItineraryMember & { role: PersonRole | "seated" }>;
    }
  | {
      kind: "meeting";
      id: number;
      topic: string;
      startsAt: string;
      endsAt: string;
      other: DelegationName;
      place: PlaceName | null;
      tableNumber: number | null;
      /** The delegation's own attendees. */
      members: ItineraryMember[];
    };

/**
 * A delegation's own programme, in time order: the sessions its members take part in or hold a
 * seat in (cancelled sessions left out), and its booked meetings with the other side, place and table.
 */
export async function getItinerary(db: Db, eventId: number, delegationId: number): Promise<ItineraryEntry[]> {
  const taking = await db
    .selectFrom("delegation_members")
    .innerJoin("session_people", "session_people.person_id", "delegation_members.person_id")
    .innerJoin("sessions", "sessions.id", "session_people.session_id")
    .innerJoin("people", "people.id", "delegation_members.person_id")
    .select(["sessions.id as sessionId", "people.id as personId", "people.name", "people.name_native", "session_people.role"])
    .where("delegation_members.delegation_id", "=", delegationId)
    .where("delegation_members.event_id", "=", eventId)
    .where("sessions.event_id", "=", eventId)
    .where("sessions.status", "<>", "cancelled")
    .execute();
  const seated = await db
    .selectFrom("delegation_members")
    .innerJoin("registrations", (join) => join.onRef("registrations.person_id", "=", "delegation_members.person_id").on("registrations.event_id", "=", eventId))
    .innerJoin("seats", "seats.registration_id", "registrations.id")
    .innerJoin("sessions", "sessions.id", "seats.session_id")
    .innerJoin("people", "people.id", "delegation_members.person_id")
    .select(["sessions.id as sessionId", "people.id as personId", "people.name", "people.name_native"])
    .where("delegation_members.delegation_id", "=", delegationId)
    .where("delegation_members.event_id", "=", eventId)
    .where("seats.status", "=", "seated")
    .where("sessions.event_id", "=", eventId)
    .where("sessions.status", "<>", "cancelled")
    .execute();
  const sessionIds = [...new Set([...taking, ...seated].map((row) => row.sessionId))];
  const sessions =
    sessionIds.length === 0
      ? []
      : await db
          .selectFrom("sessions")
          .leftJoin("rooms", "rooms.id", "sessions.room_id")
          .select([
            "sessions.id",
            "sessions.title_en",
            "sessions.title_zh",
            "sessions.starts_at",
            "sessions.ends_at",
            "sessions.room_id",
            "rooms.name_en as room_name_en",
            "rooms.name_zh as room_name_zh",
          ])
          .where("sessions.id", "in", sessionIds)
          .execute();

  const entries: ItineraryEntry[] = sessions.map((session) => {
    const members = [
      ...taking
        .filter((row) => row.sessionId === session.id)
        .map((row) => ({ personId: row.personId, name: row.name, name_native: row.name_native, role: row.role as PersonRole | "seated" })),
      ...seated
        .filter((row) => row.sessionId === session.id)
        .map((row) => ({ personId: row.personId, name: row.name, name_native: row.name_native, role: "seated" as const })),
    ].sort((a, b) => a.name.localeCompare(b.name, "en") || a.personId - b.personId || a.role.localeCompare(b.role));
    return {
      kind: "session",
      id: session.id,
      title_en: session.title_en,
      title_zh: session.title_zh,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      room: session.room_id === null ? null : { name_en: session.room_name_en, name_zh: session.room_name_zh },
      members,
    };
  });

  const booked = await bookedMeetingsOf(db, eventId)
    .select("bilaterals.topic")
    .where((eb) => eb.or([eb("bilaterals.requester_id", "=", delegationId), eb("bilaterals.recipient_id", "=", delegationId)]))
    .execute();
  const names = await delegationNames(db, eventId);
  const ownAttendees =
    booked.length === 0
      ? []
      : await db
          .selectFrom("bilateral_attendees")
          .innerJoin("people", "people.id", "bilateral_attendees.person_id")
          .select(["bilateral_attendees.bilateral_id", "people.id as personId", "people.name", "people.name_native"])
          .where(
            "bilateral_attendees.bilateral_id",
            "in",
            booked.map((row) => row.id),
          )
          .where("bilateral_attendees.delegation_id", "=", delegationId)
          .orderBy("people.name")
          .orderBy("people.id")
          .execute();
  for (const row of booked) {
    if (!row.starts_at || !row.ends_at) continue;
    const otherId = row.requester_id === delegationId ? row.recipient_id : row.requester_id;
    entries.push({
      kind: "meeting",
      id: row.id,
      topic: row.topic,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      other: names.get(otherId) ?? { id: otherId, key: "", name_en: null, name_zh: null },
      place: row.place_id === null ? null : { id: row.place_id, name_en: row.place_name_en, name_zh: row.place_name_zh },
      tableNumber: row.table_number,
      members: ownAttendees.filter((attendee) => attendee.bilateral_id === row.id).map(({ personId, name, name_native }) => ({ personId, name, name_native })),
    });
  }
  const kindOrder = { session: 0, meeting: 1 } as const;
  return entries.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || kindOrder[a.kind] - kindOrder[b.kind] || a.id - b.id);
}
