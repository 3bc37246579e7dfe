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

/**
 * An instant in the given IANA zone, e.g. for audit entries and session times. The narrow and thin
 * spaces some ICU versions put before "PM" become plain spaces, so the server's text and the
 * browser's (whose ICU may differ) are the same when the page hydrates.
 */
export function formatInstant(iso: string, language: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale(language).toLocaleString(DateTime.DATETIME_MED).replace(/[\u202f\u2009]/g, " ");
}

/** The two languages bilingual fields are stored in: `*_en` and `*_zh` (Traditional Chinese). */
export type ContentLanguage = "en" | "zh-TW";

/**
 * What `localized()` shows, and in which language that text is written: the viewer's version, or
 * the other one when the viewer's is empty (then `lang` differs from the page's).
 */
export function localizedPart(
  english: string | null | undefined,
  chinese: string | null | undefined,
  language: string,
): { text: string; lang: ContentLanguage } {
  const sides: Array<[string | null | undefined, ContentLanguage]> =
    language === "zh-TW" ? [[chinese, "zh-TW"], [english, "en"]] : [[english, "en"], [chinese, "zh-TW"]];
  for (const [value, lang] of sides) {
    const text = value?.trim();
    if (text) return { text, lang };
  }
  return { text: "", lang: sides[0][1] };
}

/**
 * The `lang` attribute for a part of a page (WCAG 3.1.2): the part's language when it differs from
 * the page's, otherwise undefined (React then writes no attribute and the part inherits the page's).
 */
export function languageMark(partLanguage: string | null | undefined, pageLanguage: string): string | undefined {
  if (!partLanguage) return undefined;
  return partLanguage.toLowerCase() === pageLanguage.toLowerCase() ? undefined : partLanguage;
}

/**
 * A calendar day (`YYYY-MM-DD`) as formal texts date it: in Chinese with the ROC era
 * (民國115年11月30日), in English as `formatDay` writes it. Independent of any time zone.
 */
export function formatOfficialDay(day: string, language: string): string {
  if (language !== "zh-TW") return formatDay(day, language);
  return new Intl.DateTimeFormat("zh-TW-u-ca-roc", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}
