import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";
import { invariantResponse, safeRedirect } from "~/utils/http.server";
import type { RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";

export const policy = "public" satisfies RoutePolicy;

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const language = form.get("language");
  invariantResponse(isLanguage(language), "Unsupported language");
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await languageCookie().serialize(language) },
  });
}
