import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ORGANIZATION_KINDS } from "../../db/schema";
import { Field, FormErrors, SelectField } from "~/components/ui/field";
import { createOrganization } from "~/models/person.server";
import { requireDirectoryEditor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
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

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDirectoryEditor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireDirectoryEditor(request);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null }, { status: 400 });
  }
  const { id } = await createOrganization(getDb(), submission.value, user.id);
  const { nameEn = null, nameZh = null } = submission.value;
  return { result: submission.reply({ resetForm: true }), created: { id, nameEn, nameZh } };
}

export default function NewOrganizationPage() {
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const [form, fields] = useForm({
    id: "new-organization",
    lastResult: actionData?.result,
    constraint: getZodConstraint(organizationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
    shouldRevalidate: "onBlur",
  });
  const created = actionData?.created;

  return (
    <section aria-labelledby="new-organization-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="new-organization-title">{t("organization.newTitle")}</h1>
      {created ? (
        <p role="status" className="notice">
          {t("organization.created", { name: localized(created.nameEn, created.nameZh, i18n.language) })}{" "}
          <Link to={`/directory/organizations/${created.id}`}>{t("organization.view")}</Link>
        </p>
      ) : null}
      <FormErrors id="new-organization-errors" errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.nameEn} label={t("organization.nameEn")} autoComplete="off" />
        <Field meta={fields.nameZh} label={t("organization.nameZh")} autoComplete="off" />
        <Field meta={fields.country} label={t("organization.country")} hint={t("organization.countryHint")} autoComplete="off" />
        <SelectField
          meta={fields.kind}
          label={t("organization.kind")}
          options={[
            { value: "", label: t("organization.chooseKind") },
            ...ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`agenda:organizationKind.${kind}`) })),
          ]}
        />
        <button type="submit" className="primary">
          {t("organization.submitNew")}
        </button>
      </Form>
    </section>
  );
}
