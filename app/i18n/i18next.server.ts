import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { getEnv } from "../../lib/env.server";
import { fallbackLanguage, i18nConfig, supportedLanguages } from "./config";

let cookie: ReturnType<typeof createCookie> | undefined;
let detector: RemixI18Next | undefined;

/**
 * The language switcher's cookie. Secure only when the server runs in production (read from the
 * environment at run time: the build fixes `process.env.NODE_ENV` in the bundle), so a development
 * server over plain HTTP keeps the choice.
 */
export function languageCookie() {
  cookie ??= createCookie("plenary_lng", {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure: getEnv().NODE_ENV === "production",
    maxAge: 60 * 60 * 24 * 365,
  });
  return cookie;
}

/** The viewer's language: the switcher's cookie first, then the browser's Accept-Language. */
export function viewerLocale(request: Request): Promise<string> {
  detector ??= new RemixI18Next({
    detection: {
      supportedLanguages: [...supportedLanguages],
      fallbackLanguage,
      cookie: languageCookie(),
      order: ["cookie", "header"],
    },
    i18next: i18nConfig,
  });
  return detector.getLocale(request);
}
