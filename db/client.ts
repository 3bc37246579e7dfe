import path from "node:path";
import { fileURLToPath } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { isPostgres } from "./migrations/sql-types";
import type { Database } from "./schema";
import { Sqlite3Dialect } from "./sqlite3-driver";

export type Db = Kysely<Database>;
export type Engine = "sqlite" | "postgres";

export type DbTarget = { engine: "sqlite"; filename: string } | { engine: "postgres"; connectionString: string };

/** The SQLite file used when no URL is given, relative to the working directory. */
export const DEFAULT_SQLITE_FILE = "data/plenary.sqlite";

/**
 * Where a database URL points. Empty → the default SQLite file; `postgres://` / `postgresql://` →
 * PostgreSQL; `file:/abs`, `file:///abs`, `file:relative` or a bare path → that SQLite file,
 * relative paths resolved against `cwd`.
 */
export function parseDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): DbTarget {
  const value = url?.trim() ?? "";
  if (value === "") return { engine: "sqlite", filename: path.resolve(cwd, DEFAULT_SQLITE_FILE) };
  if (/^postgres(?:ql)?:\/\//i.test(value)) return { engine: "postgres", connectionString: value };
  let file = value;
  if (/^file:\/\//i.test(value)) file = fileURLToPath(value);
  else if (/^file:/i.test(value)) file = decodeURIComponent(value.slice("file:".length));
  else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(value)) throw new Error(`Unsupported database URL scheme: ${value.split(":")[0]}:`);
  if (file === "") throw new Error(`Database URL names no file: ${value}`);
  return { engine: "sqlite", filename: file === ":memory:" ? file : path.resolve(cwd, file) };
}

export function createDb(url?: string, options: { searchPath?: string } = {}): Db {
  const target = parseDatabaseUrl(url);
  if (target.engine === "sqlite") {
    return new Kysely<Database>({ dialect: new Sqlite3Dialect({ filename: target.filename }) });
  }
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: 10,
    types: { getTypeParser },
    // An explicit `options` here is overridden by an `options` parameter in the URL.
    ...(options.searchPath ? { options: `-c search_path=${escapeOptionValue(options.searchPath)}` } : {}),
  });
  // An idle client whose server connection drops emits 'error' on the pool; unheard, that kills
  // the process. The pool discards the client and the next query opens a new one.
  pool.on("error", (error) => console.error("PostgreSQL pool error (idle client discarded):", error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function engineOf(db: Kysely<any>): Engine {
  return isPostgres(db) ? "postgres" : "sqlite";
}

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/**
 * Makes PostgreSQL results look like SQLite's (see db/schema.ts): counts and ids as numbers,
 * instants as ISO-8601 UTC strings, calendar days as plain `YYYY-MM-DD`.
 */
function getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
  if (format === "binary") return pg.types.getTypeParser(oid, format);
  switch (oid) {
    case OID.int8:
    case OID.numeric:
      // Loses precision past 2^53, which no id, count or amount here comes near.
      return Number;
    case OID.timestamptz:
      return (value) => instantToIso(value, value);
    case OID.timestamp:
      // No offset in the text: the value is taken to be UTC.
      return (value) => instantToIso(value, value.endsWith(" BC") ? `${value.slice(0, -3)}+00 BC` : `${value}+00`);
    case OID.date:
      return (value) => value;
    default:
      return pg.types.getTypeParser(oid, format);
  }
}

const parseTimestamptz = pg.types.getTypeParser(OID.timestamptz) as (value: string) => Date | number | null;

/** `infinity` and other values a JavaScript Date cannot hold are returned as PostgreSQL wrote them. */
function instantToIso(raw: string, withOffset: string): string {
  const parsed = parseTimestamptz(withOffset);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : raw;
}

/** libpq splits `options` on spaces; a backslash keeps one inside a value. */
function escapeOptionValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/ /g, "\\ ");
}
