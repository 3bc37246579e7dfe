import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { toCsv } from "~/components/attendance/attendance-csv";
import { attendanceTableRows } from "~/components/attendance/attendance-table-rows";
import { translatorFor, viewerLocale } from "~/i18n/i18next.server";
import { isLanguage } from "~/i18n/config";
import { ATTENDANCE_TABLES, getAttendance } from "~/models/attendance.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { attachmentDisposition } from "~/utils/content-disposition";
import { invariantResponse } from "~/utils/http.server";

export const policy = "event-organizer" satisfies RoutePolicy;

const tableSchema = z.enum(ATTENDANCE_TABLES);

/** One attendance table as CSV (`?table=days|sessions|delegations|countries|categories`), headed in the viewer's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const table = tableSchema.safeParse(new URL(request.url).searchParams.get("table"));
  invariantResponse(table.success, "checkin:attendance.unknownTable", 400);
  const locale = await viewerLocale(request);
  const language = isLanguage(locale) ? locale : "en";
  const figures = await getAttendance(db, event);
  const csv = toCsv(attendanceTableRows(table.data, figures, translatorFor(language, "checkin"), language));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`${event.slug}-attendance-${table.data}.csv`),
      "Cache-Control": "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
