import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors, FieldLabel } from "~/components/ui/field";

/** A textarea for text in one language, marked with it, one of a pair of which either will do. */
export function LanguageTextarea({
  meta,
  label,
  lang,
  rows = 8,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  lang: "en" | "zh-TW";
  rows?: number;
}) {
  const { key, ...textareaProps } = getTextareaProps(meta);
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} required={false} eitherLanguage>
        {label}
      </FieldLabel>
      <textarea key={key} {...textareaProps} lang={lang} rows={rows} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
