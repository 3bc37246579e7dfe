import type { MetaArgs } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { fallbackLanguage, i18nConfig, isLanguage, supportedLanguages, type Language } from "./config";

// Meta functions cannot use hooks, so titles are translated with one fixed instance per language.
const translators = new Map<Language, TFunction>(
  supportedLanguages.map((language) => {
    const instance = createInstance();
    void instance.init({ ...i18nConfig, lng: language, initImmediate: false });
    return [language, instance.t];
  }),
);

/** The language the root loader chose for this request. */
function languageOf(matches: MetaArgs["matches"]): Language {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  return isLanguage(root?.locale) ? root.locale : fallbackLanguage;
}

/** "<translated key> · Plenary" in the viewer's language. */
export function pageTitle(matches: MetaArgs["matches"], key: string): string {
  const t = translators.get(languageOf(matches)) ?? (translators.get(fallbackLanguage) as TFunction);
  return `${t(key)} · Plenary`;
}

/** Bilingual content (an event or session title) in the viewer's language, falling back to the other. */
export function contentTitle(matches: MetaArgs["matches"], english: string | null | undefined, chinese: string | null | undefined): string {
  const preferred = languageOf(matches) === "zh-TW" ? [chinese, english] : [english, chinese];
  const title = preferred.find((value) => value?.trim());
  return title ? `${title.trim()} · Plenary` : "Plenary";
}
