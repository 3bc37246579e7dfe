import { en } from "./locales/en";
import { zhTW } from "./locales/zh-TW";

export const supportedLanguages = ["en", "zh-TW"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** Both locales are small, so they ship in the bundle instead of being fetched. */
export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "translation",
  resources: { en: { translation: en }, "zh-TW": { translation: zhTW } },
  interpolation: { escapeValue: false },
};
