import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm } from "~/components/directory/organization-form";
import { organizationSchema } from "~/components/directory/schemas";
import { contentTitle } from "~/i18n/page-title";
import { DIRECTORY_SEARCH_LIMIT, getOrganizationForViewer, searchPeople, updateOrganization } from "~/models/person.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { languageMark } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

function organizationIdFrom(param: string | undefined): number {
  invariantResponse(param && /^\d{1,9}$/.test(param), "Not found", 404);
  return Number(param);
}

/** The country's name in the viewer's language (Intl knows them all), or the code as stored. */
function countryName(code: string, language: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
}

export const policy = "directory" satisfies RoutePolicy;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.organization.name_en, data?.organization.name_zh) },
];

/** Every directory user sees the organization and its people; the edit form only those the model allows. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const db = getDb();
  const organization = await getOrganizationForViewer(db, viewer, organizationIdFrom(params.organizationId));
  invariantResponse(organization, "Not found", 404);
  return { organization, members: await searchPeople(db, viewer, { organizationId: organization.id }), searchLimit: DIRECTORY_SEARCH_LIMIT };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const organizationId = organizationIdFrom(params.organizationId);
  const db = getDb();
  // Refused before the form is read, so someone who may not edit learns nothing from its checks.
  const organization = await getOrganizationForViewer(db, viewer, organizationId);
  invariantResponse(organization, "Not found", 404);
  invariantResponse(organization.can_edit, "Forbidden", 403);
  const submission = parseSubmission(await readForm(request), { schema: organizationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  }
  // The update checks the same permission in its own condition, in case it changed meanwhile.
  const outcome = await updateOrganization(db, viewer, organizationId, submission.value);
  invariantResponse(outcome.ok || outcome.reason !== "not_found", "Not found", 404);
  invariantResponse(outcome.ok, "Forbidden", 403);
  // Reset, so the form shows the values as stored (trimmed, country upper-cased).
  return { result: submission.reply({ resetForm: true }), saved: true };
}

export default function OrganizationPage() {
  const { organization, members, searchLimit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const language = i18n.language;

  return (
    <article aria-labelledby="organization-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="organization-title">
        <BilingualText en={organization.name_en} zh={organization.name_zh} language={language} />
      </h1>
      <StatusMessage>{actionData?.saved ? t("organization.saved") : null}</StatusMessage>
      <dl className="facts">
        {organization.name_en ? (
          <>
            <dt>{t("organization.nameEn")}</dt>
            <dd lang={languageMark("en", language)}>{organization.name_en}</dd>
          </>
        ) : null}
        {organization.name_zh ? (
          <>
            <dt>{t("organization.nameZh")}</dt>
            <dd lang={languageMark("zh-TW", language)}>{organization.name_zh}</dd>
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
              {person.name_native ? (
                <>
                  {" "}
                  <NativeName name={person.name_native} language={language} />
                </>
              ) : null}
              {person.title_en || person.title_zh ? (
                <span className="muted">
                  {" — "}
                  <BilingualText en={person.title_en} zh={person.title_zh} language={language} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {members.hasMore ? <p className="muted">{t("people.more", { count: searchLimit })}</p> : null}
      <p>
        <Link to={`/directory/people/new?${new URLSearchParams({ organizationId: String(organization.id) })}`}>
          {t("organization.addPerson")}
        </Link>
      </p>

      {organization.can_edit ? (
        <>
          <h2>{t("organization.editTitle")}</h2>
          {/* Keyed by the last change, so after saving the form starts again from the stored values. */}
          <OrganizationForm
            key={organization.updated_at}
            id={`edit-organization-${organization.id}`}
            lastResult={actionData?.result}
            defaultValue={{
              nameEn: organization.name_en ?? "",
              nameZh: organization.name_zh ?? "",
              country: organization.country ?? "",
              kind: organization.kind,
            }}
            submitLabel={t("organization.submitEdit")}
          />
        </>
      ) : (
        <p className="muted">{t("organization.readOnly")}</p>
      )}
    </article>
  );
}
