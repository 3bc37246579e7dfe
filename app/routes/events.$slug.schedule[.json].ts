import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, type RoutePolicy } from "~/policy.server";
import { scheduleExportResponse } from "~/utils/schedule-export.server";

export const policy = "event-reader" satisfies RoutePolicy;

/** The agenda in c3voc's schedule.json format, for conference apps. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return scheduleExportResponse(request, { db, event, format: "json" });
}
