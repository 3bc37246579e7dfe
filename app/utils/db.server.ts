import { createDb, type Db } from "../../db/client";
import { getEnv } from "../../lib/env.server";

// One Kysely instance per process; kept on globalThis so `remix dev` rebuilds reuse it.
const holder = globalThis as typeof globalThis & { __plenaryDb?: Db };

export function getDb(): Db {
  holder.__plenaryDb ??= createDb(getEnv().DATABASE_URL);
  return holder.__plenaryDb;
}
