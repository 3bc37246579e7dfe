import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import type { BilateralSettings } from "~/models/bilateral-setup.server";
import { settingsSchema } from "./schemas";

/** The event's slot length and the lengths, in slots, a meeting may take. */
export function SettingsForm({ settings, lastResult }: { settings: BilateralSettings; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("bilateralSetup");
  const [form, fields] = useValidatedForm({
    id: "bilateral-settings",
    lastResult,
    defaultValue: {
      slotMinutes: String(settings.slotMinutes),
      minSlots: String(settings.minSlots),
      maxSlots: String(settings.maxSlots),
    },
    constraint: getZodConstraint(settingsSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: settingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} aria-labelledby="bilateral-settings-title">
      <h2 id="bilateral-settings-title">{t("settings.title")}</h2>
      <input type="hidden" name="intent" value="settings" />
      <ErrorSummary form={form} />
      <Field meta={fields.slotMinutes} label={t("settings.slotMinutes")} type="number" hint={t("settings.slotMinutesHint")} />
      <div className="field-row">
        <Field meta={fields.minSlots} label={t("settings.minSlots")} type="number" hint={t("settings.lengthsHint")} />
        <Field meta={fields.maxSlots} label={t("settings.maxSlots")} type="number" hint={t("settings.lengthsHint")} />
      </div>
      <button type="submit" className="primary">
        {t("settings.save")}
      </button>
    </Form>
  );
}
