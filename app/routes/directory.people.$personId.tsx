import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormErrors, SelectField } from "~/components/ui/field";
import { getPerson, listOrganizationsForPicker, updatePerson, type PersonDetails, type SavePersonFailure } from "~/models/person.server";
import { requireDirectoryEditor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { emailField, requiredText } from "~/utils/form-schemas";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional();

const personSchema = z.object({
  name: requiredText(200),
  nameNative: optionalText(200),
  titleEn: optionalText(300),
  titleZh: optionalText(300),
  email: emailField.optional(),
  organizationId: z
    .string()
    .regex(/^\d{1,9}$/, "directory:validation.organizationUnknown")
    .transform(Number)
    .optional(),
});

/** The model's refusals, shown next to the field they concern. */
const refusalErrors: Record<SavePersonFailure["reason"], Record<string, string[]>> = {
  email_taken: { email: ["directory:person.emailTaken"] },
  organization_not_found: { organizationId: ["directory:validation.organizationUnknown"] },
};

function personIdFrom(param: string | undefined): number {
  invariantResponse(param && /^\d{1,9}$/.test(param), "Not found", 404);
  return Number(param);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.person.name} · Plenary` : "Plenary" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDirectoryEditor(request);
  const db = getDb();
  const person = await getPerson(db, personIdFrom(params.personId));
  invariantResponse(person, "Not found", 404);
  return { person, organizations: await listOrganizationsForPicker(db) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireDirectoryEditor(request);
  const personId = personIdFrom(params.personId);
  const submission = parseWithZod(await request.formData(), { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  }
  const outcome = await updatePerson(getDb(), personId, submission.value, user.id);
  if (!outcome.ok) {
    invariantResponse(outcome.reason !== "not_found", "Not found", 404);
    return data({ result: submission.reply({ fieldErrors: refusalErrors[outcome.reason] }), saved: false }, { status: 400 });
  }
  // Reset, so the form shows the values as stored (trimmed, email lower-cased).
  return { result: submission.reply({ resetForm: true }), saved: true };
}

export default function PersonPage() {
  const { person, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const language = i18n.language;
  const organization = person.organization;

  return (
    <article aria-labelledby="person-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="person-title">
        {person.name}
        {person.name_native ? ` ${person.name_native}` : null}
      </h1>
      {actionData?.saved ? (
        <p role="status" className="notice">
          {t("person.saved")}
        </p>
      ) : null}
      <dl className="facts">
        {person.title_en ? (
          <>
            <dt>{t("person.titleEn")}</dt>
            <dd>{person.title_en}</dd>
          </>
        ) : null}
        {person.title_zh ? (
          <>
            <dt>{t("person.titleZh")}</dt>
            <dd>{person.title_zh}</dd>
          </>
        ) : null}
        {organization ? (
          <>
            <dt>{t("person.organization")}</dt>
            <dd>
              <Link to={`/directory/organizations/${organization.id}`}>{localized(organization.name_en, organization.name_zh, language)}</Link>{" "}
              <span className="badge">{t(`agenda:organizationKind.${organization.kind}`)}</span>
            </dd>
          </>
        ) : null}
        {person.email ? (
          <>
            <dt>{t("person.email")}</dt>
            <dd>
              <a href={`mailto:${person.email}`}>{person.email}</a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{t("person.editTitle")}</h2>
      {/* Keyed by the last change, so after saving the form starts again from the stored values. */}
      <EditPersonForm key={person.updated_at} person={person} organizations={organizations} lastResult={actionData?.result} />
    </article>
  );
}

function EditPersonForm({
  person,
  organizations,
  lastResult,
}: {
  person: PersonDetails;
  organizations: Awaited<ReturnType<typeof listOrganizationsForPicker>>;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, i18n } = useTranslation("directory");
  const [form, fields] = useForm({
    id: `edit-person-${person.id}`,
    lastResult,
    constraint: getZodConstraint(personSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: personSchema }),
    shouldRevalidate: "onBlur",
    defaultValue: {
      name: person.name,
      nameNative: person.name_native ?? "",
      titleEn: person.title_en ?? "",
      titleZh: person.title_zh ?? "",
      email: person.email ?? "",
      organizationId: person.organization_id === null ? "" : String(person.organization_id),
    },
  });

  return (
    <>
      <FormErrors id={`${form.id}-errors`} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.name} label={t("person.name")} hint={t("person.nameHint")} autoComplete="off" />
        <Field meta={fields.nameNative} label={t("person.nameNative")} hint={t("person.nameNativeHint")} autoComplete="off" />
        <Field meta={fields.titleEn} label={t("person.titleEn")} autoComplete="off" />
        <Field meta={fields.titleZh} label={t("person.titleZh")} autoComplete="off" />
        <Field meta={fields.email} label={t("person.email")} type="email" autoComplete="off" />
        <SelectField
          meta={fields.organizationId}
          label={t("person.organization")}
          options={[
            { value: "", label: t("person.noOrganization") },
            ...organizations.map((option) => ({
              value: String(option.id),
              label: [localized(option.name_en, option.name_zh, i18n.language), option.country].filter(Boolean).join(" · "),
            })),
          ]}
        />
        <button type="submit" className="primary">
          {t("person.submitEdit")}
        </button>
      </Form>
    </>
  );
}
