import { getFormProps, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { parseSubmission } from "~/utils/form-submission";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ORGANIZATION_KINDS } from "../../../db/schema";
import { Field, SelectField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { organizationSchema, type OrganizationFormValues } from "./schemas";

/**
 * The form that adds an organization and the one that edits one. Until a kind is given (a new
 * organization), the kind list opens on a prompt to choose one.
 */
export function OrganizationForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: DefaultValue<OrganizationFormValues>;
  submitLabel: string;
}) {
  const { t } = useTranslation("directory");
  const [form, fields] = useValidatedForm<OrganizationFormValues, z.output<typeof organizationSchema>>({
    id,
    lastResult,
    constraint: getZodConstraint(organizationSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: organizationSchema }),
    shouldRevalidate: "onBlur",
    defaultValue,
  });
  const kinds = ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`agenda:organizationKind.${kind}`) }));

  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.nameEn} label={t("organization.nameEn")} autoComplete="off" eitherLanguage />
        <Field meta={fields.nameZh} label={t("organization.nameZh")} autoComplete="off" eitherLanguage />
        <Field meta={fields.country} label={t("organization.country")} hint={t("organization.countryHint")} autoComplete="off" />
        <SelectField
          meta={fields.kind}
          label={t("organization.kind")}
          options={defaultValue?.kind ? kinds : [{ value: "", label: t("organization.chooseKind") }, ...kinds]}
        />
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
