import { createCookie } from "@remix-run/node";
import { createInstance, type i18n, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { getEnv } from "../../lib/env.server";
import { fallbackLanguage, i18nConfig, supportedLanguages, type Language } from "./config";

let cookie: ReturnType<typeof createCookie> | undefined;
let detector: RemixI18Next | undefined;
let mailInstance: i18n | undefined;

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

/**
 * A translator fixed to one language and namespace, for text written to someone other than the
 * viewer (mail in the recipient's language). The resources ship in the bundle, so the instance
 * initialises synchronously.
 */
export function translatorFor(language: Language, namespace: string): TFunction {
  if (!mailInstance) {
    mailInstance = createInstance();
    void mailInstance.init({ ...i18nConfig, initImmediate: false });
  }
  return mailInstance.getFixedT(language, namespace);
}
