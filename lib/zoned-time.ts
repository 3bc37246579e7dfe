import { DateTime, Interval } from "luxon";

/**
 * Wall-clock time in an event's IANA zone ↔ UTC instants. Everything here names its zone
 * explicitly, so no result depends on the server process's TZ.
 */

export type LocalToUtcResult = { ok: true; iso: string } | { ok: false; reason: "invalid" | "nonexistent" };

/** `2011-03-28` + `15:00` in America/Los_Angeles → `2011-03-28T22:00:00.000Z`. */
export function localToUtc(day: string, time: string, zone: string): LocalToUtcResult {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return { ok: false, reason: "invalid" };
  const local = DateTime.fromISO(`${day}T${time}`, { zone });
  if (!local.isValid) return { ok: false, reason: "invalid" };
  // Luxon moves a time that the clocks skip (02:30 on a spring-forward night) forward; refuse it instead.
  if (local.toFormat("yyyy-MM-dd") !== day || local.toFormat("HH:mm") !== time) return { ok: false, reason: "nonexistent" };
  return { ok: true, iso: local.toUTC().toISO() ?? "" };
}

export function utcToLocal(iso: string, zone: string): { day: string; time: string } {
  const local = DateTime.fromISO(iso, { zone: "utc" }).setZone(zone);
  return { day: local.toFormat("yyyy-MM-dd"), time: local.toFormat("HH:mm") };
}

/** The instants where a local calendar day begins and ends (23 or 25 hours long on DST days). */
export function dayBoundsUtc(day: string, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(day, { zone }).startOf("day");
  const end = start.plus({ days: 1 });
  return { start: start.toUTC().toISO() ?? "", end: end.toUTC().toISO() ?? "" };
}

/** Every calendar day from first to last, inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const interval = Interval.fromDateTimes(DateTime.fromISO(first, { zone: "utc" }), DateTime.fromISO(last, { zone: "utc" }).plus({ days: 1 }));
  if (!interval.isValid) return [];
  return interval.splitBy({ days: 1 }).map((part) => part.start?.toFormat("yyyy-MM-dd") ?? "");
}

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** `15:00` in the given zone. */
export function formatClock(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toFormat("HH:mm");
}

/** The zone's name as a reader expects it, e.g. "Pacific Daylight Time" / "北美太平洋夏令時間", at that instant. */
export function zoneName(zone: string, language: string, at: string): string {
  const parts = new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: "long" }).formatToParts(new Date(at));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? zone;
}
