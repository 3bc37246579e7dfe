import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BilingualText } from "~/components/ui/bilingual-text";
import { authorize, type RoutePolicy } from "~/policy.server";

export const policy = "event-organizer" satisfies RoutePolicy;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await authorize(policy, { request, params });
  return { event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh } };
}

/** The frame of every management page: which event, and the way to each part of it. */
export default function ManageLayout() {
  const { event } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("manage");
  const base = `/events/${event.slug}`;
  const links = [
    { to: `${base}/manage`, label: t("nav.agenda"), end: true },
    { to: `${base}/manage/sessions/new`, label: t("nav.newSession") },
    { to: `${base}/manage/conflicts`, label: t("nav.conflicts") },
    { to: `${base}/manage/rooms`, label: t("nav.rooms") },
    { to: `${base}/manage/tracks`, label: t("nav.tracks") },
    { to: `${base}/manage/delegations`, label: t("nav.delegations") },
    { to: `${base}/manage/categories`, label: t("nav.categories") },
    { to: `${base}/manage/registrations`, label: t("nav.registrations") },
    { to: `${base}/manage/badges`, label: t("nav.badges") },
    { to: `${base}/check-in`, label: t("nav.checkIn") },
    { to: `${base}/manage/attendance`, label: t("nav.attendance") },
    { to: `${base}/manage/bilaterals`, label: t("nav.bilaterals") },
    { to: `${base}/manage/settings`, label: t("nav.settings") },
    { to: `${base}/team`, label: t("nav.team") },
  ];
  return (
    <div className="manage">
      <p className="eyebrow">
        {t("nav.managing")}{" "}
        <Link to={base}>
          <BilingualText en={event.title_en} zh={event.title_zh} language={i18n.language} />
        </Link>
      </p>
      <nav aria-label={t("nav.label")} className="manage-nav">
        <ul>
          {links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            </li>
          ))}
          <li>
            <Link to={base}>{t("nav.publicAgenda")}</Link>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
