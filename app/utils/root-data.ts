import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

/** What the root loader gave every page: the language and the signed-in user, if any. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}
