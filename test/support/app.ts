import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../db/client";
import type { EventRoleName } from "../../db/schema";
import { createUserSession, type SessionUser } from "../../app/models/account.server";
import { hashPassword } from "../../lib/password.server";
import { sessionCookie } from "../../app/utils/session.server";

export const TEST_PASSWORD = "correct horse battery staple";
let testPasswordHash: Promise<string> | undefined;

/** app/utils/db.server.ts keeps its instance on globalThis; routes under test read this one. */
export function serveAppFrom(db: () => Db): void {
  const holder = globalThis as typeof globalThis & { __plenaryDb?: Db };
  beforeAll(() => {
    holder.__plenaryDb = db();
  });
  afterAll(() => {
    delete holder.__plenaryDb;
  });
}

let sequence = 0;

/** A user whose password is TEST_PASSWORD (hashed once per test file: scrypt is slow by design). */
export async function insertUser(
  db: Db,
  { name, email, isAdmin = false }: { name?: string; email?: string; isAdmin?: boolean } = {},
): Promise<SessionUser> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  sequence += 1;
  const at = new Date().toISOString();
  const row = await db
    .insertInto("users")
    .values({
      email: email ?? `user${sequence}-${Date.now()}@example.test`,
      name: name ?? `Test User ${sequence}`,
      password_hash: await testPasswordHash,
      is_admin: isAdmin ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .returning(["id", "email", "name", "is_admin"])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin === 1 };
}

export async function insertEvent(
  db: Db,
  overrides: Partial<{ slug: string; visibility: "public" | "unlisted" | "private"; title_en: string; title_zh: string }> = {},
) {
  sequence += 1;
  const at = new Date().toISOString();
  return db
    .insertInto("events")
    .values({
      slug: overrides.slug ?? `event-${sequence}-${Date.now()}`,
      title_en: overrides.title_en ?? `Test Event ${sequence}`,
      title_zh: overrides.title_zh ?? null,
      time_zone: "America/Los_Angeles",
      starts_on: "2011-03-28",
      ends_on: "2011-03-30",
      visibility: overrides.visibility ?? "public",
      created_at: at,
      updated_at: at,
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

export async function giveRole(db: Db, userId: number, eventId: number, role: EventRoleName): Promise<void> {
  await db
    .insertInto("event_roles")
    .values({ event_id: eventId, user_id: userId, role, created_at: new Date().toISOString() })
    .execute();
}

/** A Cookie header that signs the request in as `user`. */
export async function signedInCookie(db: Db, user: SessionUser): Promise<string> {
  const token = await createUserSession(db, { userId: user.id, userAgent: "vitest" });
  const setCookie = await sessionCookie().serialize(token);
  return setCookie.split(";")[0];
}

export function formRequest(
  path: string,
  fields: Record<string, string>,
  { cookie, language }: { cookie?: string; language?: string } = {},
): Request {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  if (language) headers.set("Accept-Language", language);
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(fields) });
}

export function getRequest(path: string, { cookie }: { cookie?: string } = {}): Request {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export interface RouteOutcome {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * Runs a loader or action the way Remix would and reports status, body and headers, whether it
 * returned or threw a Response, a redirect or a `data()` result.
 */
export async function runRoute(call: () => Promise<unknown>): Promise<RouteOutcome> {
  let value: unknown;
  try {
    value = await call();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text body
    }
    return { status: value.status, body, headers: value.headers };
  }
  if (isDataWithInit(value)) {
    return { status: value.init?.status ?? 200, body: value.data, headers: new Headers(value.init?.headers) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, body: value, headers: new Headers() };
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** Conform's reply: field errors as translation keys. */
export function fieldErrors(body: unknown): Record<string, string[] | null> {
  const result = (body as { result?: { error?: Record<string, string[] | null> } }).result;
  return result?.error ?? {};
}

/** Puts `personId` on the event's agenda: a session of its own with them as speaker (a session_people row). */
export async function addToAgenda(db: Db, eventId: number, personId: number): Promise<number> {
  const at = new Date().toISOString();
  const { id } = await db
    .insertInto("sessions")
    .values({
      event_id: eventId,
      type: "plenary",
      title_en: "Test Session",
      starts_at: "2011-03-28T16:00:00.000Z",
      ends_at: "2011-03-28T17:00:00.000Z",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("session_people").values({ session_id: id, person_id: personId, role: "speaker", position: 0, item_id: null }).execute();
  return id;
}
