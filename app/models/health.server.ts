import { sql } from "kysely";
import type { Db } from "../../db/client";
import { isFullyMigrated } from "../../db/migrate";

export type DatabaseHealth = "ok" | "migrations pending";

/** Whether the database answers (this throws when it does not) and every migration has run. */
export async function checkDatabaseHealth(db: Db): Promise<DatabaseHealth> {
  await sql`select 1`.execute(db);
  return (await isFullyMigrated(db)) ? "ok" : "migrations pending";
}
