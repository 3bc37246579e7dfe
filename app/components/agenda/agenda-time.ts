import { DateTime } from "luxon";
import { dayBoundsUtc, utcToLocal, zoneName } from "../../../lib/zoned-time";

export interface ZonedClock {
  time: string;
  day: string;
  /** True when this clock's calendar day is not the one the reader is looking at, so it needs a date. */
  otherDay: boolean;
}

/**
 * A session's start and end in the display zone. The start is compared with the event day it is
 * listed under (15:00 in San Diego on 03-28 is 06:00 on 03-29 in Taipei); the end with the start.
 */
export function zonedRange(startsAt: string, endsAt: string, zone: string, listedDay: string): { start: ZonedClock; end: ZonedClock } {
  const start = utcToLocal(startsAt, zone);
  const end = utcToLocal(endsAt, zone);
  return {
    start: { ...start, otherDay: start.day !== listedDay },
    end: { ...end, otherDay: end.day !== start.day },
  };
}

/** "Tue, Mar 29" / "3月29日 週二": the marker next to a clock that falls on another day. */
export function formatShortDay(day: string, language: string): string {
  return DateTime.fromISO(day, { zone: "UTC" }).setLocale(language).toLocaleString({ weekday: "short", month: "short", day: "numeric" });
}

/** The zone's name as it reads at noon of the event day, e.g. "Pacific Daylight Time". */
export function zoneNameOnDay(zone: string, language: string, eventDay: string, eventZone: string): string {
  const { start, end } = dayBoundsUtc(eventDay, eventZone);
  const noon = new Date((Date.parse(start) + Date.parse(end)) / 2).toISOString();
  return zoneName(zone, language, noon);
}
