import { i18nConfig } from "../i18n/config";
import { FORM_BODY_LIMIT, FORM_CONTENT_TYPES, mediaTypeOf } from "./form-data.server";
import { MAX_UPLOAD_BYTES } from "./uploads.server";

/** A multipart post carries one upload, its part headers (up to 1 MiB) and a few small fields. */
export const MULTIPART_BODY_LIMIT = MAX_UPLOAD_BYTES + 2 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export interface RequestRefusal {
  status: 400 | 403 | 413 | 415;
  /** A key of the `errors` translations. */
  message: "badRequest" | "crossSite" | "bodyTooLarge" | "unsupportedMediaType";
}

interface IncomingRequest {
  method: string;
  /** The path and query as sent, e.g. `/events/a%00b?q=1`. */
  url: string;
  header(name: string): string | undefined | null;
}

/**
 * What every request must pass before the app reads it, for pages, data requests (`?_data=`) and
 * resource routes alike: a URL without control characters, and, for anything but GET and HEAD, a
 * same-origin sender, a form content type and a declared length within the limits. (Bodies sent
 * without a length are counted while they are read: app/utils/form-data.server.ts.)
 */
export function refuseRequest(request: IncomingRequest, ownOrigin: string): RequestRefusal | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(request.url);
  } catch {
    return { status: 400, message: "badRequest" };
  }
  if (CONTROL_CHARACTERS.test(decoded)) return { status: 400, message: "badRequest" };
  const safe = SAFE_METHODS.has(request.method.toUpperCase());
  if (!safe && !isSameOrigin(request, ownOrigin)) return { status: 403, message: "crossSite" };
  // The portal's pages use single fetch (`/path.data`); Remix's older `?_data=` path is one it never
  // asks for, and it fails on loaders that answer null.
  if (/[?&]_data(=|&|$)/.test(request.url)) return { status: 400, message: "badRequest" };
  if (safe) return null;

  const mediaType = mediaTypeOf(request.header("content-type") ?? null);
  if (!(FORM_CONTENT_TYPES as readonly string[]).includes(mediaType)) return { status: 415, message: "unsupportedMediaType" };
  const limit = mediaType === "multipart/form-data" ? MULTIPART_BODY_LIMIT : FORM_BODY_LIMIT;
  const declared = request.header("content-length");
  if (declared && !/^[0-9]+$/.test(declared)) return { status: 400, message: "badRequest" };
  if (declared && Number(declared) > limit) return { status: 413, message: "bodyTooLarge" };
  return null;
}

/**
 * The OWASP order: the Origin header when the browser sends one, then Fetch Metadata, then the
 * Referer. A request carrying none of them comes from no browser page (a browser sends Origin with
 * every cross-site POST), so it cannot ride on a visitor's cookies.
 */
function isSameOrigin(request: IncomingRequest, ownOrigin: string): boolean {
  const origin = request.header("origin");
  if (origin) {
    // Remix compares Origin with X-Forwarded-Host when one is sent, and throws when they differ.
    const forwardedHost = request.header("x-forwarded-host")?.split(",")[0].trim();
    return origin === ownOrigin && (!forwardedHost || forwardedHost === new URL(ownOrigin).host);
  }
  const site = request.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const referer = request.header("referer");
  if (referer) {
    try {
      return new URL(referer).origin === ownOrigin;
    } catch {
      return false;
    }
  }
  return true;
}

/** The refusal in the viewer's language (Accept-Language; the app's language cookie is read later, by Remix). */
export function refusalText(refusal: RequestRefusal, acceptLanguage: string | undefined | null): string {
  const language = /^\s*zh/i.test(acceptLanguage ?? "") ? "zh-TW" : "en";
  const errors = i18nConfig.resources[language].translation.errors;
  return `${errors[refusal.message]}\n`;
}
