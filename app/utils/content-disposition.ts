/** The longest file name kept, in code points (what most file systems allow, and enough for any real name). */
export const MAX_FILE_NAME_LENGTH = 255;

// Control characters (C0, DEL, C1): line breaks and the like have no place in a name.
const CONTROL_CHARACTERS = /\p{Cc}/gu;
// A surrogate half without its partner: not text, and encodeURIComponent throws on it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// The longest tail kept as an extension when a long name is cut (".pptx", ".jpeg", a few more).
const MAX_EXTENSION_LENGTH = 16;

/**
 * A file name as people gave it, made safe to keep and to show: any character is welcome (`=`, `;`,
 * quotes, Chinese, emoji) except control characters, which are removed, and the name is cut as
 * cutFileName does.
 */
export function cleanFileName(name: string): string {
  return cutFileName(name.replace(CONTROL_CHARACTERS, ""));
}

/**
 * `name` cut to MAX_FILE_NAME_LENGTH code points when it is longer. The cut keeps the extension (the
 * name still says what the file is) and never splits a character: not a surrogate pair, nor a letter
 * from its accents or an emoji sequence. A lone surrogate half (not text) becomes U+FFFD.
 */
export function cutFileName(name: string): string {
  const text = name.replace(LONE_SURROGATE, "\uFFFD");
  if (codePointLength(text, MAX_FILE_NAME_LENGTH + 1) <= MAX_FILE_NAME_LENGTH) return text;
  const dot = text.lastIndexOf(".");
  const extension = dot > 0 && text.length - dot <= MAX_EXTENSION_LENGTH && !/\s/.test(text.slice(dot)) ? text.slice(dot) : "";
  const stem = extension ? text.slice(0, dot) : text;
  return cutToCodePoints(stem, MAX_FILE_NAME_LENGTH - codePointLength(extension, Number.POSITIVE_INFINITY)) + extension;
}

/** The number of code points in `text`, counting no further than `stopAt`. */
function codePointLength(text: string, stopAt: number): number {
  let count = 0;
  for (const _ of text) {
    count += 1;
    if (count >= stopAt) break;
  }
  return count;
}

/**
 * The longest start of `text` made of whole graphemes and at most `limit` code points (a grapheme
 * longer than `limit` by itself, a letter under thousands of accents, is cut by code points).
 */
function cutToCodePoints(text: string, limit: number): string {
  let kept = "";
  let used = 0;
  // Segmenting costs time in proportion to the whole text (a third of a second for 100,000
  // characters), so only a start surely longer than `limit` code points is segmented.
  const start = text.slice(0, 2 * limit + 1024);
  for (const { segment } of new Intl.Segmenter("und", { granularity: "grapheme" }).segment(start)) {
    const codePoints = Array.from(segment);
    if (used + codePoints.length > limit) {
      if (codePoints.length > limit) kept += codePoints.slice(0, limit - used).join("");
      break;
    }
    kept += segment;
    used += codePoints.length;
  }
  // Only a pathological grapheme reaches the end of `start`, which may have halved a surrogate pair.
  return kept.replace(/[\uD800-\uDBFF]$/, "");
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` for a name people gave their file. The plain
 * `filename` is an ASCII stand-in for old clients; `filename*` carries the real name (RFC 6266 with
 * RFC 5987 encoding), so 附件一.pdf downloads as 附件一.pdf and quotes or line breaks cannot
 * break out of the header. Any string is safe here, however long or odd: the name is cut as on
 * upload first (names stored before that rule may be longer), so the header stays a few kilobytes.
 */
export function attachmentDisposition(fileName: string): string {
  const name = cutFileName(fileName) || "download";
  // Quotes and backslashes would end or escape the quoted string; RFC 6266 (appendix D) advises
  // against "%" in the fallback, which some clients would percent-decode.
  const asciiFallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 5987's attr-char allows only "!" of those.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
