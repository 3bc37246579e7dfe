import { formatClock, utcToLocal, zoneName } from "../../../../lib/zoned-time";
import { dayWithWeekday } from "~/components/manage/calendar-labels";

/**
 * The parts of a window's or block's label in the event's zone: its local day with the weekday,
 * its clock times, and the zone's name as it reads on that day ("Pacific Daylight Time").
 */
export function zonedSpanParts(span: { startsAt: string; endsAt: string }, zone: string, language: string) {
  return {
    day: dayWithWeekday(utcToLocal(span.startsAt, zone).day, language),
    start: formatClock(span.startsAt, zone),
    end: formatClock(span.endsAt, zone),
    zone: zoneName(zone, language, span.startsAt),
  };
}
