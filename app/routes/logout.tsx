import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endUserSession, getUserBySessionToken } from "~/models/account.server";
import { getDb } from "~/utils/db.server";
import { readSessionToken, redirectClearingSession } from "~/utils/session.server";

// Signing out changes data, so it is a POST; a GET here only goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = await readSessionToken(request);
  if (token) {
    const db = getDb();
    const user = await getUserBySessionToken(db, token);
    if (user) await endUserSession(db, token, user.id);
  }
  return redirectClearingSession("/");
}
