import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ORGANIZATION_KINDS, type Organization } from "../../db/schema";
import { Field, FormErrors, SelectField } from "~/components/ui/field";
import { DIRECTORY_SEARCH_LIMIT, getOrganization, searchPeople, updateOrganization } from "~/models/person.server";
import { requireDirectoryEditor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional();

// Object refinements run only once every field parses, so a missing name shows after the other fixes.
const organizationSchema = z
  .object({
    nameEn: optionalText(200),
    nameZh: optionalText(200),
    country: z.string().trim().regex(/^(?:[A-Za-z]{2})?$/, "directory:validation.country").optional(),
    kind: z.enum(ORGANIZATION_KINDS, {
      errorMap: (issue) => ({ message: issue.code === "invalid_type" ? "validation.required" : "validation.invalidChoice" }),
    }),
  })
  .refine((value) => Boolean(value.nameEn || value.nameZh), { path: ["nameEn"], message: "directory:validation.nameRequired" });

function organizationIdFrom(param: string | undefined): number {
  invariantResponse(param && /^\d{1,9}$/.test(param), "Not found", 404);
  return Number(param);
}

/** The country's name in the viewer's language (Intl knows them all), or the code as stored. */
function countryName(code: string, language: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.organization.name_en ?? data.organization.name_zh} · Plenary` : "Plenary" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDirectoryEditor(request);
  const db = getDb();
  const organization = await getOrganization(db, organizationIdFrom(params.organizationId));
  invariantResponse(organization, "Not found", 404);
  return { organization, members: await searchPeople(db, { organizationId: organization.id }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireDirectoryEditor(request);
  const organizationId = organizationIdFrom(params.organizationId);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  }
  const outcome = await updateOrganization(getDb(), organizationId, submission.value, user.id);
  invariantResponse(outcome.ok, "Not found", 404);
  // Reset, so the form shows the values as stored (trimmed, country upper-cased).
  return { result: submission.reply({ resetForm: true }), saved: true };
}

export default function OrganizationPage() {
  const { organization, members } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const language = i18n.language;

  return (
    <article aria-labelledby="organization-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="organization-title">{localized(organization.name_en, organization.name_zh, language)}</h1>
      {actionData?.saved ? (
        <p role="status" className="notice">
          {t("organization.saved")}
        </p>
      ) : null}
      <dl className="facts">
        {organization.name_en ? (
          <>
            <dt>{t("organization.nameEn")}</dt>
            <dd>{organization.name_en}</dd>
          </>
        ) : null}
        {organization.name_zh ? (
          <>
            <dt>{t("organization.nameZh")}</dt>
            <dd>{organization.name_zh}</dd>
          </>
        ) : null}
        <dt>{t("organization.country")}</dt>
        <dd>
          {organization.country
            ? `${countryName(organization.country, language)} (${organization.country})`
            : t("organization.international")}
        </dd>
        <dt>{t("organization.kind")}</dt>
        <dd>{t(`agenda:organizationKind.${organization.kind}`)}</dd>
      </dl>

      <h2>{t("organization.people")}</h2>
      {members.people.length === 0 ? (
        <p>{t("organization.noPeople")}</p>
      ) : (
        <ul className="plain-list">
          {members.people.map((person) => (
            <li key={person.id}>
              <Link to={`/directory/people/${person.id}`}>{person.name}</Link>
              {person.name_native ? ` ${person.name_native}` : null}
              {person.title_en || person.title_zh ? (
                <span className="muted"> — {localized(person.title_en, person.title_zh, language)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {members.hasMore ? <p className="muted">{t("people.more", { count: DIRECTORY_SEARCH_LIMIT })}</p> : null}
      <p>
        <Link to={`/directory/people/new?${new URLSearchParams({ organizationId: String(organization.id) })}`}>
          {t("organization.addPerson")}
        </Link>
      </p>

      <h2>{t("organization.editTitle")}</h2>
      {/* Keyed by the last change, so after saving the form starts again from the stored values. */}
      <EditOrganizationForm key={organization.updated_at} organization={organization} lastResult={actionData?.result} />
    </article>
  );
}

function EditOrganizationForm({
  organization,
  lastResult,
}: {
  organization: Pick<Organization, "id" | "name_en" | "name_zh" | "country" | "kind">;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation("directory");
  const [form, fields] = useForm({
    id: `edit-organization-${organization.id}`,
    lastResult,
    constraint: getZodConstraint(organizationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
    shouldRevalidate: "onBlur",
    defaultValue: {
      nameEn: organization.name_en ?? "",
      nameZh: organization.name_zh ?? "",
      country: organization.country ?? "",
      kind: organization.kind,
    },
  });

  return (
    <>
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.nameEn} label={t("organization.nameEn")} autoComplete="off" />
        <Field meta={fields.nameZh} label={t("organization.nameZh")} autoComplete="off" />
        <Field meta={fields.country} label={t("organization.country")} hint={t("organization.countryHint")} autoComplete="off" />
        <SelectField
          meta={fields.kind}
          label={t("organization.kind")}
          options={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`agenda:organizationKind.${kind}`) }))}
        />
        <button type="submit" className="primary">
          {t("organization.submitEdit")}
        </button>
      </Form>
    </>
  );
}
