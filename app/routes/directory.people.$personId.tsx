import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PersonForm } from "~/components/directory/person-form";
import { personRefusalErrors, personSchema } from "~/components/directory/schemas";
import { getPerson, listOrganizationsForPicker, updatePerson } from "~/models/person.server";
import { getPersonAccountStatus, inviteToCreateAccount } from "~/models/account.server";
import { formatInstant } from "~/utils/localized";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { languageMark } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

function personIdFrom(param: string | undefined): number {
  invariantResponse(param && /^\d{1,9}$/.test(param), "Not found", 404);
  return Number(param);
}

export const policy = "directory" satisfies RoutePolicy;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.person.name} · Plenary` : "Plenary" }];

/**
 * Every directory user sees the person's name, titles and organization; the email (null otherwise)
 * and the edit form only those the model allows (`can_edit`).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const db = getDb();
  const personId = personIdFrom(params.personId);
  const person = await getPerson(db, viewer, personId);
  invariantResponse(person, "Not found", 404);
  if (!person.can_edit) return { person, organizations: [], account: null };
  const [organizations, account] = await Promise.all([listOrganizationsForPicker(db), getPersonAccountStatus(db, viewer, personId)]);
  return { person, organizations, account };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const personId = personIdFrom(params.personId);
  const db = getDb();
  // Refused before the form is read, so someone who may not edit learns nothing from its checks.
  const person = await getPerson(db, viewer, personId);
  invariantResponse(person, "Not found", 404);
  invariantResponse(person.can_edit, "Forbidden", 403);
  const formData = await readForm(request);
  if (formData.get("intent") === "invite") {
    // The invitation checks the same permission in its own transaction.
    const invited = await inviteToCreateAccount(db, viewer, personId, { origin: new URL(request.url).origin });
    if (!invited.ok) {
      invariantResponse(invited.problem !== "not_found", "Not found", 404);
      invariantResponse(invited.problem !== "forbidden", "Forbidden", 403);
      return data({ result: undefined, saved: false, emailTakenBy: null, invitation: { problem: invited.problem } }, { status: 409 });
    }
    return { result: undefined, saved: false, emailTakenBy: null, invitation: { sentTo: invited.email, delivery: invited.delivery } };
  }
  const submission = parseSubmission(formData, { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), saved: false, emailTakenBy: null, invitation: null }, { status: 400 });
  }
  // The update checks the same permission in its own condition, in case it changed meanwhile. An
  // email held only by entries this viewer may not see is accepted; one they may see is refused.
  const outcome = await updatePerson(db, viewer, personId, submission.value);
  if (!outcome.ok) {
    invariantResponse(outcome.reason !== "not_found", "Not found", 404);
    invariantResponse(outcome.reason !== "forbidden", "Forbidden", 403);
    const emailTakenBy = outcome.reason === "email_taken" ? outcome.holder : null;
    return data({ result: submission.reply({ fieldErrors: personRefusalErrors[outcome.reason] }), saved: false, emailTakenBy, invitation: null }, { status: 400 });
  }
  // Reset, so the form shows the values as stored (trimmed, email lower-cased).
  return { result: submission.reply({ resetForm: true }), saved: true, emailTakenBy: null, invitation: null };
}

export default function PersonPage() {
  const { person, organizations, account } = useLoaderData<typeof loader>();
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
        {person.name_native ? (
          <>
            {" "}
            <NativeName name={person.name_native} language={language} />
          </>
        ) : null}
      </h1>
      <StatusMessage>{actionData?.saved ? t("person.saved") : null}</StatusMessage>
      <dl className="facts">
        {person.title_en ? (
          <>
            <dt>{t("person.titleEn")}</dt>
            <dd lang={languageMark("en", language)}>{person.title_en}</dd>
          </>
        ) : null}
        {person.title_zh ? (
          <>
            <dt>{t("person.titleZh")}</dt>
            <dd lang={languageMark("zh-TW", language)}>{person.title_zh}</dd>
          </>
        ) : null}
        {organization ? (
          <>
            <dt>{t("person.organization")}</dt>
            <dd>
              <Link to={`/directory/organizations/${organization.id}`}>
                <BilingualText en={organization.name_en} zh={organization.name_zh} language={language} />
              </Link>{" "}
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

      {person.can_edit ? (
        <>
          <h2>{t("person.editTitle")}</h2>
          {/* Keyed by the last change, so after saving the form starts again from the stored values. */}
          <PersonForm
            key={person.updated_at}
            id={`edit-person-${person.id}`}
            lastResult={actionData?.result}
            defaultValue={{
              name: person.name,
              nameNative: person.name_native ?? "",
              titleEn: person.title_en ?? "",
              titleZh: person.title_zh ?? "",
              email: person.email ?? "",
              organizationId: person.organization_id === null ? "" : String(person.organization_id),
              language: person.language ?? "",
            }}
            organizations={organizations}
            emailTakenBy={actionData?.emailTakenBy}
            submitLabel={t("person.submitEdit")}
          />
          {account ? <AccountSection account={account} hasEmail={person.email !== null} outcome={actionData?.invitation ?? null} /> : null}
        </>
      ) : (
        <p className="muted">{t("person.readOnly")}</p>
      )}
    </article>
  );
}

type InvitationOutcome = { sentTo: string; delivery: "smtp" | "outbox" } | { problem: "no_email" | "has_account" | "email_has_account" };

/** Whether the person has an account or an invitation waiting, and the button that (re)invites them. */
function AccountSection({
  account,
  hasEmail,
  outcome,
}: {
  account: { hasAccount: boolean; pendingInvitation: { email: string; expiresAt: string } | null };
  hasEmail: boolean;
  outcome: InvitationOutcome | null;
}) {
  const { t, i18n } = useTranslation("accounts");
  const pending = account.pendingInvitation;
  return (
    <section aria-labelledby="person-account-title">
      <h2 id="person-account-title">{t("invite.heading")}</h2>
      <StatusMessage>
        {outcome && "sentTo" in outcome ? t(outcome.delivery === "smtp" ? "invite.sent" : "invite.sentToOutbox", { email: outcome.sentTo }) : null}
      </StatusMessage>
      {outcome && "problem" in outcome ? (
        <p role="alert" className="form-errors">
          {t(`invite.problems.${outcome.problem}`)}
        </p>
      ) : null}
      {account.hasAccount ? (
        <p>{t("invite.hasAccount")}</p>
      ) : (
        <>
          <p>{pending ? t("invite.pending", { email: pending.email, date: formatInstant(pending.expiresAt, i18n.language, "UTC") }) : t("invite.noAccount")}</p>
          {hasEmail ? (
            <Form method="post">
              <button type="submit" name="intent" value="invite">
                {pending ? t("invite.submitAgain") : t("invite.submit")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("invite.noEmail")}</p>
          )}
        </>
      )}
    </section>
  );
}
