import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { supportedLanguages } from "~/i18n/config";
import { useRootData } from "~/utils/root-data";

export function SiteHeader() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const rootData = useRootData();
  const user = rootData?.user ?? null;
  const here = location.pathname + location.search;

  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label={t("nav.main")}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t("nav.home")}
            </NavLink>
          </li>
          {rootData?.canUseDirectory ? (
            <li>
              <NavLink to="/directory">{t("nav.directory")}</NavLink>
            </li>
          ) : null}
          {user ? (
            <>
              <li>
                <NavLink to="/my-events">{t("nav.myEvents")}</NavLink>
              </li>
              <li>
                <NavLink to="/account">{t("nav.account")}</NavLink>
              </li>
            </>
          ) : null}
          {user?.isAdmin ? (
            <>
              <li>
                <NavLink to="/events/new">{t("nav.newEvent")}</NavLink>
              </li>
              <li>
                <NavLink to="/admin/users">{t("nav.users")}</NavLink>
              </li>
              <li>
                <NavLink to="/admin/audit">{t("nav.audit")}</NavLink>
              </li>
              <li>
                <NavLink to="/admin/outbox">{t("nav.outbox")}</NavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <div className="header-tools">
        <Form method="post" action="/locale" className="language-switcher" aria-label={t("nav.language")}>
          <input type="hidden" name="redirectTo" value={here} />
          {supportedLanguages.map((language) => (
            <button
              key={language}
              type="submit"
              name="language"
              value={language}
              lang={language}
              aria-pressed={i18n.language === language}
            >
              {t(`languages.${language}`)}
            </button>
          ))}
        </Form>
        {user ? (
          <Form method="post" action="/logout" className="sign-out">
            <span className="signed-in-as">{t("nav.signedInAs", { name: user.name })}</span>
            <button type="submit">{t("nav.signOut")}</button>
          </Form>
        ) : (
          <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`} className="button">
            {t("nav.signIn")}
          </Link>
        )}
      </div>
    </header>
  );
}
