import { sql } from "kysely";
import { isFullyMigrated } from "../../db/migrate";
import { getDb } from "~/utils/db.server";

/** 200 once the database answers and every migration has run; 503 otherwise. */
export async function loader() {
  try {
    const db = getDb();
    await sql`select 1`.execute(db);
    if (!(await isFullyMigrated(db))) {
      return Response.json({ status: "migrations pending" }, { status: 503 });
    }
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(error);
    return Response.json({ status: "database unreachable" }, { status: 503 });
  }
}
