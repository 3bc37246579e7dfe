import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { createUserSession, rememberSignInDevice, verifyLogin } from "~/models/account.server";
import { getDb } from "~/utils/db.server";
import { emailField, passwordField } from "~/utils/form-schemas";
import { clientAddress, safeRedirect } from "~/utils/http.server";
import { readDeviceTokens, redirectWithSession } from "~/utils/session.server";
import { pageTitle } from "~/i18n/page-title";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";

const signInSchema = z.object({
  email: emailField,
  password: passwordField,
  redirectTo: z.string().optional(),
});

export const policy = "public" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.signInTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  if ((await authorize(policy, { request, params })).user) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request), { schema: signInSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfterMinutes: null }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const db = getDb();
  const deviceTokens = await readDeviceTokens(request);
  const outcome = await verifyLogin(db, { email, password, ip: clientAddress(context), deviceTokens });
  if (outcome.status === "rate_limited") {
    return data(
      { result: submission.reply({ formErrors: ["auth.rateLimited"], hideFields: ["password"] }), retryAfterMinutes: outcome.retryAfterMinutes },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  if (outcome.status === "invalid") {
    return data(
      { result: submission.reply({ formErrors: ["auth.invalidCredentials"], hideFields: ["password"] }), retryAfterMinutes: null },
      { status: 400 },
    );
  }
  const token = await createUserSession(db, { userId: outcome.user.id, userAgent: request.headers.get("user-agent") });
  const knownDevice = await rememberSignInDevice(db, { userId: outcome.user.id, deviceTokens });
  return redirectWithSession(safeRedirect(redirectTo), token, { deviceTokens: knownDevice });
}

export default function LoginPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useValidatedForm({
    id: "sign-in",
    lastResult: actionData?.result,
    constraint: getZodConstraint(signInSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: signInSchema }),
    shouldRevalidate: "onBlur",
  });

  return (
    <section className="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("auth.signInTitle")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} messageValues={{ "auth.rateLimited": { count: actionData?.retryAfterMinutes } }} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field meta={fields.email} label={t("auth.email")} type="email" autoComplete="username" />
        <Field meta={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="primary">
          {t("auth.submit")}
        </button>
      </Form>
    </section>
  );
}
