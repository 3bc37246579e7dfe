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

type InputType = "text" | "email" | "password" | "url" | "search" | "date" | "time" | "number" | "color";

export function Field({
  meta,
  label,
  type = "text",
  autoComplete,
  hint,
  list,
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: string;
  type?: InputType;
  autoComplete?: string;
  hint?: ReactNode;
  /** The id of a <datalist> offering suggestions. */
  list?: string;
}) {
  const hintId = `${meta.id}-hint`;
  const { key, ...inputProps } = getInputProps(meta, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
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
      <label htmlFor={meta.id}>{label}</label>
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
      <label htmlFor={meta.id}>{label}</label>
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
      <label htmlFor={meta.id}>{label}</label>
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

export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="form-errors">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}
