import { agenda as enAgenda } from "./locales/en/agenda";
import { common as enCommon } from "./locales/en/common";
import { directory as enDirectory } from "./locales/en/directory";
import { manage as enManage } from "./locales/en/manage";
import { agenda as zhAgenda } from "./locales/zh-TW/agenda";
import { common as zhCommon } from "./locales/zh-TW/common";
import { directory as zhDirectory } from "./locales/zh-TW/directory";
import { manage as zhManage } from "./locales/zh-TW/manage";

export const supportedLanguages = ["en", "zh-TW"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/**
 * One namespace per feature area (`translation` is the shared shell). The locales are small, so
 * they ship in the bundle instead of being fetched.
 */
export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "translation",
  ns: ["translation", "agenda", "directory", "manage"],
  resources: {
    en: { translation: enCommon, agenda: enAgenda, directory: enDirectory, manage: enManage },
    "zh-TW": { translation: zhCommon, agenda: zhAgenda, directory: zhDirectory, manage: zhManage },
  },
  interpolation: { escapeValue: false },
};
