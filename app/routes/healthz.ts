import { checkDatabaseHealth } from "~/models/health.server";
import { getDb } from "~/utils/db.server";
import type { RoutePolicy } from "~/policy.server";

/** 200 once the database answers and every migration has run; 503 otherwise. */
export const policy = "public" satisfies RoutePolicy;

export async function loader() {
  try {
    const status = await checkDatabaseHealth(getDb());
    return Response.json({ status }, { status: status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(error);
    return Response.json({ status: "database unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
