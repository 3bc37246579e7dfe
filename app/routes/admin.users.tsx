import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CheckboxField, Field } from "~/components/ui/field";
import { createUser, listUsers } from "~/models/account.server";
import { getDb } from "~/utils/db.server";
import { emailField, newPasswordField, requiredText } from "~/utils/form-schemas";
import { formatInstant } from "~/utils/localized";
import { pageTitle } from "~/i18n/page-title";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";
import { DataTable } from "~/components/ui/data-table";
import { ErrorSummary } from "~/components/ui/error-summary";

const createUserSchema = z.object({
  name: requiredText(120),
  email: emailField,
  password: newPasswordField,
  isAdmin: z.boolean().optional(),
});

export const policy = "admin" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "users.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  return { users: await listUsers(getDb()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: admin } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: createUserSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), createdEmail: null }, { status: 400 });
  }
  const outcome = await createUser(getDb(), submission.value, admin.id);
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { email: ["users.emailTaken"] }, hideFields: ["password"] }), createdEmail: null },
      { status: 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), createdEmail: outcome.user.email };
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useValidatedForm({
    id: "create-user",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createUserSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: createUserSchema }),
    shouldRevalidate: "onBlur",
  });

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("users.title")}</h1>
      <StatusMessage>{actionData?.createdEmail ? t("users.created", { email: actionData.createdEmail }) : null}</StatusMessage>
      <DataTable>
        <thead>
          <tr>
            <th scope="col">{t("users.name")}</th>
            <th scope="col">{t("users.email")}</th>
            <th scope="col">{t("users.admin")}</th>
            <th scope="col">{t("users.createdAt")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.is_admin ? "✓" : ""}</td>
              <td>{formatInstant(user.created_at, i18n.language, "UTC")} UTC</td>
            </tr>
          ))}
        </tbody>
      </DataTable>

      <h2>{t("users.create")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} />
        <Field meta={fields.name} label={t("users.name")} autoComplete="off" />
        <Field meta={fields.email} label={t("users.email")} type="email" autoComplete="off" />
        <Field meta={fields.password} label={t("users.password")} type="password" autoComplete="new-password" />
        <CheckboxField meta={fields.isAdmin} label={t("users.isAdmin")} />
        <button type="submit" className="primary">
          {t("users.submit")}
        </button>
      </Form>
    </section>
  );
}
