import { getFormProps, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { parseSubmission } from "~/utils/form-submission";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { Organization } from "../../../db/schema";
import { Field, SelectField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { localized } from "~/utils/localized";
import { personRefusalErrors, personSchema, type PersonFormValues } from "./schemas";

const EMAIL_TAKEN = personRefusalErrors.email_taken.email[0];

/**
 * The form that adds a person and the one that edits one. `emailTakenBy` is the entry holding the
 * email just refused as a duplicate (always one the viewer may see), linked next to the field.
 */
export function PersonForm({
  id,
  lastResult,
  defaultValue,
  organizations,
  emailTakenBy,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: DefaultValue<PersonFormValues>;
  organizations: readonly Pick<Organization, "id" | "name_en" | "name_zh" | "country">[];
  emailTakenBy?: { id: number; name: string } | null;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation("directory");
  const [form, fields] = useValidatedForm<PersonFormValues, z.output<typeof personSchema>>({
    id,
    lastResult,
    constraint: getZodConstraint(personSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: personSchema }),
    shouldRevalidate: "onBlur",
    defaultValue,
  });
  // Shown while the refusal stands: a corrected email validated in the browser clears the error.
  const takenBy = emailTakenBy && fields.email.errors?.includes(EMAIL_TAKEN) ? emailTakenBy : null;

  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.name} label={t("person.name")} hint={t("person.nameHint")} autoComplete="off" />
        <Field meta={fields.nameNative} label={t("person.nameNative")} hint={t("person.nameNativeHint")} autoComplete="off" />
        <Field meta={fields.titleEn} label={t("person.titleEn")} autoComplete="off" />
        <Field meta={fields.titleZh} label={t("person.titleZh")} autoComplete="off" />
        <Field
          meta={fields.email}
          label={t("person.email")}
          type="email"
          autoComplete="off"
          hint={takenBy ? <Link to={`/directory/people/${takenBy.id}`}>{t("person.emailTakenBy", { name: takenBy.name })}</Link> : undefined}
        />
        <SelectField
          meta={fields.organizationId}
          label={t("person.organization")}
          options={[
            { value: "", label: t("person.noOrganization") },
            ...organizations.map((organization) => ({
              value: String(organization.id),
              label: [localized(organization.name_en, organization.name_zh, i18n.language), organization.country].filter(Boolean).join(" · "),
            })),
          ]}
        />
        <SelectField
          meta={fields.language}
          label={t("accounts:mailLanguage.label")}
          options={[
            { value: "", label: t("accounts:mailLanguage.unset") },
            { value: "en", label: t("accounts:mailLanguage.en") },
            { value: "zh-TW", label: t("accounts:mailLanguage.zh-TW") },
          ]}
        />
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
