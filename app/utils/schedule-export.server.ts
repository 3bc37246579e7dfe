import { buildScheduleJson } from "../calendar/schedule-json";
import { buildScheduleXml } from "../calendar/schedule-xml";
import type { Db } from "../../db/client";
import { getEventCalendarVersion, getScheduleExport } from "../models/calendar.server";
import type { ReadableEvent } from "../policy.server";
import { badCalendarQuery, calendarLabels } from "./calendar-feed.server";
import { calendarCacheControl, parseFeedLanguage } from "./calendar-feed-query";
import { conditionalResponse } from "./http-cache.server";

const FORMATS = {
  xml: { build: buildScheduleXml, contentType: "application/xml; charset=utf-8" },
  json: { build: buildScheduleJson, contentType: "application/json; charset=utf-8" },
} as const;

/**
 * The agenda as conference apps read it: frab's schedule.xml or c3voc's schedule.json (`?lang=`),
 * revalidated by the event's calendar version like the feeds.
 */
export async function scheduleExportResponse(request: Request, { db, event, format }: { db: Db; event: ReadableEvent; format: keyof typeof FORMATS }) {
  const language = parseFeedLanguage(new URL(request.url).searchParams);
  if (!language) throw await badCalendarQuery(request);
  const origin = new URL(request.url).origin;
  const { build, contentType } = FORMATS[format];
  return conditionalResponse(request, {
    version: await getEventCalendarVersion(db, { event }),
    variant: JSON.stringify(["schedule", format, language]),
    contentType,
    cacheControl: calendarCacheControl(event.visibility),
    // Web apps of other sites may read a published agenda; a private event's stays with its team.
    extraHeaders: event.visibility === "private" ? {} : { "Access-Control-Allow-Origin": "*" },
    build: async () => build({ ...(await getScheduleExport(db, event)), language, origin, labels: calendarLabels(language) }),
  });
}
