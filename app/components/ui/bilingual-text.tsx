import type { ReactNode } from "react";
import { languageMark, localizedPart } from "~/utils/localized";
import { scriptLanguage } from "~/utils/script-language";

/**
 * Bilingual stored content (a title or name with English and Chinese versions) as element content:
 * the page language's version, or the other one when that is empty, as `localized()` chooses. The
 * text is wrapped in `<span lang>` only when it is not in the page's language (WCAG 3.1.2). For
 * attributes, option labels, `<title>` and sentences built as strings, keep `localized()`.
 */
export function BilingualText({
  en,
  zh,
  language,
  fallback = null,
}: {
  en: string | null | undefined;
  zh: string | null | undefined;
  /** The page's language (i18n.language). */
  language: string;
  /** Shown, unmarked, when both versions are empty. */
  fallback?: ReactNode;
}) {
  const { text, lang } = localizedPart(en, zh, language);
  if (!text) return <>{fallback}</>;
  const mark = languageMark(lang, language);
  return mark ? <span lang={mark}>{text}</span> : <>{text}</>;
}

/**
 * A name in its own script (溫武彥, 김영수, やまだ), marked with the language its script tells
 * (Han → zh-TW, Hangul → ko, kana → ja) unless that is the page's language; a name in any other
 * script is left unmarked.
 */
export function NativeName({ name, language }: { name: string; language: string }) {
  const mark = languageMark(scriptLanguage(name), language);
  return mark ? <span lang={mark}>{name}</span> : <>{name}</>;
}
