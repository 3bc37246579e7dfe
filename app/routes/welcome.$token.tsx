import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field } from "~/components/ui/field";
import { NativeName } from "~/components/ui/bilingual-text";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import { acceptAccountInvitation, createUserSession, findAccountInvitation, rememberSignInDevice } from "~/models/account.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { newPasswordField } from "~/utils/form-schemas";
import { parseSubmission } from "~/utils/form-submission";
import { formatInstant } from "~/utils/localized";
import { readDeviceTokens, redirectWithSession } from "~/utils/session.server";

const welcomeSchema = z
  .object({
    password: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "validation.passwordsDiffer" });

const HIDDEN = ["password", "confirmPassword"];

export const policy = "public" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "accounts:welcome.title") }];

// The address carries a single-use token: no other site may see it in a Referer, no cache may keep the page.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

type Unavailable = "unknown" | "used" | "expired";

/** An unknown link is 404; one that was used, superseded or expired is 410. Neither says whom it was for. */
function unavailable(reason: Unavailable) {
  return data({ unavailable: reason, invitation: null, result: undefined }, { status: reason === "unknown" ? 404 : 410 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await authorize(policy, { request, params });
  const lookup = await findAccountInvitation(db, params.token ?? "");
  if (lookup.status !== "open") return unavailable(lookup.status);
  const { status: _status, ...invitation } = lookup;
  return { unavailable: null, invitation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await authorize(policy, { request, params });
  const token = params.token ?? "";
  // The body is read (within its limits) before answering, so that no answer cuts off a sender mid-body.
  const form = await readForm(request);
  const lookup = await findAccountInvitation(db, token);
  if (lookup.status !== "open") return unavailable(lookup.status);
  const submission = parseSubmission(form, { schema: welcomeSchema });
  if (submission.status !== "success") {
    return data({ unavailable: null, invitation: null, result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 });
  }
  const outcome = await acceptAccountInvitation(db, { token, password: submission.value.password });
  if (!outcome.ok) {
    if (outcome.problem !== "email_taken") return unavailable(outcome.problem);
    return data(
      { unavailable: null, invitation: null, result: submission.reply({ formErrors: ["accounts:welcome.emailTaken"], hideFields: HIDDEN }) },
      { status: 409 },
    );
  }
  const deviceTokens = await readDeviceTokens(request);
  const session = await createUserSession(db, { userId: outcome.user.id, userAgent: request.headers.get("user-agent") });
  const knownDevice = await rememberSignInDevice(db, { userId: outcome.user.id, deviceTokens });
  return redirectWithSession("/my-events", session, { deviceTokens: knownDevice });
}

export default function WelcomePage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("accounts");
  const reason = actionData?.unavailable ?? loaderData.unavailable;

  if (reason || !loaderData.invitation) {
    return (
      <section aria-labelledby="welcome-title">
        <h1 id="welcome-title">{t("welcome.unavailableTitle")}</h1>
        <p>{t(`welcome.${reason ?? "unknown"}`)}</p>
        <p>
          <Link to="/login">{t("welcome.signIn")}</Link>
        </p>
      </section>
    );
  }
  return <WelcomeForm invitation={loaderData.invitation} lastResult={actionData?.result} language={i18n.language} />;
}

function WelcomeForm({
  invitation,
  lastResult,
  language,
}: {
  invitation: { personName: string; personNameNative: string | null; email: string; expiresAt: string };
  lastResult: SubmissionResult<string[]> | undefined;
  language: string;
}) {
  const { t } = useTranslation("accounts");
  const [form, fields] = useValidatedForm({
    id: "welcome",
    lastResult,
    constraint: getZodConstraint(welcomeSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: welcomeSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("welcome.title")}</h1>
      <p>
        {t("welcome.intro", { name: invitation.personName })}
        {invitation.personNameNative ? (
          <>
            {" "}
            <NativeName name={invitation.personNameNative} language={language} />
          </>
        ) : null}
      </p>
      <dl className="facts">
        <dt>{t("welcome.email")}</dt>
        <dd>{invitation.email}</dd>
      </dl>
      <p className="muted">{t("welcome.expires", { date: formatInstant(invitation.expiresAt, language, "UTC") })}</p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" value={invitation.email} autoComplete="username" readOnly hidden />
        <Field meta={fields.password} label={t("welcome.password")} hint={t("welcome.passwordHint")} type="password" autoComplete="new-password" />
        <Field meta={fields.confirmPassword} label={t("welcome.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="primary">
          {t("welcome.submit")}
        </button>
      </Form>
    </section>
  );
}
