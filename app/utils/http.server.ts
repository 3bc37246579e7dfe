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
 * resolved as a browser would (which drops tabs and newlines and reads `\` as `/`), and kept only
 * when it stays on this origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\\]/.test(to)) return fallback;
  const base = "http://plenary.invalid";
  const resolved = new URL(to, base);
  if (resolved.origin !== base) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
