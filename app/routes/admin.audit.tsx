import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAuditEntries } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";
import { formatInstant } from "~/utils/localized";
import { pageTitle } from "~/i18n/page-title";
import { authorize, type RoutePolicy } from "~/policy.server";
import { DataTable } from "~/components/ui/data-table";

export const policy = "admin" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "audit.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  return { entries: await listAuditEntries(getDb()) };
}

export default function AuditPage() {
  const { entries } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      {entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t("audit.when")} (UTC)</th>
              <th scope="col">{t("audit.who")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
              <th scope="col">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatInstant(entry.createdAt, i18n.language, "UTC")}</td>
                <td>{entry.actorName ? `${entry.actorName} <${entry.actorEmail}>` : t("audit.system")}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.subjectType} {entry.subjectId}
                  {entry.eventSlug ? ` (${entry.eventSlug})` : ""}
                </td>
                <td>
                  <code>{JSON.stringify(entry.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
