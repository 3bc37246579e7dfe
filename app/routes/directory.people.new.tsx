import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormErrors, SelectField } from "~/components/ui/field";
import { createPerson, listOrganizationsForPicker, type SavePersonFailure } from "~/models/person.server";
import { requireDirectoryEditor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { emailField, requiredText } from "~/utils/form-schemas";
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

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDirectoryEditor(request);
  // Arriving from an organization's page preselects it.
  const organizationId = new URL(request.url).searchParams.get("organizationId") ?? "";
  return { organizations: await listOrganizationsForPicker(getDb()), organizationId };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireDirectoryEditor(request);
  const submission = parseWithZod(await request.formData(), { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null }, { status: 400 });
  }
  const outcome = await createPerson(getDb(), submission.value, user.id);
  if (!outcome.ok) {
    return data({ result: submission.reply({ fieldErrors: refusalErrors[outcome.reason] }), created: null }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), created: { id: outcome.id, name: submission.value.name } };
}

export default function NewPersonPage() {
  const { organizations, organizationId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const [form, fields] = useForm({
    id: "new-person",
    lastResult: actionData?.result,
    constraint: getZodConstraint(personSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: personSchema }),
    shouldRevalidate: "onBlur",
    defaultValue: { organizationId },
  });
  const created = actionData?.created;

  return (
    <section aria-labelledby="new-person-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="new-person-title">{t("person.newTitle")}</h1>
      {created ? (
        <p role="status" className="notice">
          {t("person.created", { name: created.name })} <Link to={`/directory/people/${created.id}`}>{t("person.view")}</Link>
        </p>
      ) : null}
      <FormErrors id="new-person-errors" errors={form.errors} />
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
            ...organizations.map((organization) => ({
              value: String(organization.id),
              label: [localized(organization.name_en, organization.name_zh, i18n.language), organization.country].filter(Boolean).join(" · "),
            })),
          ]}
        />
        <button type="submit" className="primary">
          {t("person.submitNew")}
        </button>
      </Form>
    </section>
  );
}
