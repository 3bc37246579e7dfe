import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { RoutePolicy } from "~/policy.server";

// Any URL no other route claims: a 404 inside the site's layout, in the viewer's language.
export const policy = "public" satisfies RoutePolicy;

export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
