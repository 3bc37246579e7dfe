import { getFormProps, getInputProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ImportPreviewTable } from "~/components/registration/import-preview";
import { ErrorSummary } from "~/components/ui/error-summary";
import { CheckboxField, FieldErrors, FieldLabel, TextareaField } from "~/components/ui/field";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import { IMPORT_COLUMNS, IMPORT_MAX_CELL, IMPORT_MAX_ROWS, importRegistrations, listCategories, previewImport, type ImportPreview } from "~/models/registration.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";

/**
 * A file of 2,000 full rows fits; a file or pasted text is sent back once more with the
 * confirmation. Both forms are multipart, whose limit at the server's door is far above this.
 */
const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;
const MAX_CSV_CHARACTERS = 5_000_000;

const importSchema = z.object({
  intent: z.enum(["preview", "import"]),
  csv: z.string({ required_error: "registration:import.csvRequired" }).max(MAX_CSV_CHARACTERS, "registration:import.tooLarge"),
  onlyValid: z.boolean().optional(),
});

/** The first form, checked in the browser: a file or pasted text (whether one was given is the server's to say). */
const uploadSchema = z.object({
  intent: z.literal("preview"),
  csv: z.string().max(MAX_CSV_CHARACTERS, "registration:import.tooLarge").optional(),
  file: z.unknown().optional(),
});

const FILE_PROBLEMS = {
  broken_csv: "registration:import.fileProblems.brokenCsv",
  row_too_long: "registration:import.fileProblems.rowTooLong",
  empty: "registration:import.fileProblems.empty",
  missing_name_column: "registration:import.fileProblems.missingNameColumn",
  unknown_column: "registration:import.fileProblems.unknownColumn",
  duplicate_column: "registration:import.fileProblems.duplicateColumn",
  too_many_rows: "registration:import.fileProblems.tooManyRows",
} as const;

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "registration:import.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const categories = await listCategories(db, event.id);
  return {
    slug: event.slug,
    categories: categories.map(({ id, name_en, name_zh }) => ({ id, name_en, name_zh })),
    limits: { columns: IMPORT_COLUMNS, rows: IMPORT_MAX_ROWS, cell: IMPORT_MAX_CELL },
  };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, viewer, event } = await authorize(policy, { request, params });
  // Only an uploaded file may be larger than an ordinary form; pasted text keeps the usual limit,
  // as the server already holds it to when the length is declared.
  const uploading = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  const formData = await readForm(request, uploading ? { limit: IMPORT_BODY_LIMIT } : {});
  // An uploaded file takes the place of pasted text; either way the CSV travels on as text, and is
  // parsed and checked again on confirmation rather than trusted from the preview.
  const file = formData.get("file");
  formData.delete("file");
  let notUtf8 = false;
  if (file instanceof File && file.size > 0) {
    try {
      formData.set("csv", strictUtf8.decode(await file.arrayBuffer()));
    } catch {
      notUtf8 = true;
      formData.delete("csv");
    }
  }
  const submission = parseSubmission(formData, { schema: importSchema });
  if (notUtf8) return data({ result: submission.reply({ fieldErrors: { csv: ["registration:import.notUtf8"] } }), preview: null, csv: null, imported: null, fileProblem: null }, { status: 400 });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null, csv: null, imported: null, fileProblem: null }, { status: 400 });
  const { intent, csv, onlyValid } = submission.value;

  const refuseFile = (outcome: Extract<ImportPreview, { ok: false }>) => {
    const message = FILE_PROBLEMS[outcome.problem];
    return data({ result: submission.reply({ fieldErrors: { csv: [message] } }), preview: null, csv: null, imported: null, fileProblem: { line: outcome.line ?? null, column: outcome.column ?? null } }, { status: 400 });
  };

  if (intent === "preview") {
    const preview = await previewImport(db, viewer, event.id, csv);
    if (!preview.ok) return refuseFile(preview);
    return data({ result: submission.reply(), preview, csv, imported: null, fileProblem: null }, { status: preview.invalid > 0 ? 400 : 200 });
  }
  const outcome = await importRegistrations(db, { viewer, eventId: event.id, text: csv, onlyValid: onlyValid ?? false });
  if (!outcome.ok) {
    if ("preview" in outcome) {
      const message = outcome.problem === "rows_invalid" ? "registration:import.rowsInvalid" : "registration:import.nothingToImport";
      return data({ result: submission.reply({ formErrors: [message] }), preview: outcome.preview, csv, imported: null, fileProblem: null }, { status: 400 });
    }
    return refuseFile(outcome);
  }
  return { result: submission.reply({ resetForm: true }), preview: null, csv: null, imported: { created: outcome.created, reused: outcome.reused, skipped: outcome.skipped }, fileProblem: null };
}

export default function ImportPage() {
  const { slug, categories, limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("registration");
  const [form, fields] = useValidatedForm({
    id: "import-csv",
    lastResult: actionData?.preview ? undefined : actionData?.result,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: uploadSchema }),
  });
  const [confirmForm, confirmFields] = useValidatedForm({
    id: "import-confirm",
    lastResult: actionData?.preview ? actionData.result : undefined,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: importSchema }),
  });
  const fileProblem = actionData?.fileProblem;
  const preview = actionData?.preview;
  const { key: fileKey, ...fileProps } = getInputProps(fields.file, { type: "file" });

  return (
    <section aria-labelledby="import-title">
      <p className="eyebrow">
        <Link to={`/events/${slug}/manage/registrations`}>{t("manage.title")}</Link>
      </p>
      <h1 id="import-title">{t("import.title")}</h1>
      <p>{t("import.intro", { max: limits.rows, cell: limits.cell })}</p>
      <p>
        {t("import.columns")} <code>{limits.columns.join(",")}</code>
      </p>
      {categories.length > 0 ? (
        <p>
          {t("import.categories")} {categories.map((category) => localized(category.name_en, category.name_zh, i18n.language)).join(" · ")}
        </p>
      ) : null}
      <StatusMessage>
        {actionData?.imported ? t("import.done", { created: actionData.imported.created, reused: actionData.imported.reused, skipped: actionData.imported.skipped }) : null}
      </StatusMessage>

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} aria-labelledby="import-title">
        <input type="hidden" name="intent" value="preview" />
        <ErrorSummary form={form} />
        <div className="field">
          <FieldLabel htmlFor={fields.file.id} required={false}>
            {t("import.file")}
          </FieldLabel>
          <input key={fileKey} {...fileProps} accept=".csv,text/csv" />
        </div>
        <TextareaField meta={fields.csv} label={t("import.paste")} rows={8} />
        {fileProblem?.line ? <p className="field-errors">{t("import.atLine", { line: fileProblem.line })}</p> : null}
        {fileProblem?.column ? <p className="field-errors">{t("import.column", { column: fileProblem.column })}</p> : null}
        <button type="submit" className="primary">
          {t("import.previewButton")}
        </button>
      </Form>

      {preview ? (
        <>
          <h2 id="preview-title">{t("import.previewTitle")}</h2>
          <p role="status">{t("import.summary", { valid: preview.valid, invalid: preview.invalid })}</p>
          <ImportPreviewTable rows={preview.rows} captionId="preview-title" />
          {/* Multipart like the upload: the text is sent as it is, not percent-encoded to many times its size. */}
          <Form method="post" encType="multipart/form-data" {...getFormProps(confirmForm)} aria-labelledby="preview-title">
            <input type="hidden" name="intent" value="import" />
            {/* The same text again: the server parses and checks it anew, trusting nothing of the preview. */}
            <input type="hidden" name="csv" value={actionData?.csv ?? ""} />
            <ErrorSummary form={confirmForm} />
            {preview.invalid > 0 ? <CheckboxField meta={confirmFields.onlyValid} label={t("import.onlyValid", { count: preview.valid })} /> : null}
            <FieldErrors id={confirmFields.csv.errorId} errors={confirmFields.csv.errors} />
            {preview.valid > 0 ? (
              <button type="submit" className="primary">
                {t("import.importButton", { count: preview.valid })}
              </button>
            ) : null}
          </Form>
        </>
      ) : null}
    </section>
  );
}
