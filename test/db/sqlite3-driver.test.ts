import { spawn } from "node:child_process";
import path from "node:path";
import { Kysely, sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createDb } from "../../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import { Sqlite3Dialect } from "../../db/sqlite3-driver";
import { createTestDatabase, describeEachEngine, type TestDatabase } from "../support/engines";

/** Scratch tables the tests create in their own database, next to the real schema. */
type Scratch = {
  counters: { id: number; value: number };
  notes: { id: number; body: string };
};

const NOW = "2026-11-26T09:30:00.000Z";

function newUser(email: string) {
  return { email, name: email.split("@")[0], password_hash: "x", created_at: NOW, updated_at: NOW };
}

/** Runs `work` and returns what it threw, failing the test if it did not throw. */
async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail, but it succeeded");
}

describeEachEngine("database driver", ({ db, engine }) => {
  const scratch = () => db().withTables<Scratch>();

  beforeAll(async () => {
    await sql`create table counters (id integer primary key, value integer not null)`.execute(db());
    await sql`create table notes (id integer primary key, body text not null)`.execute(db());
  });

  afterEach(async () => {
    await scratch().deleteFrom("notes").execute();
    await db().deleteFrom("users").execute();
    await db().deleteFrom("events").execute();
  });

  test("100 concurrent read-then-write transactions all count", async () => {
    await scratch().insertInto("counters").values({ id: 1, value: 0 }).execute();

    await Promise.all(
      Array.from({ length: 100 }, () =>
        scratch()
          .transaction()
          .execute(async (trx) => {
            const read = trx.selectFrom("counters").select("value").where("id", "=", 1);
            // PostgreSQL: the row lock is what serializes the increments. SQLite: BEGIN IMMEDIATE
            // plus the single connection does, so no FOR UPDATE (SQLite has none).
            const { value } = await (engine === "postgres" ? read.forUpdate() : read).executeTakeFirstOrThrow();
            await new Promise((resolve) => setImmediate(resolve)); // let other transactions try to interleave
            await trx.updateTable("counters").set({ value: value + 1 }).where("id", "=", 1).execute();
          }),
      ),
    );

    const { value } = await scratch().selectFrom("counters").select("value").where("id", "=", 1).executeTakeFirstOrThrow();
    expect(value).toBe(100);
  });

  test("a unique violation rejects the query's promise and leaves the connection usable", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    process.on("uncaughtException", record);
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await db().insertInto("users").values(newUser("ada@example.org")).execute();
      const error = await thrownBy(() => db().insertInto("users").values(newUser("ada@example.org")).execute());

      expect(isUniqueViolation(error)).toBe(true);
      expect(isForeignKeyViolation(error)).toBe(false);
      expect((error as { code?: string }).code).toBe(engine === "sqlite" ? "SQLITE_CONSTRAINT" : "23505");

      // Inside a transaction too: the error reaches the caller, the transaction rolls back.
      const inTransaction = await thrownBy(() =>
        db()
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto("users").values(newUser("grace@example.org")).execute();
            await trx.insertInto("users").values(newUser("ada@example.org")).execute();
          }),
      );
      expect(isUniqueViolation(inTransaction)).toBe(true);

      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", record);
      process.off("uncaughtException", record);
      consoleError.mockRestore();
    }

    const emails = await db().selectFrom("users").select("email").orderBy("email").execute();
    expect(emails).toEqual([{ email: "ada@example.org" }]);
  });

  test("a transaction that throws after two inserts leaves no rows", async () => {
    const error = await thrownBy(() =>
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto("users").values(newUser("one@example.org")).execute();
          await trx.insertInto("users").values(newUser("two@example.org")).execute();
          throw new Error("boom");
        }),
    );
    expect((error as Error).message).toBe("boom");

    const { n } = await db().selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(n).toBe(0);
  });

  test("foreign keys are enforced, including ON DELETE CASCADE", async () => {
    const error = await thrownBy(() =>
      db().insertInto("event_roles").values({ event_id: 999, user_id: 999, role: "staff", created_at: NOW }).execute(),
    );
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);

    const user = await db().insertInto("users").values(newUser("cascade@example.org")).returning("id").executeTakeFirstOrThrow();
    await db()
      .insertInto("user_sessions")
      .values({ id_hash: "h1", user_id: user.id, created_at: NOW, expires_at: NOW, user_agent: null })
      .execute();
    await db().deleteFrom("users").where("id", "=", user.id).execute();
    expect(await db().selectFrom("user_sessions").selectAll().execute()).toEqual([]);
  });

  test("savepoints: roll back to one, release another, commit the rest", async () => {
    const trx = await scratch().startTransaction().execute();
    await trx.insertInto("notes").values({ id: 1, body: "kept" }).execute();

    const afterFirst = await trx.savepoint("after_first").execute();
    await afterFirst.insertInto("notes").values({ id: 2, body: "rolled back" }).execute();
    const back = await afterFirst.rollbackToSavepoint("after_first").execute();

    // A failed statement after a savepoint: rolling back to it rescues the transaction (on
    // PostgreSQL the transaction would otherwise be aborted).
    const beforeDuplicate = await back.savepoint("before_duplicate").execute();
    const duplicate = await thrownBy(() => beforeDuplicate.insertInto("notes").values({ id: 1, body: "dup" }).execute());
    expect(isUniqueViolation(duplicate)).toBe(true);
    const rescued = await beforeDuplicate.rollbackToSavepoint("before_duplicate").execute();

    const released = await rescued.savepoint("released").execute();
    await released.insertInto("notes").values({ id: 3, body: "released" }).execute();
    const done = await released.releaseSavepoint("released").execute();
    await done.commit().execute();

    expect(await scratch().selectFrom("notes").select(["id", "body"]).orderBy("id").execute()).toEqual([
      { id: 1, body: "kept" },
      { id: 3, body: "released" },
    ]);
  });

  test("write results: affected-row counts, RETURNING rows", async () => {
    const inserted = await scratch()
      .insertInto("notes")
      .values([
        { id: 10, body: "a" },
        { id: 11, body: "b" },
      ])
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    // Only SQLite reports the id of a plain INSERT; PostgreSQL needs RETURNING.
    expect(inserted.insertId).toBe(engine === "sqlite" ? 11n : undefined);

    const updated = await scratch().updateTable("notes").set({ body: "z" }).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(2n);

    const returned = await scratch().insertInto("notes").values({ id: 12, body: "c" }).returning(["id", "body"]).execute();
    expect(returned).toEqual([{ id: 12, body: "c" }]);

    const deleted = await scratch().deleteFrom("notes").where("id", ">=", 11).returning("id").execute();
    expect(deleted.map((row) => row.id).sort()).toEqual([11, 12]);

    const { numDeletedRows } = await scratch().deleteFrom("notes").executeTakeFirstOrThrow();
    expect(numDeletedRows).toBe(1n);
  });
});

describe("sqlite3 driver specifics", () => {
  let testDb: TestDatabase;
  const scratch = () => testDb.db.withTables<Scratch>();

  beforeAll(async () => {
    testDb = await createTestDatabase("sqlite");
    await sql`create table notes (id integer primary key, body text not null)`.execute(testDb.db);
  });
  afterAll(() => testDb?.cleanup());
  afterEach(() => scratch().deleteFrom("notes").execute());

  test("connection pragmas: WAL, foreign keys on, busy timeout, synchronous NORMAL", async () => {
    const pragma = async (name: string) => (await sql.raw(`PRAGMA ${name}`).execute(testDb.db)).rows;
    expect(await pragma("journal_mode")).toEqual([{ journal_mode: "wal" }]);
    expect(await pragma("foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    expect(await pragma("busy_timeout")).toEqual([{ timeout: 5000 }]);
    expect(await pragma("synchronous")).toEqual([{ synchronous: 1 }]);
  });

  test("raw SQL: reads come back as rows, writes as counts", async () => {
    const run = (query: ReturnType<typeof sql>) => query.execute(testDb.db);

    expect((await run(sql`insert into notes (id, body) values (${1}, ${"a"}), (${2}, ${"b"})`)).numAffectedRows).toBe(2n);
    expect((await run(sql`/* leading comment */ select id from notes order by id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect((await run(sql`with x as (select max(id) as m from notes) select m from x`)).rows).toEqual([{ m: 2 }]);
    expect((await run(sql`values (1, 'x')`)).rows).toEqual([{ column1: 1, column2: "x" }]);
    expect((await run(sql`insert into notes (id, body) values (3, 'c') returning id`)).rows).toEqual([{ id: 3 }]);
    const update = await run(sql`update notes set body = 'returning' where id < 3`);
    expect(update.rows).toEqual([]);
    expect(update.numAffectedRows).toBe(2n);
  });

  test("parameters: Date is bound as ISO text, safe BigInt as a number, unsafe BigInt is refused", async () => {
    await sql`insert into notes (id, body) values (${5n}, ${new Date("2011-03-28T22:00:00Z")})`.execute(testDb.db);
    expect(await scratch().selectFrom("notes").selectAll().execute()).toEqual([{ id: 5, body: "2011-03-28T22:00:00.000Z" }]);

    const error = await thrownBy(() => sql`select ${2n ** 60n} as big`.execute(testDb.db));
    expect(error).toBeInstanceOf(RangeError);
    expect((await sql<{ ok: number }>`select 1 as ok`.execute(testDb.db)).rows).toEqual([{ ok: 1 }]);
  });

  test("stream() yields every row, in chunks", async () => {
    await scratch()
      .insertInto("notes")
      .values(Array.from({ length: 7 }, (_, i) => ({ id: i + 1, body: `n${i + 1}` })))
      .execute();
    const seen: number[] = [];
    for await (const row of scratch().selectFrom("notes").select("id").orderBy("id").stream(3)) seen.push(row.id);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test("a second connection waits for the write lock, and gives up after busyTimeoutMs", async () => {
    const filename = testDb.url.slice("file:".length);
    const impatient = new Kysely<Scratch>({ dialect: new Sqlite3Dialect({ filename, busyTimeoutMs: 100 }) });
    const patient = createDb(testDb.url).withTables<Scratch>();
    try {
      const holder = await scratch().startTransaction().execute();
      await holder.insertInto("notes").values({ id: 1, body: "holder" }).execute();

      const started = Date.now();
      const busy = await thrownBy(() => impatient.insertInto("notes").values({ id: 2, body: "impatient" }).execute());
      expect((busy as { code?: string }).code).toBe("SQLITE_BUSY");
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);

      const waiting = patient.insertInto("notes").values({ id: 3, body: "patient" }).execute();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await holder.commit().execute();
      await waiting;

      expect(await scratch().selectFrom("notes").select("id").orderBy("id").execute()).toEqual([{ id: 1 }, { id: 3 }]);
    } finally {
      await impatient.destroy();
      await patient.destroy();
    }
  });

  test("two processes writing the same file at once both finish, every row counted", async () => {
    await sql`create table writes (id integer primary key autoincrement, writer text not null, seq integer not null unique)`.execute(
      testDb.db,
    );
    const filename = testDb.url.slice("file:".length);
    const rowsEach = 150;
    const writer = (name: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join("test", "support", "sqlite-writer.ts"), filename, String(rowsEach), name], {
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
      });

    const results = await Promise.all([writer("a"), writer("b")]);
    expect(results).toEqual([
      { code: 0, stderr: "" },
      { code: 0, stderr: "" },
    ]);

    const counts = await sql<{ writer: string; n: number; max_seq: number }>`
      select writer, count(*) as n, (select max(seq) from writes) as max_seq from writes group by writer order by writer`.execute(testDb.db);
    expect(counts.rows).toEqual([
      { writer: "a", n: rowsEach, max_seq: 2 * rowsEach - 1 },
      { writer: "b", n: rowsEach, max_seq: 2 * rowsEach - 1 },
    ]);
  }, 60_000);
});
