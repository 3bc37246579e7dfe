import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  CompiledQuery,
  DeleteQueryNode,
  IdentifierNode,
  InsertQueryNode,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  UpdateQueryNode,
  createQueryId,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from "kysely";
import sqlite3 from "sqlite3";

export interface Sqlite3DialectConfig {
  /** Path of the database file (its folder is created if missing), or ":memory:". */
  filename: string;
  /** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Kysely dialect for the `sqlite3` package. Kysely's own SqliteDialect expects the synchronous
 * better-sqlite3 API and misreports results with sqlite3, hence this driver.
 */
export class Sqlite3Dialect implements Dialect {
  readonly #config: Sqlite3DialectConfig;

  constructor(config: Sqlite3DialectConfig) {
    this.#config = { ...config };
  }

  createDriver(): Driver {
    return new Sqlite3Driver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class Sqlite3Driver implements Driver {
  readonly #filename: string;
  readonly #busyTimeoutMs: number;
  readonly #mutex = new ConnectionMutex();
  #db?: sqlite3.Database;
  #connection?: Sqlite3Connection;

  constructor({ filename, busyTimeoutMs = 5000 }: Sqlite3DialectConfig) {
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    }
    this.#filename = filename;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  async init(): Promise<void> {
    const filename = this.#filename;
    if (filename !== ":memory:" && filename !== "") {
      await mkdir(path.dirname(path.resolve(filename)), { recursive: true });
    }
    const db = await openDatabase(filename);
    const connection = new Sqlite3Connection(db);
    try {
      // busy_timeout first: switching to WAL takes a lock another process may be holding.
      await connection.executeQuery(CompiledQuery.raw(`PRAGMA busy_timeout = ${this.#busyTimeoutMs}`));
      await connection.executeQuery(CompiledQuery.raw("PRAGMA journal_mode = WAL"));
      await connection.executeQuery(CompiledQuery.raw("PRAGMA foreign_keys = ON"));
      await connection.executeQuery(CompiledQuery.raw("PRAGMA synchronous = NORMAL"));
    } catch (error) {
      await closeDatabase(db).catch(() => undefined);
      throw error;
    }
    this.#db = db;
    this.#connection = connection;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection for the whole process: whoever holds it (a single query or a whole
    // transaction) keeps it until releaseConnection, and everyone else waits in line.
    await this.#mutex.lock();
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error("Sqlite3Driver: database is not open (destroyed?)");
    }
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock up front (waiting up to busy_timeout). A deferred
    // transaction that reads and then writes can fail with SQLITE_BUSY at the write, without
    // waiting, when another process committed in between.
    await connection.executeQuery(CompiledQuery.raw("BEGIN IMMEDIATE"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
    } catch (error) {
      // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, ...); a second
      // ROLLBACK would then fail and hide the error that caused it.
      if (!(error instanceof Error && error.message.includes("no transaction is active"))) throw error;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]) {
    await connection.executeQuery(compileQuery(savepointCommand("savepoint", name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]) {
    await connection.executeQuery(compileQuery(savepointCommand("rollback to", name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler["compileQuery"]) {
    await connection.executeQuery(compileQuery(savepointCommand("release", name), createQueryId()));
  }

  async destroy(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    // Let the current holder (e.g. a transaction) finish rather than closing under it.
    await this.#mutex.lock();
    try {
      this.#db = undefined;
      this.#connection = undefined;
      await closeDatabase(db);
    } finally {
      this.#mutex.unlock();
    }
  }
}

class Sqlite3Connection implements DatabaseConnection {
  readonly #db: sqlite3.Database;
  // Statements on one sqlite3 Database run on libuv threads and may complete in any order;
  // chaining them keeps e.g. Promise.all inside a transaction in issue order.
  #previous: Promise<unknown> = Promise.resolve();

  constructor(db: sqlite3.Database) {
    this.#db = db;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = this.#previous.then(() => this.#execute<R>(compiledQuery));
    this.#previous = result.catch(() => undefined);
    return result;
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    // sqlite3's Statement#each is callback-driven with no back-pressure, so reading everything
    // and handing it out in chunks is just as memory-hungry and much simpler.
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }

  #execute<R>({ sql, parameters, query }: CompiledQuery): Promise<QueryResult<R>> {
    const params = parameters.map(toSqliteValue);
    return new Promise((resolve, reject) => {
      if (returnsRows(query, sql)) {
        this.#db.all<R>(sql, params, (error, rows) => (error ? reject(error) : resolve({ rows })));
      } else {
        this.#db.run(sql, params, function (error) {
          if (error) return reject(error);
          resolve({ rows: [], numAffectedRows: BigInt(this.changes), insertId: BigInt(this.lastID) });
        });
      }
    });
  }
}

/** A FIFO lock: lock() resolves once every earlier holder has called unlock(). */
class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();
  #unlockCurrent?: () => void;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let unlock!: () => void;
    this.#tail = new Promise((resolve) => (unlock = resolve));
    await previous;
    this.#unlockCurrent = unlock;
  }

  unlock(): void {
    const unlock = this.#unlockCurrent;
    this.#unlockCurrent = undefined;
    unlock?.();
  }
}

/**
 * Whether a statement produces a result set (read with `all`) rather than a change count (`run`,
 * the only sqlite3 call that reports `changes` and `lastID`).
 */
function returnsRows(query: CompiledQuery["query"], sql: string): boolean {
  if (SelectQueryNode.is(query)) return true;
  if (InsertQueryNode.is(query) || UpdateQueryNode.is(query) || DeleteQueryNode.is(query)) return !!query.returning;
  // Raw SQL: judge by keywords outside comments, string literals and quoted identifiers.
  const code = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, " ");
  return /^\s*(?:select|with|pragma|values|explain)\b/i.test(code) || /\breturning\b/i.test(code);
}

/** sqlite3 silently binds a BigInt as NULL and a Date as epoch milliseconds; fix both. */
function toSqliteValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`Integer parameter ${value} is outside the range SQLite values round-trip through JavaScript`);
    }
    return Number(value);
  }
  // Instants are stored as ISO-8601 UTC text (see db/schema.ts).
  if (value instanceof Date) return value.toISOString();
  return value;
}

function openDatabase(filename: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, (error) => (error ? reject(error) : resolve(db)));
    // Every call passes a callback, so this should never fire; but an 'error' event without a
    // listener would crash the whole process.
    db.on("error", (error) => console.error("sqlite3 database error:", error));
  });
}

function closeDatabase(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

/** As Kysely's own drivers do: the name goes through IdentifierNode so the compiler quotes it. */
function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}
