import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/general-error-boundary";
import { SiteHeader } from "./components/site-header";
import { useFocusOnNavigation } from "./components/use-focus-on-navigation";
import { viewerLocale } from "./i18n/i18next.server";
import stylesheet from "./styles/app.css";
import { getOptionalUser, mayUseDirectory, viewerOf, type RoutePolicy } from "./policy.server";
import { getDb } from "./utils/db.server";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export const meta: MetaFunction = () => [{ title: "Plenary" }];

// The shell every page shares: the viewer's language and name, whatever page they are on.
export const policy = "public" satisfies RoutePolicy;

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user] = await Promise.all([viewerLocale(request), getOptionalUser(request)]);
  // The header links to the directory only for those who may use it.
  const canUseDirectory = await mayUseDirectory(getDb(), viewerOf(user));
  return { locale, user, canUseDirectory };
}

function Document({ children, locale }: { children: ReactNode; locale: string }) {
  const nonce = useNonce();
  const { t } = useTranslation();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        {t("app.footer")} · <Link to="/accessibility">{t("accessibility.footerLink")}</Link>
      </footer>
    </>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  useChangeLanguage(locale);
  useFocusOnNavigation();
  return (
    <Document locale={locale}>
      <Frame>
        <Outlet />
      </Frame>
    </Document>
  );
}

export function ErrorBoundary() {
  const { i18n } = useTranslation();
  return (
    <Document locale={i18n.language}>
      <Frame>
        <GeneralErrorBoundary />
      </Frame>
    </Document>
  );
}
