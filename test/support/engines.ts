import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db, type Engine } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

export const ENGINES: readonly Engine[] = ["sqlite", "postgres"];

export interface TestDatabase {
  db: Db;
  /** A URL createDb (e.g. in a server process) opens the same database with. */
  url: string;
  /** Destroys `db` and deletes the database (temp dir or schema). */
  cleanup: () => Promise<void>;
}

function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL?.trim() || undefined;
}

/**
 * A fresh database of its own: SQLite in a new temp dir, PostgreSQL in a new schema of
 * TEST_DATABASE_URL's database. Migrated unless `migrate: false`.
 */
export async function createTestDatabase(engine: Engine, { migrate = true } = {}): Promise<TestDatabase> {
  const created = engine === "sqlite" ? await createSqlite() : await createPostgres();
  if (migrate) {
    try {
      await migrateToLatest(created.db);
    } catch (error) {
      await created.cleanup();
      throw error;
    }
  }
  return created;
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "plenary-test-"));
  const url = `file:${path.join(dir, "test.sqlite")}`;
  const db = createDb(url);
  return {
    db,
    url,
    cleanup: async () => {
      try {
        await db.destroy();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const baseUrl = postgresUrl();
  if (!baseUrl) throw new Error("TEST_DATABASE_URL is not set: cannot create a PostgreSQL test database");
  const schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(baseUrl, (client) => client.query(`create schema "${schema}"`));
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const db = createDb(baseUrl, { searchPath: schema });
  return {
    db,
    url: url.toString(),
    cleanup: async () => {
      try {
        await db.destroy();
      } finally {
        await withAdminClient(baseUrl, (client) => client.query(`drop schema if exists "${schema}" cascade`));
      }
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// Kept in process.env rather than a module variable: vitest re-evaluates this module for every
// test file, but the notice should appear once per worker process.
const SKIP_NOTICE_SHOWN = "PLENARY_POSTGRES_SKIP_NOTICE_SHOWN";

/** Whether PostgreSQL tests run; throws when REQUIRE_POSTGRES=1 demands them but no URL is set. */
export function postgresEnabled(): boolean {
  if (postgresUrl()) return true;
  if (process.env.REQUIRE_POSTGRES === "1") {
    throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: PostgreSQL tests cannot run");
  }
  if (!process.env[SKIP_NOTICE_SHOWN]) {
    process.env[SKIP_NOTICE_SHOWN] = "1";
    console.warn("PostgreSQL runs skipped: set TEST_DATABASE_URL=postgres://… to run them");
  }
  return false;
}

export interface EngineContext {
  /** The suite's database; only valid inside tests and hooks (it is created in beforeAll). */
  db: () => Db;
  engine: Engine;
}

/**
 * Declares `body` once per engine, as `describe("<title> [sqlite]")` and `"… [postgres]"`, each with
 * its own freshly migrated database that is deleted afterwards.
 */
export function describeEachEngine(title: string, body: (ctx: EngineContext) => void): void {
  for (const engine of ENGINES) {
    describe.skipIf(engine === "postgres" && !postgresEnabled())(`${title} [${engine}]`, () => {
      let testDb: TestDatabase | undefined;
      beforeAll(async () => {
        testDb = await createTestDatabase(engine);
      });
      afterAll(async () => {
        await testDb?.cleanup();
        testDb = undefined;
      });
      body({
        engine,
        db: () => {
          if (!testDb) throw new Error(`No ${engine} test database: db() called outside a test or hook?`);
          return testDb.db;
        },
      });
    });
  }
}
