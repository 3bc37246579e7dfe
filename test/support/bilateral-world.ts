import type { Db } from "../../db/client";
import type { ActingSide } from "../../app/models/bilateral.server";

// Events with bilateral windows and places, delegations with members, and agenda sessions that
// keep people busy: the booking model's tests and the race's child processes build on these.

let sequence = 0;
const now = () => new Date().toISOString();

/** Slot starts of the default windows (30-minute slots): six on the 28th from 20:00Z, two on the 29th from 16:00Z. */
export const SLOT = {
  first: "2011-03-28T20:00:00.000Z",
  second: "2011-03-28T20:30:00.000Z",
  third: "2011-03-28T21:00:00.000Z",
  fourth: "2011-03-28T21:30:00.000Z",
  fifth: "2011-03-28T22:00:00.000Z",
  lastOfFirstWindow: "2011-03-28T22:30:00.000Z",
  nextDay: "2011-03-29T16:00:00.000Z",
  lastOfNextDay: "2011-03-29T16:30:00.000Z",
} as const;

export const DEFAULT_WINDOWS = [
  { startsAt: "2011-03-28T20:00:00.000Z", endsAt: "2011-03-28T23:00:00.000Z" },
  { startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T17:00:00.000Z" },
];

/**
 * An event with bilateral windows, 30-minute slots, meetings of 1 to 3 slots, and meeting places
 * (by default one room with two tables), plus a user to act as.
 */
export async function insertBilateralEvent(
  db: Db,
  {
    windows = DEFAULT_WINDOWS,
    tables = [2],
    minSlots = 1,
    maxSlots = 3,
  }: {
    windows?: Array<{ startsAt: string; endsAt: string }>;
    tables?: number[];
    minSlots?: number;
    maxSlots?: number;
  } = {},
) {
  sequence += 1;
  const event = await db
    .insertInto("events")
    .values({
      slug: `bilaterals-${process.pid}-${sequence}-${Date.now()}`,
      title_en: "C-TPAT Conference",
      time_zone: "America/Los_Angeles",
      starts_on: "2011-03-28",
      ends_on: "2011-03-30",
      bilateral_slot_minutes: 30,
      bilateral_min_slots: minSlots,
      bilateral_max_slots: maxSlots,
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const window of windows) {
    await db
      .insertInto("bilateral_windows")
      .values({
        event_id: event.id,
        starts_at: window.startsAt,
        ends_at: window.endsAt,
        created_at: now(),
      })
      .execute();
  }
  const places: Array<{ id: number; tables: number }> = [];
  for (const [position, count] of tables.entries()) {
    const place = await db
      .insertInto("bilateral_places")
      .values({
        event_id: event.id,
        name_en: `Bilateral room ${position + 1}`,
        name_zh: `雙邊會談室 ${position + 1}`,
        tables: count,
        position,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    places.push({ id: place.id, tables: count });
  }
  const user = await db
    .insertInto("users")
    .values({
      email: `bilateral-${process.pid}-${sequence}-${Date.now()}@example.test`,
      name: "Delegate",
      password_hash: "x",
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { eventId: event.id, places, userId: user.id };
}

export interface TestDelegation {
  id: number;
  key: string;
  /** Person ids of its members, the head first. */
  members: number[];
}

/** A delegation of the event with `members` named members (a head, then members), its team count and self-booking. */
export async function insertBilateralDelegation(
  db: Db,
  eventId: number,
  { key, members = 2, teams = 1, selfBooking = false }: { key: string; members?: number; teams?: number; selfBooking?: boolean },
): Promise<TestDelegation> {
  const delegation = await db
    .insertInto("delegations")
    .values({
      event_id: eventId,
      key,
      name_en: `Delegation ${key}`,
      name_zh: null,
      country: "TW",
      bilateral_teams: teams,
      self_booking: selfBooking ? 1 : 0,
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const memberIds: number[] = [];
  for (let index = 0; index < members; index++) {
    const person = await db
      .insertInto("people")
      .values({
        name: `${key} member ${index + 1}`,
        created_at: now(),
        updated_at: now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("delegation_members")
      .values({
        delegation_id: delegation.id,
        event_id: eventId,
        person_id: person.id,
        role: index === 0 ? "head" : "member",
        position: index,
        created_at: now(),
      })
      .execute();
    memberIds.push(person.id);
  }
  return { id: delegation.id, key, members: memberIds };
}

/** The acting side for a delegation of the event. */
export function actingFor(world: { eventId: number; userId: number }, delegation: { id: number }): ActingSide {
  return {
    eventId: world.eventId,
    delegationId: delegation.id,
    userId: world.userId,
  };
}

/** A session of the event in [startsAt, endsAt) where `speakers` speak. */
export async function insertSpeakingSession(
  db: Db,
  eventId: number,
  {
    startsAt,
    endsAt,
    speakers,
    status = "scheduled",
  }: {
    startsAt: string;
    endsAt: string;
    speakers: number[];
    status?: "scheduled" | "cancelled";
  },
): Promise<number> {
  const session = await db
    .insertInto("sessions")
    .values({
      event_id: eventId,
      type: "panel",
      title_en: "Panel",
      starts_at: startsAt,
      ends_at: endsAt,
      status,
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [position, personId] of speakers.entries()) {
    await db
      .insertInto("session_people")
      .values({
        session_id: session.id,
        person_id: personId,
        role: "speaker",
        position,
      })
      .execute();
  }
  return session.id;
}

/** A busy block of the delegation in [startsAt, endsAt). */
export async function insertBusyBlock(db: Db, eventId: number, delegationId: number, startsAt: string, endsAt: string): Promise<void> {
  await db
    .insertInto("bilateral_busy_blocks")
    .values({
      event_id: eventId,
      delegation_id: delegationId,
      starts_at: startsAt,
      ends_at: endsAt,
      created_at: now(),
    })
    .execute();
}
