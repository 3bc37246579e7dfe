import { DateTime } from "luxon";
import { formatClock, utcToLocal, zoneName } from "../../../../lib/zoned-time";
import { formatShortDay } from "../../agenda/agenda-time";

/** "Mon, Mar 28, 13:00–14:00" in the event's zone: a meeting or session on one line. */
export function formatSpan(startsAt: string, endsAt: string, zone: string, language: string): string {
  return `${formatShortDay(utcToLocal(startsAt, zone).day, language)} ${formatClock(startsAt, zone)}–${formatClock(endsAt, zone)}`;
}

/** The zone's name as it reads at `at`, e.g. "Pacific Daylight Time", with its IANA id for the sentence naming it. */
export function zoneLabel(zone: string, language: string, at: string): { zone: string; id: string } {
  return { zone: zoneName(zone, language, at), id: zone };
}

/** "Monday, March 28, 2011" / "2011年3月28日 星期一": a day heading, independent of any time zone. */
export function formatLongDay(day: string, language: string): string {
  return DateTime.fromISO(day, { zone: "UTC" }).setLocale(language).toLocaleString(DateTime.DATE_HUGE);
}
