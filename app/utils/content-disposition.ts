/**
 * `attachment; filename="…"; filename*=UTF-8''…` for a name people gave their file. The plain
 * `filename` is an ASCII stand-in for old clients; `filename*` carries the real name (RFC 6266 with
 * RFC 5987 encoding), so 附件一.pdf downloads as 附件一.pdf and quotes or line breaks cannot
 * break out of the header.
 */
export function attachmentDisposition(fileName: string): string {
  const asciiFallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 5987's attr-char allows only "!" of those.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
