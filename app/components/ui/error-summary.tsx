import type { FormMetadata } from "@conform-to/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// The WCAG 3.3.1 pattern every form uses (GOV.UK's error summary): after a failed submit, whether
// the browser or the server refused it, a summary at the top of the form lists each problem and
// links to its field, takes focus, and is announced; each field carries aria-invalid and points
// at its own message.

// Conform's form metadata, whatever the form's fields are.
type AnyForm = Pick<FormMetadata<Record<string, unknown>, string[]>, "id" | "errorId" | "status" | "allErrors">;

/** The label a field is known by, read from the page (the form renders it; the summary only links). */
function labelOf(fieldId: string): string | null {
  const label = document.querySelector(`label[for="${CSS.escape(fieldId)}"]`)?.cloneNode(true);
  if (!(label instanceof HTMLElement)) return null;
  label.querySelectorAll(".required-mark").forEach((mark) => mark.remove());
  return label.textContent?.replace(/\s+/g, " ").trim() || null;
}

/**
 * The summary of a form's errors. `messageValues` fills in a message's variables, e.g. the minutes
 * of `auth.rateLimited`.
 */
/** A fragment link scrolls but leaves focus where it was; the field itself should take it. */
function focusField(event: React.MouseEvent, fieldId: string) {
  const field = document.getElementById(fieldId);
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus();
}

export function ErrorSummary({ form, messageValues = {} }: { form: AnyForm; messageValues?: Record<string, Record<string, unknown>> }) {
  const { t } = useTranslation();
  const summary = useRef<HTMLDivElement>(null);
  const errors = form.allErrors;
  const [labels, setLabels] = useState<Record<string, string | null>>({});
  // Shown from a failed submit until a successful one: errors found while someone moves between
  // fields stay by those fields, and the page does not jump under their pointer.
  const [submitted, setSubmitted] = useState(form.status === "error");
  const [focusRequests, setFocusRequests] = useState(0);
  const entries = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  const formMessages = entries.filter(([name]) => name === "").flatMap(([, messages]) => messages);
  const fieldEntries = entries.filter(([name]) => name !== "");
  const summaryItem = (label: string | null | undefined, message: string) => (label ? t("validation.summaryItem", { label, message }) : message);

  useEffect(() => {
    setLabels(Object.fromEntries(fieldEntries.map(([name]) => [name, labelOf(`${form.id}-${name}`)])));
    if (form.status === "success") setSubmitted(false);
    if (form.status === "error" && entries.length > 0) {
      setSubmitted(true);
      setFocusRequests((requests) => requests + 1);
    }
    // `errors` is a new object after every validation, so a second failed submit focuses again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [errors, form.status]);

  // Focused once rendered: on the first failed submit the summary is not in the page yet.
  useEffect(() => {
    if (focusRequests > 0) summary.current?.focus();
  }, [focusRequests]);

  if (entries.length === 0 || !submitted) return <div id={form.errorId} />;
  return (
    <div id={form.errorId} ref={summary} role="alert" tabIndex={-1} className="form-errors" aria-labelledby={`${form.id}-summary-title`}>
      <p id={`${form.id}-summary-title`} className="form-errors-title">
        {t("validation.summaryTitle", { count: entries.length })}
      </p>
      {formMessages.map((message) => (
        <p key={message}>{t(message, messageValues[message])}</p>
      ))}
      {fieldEntries.length > 0 ? (
        <ul>
          {fieldEntries.map(([name, messages]) => (
            <li key={name}>
              <a href={`#${form.id}-${name}`} onClick={(event) => focusField(event, `${form.id}-${name}`)}>
                {summaryItem(labels[name], messages.map((message) => t(message, messageValues[message])).join(" "))}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
