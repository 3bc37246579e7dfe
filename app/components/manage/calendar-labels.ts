import { DateTime } from "luxon";

/**
 * "America/Los_Angeles (Pacific Time)": the zone's id and its generic name in the viewer's
 * language. The generic name stays right on both sides of a daylight-saving change.
 */
export function zoneLabel(zone: string, language: string): string {
  const name = new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: "longGeneric" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  return name && name !== zone ? `${zone} (${name})` : zone;
}

/** "Tuesday, March 29, 2011" / "2011年3月29日 星期二": a calendar day with its weekday, as organizers plan by. */
export function dayWithWeekday(day: string, language: string): string {
  return DateTime.fromISO(day, { zone: "UTC" }).setLocale(language).toLocaleString(DateTime.DATE_HUGE);
}
