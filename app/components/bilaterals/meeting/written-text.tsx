/**
 * What a side wrote in one language, as written (line breaks kept), always marked with its
 * language: minutes and items are written in either, and shown side by side.
 */
export function WrittenText({ text, lang, className = "written-text" }: { text: string; lang: "en" | "zh-TW"; className?: string }) {
  return (
    <div className={className} lang={lang}>
      {text}
    </div>
  );
}

/** An action item's text: each language it was written in, the page's language first. */
export function ItemText({ en, zh, pageLanguage }: { en: string | null; zh: string | null; pageLanguage: string }) {
  const parts: Array<[string | null, "en" | "zh-TW"]> =
    pageLanguage === "zh-TW"
      ? [
          [zh, "zh-TW"],
          [en, "en"],
        ]
      : [
          [en, "en"],
          [zh, "zh-TW"],
        ];
  return <>{parts.map(([text, lang]) => (text === null ? null : <WrittenText key={lang} text={text} lang={lang} className="item-text" />))}</>;
}

/** A short plain-text name for an item, for accessible names and questions. */
export function itemLabel(en: string | null, zh: string | null, pageLanguage: string): string {
  const text = (pageLanguage === "zh-TW" ? (zh ?? en) : (en ?? zh)) ?? "";
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}
