import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/ui/error-summary";
import { FieldErrors, FieldLabel } from "~/components/ui/field";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { formatSavedAt } from "./meeting-time";
import { noteSchema } from "./schemas";

/** The viewer's own delegation's private note: shown to that side alone, saved, or deleted with its own button. */
export function PrivateNote({
  note,
  delegationName,
  writable,
  zone,
  lastResult,
  notice,
}: {
  note: { body: string; updatedAt: string } | null;
  delegationName: string;
  writable: boolean;
  zone: string;
  lastResult: SubmissionResult<string[]> | undefined;
  notice: string | null;
}) {
  const { t, i18n } = useTranslation("meetings");
  const [form, fields] = useValidatedForm({
    id: "note",
    lastResult,
    defaultValue: { body: note?.body ?? "" },
    constraint: getZodConstraint(noteSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: noteSchema }),
    shouldValidate: "onSubmit",
  });
  const { key, ...textareaProps } = getTextareaProps(fields.body);
  const label = t("notes.body", { delegation: delegationName });
  return (
    <section className="meeting-section private-note" aria-labelledby="note-title">
      <h2 id="note-title">{t("notes.title")}</h2>
      <p className="private-note-intro">{t("notes.intro")}</p>
      <StatusMessage>{notice ? t(notice) : null}</StatusMessage>
      {note ? (
        <>
          <div className="written-text private-note-body">{note.body}</div>
          <p className="muted">{t("notes.updated", { time: formatSavedAt(note.updatedAt, i18n.language, zone) })}</p>
        </>
      ) : null}
      {writable ? (
        <Form method="post" {...getFormProps(form)}>
          <ErrorSummary form={form} />
          <div className="field">
            <FieldLabel htmlFor={fields.body.id} required>
              {label}
            </FieldLabel>
            <textarea key={key} {...textareaProps} rows={6} />
            <FieldErrors id={fields.body.errorId} errors={fields.body.errors} />
          </div>
          <button type="submit" name="intent" value="save-note" className="primary">
            {t("notes.save")}
          </button>
        </Form>
      ) : null}
      {writable && note ? (
        <Form method="post" className="row-delete">
          <ConfirmButton name="intent" value="delete-note" question={t("notes.confirmDelete")} label={t("notes.delete")}>
            {t("notes.delete")}
          </ConfirmButton>
        </Form>
      ) : null}
    </section>
  );
}
