import { data } from "@remix-run/node";

/** The most a form without files may send (titles, descriptions, a session's items and people). */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Fields one form may have, and the highest list index a field name may carry (`items[999].title`). */
export const MAX_FORM_FIELDS = 1000;
export const MAX_LIST_INDEX = 999;
const MAX_FIELD_NAME_LENGTH = 200;

export const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

/** A refusal of the request as a whole; the error page shows the translated `message` key. */
function refuse(status: 400 | 413 | 415, message: string): never {
  throw data({ message }, { status });
}

export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * The body of a form post, read with limits before anything is parsed: a known content type, at
 * most `limit` bytes (counted while streaming, whatever Content-Length claims), valid UTF-8, a
 * bounded number of fields and list indexes. Conform turns `zz[30000000]` into a list of that
 * length, so the index bound is what keeps one request from stalling the server.
 */
export async function readForm(request: Request, { limit = FORM_BODY_LIMIT }: { limit?: number } = {}): Promise<FormData> {
  const mediaType = mediaTypeOf(request.headers.get("Content-Type"));
  if (!(FORM_CONTENT_TYPES as readonly string[]).includes(mediaType)) refuse(415, "errors.unsupportedMediaType");
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) refuse(413, "errors.bodyTooLarge");
  const body = await readLimited(request, limit);

  let formData: FormData;
  if (mediaType === "multipart/form-data") {
    try {
      formData = await new Response(body, { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
    } catch {
      refuse(400, "errors.malformedBody");
    }
  } else {
    formData = parseUrlEncoded(body);
  }
  checkFieldNames(formData);
  return formData;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      refuse(413, "errors.bodyTooLarge");
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** URLSearchParams would turn invalid UTF-8 into U+FFFD silently; this refuses it instead. */
function parseUrlEncoded(body: Uint8Array): FormData {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    refuse(400, "errors.invalidEncoding");
  }
  const formData = new FormData();
  let fields = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    fields += 1;
    if (fields > MAX_FORM_FIELDS) refuse(400, "errors.tooManyFields");
    const separator = pair.indexOf("=");
    const [rawName, rawValue] = separator === -1 ? [pair, ""] : [pair.slice(0, separator), pair.slice(separator + 1)];
    try {
      formData.append(decodeURIComponent(rawName.replace(/\+/g, " ")), decodeURIComponent(rawValue.replace(/\+/g, " ")));
    } catch {
      refuse(400, "errors.invalidEncoding");
    }
  }
  return formData;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function checkFieldNames(formData: FormData): void {
  let count = 0;
  for (const name of formData.keys()) {
    count += 1;
    if (count > MAX_FORM_FIELDS) refuse(400, "errors.tooManyFields");
    if (name.length > MAX_FIELD_NAME_LENGTH || CONTROL_CHARACTERS.test(name)) refuse(400, "errors.malformedBody");
    for (const [, index] of name.matchAll(/\[(\d*)\]/g)) {
      if (index.length > 3 || Number(index) > MAX_LIST_INDEX) refuse(400, "errors.tooManyFields");
    }
  }
}
