import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CountryLabel, countrySortKey } from "~/components/delegations/country-label";
import { MemberName } from "~/components/delegations/member-name";
import { BilingualText } from "~/components/ui/bilingual-text";
import { DataTable } from "~/components/ui/data-table";
import { pageTitle } from "~/i18n/page-title";
import { listDelegations } from "~/models/delegation.server";
import { authorize, delegationViewerFor, type RoutePolicy } from "~/policy.server";
import { localized } from "~/utils/localized";

export const policy = "event-reader" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "delegations:title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, viewer, event } = await authorize(policy, { request, params });
  const scope = await delegationViewerFor(db, viewer, event);
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh },
    delegations: await listDelegations(db, event.id, scope),
    hidden: scope.kind === "nobody",
    organizes: scope.kind === "organizer",
    ownDelegationId: scope.kind === "member" || scope.kind === "staff" ? scope.delegationId : null,
  };
}

export default function DelegationsPage() {
  const { event, delegations, hidden, organizes, ownDelegationId } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("delegations");
  const language = i18n.language;
  const base = `/events/${event.slug}`;
  const collator = new Intl.Collator(language);
  // By the country's name as this reader reads it, then by the delegation's.
  const sorted = [...delegations].sort(
    (a, b) =>
      collator.compare(countrySortKey(a.country, language), countrySortKey(b.country, language)) ||
      collator.compare(localized(a.name_en, a.name_zh, language), localized(b.name_en, b.name_zh, language)),
  );
  return (
    <section aria-labelledby="delegations-title">
      <p className="back-link">
        <Link to={base}>← {t("backToEvent")}</Link>
      </p>
      <h1 id="delegations-title">{t("listTitle", { event: localized(event.title_en, event.title_zh, language) })}</h1>
      {organizes ? (
        <p>
          <Link to={`${base}/manage/delegations`}>{t("manageLink")}</Link>
        </p>
      ) : null}
      {hidden ? (
        <p>{t("hiddenList")}</p>
      ) : sorted.length === 0 ? (
        <p>{t("emptyList")}</p>
      ) : (
        <>
          <p className="muted">{t("intro")}</p>
          <DataTable>
            <thead>
              <tr>
                <th scope="col">{t("columns.country")}</th>
                <th scope="col">{t("columns.name")}</th>
                <th scope="col">{t("columns.head")}</th>
                <th scope="col">{t("columns.size")}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((delegation) => (
                <tr key={delegation.id}>
                  <td>
                    <CountryLabel code={delegation.country} />
                  </td>
                  <td>
                    <Link to={`${base}/delegations/${delegation.key}`}>
                      <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={language} />
                    </Link>
                    {delegation.id === ownDelegationId ? <span className="muted"> ({t("ownDelegation")})</span> : null}
                  </td>
                  <td>
                    {delegation.head_name ? (
                      <MemberName name={delegation.head_name} nameNative={delegation.head_name_native} />
                    ) : (
                      <span className="muted">{t("noHead")}</span>
                    )}
                  </td>
                  <td>{delegation.size}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      )}
    </section>
  );
}
