import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CountryLabel } from "~/components/delegations/country-label";
import { MemberName } from "~/components/delegations/member-name";
import { BilingualText } from "~/components/ui/bilingual-text";
import { DataTable } from "~/components/ui/data-table";
import { contentTitle } from "~/i18n/page-title";
import { getDelegation } from "~/models/delegation.server";
import { authorize, delegationViewerFor, managesDelegation, type RoutePolicy } from "~/policy.server";
import { invariantResponse } from "~/utils/http.server";

export const policy = "event-reader" satisfies RoutePolicy;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.delegation.name_en, data?.delegation.name_zh) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, viewer, event } = await authorize(policy, { request, params });
  const scope = await delegationViewerFor(db, viewer, event);
  // Undefined both when there is no such delegation and when the viewer may see none of it.
  const delegation = await getDelegation(db, event.id, params.key ?? "", scope);
  invariantResponse(delegation, "Not found", 404);
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh },
    delegation,
    mayManage: viewer !== null && (await managesDelegation(db, viewer, event, delegation.id)),
  };
}

export default function DelegationPage() {
  const { event, delegation, mayManage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("delegations");
  const language = i18n.language;
  const base = `/events/${event.slug}/delegations`;
  return (
    <article aria-labelledby="delegation-title">
      <p className="back-link">
        <Link to={base}>← {t("backToList")}</Link>
      </p>
      <p className="eyebrow">
        <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
      </p>
      <h1 id="delegation-title">
        <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={language} />
      </h1>
      {mayManage ? (
        <p>
          <Link to={`${base}/${delegation.key}/members`}>{t("manageMembersLink")}</Link>
          {" · "}
          <Link to={`${base}/${delegation.key}/availability`}>{t("availabilityLink")}</Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("detail.country")}</dt>
        <dd>
          <CountryLabel code={delegation.country} />
        </dd>
        {delegation.organization_id !== null ? (
          <>
            <dt>{t("detail.organization")}</dt>
            <dd>
              <BilingualText en={delegation.organization_name_en} zh={delegation.organization_name_zh} language={language} />
            </dd>
          </>
        ) : null}
        <dt>{t("detail.head")}</dt>
        <dd>
          {delegation.head_name ? (
            <MemberName name={delegation.head_name} nameNative={delegation.head_name_native} />
          ) : (
            t("noHead")
          )}
        </dd>
        <dt>{t("detail.size")}</dt>
        <dd>{delegation.seenWhole ? t(delegation.declared_size !== null ? "detail.declaredSize" : "detail.namedSize", { count: delegation.size }) : delegation.size}</dd>
        {delegation.contact_email ? (
          <>
            <dt>{t("detail.contactEmail")}</dt>
            <dd>
              <a href={`mailto:${delegation.contact_email}`}>{delegation.contact_email}</a>
            </dd>
          </>
        ) : null}
        {delegation.contact_phone ? (
          <>
            <dt>{t("detail.contactPhone")}</dt>
            <dd>{delegation.contact_phone}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t("detail.members")}</h2>
      {!delegation.seenWhole ? (
        <p>{t("detail.membersHidden")}</p>
      ) : delegation.members.length === 0 ? (
        <p>{t("detail.noMembers")}</p>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t("detail.name")}</th>
              <th scope="col">{t("detail.role")}</th>
              <th scope="col">{t("detail.jobTitle")}</th>
              <th scope="col">{t("detail.organizationColumn")}</th>
              <th scope="col">{t("detail.email")}</th>
              <th scope="col">{t("detail.registration")}</th>
            </tr>
          </thead>
          <tbody>
            {delegation.members.map((member) => (
              <tr key={member.person_id}>
                <td>
                  <MemberName name={member.name} nameNative={member.name_native} />
                </td>
                <td>{t(`roles.${member.role}`)}</td>
                <td>
                  <BilingualText en={member.title_en} zh={member.title_zh} language={language} />
                </td>
                <td>
                  <BilingualText en={member.organization_name_en} zh={member.organization_name_zh} language={language} />
                </td>
                <td>{member.email ? <a href={`mailto:${member.email}`}>{member.email}</a> : null}</td>
                <td>{t(`registrationStatus.${member.registration_status ?? "none"}`)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </article>
  );
}
