/**
 * Child process for the two-process booking race on one SQLite file:
 *   node --import tsx test/support/bilateral-booker.ts <file> <guarded|unguarded> <job.json>
 * where job.json holds `{ world, attempts }` (see test/support/bilateral-race.ts). Says "ready" on
 * stdout once the database is open and starts on a line on stdin, so that both processes set off
 * together whatever their start-up took. Runs the attempts two at a time (they queue for the process's one connection, and its transactions for the file's
 * write lock against the other process) and prints the answers counted by code as JSON.
 *
 * Each attempt is followed by a short pause, as real requests come with gaps between them. SQLite's
 * busy handler polls for the write lock at growing intervals and is not fair: a process that takes
 * the lock again the instant it commits, thousands of times over, can keep the other one waiting
 * for long stretches, and then the two would hardly be racing.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { Sqlite3Dialect } from "../../db/sqlite3-driver";
import { attemptGuarded, attemptUnguarded, runAttempts, type RaceAttempt, type RaceWorld } from "./bilateral-race";

const [file, mode, jobFile] = process.argv.slice(2);
if (!file || !["guarded", "unguarded"].includes(mode) || !jobFile) {
  console.error("usage: bilateral-booker.ts <file> <guarded|unguarded> <job.json>");
  process.exit(2);
}

const { world, attempts } = JSON.parse(await readFile(jobFile, "utf8")) as {
  world: RaceWorld;
  attempts: RaceAttempt[];
};
// The project's driver, as createDb opens it, but waiting longer for the write lock: on this
// machine, shared and busy, the other process may hold it in turn for more than the usual 5 s.
const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ filename: file, busyTimeoutMs: 120_000 }) });
try {
  await db.selectFrom("bilateral_places").select("id").limit(1).execute();
  const lines = createInterface({ input: process.stdin });
  const go = new Promise((resolve) => lines.once("line", resolve));
  process.stdout.write("ready\n");
  await go;
  lines.close();
  const counts = await runAttempts(attempts, { workers: 2, pauseMs: 1 }, (attempt) =>
    mode === "guarded" ? attemptGuarded(db, world, attempt) : attemptUnguarded(db, world, attempt),
  );
  process.stdout.write(`${JSON.stringify(counts)}\n`);
} finally {
  await db.destroy();
}
