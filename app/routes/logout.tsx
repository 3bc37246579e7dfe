import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endUserSession, getUserBySessionToken } from "~/models/account.server";
import { getDb } from "~/utils/db.server";
import { readSessionToken, redirectClearingSession } from "~/utils/session.server";
import { z } from "zod";
import type { RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";

// Signing out changes data, so it is a POST; a GET here only goes home.
export const policy = "public" satisfies RoutePolicy;

// The sign-out button sends no fields; anything else is not our form.
const signOutSchema = z.object({}).strict();

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  invariantResponse(parseSubmission(await readForm(request), { schema: signOutSchema }).status === "success", "Unexpected fields");
  const token = await readSessionToken(request);
  if (token) {
    const db = getDb();
    const user = await getUserBySessionToken(db, token);
    if (user) await endUserSession(db, token, user.id);
  }
  return redirectClearingSession("/");
}
