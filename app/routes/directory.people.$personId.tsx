import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PersonForm } from "~/components/directory/person-form";
import { personRefusalErrors, personSchema } from "~/components/directory/schemas";
import { getPerson, listOrganizationsForPicker, updatePerson } from "~/models/person.server";
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
  const person = await getPerson(db, viewer, personIdFrom(params.personId));
  invariantResponse(person, "Not found", 404);
  return { person, organizations: person.can_edit ? await listOrganizationsForPicker(db) : [] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const personId = personIdFrom(params.personId);
  const db = getDb();
  // Refused before the form is read, so someone who may not edit learns nothing from its checks.
  const person = await getPerson(db, viewer, personId);
  invariantResponse(person, "Not found", 404);
  invariantResponse(person.can_edit, "Forbidden", 403);
  const submission = parseSubmission(await readForm(request), { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), saved: false, emailTakenBy: null }, { status: 400 });
  }
  // The update checks the same permission in its own condition, in case it changed meanwhile. An
  // email held only by entries this viewer may not see is accepted; one they may see is refused.
  const outcome = await updatePerson(db, viewer, personId, submission.value);
  if (!outcome.ok) {
    invariantResponse(outcome.reason !== "not_found", "Not found", 404);
    invariantResponse(outcome.reason !== "forbidden", "Forbidden", 403);
    const emailTakenBy = outcome.reason === "email_taken" ? outcome.holder : null;
    return data({ result: submission.reply({ fieldErrors: personRefusalErrors[outcome.reason] }), saved: false, emailTakenBy }, { status: 400 });
  }
  // Reset, so the form shows the values as stored (trimmed, email lower-cased).
  return { result: submission.reply({ resetForm: true }), saved: true, emailTakenBy: null };
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
            }}
            organizations={organizations}
            emailTakenBy={actionData?.emailTakenBy}
            submitLabel={t("person.submitEdit")}
          />
        </>
      ) : (
        <p className="muted">{t("person.readOnly")}</p>
      )}
    </article>
  );
}
