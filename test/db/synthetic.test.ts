import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { dayBoundsUtc, utcToLocal } from "../../lib/zoned-time";
import type { Db } from "../../db/client";
import { seedSynthetic, type SyntheticResult } from "../../db/seed/synthetic";
import { describeEachEngine } from "../support/engines";

const SMALL = { sessions: 120, rooms: 6, days: 3 };

async function count(db: Db, table: "events" | "rooms" | "sessions" | "people" | "organizations"): Promise<number> {
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

async function countOfEvent(db: Db, table: "rooms" | "tracks" | "sessions", eventId: number): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("event_id", "=", eventId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function sessionsOf(db: Db, eventId: number) {
  return db.selectFrom("sessions").select(["id", "key", "type", "room_id", "starts_at", "ends_at"]).where("event_id", "=", eventId).orderBy("id").execute();
}

describeEachEngine("synthetic event", ({ db }) => {
  let result: SyntheticResult;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    result = await seedSynthetic(db(), { ...SMALL, onProgress: (done, total) => progress.push([done, total]) });
  });

  it("has exactly the sessions, rooms and days asked for, with tracks, people and items", async () => {
    expect(result.slug).toBe("synthetic-120");
    expect(result.path).toBe("/events/synthetic-120");
    const event = await db().selectFrom("events").selectAll().where("slug", "=", "synthetic-120").executeTakeFirstOrThrow();
    expect(event.id).toBe(result.eventId);
    expect(event).toMatchObject({ time_zone: "Europe/Brussels", starts_on: "2027-09-13", ends_on: "2027-09-15", visibility: "public" });

    expect(await countOfEvent(db(), "sessions", event.id)).toBe(120);
    expect(await countOfEvent(db(), "rooms", event.id)).toBe(6);
    const tracks = await countOfEvent(db(), "tracks", event.id);
    expect(tracks).toBeGreaterThanOrEqual(3);
    expect(tracks).toBe(result.counts.tracks);

    const sessions = await sessionsOf(db(), event.id);
    const days = new Set(sessions.map((s) => utcToLocal(s.starts_at, event.time_zone).day));
    expect([...days].sort()).toEqual(["2027-09-13", "2027-09-14", "2027-09-15"]);
    // Spread evenly: 120 sessions over 6 rooms × 3 days is 6–7 per room and day.
    const perRoomDay = new Map<string, number>();
    for (const s of sessions) {
      const cell = `${s.room_id} ${utcToLocal(s.starts_at, event.time_zone).day}`;
      perRoomDay.set(cell, (perRoomDay.get(cell) ?? 0) + 1);
    }
    expect(perRoomDay.size).toBe(18);
    expect([...perRoomDay.values()].every((n) => n >= 6 && n <= 7)).toBe(true);
    expect(sessions.every((s) => s.room_id !== null)).toBe(true);

    const people = await db()
      .selectFrom("session_people")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .select(["session_people.person_id", "session_people.role"])
      .where("sessions.event_id", "=", event.id)
      .execute();
    expect(people).toHaveLength(result.counts.sessionPeople);
    expect(new Set(people.map((p) => p.person_id)).size).toBe(30);
    expect(new Set(people.map((p) => p.role))).toEqual(new Set(["speaker", "moderator", "panelist", "chair"]));

    const items = await db()
      .selectFrom("session_items")
      .innerJoin("sessions", "sessions.id", "session_items.session_id")
      .select(["session_items.starts_at", "session_items.ends_at", "sessions.starts_at as session_starts", "sessions.ends_at as session_ends"])
      .where("sessions.event_id", "=", event.id)
      .execute();
    expect(items.length).toBe(result.counts.sessionItems);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.starts_at >= item.session_starts && item.ends_at <= item.session_ends && item.starts_at < item.ends_at).toBe(true);
    }
  });

  it("never books a room, or a person, for two sessions at once", async () => {
    const roomClashes = await db()
      .selectFrom("sessions as a")
      .innerJoin("sessions as b", (join) =>
        join.onRef("a.room_id", "=", "b.room_id").onRef("a.id", "<", "b.id").onRef("a.starts_at", "<", "b.ends_at").onRef("b.starts_at", "<", "a.ends_at"),
      )
      .select(["a.key as first", "b.key as second"])
      .where("a.event_id", "=", result.eventId)
      .execute();
    expect(roomClashes).toEqual([]);

    const personClashes = await db()
      .selectFrom("session_people as pa")
      .innerJoin("session_people as pb", (join) => join.onRef("pa.person_id", "=", "pb.person_id").onRef("pa.session_id", "<", "pb.session_id"))
      .innerJoin("sessions as a", "a.id", "pa.session_id")
      .innerJoin("sessions as b", "b.id", "pb.session_id")
      .select(["a.key as first", "b.key as second"])
      .where("a.event_id", "=", result.eventId)
      .whereRef("a.starts_at", "<", "b.ends_at")
      .whereRef("b.starts_at", "<", "a.ends_at")
      .execute();
    expect(personClashes).toEqual([]);

    // The check itself finds a clash when there is one.
    const [first, second] = await sessionsOf(db(), result.eventId);
    expect(first.room_id).toBe(second.room_id);
    await db().transaction().execute(async (trx) => {
      await trx.updateTable("sessions").set({ starts_at: first.starts_at, ends_at: first.ends_at }).where("id", "=", second.id).execute();
      const clashes = await trx
        .selectFrom("sessions as a")
        .innerJoin("sessions as b", (join) =>
          join.onRef("a.room_id", "=", "b.room_id").onRef("a.id", "<", "b.id").onRef("a.starts_at", "<", "b.ends_at").onRef("b.starts_at", "<", "a.ends_at"),
        )
        .select("a.id")
        .where("a.event_id", "=", result.eventId)
        .execute();
      expect(clashes).toHaveLength(1);
      await trx.updateTable("sessions").set({ starts_at: second.starts_at, ends_at: second.ends_at }).where("id", "=", second.id).execute();
    });
  });

  it("starts and ends every session inside its day, from 08:00 in the event's zone", async () => {
    const sessions = await sessionsOf(db(), result.eventId);
    expect(sessions).toHaveLength(120);
    for (const s of sessions) {
      const start = utcToLocal(s.starts_at, "Europe/Brussels");
      const bounds = dayBoundsUtc(start.day, "Europe/Brussels");
      expect(s.starts_at >= bounds.start && s.ends_at <= bounds.end, s.key ?? "").toBe(true);
      expect(start.time >= "08:00", `${s.key} starts ${start.time}`).toBe(true);
      expect(utcToLocal(s.ends_at, "Europe/Brussels").day).toBe(start.day);
      const minutes = (Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000;
      expect([45, 60, 75, 90]).toContain(minutes);
      expect(s.starts_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    }
    // 08:00 CEST is 06:00 UTC.
    const firstOfDay = sessions.filter((s) => utcToLocal(s.starts_at, "Europe/Brussels").time === "08:00");
    expect(firstOfDay).toHaveLength(18);
    expect(firstOfDay[0].starts_at).toBe("2027-09-13T06:00:00.000Z");
  });

  it("reports progress as it goes, up to the total", () => {
    const total = Object.values(result.counts).reduce((sum, n) => sum + n, 0);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i][1]).toBe(total);
      expect(progress[i][0]).toBeGreaterThan(progress[i - 1][0]);
    }
  });

  it("rejects impossible sizes without touching the database", async () => {
    await expect(seedSynthetic(db(), { sessions: 0, rooms: 6, days: 3 })).rejects.toThrow(RangeError);
    await expect(seedSynthetic(db(), { sessions: 2.5, rooms: 6, days: 3 })).rejects.toThrow(/whole number/);
    await expect(seedSynthetic(db(), { sessions: 61, rooms: 2, days: 3 })).rejects.toThrow(/do not fit/);
    await expect(seedSynthetic(db(), { sessions: 10, rooms: 2, days: 1, slug: "Bad Slug" })).rejects.toThrow(/slug/);
    // A real event is never replaced by a synthetic one.
    await expect(seedSynthetic(db(), { sessions: 10, rooms: 2, days: 1, slug: "ctpat-2011" })).rejects.toThrow(/must start with "synthetic-"/);
    expect(await count(db(), "events")).toBe(1);
  });

  it("replaces an event of the same slug, with its people and organizations", async () => {
    const peopleBefore = await count(db(), "people");
    const again = await seedSynthetic(db(), { sessions: 40, rooms: 4, days: 2, slug: "synthetic-120" });
    expect(again.eventId).not.toBe(result.eventId);
    expect(await count(db(), "events")).toBe(1);
    expect(await count(db(), "sessions")).toBe(40);
    expect(await count(db(), "rooms")).toBe(4);
    expect(await count(db(), "people")).toBe(10);
    expect(peopleBefore).toBe(30);
    expect(await count(db(), "organizations")).toBe(again.counts.organizations);

    // A second event of another slug leaves the first alone.
    await seedSynthetic(db(), { sessions: 12, rooms: 2, days: 1 });
    expect(await count(db(), "events")).toBe(2);
    expect(await countOfEvent(db(), "sessions", again.eventId)).toBe(40);
    expect(await count(db(), "people")).toBe(13);
  });

  it("holds a couple of thousand sessions (several insert batches per table)", async () => {
    const big = await seedSynthetic(db(), { sessions: 2000, rooms: 40, days: 10 });
    expect(await countOfEvent(db(), "sessions", big.eventId)).toBe(2000);
    expect(await countOfEvent(db(), "rooms", big.eventId)).toBe(40);
    expect(big.counts.people).toBe(500);
  });
});

describe("npm run db:seed -- --synthetic (command line)", () => {
  const run = promisify(execFile);
  const tsx = path.resolve("node_modules/.bin/tsx");

  async function cli(args: string[], env: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await run(tsx, ["db/cli.ts", ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  }

  it("prints usage and exits 2 on bad input", async () => {
    const cases = [
      ["seed", "--synthetic", "--sessions", "abc"],
      ["seed", "--synthetic", "--rooms", "0"],
      ["seed", "--synthetic", "--sessions", "5000", "--rooms", "2", "--days", "1"],
      ["seed", "--sessions", "10"],
      ["seed", "--synthetic", "--speakers", "3"],
      ["frobnicate"],
    ];
    const results = await Promise.all(cases.map((args) => cli(args, { DATABASE_URL: "file:/nonexistent/never-opened.sqlite" })));
    results.forEach((result, index) => {
      expect(result.code, cases[index].join(" ")).toBe(2);
      expect(result.stderr, cases[index].join(" ")).toContain("Usage: tsx db/cli.ts");
    });
    expect(results[0].stderr).toContain('--sessions must be a whole number, got "abc"');
    expect(results[2].stderr).toContain("5000 sessions do not fit in 2 rooms over 1 day");
    expect(results[3].stderr).toContain("--sessions needs seed --synthetic");
  });

  it("creates the event, showing progress and the event's path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "plenary-synthetic-cli-"));
    try {
      const result = await cli(["seed", "--synthetic", "--sessions", "60", "--rooms", "3", "--days", "2"], { DATABASE_URL: `file:${path.join(dir, "cli.sqlite")}` });
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
      const percents = [...result.stdout.matchAll(/(\d+)%/g)].map((match) => Number(match[1]));
      expect(percents.at(-1)).toBe(100);
      expect(percents.length).toBeGreaterThanOrEqual(5);
      expect(result.stdout).toContain("60 sessions, 3 rooms");
      expect(result.stdout.trim().split("\n").at(-1)).toBe("/events/synthetic-60");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
