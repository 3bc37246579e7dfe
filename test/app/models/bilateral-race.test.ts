import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb, type Db, type Engine } from "../../../db/client";
import { createTestDatabase, ENGINES, postgresEnabled, type TestDatabase } from "../../support/engines";
import {
  attemptGuarded,
  attemptUnguarded,
  insertRaceWorld,
  raceAttempts,
  runAttempts,
  SLOT_MINUTES,
  WINDOW,
  type RaceAttempt,
  type RaceWorld,
} from "../../support/bilateral-race";

// Issue 8, item 4: 10,000 booking attempts on overlapping slots, from two processes at once, end
// with no delegation beyond its teams, no table and no person twice in any slot, and every
// attempt answered with a booking or a reason the person can be told.

const ATTEMPTS = 10_000;
const UNGUARDED_ATTEMPTS = 400;
const SEED = 20110328;
/** The answers a booking may get in this race: a booking, or a refusal the person is told about. */
const EXPLAINED = ["ok", "outside_windows", "delegation_busy", "person_busy", "no_table"];
/** Attempts in flight at a time in each process or pool. */
const WORKERS = 8;

/**
 * Double bookings found from the booked meetings and their attendees alone (not from the claims
 * the guard keeps): per 30-minute slot, a delegation in more meetings than it has teams, a table
 * used twice, a person in two meetings; and meetings outside the window or at a table that does
 * not exist.
 */
async function doubleBookings(db: Db, world: RaceWorld): Promise<string[]> {
  const meetings = await db
    .selectFrom("bilaterals")
    .select(["id", "requester_id", "recipient_id", "starts_at", "ends_at", "place_id", "table_number"])
    .where("event_id", "=", world.eventId)
    .where("status", "=", "booked")
    .execute();
  const attendees = await db
    .selectFrom("bilateral_attendees")
    .innerJoin("bilaterals", "bilaterals.id", "bilateral_attendees.bilateral_id")
    .select(["bilateral_attendees.bilateral_id", "bilateral_attendees.person_id"])
    .where("bilaterals.event_id", "=", world.eventId)
    .where("bilaterals.status", "=", "booked")
    .execute();
  const places = await db.selectFrom("bilateral_places").select(["id", "tables"]).where("event_id", "=", world.eventId).execute();
  const teamsOf = new Map(world.delegations.map((delegation) => [delegation.id, delegation.teams]));

  const problems: string[] = [];
  const uses = new Map<string, number>();
  const countUse = (key: string) => uses.set(key, (uses.get(key) ?? 0) + 1);
  for (const meeting of meetings) {
    const start = Date.parse(meeting.starts_at ?? "");
    const end = Date.parse(meeting.ends_at ?? "");
    if (!(start >= Date.parse(WINDOW.startsAt) && end <= Date.parse(WINDOW.endsAt) && start < end)) problems.push(`meeting ${meeting.id} outside the window`);
    const place = places.find((candidate) => candidate.id === meeting.place_id);
    if (!place || meeting.table_number === null || meeting.table_number < 1 || meeting.table_number > place.tables)
      problems.push(`meeting ${meeting.id} at no table`);
    for (let at = start; at < end; at += SLOT_MINUTES * 60_000) {
      const slot = new Date(at).toISOString();
      countUse(`delegation ${meeting.requester_id} at ${slot}`);
      countUse(`delegation ${meeting.recipient_id} at ${slot}`);
      countUse(`table ${meeting.place_id}/${meeting.table_number} at ${slot}`);
      for (const attendee of attendees.filter((row) => row.bilateral_id === meeting.id)) countUse(`person ${attendee.person_id} at ${slot}`);
    }
  }
  for (const [key, count] of uses) {
    const delegation = /^delegation (\d+) /.exec(key);
    const limit = delegation ? (teamsOf.get(Number(delegation[1])) ?? 1) : 1;
    if (count > limit) problems.push(`${key}: ${count} meetings`);
  }
  return problems;
}

function sumCounts(all: Array<Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of all) for (const [code, count] of Object.entries(counts)) total[code] = (total[code] ?? 0) + count;
  return total;
}

/** Sends each half of the attempts through its own pool (PostgreSQL) or OS process (SQLite), all at once; the answers by code. */
async function race(
  engine: Engine,
  testDb: TestDatabase,
  world: RaceWorld,
  attempts: RaceAttempt[],
  mode: "guarded" | "unguarded",
): Promise<Record<string, number>> {
  const halves = [attempts.filter((_, i) => i % 2 === 0), attempts.filter((_, i) => i % 2 === 1)];
  if (engine === "postgres") {
    const second = createDb(testDb.url);
    try {
      const pools = [testDb.db, second];
      return sumCounts(
        await Promise.all(
          halves.map((half, i) =>
            runAttempts(half, { workers: WORKERS }, (attempt) =>
              mode === "guarded" ? attemptGuarded(pools[i], world, attempt) : attemptUnguarded(pools[i], world, attempt),
            ),
          ),
        ),
      );
    } finally {
      await second.destroy();
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), "plenary-bilateral-race-"));
  try {
    const filename = testDb.url.slice("file:".length);
    const children = await Promise.all(
      halves.map(async (half, index) => {
        const jobFile = path.join(dir, `job-${index}.json`);
        await writeFile(jobFile, JSON.stringify({ world, attempts: half }));
        return spawn(process.execPath, ["--import", "tsx", path.join("test", "support", "bilateral-booker.ts"), filename, mode, jobFile], {
          stdio: ["pipe", "pipe", "pipe"],
        });
      }),
    );
    const runs = children.map((child) => {
      let stdout = "";
      let stderr = "";
      let onReady = () => {};
      // Ready once it says so, or once it has ended (it failed: its stderr tells).
      const ready = new Promise<void>((resolve) => (onReady = resolve));
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.startsWith("ready\n")) onReady();
      });
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
          onReady();
          resolve({ code, stdout, stderr });
        });
      });
      return { ready, done };
    });
    // Both open the file first, then set off together.
    await Promise.all(runs.map((run) => run.ready));
    for (const child of children) child.stdin.end("go\n");
    const finished = await Promise.all(runs.map((run) => run.done));
    expect(finished.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
      { code: 0, stderr: "" },
      { code: 0, stderr: "" },
    ]);
    return sumCounts(finished.map(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Record<string, number>));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function bookedCount(db: Db, eventId: number) {
  const rows = await db.selectFrom("bilaterals").select(["status"]).where("event_id", "=", eventId).execute();
  return {
    rows: rows.length,
    booked: rows.filter((row) => row.status === "booked").length,
  };
}

for (const engine of ENGINES) {
  const via = engine === "postgres" ? "two connection pools" : "two OS processes on one file";
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`the booking race [${engine}]`, () => {
    it(`${ATTEMPTS} self-bookings on eight slots and two tables from ${via}: no double booking, every answer explained`, async () => {
      const testDb = await createTestDatabase(engine);
      try {
        const world = await insertRaceWorld(testDb.db);
        const counts = await race(engine, testDb, world, raceAttempts(world, ATTEMPTS, SEED), "guarded");
        console.info(`booking race [${engine}]: answers by code`, counts);

        expect(Object.keys(counts).filter((code) => !EXPLAINED.includes(code))).toEqual([]);
        expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(ATTEMPTS);
        // The race is real: bookings succeeded, and every kind of refusal came up.
        for (const code of EXPLAINED) expect(counts[code], code).toBeGreaterThan(0);
        expect(await doubleBookings(testDb.db, world)).toEqual([]);
        // Nothing half-stored: a refused self-booking leaves no row, every booking is one row.
        expect(await bookedCount(testDb.db, world.eventId)).toEqual({
          rows: counts.ok,
          booked: counts.ok,
        });
      } finally {
        await testDb.cleanup();
      }
    }, 240_000);

    it("the same race without the guard (look, then insert) double-books: the check above can fail", async () => {
      const testDb = await createTestDatabase(engine);
      try {
        const world = await insertRaceWorld(testDb.db);
        const counts = await race(engine, testDb, world, raceAttempts(world, UNGUARDED_ATTEMPTS, SEED), "unguarded");
        expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(UNGUARDED_ATTEMPTS);
        expect((await doubleBookings(testDb.db, world)).length).toBeGreaterThan(0);
      } finally {
        await testDb.cleanup();
      }
    }, 120_000);
  });
}
