import { DateTime } from "luxon";
import { formatClock, utcToLocal, zoneName } from "../../lib/zoned-time";

/**
 * A bilateral meeting's time as people read it, in the event's zone with the zone named:
 * "Mon, Mar 28, 2011, 13:00–14:00 (Pacific Daylight Time)" / "2011年3月28日週一 13:00–14:00（太平洋夏令時間）".
 * Without an end (a proposed start), the start alone.
 */
export function formatMeetingTime(startsAt: string, endsAt: string | null, language: string, zone: string): string {
  const day = formatMeetingDay(utcToLocal(startsAt, zone).day, language);
  const clocks = endsAt ? `${formatClock(startsAt, zone)}–${formatClock(endsAt, zone)}` : formatClock(startsAt, zone);
  const zoneLabel = zoneName(zone, language, startsAt);
  return language === "zh-TW" ? `${day} ${clocks}（${zoneLabel}）` : `${day}, ${clocks} (${zoneLabel})`;
}

/** A local calendar day (`YYYY-MM-DD`) with its weekday: "Mon, Mar 28, 2011" / "2011年3月28日週一". */
export function formatMeetingDay(day: string, language: string): string {
  return DateTime.fromISO(day, { zone: "UTC" }).setLocale(language).toLocaleString({ weekday: "short", year: "numeric", month: "short", day: "numeric" });
}
