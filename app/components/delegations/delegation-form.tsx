import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field, SelectField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import type { ManagedDelegation } from "~/models/delegation.server";
import { countryName, countryOptions } from "~/utils/countries";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";
import { delegationSchema, EUROPEAN_UNION } from "./schemas";

export interface OrganizationChoice {
  id: number;
  name_en: string | null;
  name_zh: string | null;
}

/** One delegation's form on the organizers' page (or the empty one that adds a delegation). */
export function DelegationEditor({
  delegation,
  organizations,
  lastResult,
  membersHref,
}: {
  delegation?: ManagedDelegation;
  organizations: readonly OrganizationChoice[];
  lastResult: SubmissionResult<string[]> | undefined;
  membersHref?: string;
}) {
  const { t, i18n } = useTranslation("delegations");
  const language = i18n.language;
  const [form, fields] = useValidatedForm({
    id: delegation ? `delegation-${delegation.id}` : "new-delegation",
    lastResult,
    defaultValue: delegation
      ? {
          key: delegation.key,
          nameEn: delegation.name_en ?? "",
          nameZh: delegation.name_zh ?? "",
          country: delegation.country ?? "",
          organizationId: delegation.organization_id === null ? "" : String(delegation.organization_id),
          declaredSize: delegation.declared_size === null ? "" : String(delegation.declared_size),
          contactEmail: delegation.contact_email ?? "",
          contactPhone: delegation.contact_phone ?? "",
        }
      : undefined,
    constraint: getZodConstraint(delegationSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: delegationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = delegation ? localized(delegation.name_en, delegation.name_zh, language) : "";
  const countries = [
    { value: "", label: t("fields.noCountry") },
    { value: EUROPEAN_UNION, label: countryName(EUROPEAN_UNION, language) },
    ...countryOptions(language),
  ];
  const organizationOptions = [
    { value: "", label: t("fields.noOrganization") },
    ...organizations.map((organization) => ({ value: String(organization.id), label: localized(organization.name_en, organization.name_zh, language) })),
  ];
  return (
    <div className="entry-card">
      <Form method="post" {...getFormProps(form)} className="row-form" aria-label={delegation ? name : t("manage.add")}>
        <input type="hidden" name="intent" value="save" />
        {delegation ? <input type="hidden" name="delegationId" value={delegation.id} /> : null}
        <ErrorSummary form={form} />
        <div className="field-row">
          <Field meta={fields.key} label={t("fields.key")} hint={t("fields.keyHint")} />
          <Field meta={fields.nameEn} label={t("fields.nameEn")} eitherLanguage />
          <Field meta={fields.nameZh} label={t("fields.nameZh")} eitherLanguage />
        </div>
        <div className="field-row">
          <SelectField meta={fields.country} label={t("fields.country")} options={countries} />
          <SelectField meta={fields.organizationId} label={t("fields.organization")} options={organizationOptions} />
          <Field meta={fields.declaredSize} label={t("fields.declaredSize")} type="number" hint={t("fields.declaredSizeHint")} />
        </div>
        <div className="field-row">
          <Field meta={fields.contactEmail} label={t("fields.contactEmail")} type="email" />
          <Field meta={fields.contactPhone} label={t("fields.contactPhone")} />
        </div>
        <button type="submit" className={delegation ? undefined : "primary"}>
          {delegation ? t("manage.save") : t("manage.addButton")}
        </button>
      </Form>
      {delegation ? (
        <>
          {membersHref ? (
            <p>
              <Link to={membersHref}>{t("manage.openMembers", { name })}</Link> · {t("manage.members", { count: delegation.member_count })}
            </p>
          ) : null}
          <Form method="post" className="row-delete">
            <input type="hidden" name="delegationId" value={delegation.id} />
            <ConfirmButton name="intent" value="delete" question={t("manage.confirmDelete", { name })} label={t("manage.deleteLabel", { name })}>
              {t("manage.delete")}
            </ConfirmButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}
