import { createCookie, redirect } from "@remix-run/node";
import { DEVICE_DAYS, MAX_DEVICE_TOKENS, SESSION_DAYS } from "../models/account.server";
import { getEnv } from "../../lib/env.server";

/** A cookie signed with SESSION_SECRET, HttpOnly and SameSite=Lax, Secure in production. */
function signedCookie(name: string, days: number) {
  const env = getEnv();
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production",
    path: "/",
    maxAge: days * 86_400,
    secrets: [env.SESSION_SECRET],
  });
}

let cookie: ReturnType<typeof createCookie> | undefined;

/** The signed cookie that carries the session token; the session itself lives in the database. */
export function sessionCookie() {
  cookie ??= signedCookie("plenary_session", SESSION_DAYS);
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

let device: ReturnType<typeof createCookie> | undefined;

/**
 * The signed, long-lived cookie that marks a browser which signed in to an account before
 * (OWASP's device cookie): random tokens, one per account, whose hashes the database keeps. It
 * outlives sign-out on purpose; it proves nothing by itself and only decides which sign-in
 * failures an attempt from this browser is judged by.
 */
export function deviceCookie() {
  device ??= signedCookie("plenary_device", DEVICE_DAYS);
  return device;
}

export async function readDeviceTokens(request: Request): Promise<string[]> {
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  if (!Array.isArray(value)) return [];
  return value.filter((token): token is string => typeof token === "string").slice(0, MAX_DEVICE_TOKENS);
}

/** Signs the browser in; with `deviceTokens`, also (re)sets its device cookie. */
export async function redirectWithSession(to: string, token: string, { deviceTokens }: { deviceTokens?: readonly string[] } = {}) {
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionCookie().serialize(token));
  if (deviceTokens) headers.append("Set-Cookie", await deviceCookie().serialize(deviceTokens));
  return redirect(to, { headers });
}

export async function redirectClearingSession(to: string) {
  return redirect(to, { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}
