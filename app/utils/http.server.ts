import { data, type AppLoadContext } from "@remix-run/node";

/** Throws a Response with the given status when the condition fails (Epic Stack's invariantResponse). */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw data({ message }, { status });
}

/** The client's address as server.ts saw it (Express's req.ip, trusting only a local proxy). */
export function clientAddress(context: AppLoadContext): string {
  return context.clientIp ?? "unknown";
}

/** Only same-site paths may be redirected to after sign-in or a language switch. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
