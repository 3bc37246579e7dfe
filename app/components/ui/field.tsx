import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Field errors travel as translation keys, so the same schema speaks both languages. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

/**
 * A field's label, marked "(required)" when the form's schema requires it, or "(required in English
 * or Chinese)" for one of a pair of which either will do (WCAG 3.3.2).
 */
export function FieldLabel({ htmlFor, required, eitherLanguage, children }: { htmlFor: string; required: boolean | undefined; eitherLanguage?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const mark = eitherLanguage ? t("validation.eitherLanguageMark") : required ? t("validation.requiredMark") : null;
  return (
    <label htmlFor={htmlFor}>
      {children}
      {mark ? <span className="required-mark"> {mark}</span> : null}
    </label>
  );
}

type InputType = "text" | "email" | "password" | "url" | "search" | "date" | "time" | "number" | "color";

export function Field({
  meta,
  label,
  type = "text",
  autoComplete,
  hint,
  list,
  eitherLanguage,
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: string;
  type?: InputType;
  autoComplete?: string;
  hint?: ReactNode;
  /** One of an English and a Chinese version, at least one of which must be given. */
  eitherLanguage?: boolean;
  /** The id of a <datalist> offering suggestions. */
  list?: string;
}) {
  const hintId = `${meta.id}-hint`;
  const { key, ...inputProps } = getInputProps(meta, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} required={meta.required} eitherLanguage={eitherLanguage}>
        {label}
      </FieldLabel>
      <input key={key} {...inputProps} autoComplete={autoComplete} list={list} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({ meta, label, rows = 4 }: { meta: FieldMetadata<string | undefined>; label: string; rows?: number }) {
  const { key, ...textareaProps } = getTextareaProps(meta);
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} required={meta.required}>
        {label}
      </FieldLabel>
      <textarea key={key} {...textareaProps} rows={rows} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function CheckboxField({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: string }) {
  const { key, ...inputProps } = getInputProps(meta, { type: "checkbox" });
  return (
    <div className="field field-checkbox">
      <input key={key} {...inputProps} />
      <FieldLabel htmlFor={meta.id} required={meta.required}>
        {label}
      </FieldLabel>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  const { key, ...selectProps } = getSelectProps(meta);
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} required={meta.required}>
        {label}
      </FieldLabel>
      <select key={key} {...selectProps}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
