import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ORGANIZATION_KINDS } from "../../db/schema";
import { pageTitle } from "~/i18n/page-title";
import { DIRECTORY_SEARCH_LIMIT, searchOrganizations, searchPeople } from "~/models/person.server";
import { getDb } from "~/utils/db.server";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { authorize, type RoutePolicy } from "~/policy.server";
import { StatusMessage } from "~/components/ui/status-message";
import { DataTable } from "~/components/ui/data-table";

// A filter that does not parse is dropped rather than refused: this is a search page.
const filtersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: z.enum(ORGANIZATION_KINDS).optional().catch(undefined),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/)
    .transform((code) => code.toUpperCase())
    .optional()
    .catch(undefined),
});

export const policy = "directory" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "directory:title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const query = new URL(request.url).searchParams;
  const filters = filtersSchema.parse({
    q: query.get("q") || undefined,
    kind: query.get("kind") || undefined,
    country: query.get("country") || undefined,
  });
  const db = getDb();
  // Emails come back only where this viewer may see them (see person.server.ts).
  const [people, organizations] = await Promise.all([
    searchPeople(db, viewer, { query: filters.q, organizationKind: filters.kind, country: filters.country }),
    searchOrganizations(db, { query: filters.q, kind: filters.kind, country: filters.country }),
  ]);
  return { filters, people, organizations, searchLimit: DIRECTORY_SEARCH_LIMIT };
}

export default function DirectoryPage() {
  const { filters, people, organizations, searchLimit } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("directory");
  const language = i18n.language;
  const filtered = Boolean(filters.q || filters.kind || filters.country);

  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">{t("title")}</h1>
      <p>{t("intro")}</p>
      <p className="directory-actions">
        <Link to="/directory/people/new" className="button">
          {t("people.add")}
        </Link>
        <Link to="/directory/organizations/new" className="button">
          {t("organizations.add")}
        </Link>
      </p>

      <Form method="get" className="directory-search" role="search">
        <div className="field">
          <label htmlFor="directory-q">{t("search.label")}</label>
          <input id="directory-q" type="search" name="q" defaultValue={filters.q ?? ""} maxLength={200} aria-describedby="directory-q-hint" />
          <p id="directory-q-hint" className="field-hint">
            {t("search.hint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="directory-kind">{t("search.kind")}</label>
          <select id="directory-kind" name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("search.anyKind")}</option>
            {ORGANIZATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`agenda:organizationKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-country">{t("search.country")}</label>
          <input id="directory-country" name="country" defaultValue={filters.country ?? ""} maxLength={2} size={3} autoComplete="off" />
        </div>
        <div className="directory-search-buttons">
          <button type="submit" className="primary">
            {t("search.submit")}
          </button>
          {filtered ? (
            <Link to="/directory" className="button">
              {t("search.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <StatusMessage className="muted">
        {filtered ? t("search.found", { people: people.people.length, organizations: organizations.organizations.length }) : null}
      </StatusMessage>

      <h2 id="people-title">{t("people.title")}</h2>
      {people.people.length === 0 ? (
        <p>{t("people.empty")}</p>
      ) : (
        <DataTable aria-labelledby="people-title">
          <thead>
            <tr>
              <th scope="col">{t("people.name")}</th>
              <th scope="col">{t("people.jobTitle")}</th>
              <th scope="col">{t("person.organization")}</th>
              <th scope="col">{t("person.email")}</th>
            </tr>
          </thead>
          <tbody>
            {people.people.map((person) => (
              <tr key={person.id}>
                <td>
                  <Link to={`/directory/people/${person.id}`}>{person.name}</Link>
                  {person.name_native ? (
                    <>
                      {" "}
                      <NativeName name={person.name_native} language={language} />
                    </>
                  ) : null}
                </td>
                <td>
                  <BilingualText en={person.title_en} zh={person.title_zh} language={language} />
                </td>
                <td>
                  {person.organization_id !== null ? (
                    <Link to={`/directory/organizations/${person.organization_id}`}>
                      <BilingualText en={person.organization_name_en} zh={person.organization_name_zh} language={language} />
                    </Link>
                  ) : null}
                </td>
                <td>{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : null}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {people.hasMore ? <p className="muted">{t("people.more", { count: searchLimit })}</p> : null}

      <h2 id="organizations-title">{t("organizations.title")}</h2>
      {organizations.organizations.length === 0 ? (
        <p>{t("organizations.empty")}</p>
      ) : (
        <DataTable aria-labelledby="organizations-title">
          <thead>
            <tr>
              <th scope="col">{t("organizations.name")}</th>
              <th scope="col">{t("organization.country")}</th>
              <th scope="col">{t("organization.kind")}</th>
              <th scope="col">{t("organizations.peopleCount")}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.organizations.map((organization) => (
              <tr key={organization.id}>
                <td>
                  <Link to={`/directory/organizations/${organization.id}`}>
                    <BilingualText en={organization.name_en} zh={organization.name_zh} language={language} />
                  </Link>
                </td>
                <td>{organization.country ?? t("organization.international")}</td>
                <td>{t(`agenda:organizationKind.${organization.kind}`)}</td>
                <td>{organization.people_count}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {organizations.hasMore ? <p className="muted">{t("organizations.more", { count: searchLimit })}</p> : null}
    </section>
  );
}
