import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { badgeQrDataUri } from "~/components/badges/badge-qr.server";
import { BADGES_PER_PAGE, BadgeSheets, type BadgesPerPage } from "~/components/badges/badge-sheet";
import badgeStyles from "~/components/badges/badges.css";
import { optionalId } from "~/components/manage/schema-fields";
import { pageTitle } from "~/i18n/page-title";
import { listBadgeFilters, listBadges } from "~/models/check-in.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { localized } from "~/utils/localized";

export const policy = "event-organizer" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: badgeStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "checkin:badges.title") }];

// Filters come from the address; anything unreadable shows every badge rather than an error.
const filterSchema = z.object({
  per: z.enum(["4", "8"]).catch("4"),
  delegation: optionalId.catch(null),
  category: optionalId.catch(null),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const search = new URL(request.url).searchParams;
  const filter = filterSchema.parse({
    per: search.get("per") ?? undefined,
    delegation: search.get("delegation") || undefined,
    category: search.get("category") || undefined,
  });
  const [badges, filters] = await Promise.all([listBadges(db, event.id, { delegationId: filter.delegation, categoryId: filter.category }), listBadgeFilters(db, event.id)]);
  return {
    perPage: Number(filter.per) as BadgesPerPage,
    delegationId: filter.delegation,
    categoryId: filter.category,
    filters,
    badges: await Promise.all(
      badges.map(async (badge) => ({
        personId: badge.personId,
        name: badge.name,
        nameNative: badge.nameNative,
        organizationEn: badge.organizationEn,
        organizationZh: badge.organizationZh,
        organizationText: badge.organizationText,
        delegationEn: badge.delegationEn,
        delegationZh: badge.delegationZh,
        categoryEn: badge.categoryEn,
        categoryZh: badge.categoryZh,
        badgeCode: badge.badgeCode,
        qr: await badgeQrDataUri(badge.badgeCode),
      })),
    ),
  };
}

export default function BadgesPage() {
  const { perPage, delegationId, categoryId, filters, badges } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("checkin");
  return (
    <section aria-labelledby="badges-title">
      <h1 id="badges-title">{t("badges.title")}</h1>
      <div className="badge-controls">
        <p className="muted">{t("badges.intro")}</p>
        <Form method="get" className="row-form" aria-label={t("badges.title")}>
          <div className="field-row">
            <div className="field">
              <label htmlFor="badges-per">{t("badges.perPage")}</label>
              <select id="badges-per" name="per" defaultValue={String(perPage)}>
                {BADGES_PER_PAGE.map((count) => (
                  <option key={count} value={count}>
                    {t("badges.perPageOption", { count })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="badges-delegation">{t("badges.delegation")}</label>
              <select id="badges-delegation" name="delegation" defaultValue={delegationId ?? ""}>
                <option value="">{t("badges.all")}</option>
                {filters.delegations.map((delegation) => (
                  <option key={delegation.id} value={delegation.id}>
                    {localized(delegation.name_en, delegation.name_zh, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="badges-category">{t("badges.category")}</label>
              <select id="badges-category" name="category" defaultValue={categoryId ?? ""}>
                <option value="">{t("badges.all")}</option>
                {filters.categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {localized(category.name_en, category.name_zh, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">{t("badges.show")}</button>
        </Form>
        <p role="status">{t("badges.count", { count: badges.length })}</p>
        {badges.length === 0 ? <p>{t("badges.empty")}</p> : null}
      </div>
      <BadgeSheets badges={badges} perPage={perPage} />
    </section>
  );
}
