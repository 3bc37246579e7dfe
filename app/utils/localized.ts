import { DateTime } from "luxon";

/** Bilingual content follows the viewer's language and falls back to the other version. */
export function localized(english: string | null | undefined, chinese: string | null | undefined, language: string): string {
  const preferred = language === "zh-TW" ? chinese : english;
  const other = language === "zh-TW" ? english : chinese;
  return preferred?.trim() || other?.trim() || "";
}

/** A calendar day (`YYYY-MM-DD`) written out in the viewer's language, independent of any time zone. */
export function formatDay(day: string, language: string): string {
  return DateTime.fromISO(day, { zone: "UTC" }).setLocale(language).toLocaleString(DateTime.DATE_FULL);
}

/** An instant in the given IANA zone, e.g. for audit entries and session times. */
export function formatInstant(iso: string, language: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale(language).toLocaleString(DateTime.DATETIME_MED);
}
