import { createCookie, redirect } from "@remix-run/node";
import { SESSION_DAYS } from "../models/account.server";
import { getEnv } from "../../lib/env.server";

let cookie: ReturnType<typeof createCookie> | undefined;

/** The signed cookie that carries the session token; the session itself lives in the database. */
export function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("plenary_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production",
    path: "/",
    maxAge: SESSION_DAYS * 86_400,
    secrets: [env.SESSION_SECRET],
  });
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function redirectWithSession(to: string, token: string) {
  return redirect(to, { headers: { "Set-Cookie": await sessionCookie().serialize(token) } });
}

export async function redirectClearingSession(to: string) {
  return redirect(to, { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}
