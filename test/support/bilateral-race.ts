import type { Db } from "../../db/client";
import { selfBookBilateral } from "../../app/models/bilateral.server";
import { seededRandom } from "../../lib/seeded-random";
import { insertBilateralDelegation, insertBilateralEvent, insertBusyBlock, insertSpeakingSession } from "./bilateral-world";

// The booking race of issue 8, item 4: many self-bookings at once on a few overlapping slots,
// from two processes (SQLite) or two connection pools (PostgreSQL). Shared by the race test and
// its child processes (test/support/bilateral-booker.ts).

export const SLOT_MINUTES = 30;
export const WINDOW = {
  startsAt: "2011-03-28T20:00:00.000Z",
  endsAt: "2011-03-29T00:00:00.000Z",
};
const SLOTS = 8;
const MINUTE = 60_000;

export interface RaceAttempt {
  requesterId: number;
  recipientId: number;
  lengthSlots: number;
  startsAt: string;
  attendeeIds: number[];
}

export interface RaceWorld {
  eventId: number;
  userId: number;
  delegations: Array<{ id: number; teams: number; members: number[] }>;
}

/**
 * Twelve delegations that have all opened self-booking (every third holds two meetings at once),
 * two members each; one room with two tables; one window of eight 30-minute slots. One member of
 * the first delegation speaks in a session over two slots; the second delegation has a busy block.
 */
export async function insertRaceWorld(db: Db): Promise<RaceWorld> {
  const event = await insertBilateralEvent(db, {
    windows: [WINDOW],
    tables: [2],
    minSlots: 1,
    maxSlots: 3,
  });
  const delegations: RaceWorld["delegations"] = [];
  for (let index = 0; index < 12; index++) {
    const teams = index % 3 === 0 ? 2 : 1;
    const delegation = await insertBilateralDelegation(db, event.eventId, {
      key: `race-${index + 1}`,
      teams,
      selfBooking: true,
    });
    delegations.push({ id: delegation.id, teams, members: delegation.members });
  }
  await insertSpeakingSession(db, event.eventId, {
    startsAt: slotStart(2),
    endsAt: slotStart(4),
    speakers: [delegations[0].members[0]],
  });
  await insertBusyBlock(db, event.eventId, delegations[1].id, slotStart(5), slotStart(6));
  return { eventId: event.eventId, userId: event.userId, delegations };
}

export function slotStart(index: number): string {
  return new Date(Date.parse(WINDOW.startsAt) + index * SLOT_MINUTES * MINUTE).toISOString();
}

/**
 * `count` attempts drawn from `seed`: a random pair, a length of 1 to 3 slots at a random slot of
 * the window (some run past its end), and some of the requester's members as attendees.
 */
export function raceAttempts(world: RaceWorld, count: number, seed: number): RaceAttempt[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, () => {
    const requester = world.delegations[pick(world.delegations.length)];
    const others = world.delegations.filter((delegation) => delegation !== requester);
    const recipient = others[pick(others.length)];
    return {
      requesterId: requester.id,
      recipientId: recipient.id,
      lengthSlots: 1 + pick(3),
      startsAt: slotStart(pick(SLOTS)),
      attendeeIds: requester.members.filter(() => random() < 0.5),
    };
  });
}

/** One attempt through the model: its answer, `ok` or the refusal's code. */
export async function attemptGuarded(db: Db, world: Pick<RaceWorld, "eventId" | "userId">, attempt: RaceAttempt): Promise<string> {
  const result = await selfBookBilateral(
    db,
    {
      eventId: world.eventId,
      delegationId: attempt.requesterId,
      userId: world.userId,
    },
    {
      recipientId: attempt.recipientId,
      topic: "Race",
      lengthSlots: attempt.lengthSlots,
      priority: "normal",
      startsAt: attempt.startsAt,
      attendeeIds: attempt.attendeeIds,
    },
  );
  return result.ok ? "ok" : result.problem;
}

/**
 * The same booking WITHOUT the guard, as a naive implementation would do it: look at the booked
 * meetings overlapping the time (one SELECT), then insert the meeting and its attendees as
 * separate statements, with no claims and no transaction around them. The race runs it to show
 * that the test's check catches double bookings.
 */
export async function attemptUnguarded(db: Db, world: RaceWorld, attempt: RaceAttempt): Promise<string> {
  const startsAt = attempt.startsAt;
  const endsAt = new Date(Date.parse(startsAt) + attempt.lengthSlots * SLOT_MINUTES * MINUTE).toISOString();
  if (endsAt > WINDOW.endsAt) return "outside_windows";
  const overlapping = await db
    .selectFrom("bilaterals")
    .leftJoin("bilateral_attendees", "bilateral_attendees.bilateral_id", "bilaterals.id")
    .select(["bilaterals.id", "bilaterals.requester_id", "bilaterals.recipient_id", "bilaterals.table_number", "bilateral_attendees.person_id"])
    .where("bilaterals.event_id", "=", world.eventId)
    .where("bilaterals.status", "=", "booked")
    .where("bilaterals.starts_at", "<", endsAt)
    .where("bilaterals.ends_at", ">", startsAt)
    .execute();
  // Counting whole overlapping meetings (not per slot) only makes this naive check stricter.
  const meetings = new Map(overlapping.map((row) => [row.id, row]));
  const busy = (delegationId: number) =>
    [...meetings.values()].filter((row) => row.requester_id === delegationId || row.recipient_id === delegationId).length >=
    (world.delegations.find((delegation) => delegation.id === delegationId)?.teams ?? 1);
  if (busy(attempt.requesterId) || busy(attempt.recipientId)) return "delegation_busy";
  if (overlapping.some((row) => row.person_id !== null && attempt.attendeeIds.includes(row.person_id))) return "person_busy";
  const taken = new Set([...meetings.values()].map((row) => row.table_number));
  const table = [1, 2].find((number) => !taken.has(number));
  if (table === undefined) return "no_table";
  const place = await db.selectFrom("bilateral_places").select("id").where("event_id", "=", world.eventId).executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const { id } = await db
    .insertInto("bilaterals")
    .values({
      event_id: world.eventId,
      requester_id: attempt.requesterId,
      recipient_id: attempt.recipientId,
      topic: "Race",
      length_slots: attempt.lengthSlots,
      priority: "normal",
      status: "booked",
      starts_at: startsAt,
      ends_at: endsAt,
      place_id: place.id,
      table_number: table,
      booked_via: "self",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (attempt.attendeeIds.length > 0) {
    await db
      .insertInto("bilateral_attendees")
      .values(
        attempt.attendeeIds.map((person_id) => ({
          bilateral_id: id,
          person_id,
          delegation_id: attempt.requesterId,
        })),
      )
      .execute();
  }
  return "ok";
}

/**
 * Runs the attempts with `workers` of them in flight at a time, each worker pausing `pauseMs`
 * after each of its attempts; the answers counted by code.
 */
export async function runAttempts(
  attempts: readonly RaceAttempt[],
  { workers, pauseMs = 0 }: { workers: number; pauseMs?: number },
  attempt: (one: RaceAttempt) => Promise<string>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < attempts.length) {
        const answer = await attempt(attempts[next++]);
        counts[answer] = (counts[answer] ?? 0) + 1;
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  return counts;
}
