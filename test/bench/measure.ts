/** What the benchmarks share: a throwaway database, the built server's handler, a signed-in team member, percentiles. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createUserSession } from "../../app/models/account.server";
import { sessionCookie } from "../../app/utils/session.server";
import type { EventRoleName } from "../../db/schema";
import { createDb, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs the benchmark against a migrated SQLite database in a temporary folder, removed afterwards; exits 1 on failure. */
export function runBench(bench: (db: Db) => Promise<void>) {
  const run = async () => {
    process.env.SESSION_SECRET ??= "benchmark-session-secret-of-32-characters";
    const dir = await mkdtemp(path.join(tmpdir(), "plenary-bench-"));
    const db = createDb(`file:${path.join(dir, "bench.sqlite")}`);
    try {
      await migrateToLatest(db);
      await bench(db);
    } finally {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** The built app (from `remix build`) and its production request handler, reading `db`. */
export async function builtServer(db: Db) {
  // The built app reads its database from here (see app/utils/db.server.ts).
  (globalThis as typeof globalThis & { __plenaryDb?: Db }).__plenaryDb = db;
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  return { build, handle: createRequestHandler(build, "production") };
}

/** A new user with `role` in the event, signed in: the session cookie to send. */
export async function signedInTeamMember(db: Db, eventId: number, user: { email: string; name: string; role: EventRoleName }) {
  const at = new Date().toISOString();
  const { id } = await db
    .insertInto("users")
    .values({ email: user.email, name: user.name, password_hash: "not used", created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("event_roles").values({ event_id: eventId, user_id: id, role: user.role, created_at: at }).execute();
  const token = await createUserSession(db, { userId: id, userAgent: "benchmark" });
  return (await sessionCookie().serialize(token)).split(";")[0];
}

/** The smallest, middle and largest of `values`, for figures taken once per round. */
export function minMedianMax(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: percentile(sorted, 50), max: sorted[sorted.length - 1] };
}
