import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "~/components/ui/field";
import { changePassword, countUserSessions, endAllUserSessions } from "~/models/account.server";
import { listEventRolesOfUser } from "~/models/event-team.server";
import { getDb } from "~/utils/db.server";
import { newPasswordField, passwordField } from "~/utils/form-schemas";
import { clientAddress, invariantResponse } from "~/utils/http.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { readDeviceTokens, readSessionToken, redirectClearingSession } from "~/utils/session.server";
import { pageTitle } from "~/i18n/page-title";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";
import { ErrorSummary } from "~/components/ui/error-summary";

const passwordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: passwordField,
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordsDiffer",
  });

export const policy = "signed-in" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "account.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await authorize(policy, { request, params });
  const db = getDb();
  const [roles, sessions] = await Promise.all([listEventRolesOfUser(db, user.id), countUserSessions(db, user.id)]);
  return { user, roles, sessions };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await authorize(policy, { request, params });
  const db = getDb();
  const formData = await readForm(request);
  if (formData.get("intent") === "sign-out-everywhere") {
    await endAllUserSessions(db, user.id);
    return redirectClearingSession("/");
  }
  const submission = parseSubmission(formData, { schema: passwordSchema });
  const hidden = ["currentPassword", "newPassword", "confirmPassword"];
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: hidden }), changed: false }, { status: 400 });
  }
  const token = await readSessionToken(request);
  invariantResponse(token, "Unauthorized", 401);
  const outcome = await changePassword(db, {
    userId: user.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
    keepSessionToken: token,
    ip: clientAddress(context),
    deviceTokens: await readDeviceTokens(request),
  });
  if (!outcome.ok && outcome.reason === "rate_limited") {
    return data(
      { result: submission.reply({ fieldErrors: { currentPassword: ["account.currentPasswordRateLimited"] }, hideFields: hidden }), changed: false },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { currentPassword: ["account.currentPasswordWrong"] }, hideFields: hidden }), changed: false },
      { status: 400 },
    );
  }
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function AccountPage() {
  const { user, roles, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useValidatedForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(passwordSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: passwordSchema }),
    shouldRevalidate: "onBlur",
  });

  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <p>
        {user.name} &lt;{user.email}&gt;
      </p>
      <p>
        <Link to="/account/feeds">{t("calendar:subscribe.feedsPage")}</Link>
      </p>

      <h2>{t("account.roles")}</h2>
      {roles.length === 0 ? (
        <p>{t("account.noRoles")}</p>
      ) : (
        <ul className="plain-list">
          {roles.map((role) => (
            <li key={`${role.eventId}-${role.role}`}>
              <Link to={`/events/${role.slug}`}>
                <BilingualText en={role.titleEn} zh={role.titleZh} language={i18n.language} />
              </Link>{" "}
              <span className="badge">{t(`team.roles.${role.role}`)}</span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("account.changePassword")}</h2>
      <StatusMessage>{actionData?.changed ? t("account.passwordChanged") : null}</StatusMessage>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="change-password" />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" value={user.email} autoComplete="username" readOnly hidden />
        <Field meta={fields.currentPassword} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
        <Field meta={fields.newPassword} label={t("account.newPassword")} type="password" autoComplete="new-password" />
        <Field meta={fields.confirmPassword} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="primary">
          {t("account.save")}
        </button>
      </Form>

      <h2>{t("account.sessionsTitle")}</h2>
      <p>
        {sessions} · {t("account.sessionsHelp")}
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="sign-out-everywhere">
          {t("account.signOutEverywhere")}
        </button>
      </Form>
    </section>
  );
}
