import type { ServerResponse } from "node:http";

/**
 * Response headers every page gets. The script policy is nonce-based and enforced: only scripts
 * carrying this request's nonce (Remix's own inline scripts) or served from our origin run.
 */
export function securityHeaders({ nonce, production }: { nonce: string; production: boolean }): Record<string, string> {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Layout uses style attributes (track colours, grid placement); scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    production ? "connect-src 'self'" : "connect-src 'self' ws://localhost:*",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  const headers: Record<string, string> = {
    "Content-Security-Policy": policy.join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/**
 * What a downloaded file (an uploaded attachment) is served with instead of the page policy: it is
 * never a page of the site, so nothing in it may run, load or be sniffed into another type, even in
 * a browser that shows it rather than saving it. The other site-wide headers apply unchanged.
 */
export function downloadSecurityHeaders(): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
  };
}

/**
 * Gives `res` each of `headers` that the response has not set itself, at the moment its headers are
 * written. Site-wide headers are thus defaults: a route's own value (a download's policy) replaces
 * them instead of arriving next to them. (Express's `res.set` before the route, followed by the
 * Remix adapter's `res.append` of the route's headers, would send both.)
 */
export function setDefaultHeaders(res: ServerResponse, headers: Record<string, string>): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    for (const [name, value] of Object.entries(headers)) {
      if (!this.hasHeader(name)) this.setHeader(name, value);
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
