import { createHash } from "node:crypto";

/** What a feed's content is at this moment, known before the feed is built. */
export interface ContentVersion {
  /** Changes whenever the built content would; hashed into the ETag. */
  key: string;
  /** The latest change the version knows of (ISO instant), or null when it knows none. */
  lastModified: string | null;
}

export interface Validators {
  etag: string;
  lastModified: string | null;
}

/**
 * The ETag and Last-Modified of a version. `variant` tells apart the texts of one version (the
 * language, filters), so a cached English feed never validates a Chinese one. (The host is not
 * part of it: a client keeps its copy per address, host included.)
 */
export function validatorsOf(version: ContentVersion, variant: string): Validators {
  const digest = createHash("sha256").update(version.key).update("\u0000").update(variant).digest("base64url").slice(0, 27);
  return {
    etag: `"${digest}"`,
    lastModified: version.lastModified ? new Date(version.lastModified).toUTCString() : null,
  };
}

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match decides when present, and
 * If-Modified-Since only without it (it has one-second precision and misses changes that carry no
 * time, such as a room's new name).
 */
export function isNotModified(headers: { get(name: string): string | null }, validators: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    if (ifNoneMatch.trim() === "*") return true;
    return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === validators.etag);
  }
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince === null || validators.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(validators.lastModified) <= since;
}

/** The validator headers every answer of the resource carries, 200 and 304 alike. */
export function validatorHeaders(validators: Validators, cacheControl: string): Record<string, string> {
  return {
    ETag: validators.etag,
    ...(validators.lastModified ? { "Last-Modified": validators.lastModified } : {}),
    "Cache-Control": cacheControl,
  };
}

/**
 * The answer to a conditional GET: 304 with the validators when the client's copy is current,
 * otherwise `build()`'s body with them. `build` (which loads and builds the content) is not called
 * for a 304.
 */
export async function conditionalResponse(
  request: Request,
  {
    version,
    variant,
    contentType,
    cacheControl,
    build,
    extraHeaders = {},
  }: {
    version: ContentVersion;
    variant: string;
    contentType: string;
    cacheControl: string;
    build: () => string | Promise<string>;
    extraHeaders?: Record<string, string>;
  },
): Promise<Response> {
  const validators = validatorsOf(version, variant);
  const headers = { ...validatorHeaders(validators, cacheControl), ...extraHeaders };
  if (isNotModified(request.headers, validators)) return new Response(null, { status: 304, headers });
  return new Response(await build(), { status: 200, headers: { ...headers, "Content-Type": contentType } });
}
