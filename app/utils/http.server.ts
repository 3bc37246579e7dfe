import { data, type AppLoadContext } from "@remix-run/node";

/** Throws a Response with the given status when the condition fails (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw data({ message }, { status });
}

/** The client's address as server.ts saw it (Express's req.ip, trusting only a local proxy). */
export function clientAddress(context: AppLoadContext): string {
  return context.clientIp ?? "unknown";
}

/**
 * Only paths of this site may be redirected to after sign-in or a language switch. The target is
 * resolved against the portal's own origin as a browser would (which drops tabs and newlines and
 * reads `\` as `/`), kept only when it stays on that origin, and given back with a single leading
 * slash: `/..//evil.example` resolves to the path `//evil.example`, which a browser would read as
 * another host.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://plenary.invalid";
  const resolved = new URL(to, base);
  if (resolved.origin !== base) return fallback;
  const path = `/${resolved.pathname.replace(/^\/+/, "")}${resolved.search}${resolved.hash}`;
  return new URL(path, base).origin === base ? path : fallback;
}
