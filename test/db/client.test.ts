import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { createDb, engineOf, parseDatabaseUrl } from "../../db/client";
import { isFullyMigrated, migrateToLatest } from "../../db/migrate";
import { createTestDatabase, describeEachEngine } from "../support/engines";

describeEachEngine("client", ({ db, engine }) => {
  test("engineOf names the engine", () => {
    expect(engineOf(db())).toBe(engine);
  });

  test("the same query returns the same JavaScript values on both engines", async () => {
    const createdAt = "2011-03-28T22:00:00.000Z";
    const updatedAt = "2026-11-26T09:30:15.123Z";
    const user = await db()
      .insertInto("users")
      .values({ email: "types@example.org", name: "Types", password_hash: "h", is_admin: 1, created_at: createdAt, updated_at: updatedAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(typeof user.id).toBe("number");

    const event = await db()
      .insertInto("events")
      .values({
        slug: "types-2026",
        title_en: null,
        title_zh: "类型",
        time_zone: "Asia/Shanghai",
        starts_on: "2026-03-01",
        ends_on: "2026-03-03",
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const row = await db()
      .selectFrom("users")
      .select((eb) => [
        "id",
        "email",
        "is_admin",
        "created_at",
        "updated_at",
        eb.selectFrom("events").select((e) => e.fn.countAll<number>().as("n")).as("event_count"),
        eb.selectFrom("events").select("title_en").as("title_en"),
        eb.selectFrom("events").select("title_zh").as("title_zh"),
        eb.selectFrom("events").select("starts_on").as("starts_on"),
        eb.selectFrom("events").select((e) => e.fn.sum<number>("id").as("s")).as("id_sum"),
      ])
      .where("email", "=", "types@example.org")
      .executeTakeFirstOrThrow();

    expect(row).toStrictEqual({
      id: user.id,
      email: "types@example.org",
      is_admin: 1,
      created_at: createdAt,
      updated_at: updatedAt,
      event_count: 1,
      title_en: null,
      title_zh: "类型",
      starts_on: "2026-03-01",
      id_sum: event.id,
    });

    const { n } = await db().selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(n).toBe(1);

    // Comparing instants as values of the column type works on both (ISO text sorts by time).
    const later = await db().selectFrom("users").select("id").where("created_at", "<", "2011-03-29T00:00:00.000Z").execute();
    expect(later).toEqual([{ id: user.id }]);
  });

  test("isFullyMigrated: true after migrating, false on an empty database", async () => {
    expect(await isFullyMigrated(db())).toBe(true);

    const empty = await createTestDatabase(engine, { migrate: false });
    try {
      expect(await isFullyMigrated(empty.db)).toBe(false);
      await migrateToLatest(empty.db);
      expect(await isFullyMigrated(empty.db)).toBe(true);
    } finally {
      await empty.cleanup();
    }
  });

  test.runIf(engine === "postgres")("PostgreSQL type parsers: int8/numeric numbers, UTC ISO instants, raw dates", async () => {
    const row = await db()
      .transaction()
      .execute(async (trx) => {
        // A session time zone far from UTC must not change what comes back.
        await sql`set local time zone 'America/New_York'`.execute(trx);
        const { rows } = await sql<Record<string, unknown>>`select
            '2011-03-28T22:00:00.000Z'::timestamptz as tz,
            '2011-03-28T22:00:00.123456Z'::timestamptz as tz_micro,
            '2011-03-28 22:00:00'::timestamp as ts,
            'infinity'::timestamptz as tz_infinity,
            '2026-03-01'::date as day,
            9007199254740991::int8 as big,
            1.25::numeric as num,
            count(*) as counted
          from (values (1), (2)) as v(x)`.execute(trx);
        return rows[0];
      });
    expect(row).toStrictEqual({
      tz: "2011-03-28T22:00:00.000Z",
      tz_micro: "2011-03-28T22:00:00.123Z",
      ts: "2011-03-28T22:00:00.000Z",
      tz_infinity: "infinity",
      day: "2026-03-01",
      big: 9007199254740991,
      num: 1.25,
      counted: 2,
    });
  });

  test.runIf(engine === "postgres")("searchPath isolates the schema", async () => {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db());
    expect(rows[0].schema).toMatch(/^t_\d+_[0-9a-f]{8}$/);
  });
});

describe("parseDatabaseUrl", () => {
  const cwd = "/srv/plenary";

  test("no URL, or an empty one: data/plenary.sqlite under the working directory", () => {
    const expected = { engine: "sqlite", filename: "/srv/plenary/data/plenary.sqlite" };
    expect(parseDatabaseUrl(undefined, cwd)).toEqual(expected);
    expect(parseDatabaseUrl("", cwd)).toEqual(expected);
    expect(parseDatabaseUrl("   ", cwd)).toEqual(expected);
    expect(parseDatabaseUrl(undefined)).toEqual({ engine: "sqlite", filename: path.join(process.cwd(), "data", "plenary.sqlite") });
  });

  test("file: URLs and bare paths", () => {
    expect(parseDatabaseUrl("file:/var/lib/plenary/db.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/var/lib/plenary/db.sqlite" });
    expect(parseDatabaseUrl("file:///var/lib/plenary/db.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/var/lib/plenary/db.sqlite" });
    expect(parseDatabaseUrl("file:tmp/dev.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/srv/plenary/tmp/dev.sqlite" });
    expect(parseDatabaseUrl("file:./tmp/my%20db.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/srv/plenary/tmp/my db.sqlite" });
    expect(parseDatabaseUrl("tmp/bare.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/srv/plenary/tmp/bare.sqlite" });
    expect(parseDatabaseUrl("/abs/bare.sqlite", cwd)).toEqual({ engine: "sqlite", filename: "/abs/bare.sqlite" });
    expect(parseDatabaseUrl("file::memory:", cwd)).toEqual({ engine: "sqlite", filename: ":memory:" });
  });

  test("postgres:// and postgresql:// URLs go to PostgreSQL unchanged", () => {
    for (const url of ["postgres://app:secret@db.internal:5432/plenary", "postgresql://localhost/plenary?sslmode=require"]) {
      expect(parseDatabaseUrl(url, cwd)).toEqual({ engine: "postgres", connectionString: url });
    }
  });

  test("other schemes and file: without a path are refused", () => {
    expect(() => parseDatabaseUrl("mysql://localhost/plenary", cwd)).toThrow(/Unsupported database URL scheme: mysql:/);
    expect(() => parseDatabaseUrl("file:", cwd)).toThrow(/names no file/);
  });
});

describe("createDb", () => {
  test("picks the dialect from the URL without connecting", async () => {
    const sqlite = createDb();
    const postgres = createDb("postgres://nobody@127.0.0.1:1/none");
    expect(engineOf(sqlite)).toBe("sqlite");
    expect(engineOf(postgres)).toBe("postgres");
    await sqlite.destroy();
    await postgres.destroy();
  });

  test("a bare path opens (and creates) that SQLite file, making its folder", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "plenary-client-"));
    const file = path.join(dir, "nested", "folder", "x.sqlite");
    const db = createDb(file);
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
      expect(existsSync(file)).toBe(true);
    } finally {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
