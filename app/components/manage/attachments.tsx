import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field, FieldLabel } from "~/components/ui/field";
import { formatFileSize } from "~/utils/file-size";
import { ConfirmButton } from "./confirm-button";
import { StatusMessage } from "~/components/ui/status-message";
import { DataTable } from "~/components/ui/data-table";

interface AttachmentRow {
  id: number;
  annex_label: string | null;
  file_name: string;
  size_bytes: number;
}

/** A session's files: the list with downloads and deletion, and the upload form. */
export function SessionAttachments({
  slug,
  attachments,
  lastResult,
  notice,
  maxBytes,
  extensions,
}: {
  slug: string;
  attachments: readonly AttachmentRow[];
  lastResult: SubmissionResult<string[]> | undefined;
  /** What the last upload or deletion did, shown here where the person is looking. */
  notice: string | null;
  maxBytes: number;
  extensions: readonly string[];
}) {
  const { t, i18n } = useTranslation("manage");
  const language = i18n.language;
  const [form, fields] = useValidatedForm<{ file: File; annexLabel: string }>({ id: "upload-attachment", lastResult });
  // The file field's messages name the limits, so they are filled in here rather than by <FieldErrors>.
  const limits = { types: extensions.join(", "), max: formatFileSize(maxBytes, language) };
  const hintId = `${fields.file.id}-hint`;
  const { key, ...fileProps } = getInputProps(fields.file, { type: "file", ariaDescribedBy: hintId });

  return (
    <section aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("attachments.title")}</h2>
      <StatusMessage>{notice ? t(notice) : null}</StatusMessage>
      {attachments.length === 0 ? (
        <p className="muted">{t("attachments.empty")}</p>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t("attachments.annexLabel")}</th>
              <th scope="col">{t("attachments.file")}</th>
              <th scope="col">{t("attachments.size")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("attachments.delete")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {attachments.map((attachment) => (
              <tr key={attachment.id}>
                <td>{attachment.annex_label ?? "—"}</td>
                <td>
                  <a href={`/events/${slug}/attachments/${attachment.id}`} download>
                    {attachment.file_name}
                  </a>
                </td>
                <td className="nowrap">{formatFileSize(attachment.size_bytes, language)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="attachmentId" value={attachment.id} />
                    <ConfirmButton
                      name="intent"
                      value="delete-attachment"
                      className="link-button"
                      question={t("attachments.confirmDelete", { name: attachment.file_name })}
                      label={t("attachments.deleteLabel", { name: attachment.file_name })}
                    >
                      {t("attachments.delete")}
                    </ConfirmButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <h3>{t("attachments.upload")}</h3>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <ErrorSummary form={form} messageValues={Object.fromEntries((fields.file.errors ?? []).map((error) => [error, { ...limits, ns: ["manage", "translation"] }]))} />
        <input type="hidden" name="intent" value="upload" />
        <div className="field">
          <FieldLabel htmlFor={fields.file.id} required>
            {t("attachments.file")}
          </FieldLabel>
          <input key={key} {...fileProps} accept={extensions.join(",")} />
          <p id={hintId} className="field-hint">
            {t("attachments.fileHint", limits)}
          </p>
          {fields.file.errors?.length ? (
            <ul id={fields.file.errorId} className="field-errors">
              {fields.file.errors.map((error) => (
                <li key={error}>{t(error, { ...limits, ns: ["manage", "translation"] })}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <Field meta={fields.annexLabel} label={t("attachments.annexLabel")} hint={t("attachments.annexHint")} />
        <button type="submit">{t("attachments.uploadButton")}</button>
      </Form>
    </section>
  );
}
