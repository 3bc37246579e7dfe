import { createHash } from "node:crypto";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../db/client";
import type { Engine } from "../../db/client";
import { ROUTE_POLICIES, type RoutePolicy } from "../../app/policy.server";
import { createFeedToken } from "../../app/models/feed-token.server";
import { addToAgenda, giveRole, insertEvent, insertUser, signedInCookie } from "./app";
import { createTestDatabase, type TestDatabase } from "./engines";
import { ensureBuilt, PROJECT_ROOT, startServer, type RunningServer } from "./server";

/*
 * Every route of the built app's manifest, and a small world to request them in: a public and a
 * private event with a session, a person, an organization and an attachment, and one account for
 * each role. The role-matrix and hostile-request suites run over all of it, so a route added
 * tomorrow is covered the day it is added.
 */

/**
 * `delegate` heads the delegation the world's `:key` names, in both events; `otherDelegate` is a
 * member of another delegation of both events. Both take part in the private event, so they may read it.
 */
export const ROLES = ["anonymous", "stranger", "delegate", "otherDelegate", "staff", "otherOrganizer", "organizer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface ManifestRoute {
  id: string;
  /** The URL pattern, e.g. `/events/:slug/sessions/:sessionId`. */
  pattern: string;
  policy: unknown;
  hasLoader: boolean;
  hasAction: boolean;
  /** A resource route (no component) answers its URL itself; page routes are asked through single fetch (`.data`). */
  isResource: boolean;
  /** An index route shares its parent's path; its action is asked for with `?index`. */
  isIndex: boolean;
}

export async function loadServerBuild(): Promise<ServerBuild> {
  await ensureBuilt();
  return (await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "index.js")).href)) as ServerBuild;
}

/** The routes of a server build, each with its full URL pattern and what its module declares. */
export function manifestRoutes(build: Pick<ServerBuild, "routes">): ManifestRoute[] {
  const patternOf = (id: string): string => {
    const route = build.routes[id];
    const parent = route.parentId ? patternOf(route.parentId) : "";
    const own = route.path ?? "";
    return own ? `${parent.replace(/\/$/, "")}/${own}` : parent || "/";
  };
  return Object.values(build.routes).map((route) => {
    const module = route.module as unknown as Record<string, unknown>;
    return {
      id: route.id,
      pattern: patternOf(route.id),
      policy: module.policy,
      hasLoader: typeof module.loader === "function",
      hasAction: typeof module.action === "function",
      isResource: typeof module.default !== "function",
      isIndex: route.index === true,
    };
  });
}

/** What is wrong with the routes' declarations: a missing or unknown policy, an event policy without `:slug`. */
export function policyProblems(routes: readonly ManifestRoute[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    if (typeof route.policy !== "string" || !(route.policy in ROUTE_POLICIES)) {
      problems.push(`${route.id} declares no policy (export const policy = "…" satisfies RoutePolicy)`);
    } else if (route.policy.startsWith("event-") && !route.pattern.includes(":slug")) {
      problems.push(`${route.id} declares ${route.policy} but has no :slug`);
    }
  }
  return problems;
}

export interface World {
  db: Db;
  engine: Engine;
  server: RunningServer;
  events: { public: { slug: string; id: number }; private: { slug: string; id: number } };
  /**
   * Values for each path parameter: per event, and for routes outside any event (a person and an
   * organization in no event, which every directory user may edit).
   */
  params: Record<"public" | "private" | "directory", Record<string, string>>;
  users: Record<Exclude<Role, "anonymous">, Awaited<ReturnType<typeof insertUser>>>;
  /** A Cookie header for the role (a fresh session each call: a sign-out test must not end the others'). */
  cookie: (role: Role) => Promise<string | undefined>;
}

/**
 * Three delegations of the event: the delegate's (whose key the world's `:key` is), the other
 * delegate's, and a third without members; and a booked bilateral meeting (the world's
 * `:bilateralId`) between the delegate's and the third, so that the other delegate is not a side.
 */
async function insertDelegations(
  db: Db,
  eventId: number,
  delegates: { delegate: number; otherDelegate: number },
  label: string,
): Promise<{ key: string; bilateralId: string }> {
  const at = new Date().toISOString();
  const keys = { delegate: `dl-${label}`, otherDelegate: `other-${label}`, third: `third-${label}` };
  const ids: Record<string, number> = {};
  for (const [role, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
    const delegation = await db
      .insertInto("delegations")
      .values({ event_id: eventId, key, name_en: `Delegation ${key}`, country: role === "delegate" ? "TW" : "KR", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[role] = delegation.id;
    if (role === "third") continue;
    await db
      .insertInto("delegation_members")
      .values({ delegation_id: delegation.id, event_id: eventId, person_id: delegates[role], role: "head", created_at: at })
      .execute();
  }
  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: eventId, name_en: `Bilateral room ${label}`, tables: 2 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const startsAt = "2011-03-28T20:00:00.000Z";
  await db.insertInto("bilateral_windows").values({ event_id: eventId, starts_at: startsAt, ends_at: "2011-03-28T23:00:00.000Z", created_at: at }).execute();
  const bilateral = await db
    .insertInto("bilaterals")
    .values({
      event_id: eventId,
      requester_id: ids.delegate,
      recipient_id: ids.third,
      topic: `Mutual recognition ${label}`,
      length_slots: 2,
      priority: "normal",
      status: "booked",
      starts_at: startsAt,
      ends_at: "2011-03-28T21:00:00.000Z",
      place_id: place.id,
      table_number: 1,
      booked_via: "agreed",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("bilateral_attendees").values({ bilateral_id: bilateral.id, person_id: delegates.delegate, delegation_id: ids.delegate }).execute();
  // The meeting's claims, as booking it would hold them: both delegations, its table and its attendee, in each of its two slots.
  const resources = [`delegation:${ids.delegate}:1`, `delegation:${ids.third}:1`, `table:${place.id}:1`, `person:${delegates.delegate}`];
  await db
    .insertInto("bilateral_claims")
    .values(
      [startsAt, "2011-03-28T20:30:00.000Z"].flatMap((slotStart) =>
        resources.map((resource) => ({ event_id: eventId, resource, slot_start: slotStart, bilateral_id: bilateral.id })),
      ),
    )
    .execute();
  return { key: keys.delegate, bilateralId: String(bilateral.id) };
}

/** A directory person acting through the user's account. */
async function insertPersonFor(db: Db, userId: number, name: string): Promise<number> {
  const at = new Date().toISOString();
  const person = await db
    .insertInto("people")
    .values({ name, email: `${name.toLowerCase().replace(/\W+/g, "-")}@example.test`, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("person_accounts").values({ person_id: person.id, user_id: userId, linked_at: at }).execute();
  return person.id;
}

async function insertEventContent(db: Db, eventId: number, uploadsDir: string, label: string, delegates: { delegate: number; otherDelegate: number }) {
  const at = new Date().toISOString();
  const organization = await db
    .insertInto("organizations")
    .values({ name_en: `Customs ${label}`, kind: "customs", created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({ name: `Speaker ${label}`, email: `speaker-${label}@example.test`, organization_id: organization.id, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sessionId = await addToAgenda(db, eventId, person.id);
  const storedName = `${label}-annex.pdf`;
  const content = "%PDF-1.4\n%plenary test annex\n";
  await writeFile(path.join(uploadsDir, storedName), content);
  const attachment = await db
    .insertInto("attachments")
    .values({
      session_id: sessionId,
      annex_label: "Annex 9",
      file_name: "annex.pdf",
      stored_name: storedName,
      content_type: "application/pdf",
      size_bytes: content.length,
      uploaded_by: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { key: delegationKey, bilateralId } = await insertDelegations(db, eventId, delegates, label);
  return {
    sessionId: String(sessionId),
    key: delegationKey,
    bilateralId,
    personId: String(person.id),
    attachmentId: String(attachment.id),
    organizationId: String(organization.id),
  };
}

async function insertDirectoryEntries(db: Db) {
  const at = new Date().toISOString();
  const organization = await db
    .insertInto("organizations")
    .values({ name_en: "Customs of no event", kind: "customs", created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({ name: "Person of no event", organization_id: organization.id, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  // An open invitation to create an account, so that /welcome/:token shows its form.
  const token = "route-world-invitation-token-of-43-characters".slice(0, 43);
  await db
    .insertInto("account_invitations")
    .values({
      person_id: person.id,
      token_hash: createHash("sha256").update(token).digest("hex"),
      email: "invited@example.test",
      invited_by: null,
      created_at: at,
      expires_at: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
    })
    .execute();
  return { personId: String(person.id), organizationId: String(organization.id), token };
}

/** The delegate's own calendar feed in the public event: the secret address `/feeds/:feedToken` routes are asked with. */
async function insertFeedToken(db: Db, userId: number, eventId: number): Promise<string> {
  const created = await createFeedToken(db, { userId, eventId, kind: "person", secret: "route-world-feed-secret-of-32-characters" });
  if (!created.ok) throw new Error(`the route world's feed token: ${created.problem}`);
  return created.token;
}

/** The parameter values a route is asked with: an event's, or the directory's for routes outside events. */
export function paramsFor(world: World, route: Pick<ManifestRoute, "pattern">, visibility: "public" | "private"): Record<string, string> {
  return route.pattern.includes(":slug") ? world.params[visibility] : world.params.directory;
}

/** Builds the world on a fresh database of `engine` and serves the built app on it. */
export function useRouteWorld(engine: Engine): () => World {
  let testDb: TestDatabase | undefined;
  let uploadsDir: string | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    uploadsDir = await mkdtemp(path.join(tmpdir(), "plenary-route-world-"));
    const db = testDb.db;
    const publicEvent = await insertEvent(db, { visibility: "public" });
    const privateEvent = await insertEvent(db, { visibility: "private" });
    const otherEvent = await insertEvent(db, { visibility: "private" });
    const users = {
      stranger: await insertUser(db, { name: "Stranger" }),
      delegate: await insertUser(db, { name: "Head of Delegation" }),
      otherDelegate: await insertUser(db, { name: "Other Delegate" }),
      staff: await insertUser(db, { name: "Door Staff" }),
      otherOrganizer: await insertUser(db, { name: "Other Organizer" }),
      organizer: await insertUser(db, { name: "Organizer" }),
      admin: await insertUser(db, { name: "Admin", isAdmin: true }),
    };
    for (const event of [publicEvent, privateEvent]) {
      await giveRole(db, users.staff.id, event.id, "staff");
      await giveRole(db, users.organizer.id, event.id, "organizer");
    }
    await giveRole(db, users.otherOrganizer.id, otherEvent.id, "organizer");
    const delegates = {
      delegate: await insertPersonFor(db, users.delegate.id, "Head of Delegation"),
      otherDelegate: await insertPersonFor(db, users.otherDelegate.id, "Other Delegate"),
    };
    const params = {
      public: { slug: publicEvent.slug, ...(await insertEventContent(db, publicEvent.id, uploadsDir, "public", delegates)) },
      private: { slug: privateEvent.slug, ...(await insertEventContent(db, privateEvent.id, uploadsDir, "private", delegates)) },
      directory: { ...(await insertDirectoryEntries(db)), feedToken: await insertFeedToken(db, users.delegate.id, publicEvent.id) },
    };
    const server = await startServer({
      databaseUrl: testDb.url,
      env: { SEED_DEMO: "0", SESSION_SECRET: process.env.SESSION_SECRET, UPLOADS_DIR: uploadsDir },
    });
    world = {
      db,
      engine,
      server,
      events: { public: publicEvent, private: privateEvent },
      params,
      users,
      cookie: async (role) => (role === "anonymous" ? undefined : signedInCookie(db, users[role])),
    };
  });
  afterAll(async () => {
    await world?.server.stop();
    await testDb?.cleanup();
    if (uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
  });
  return () => {
    if (!world) throw new Error("The route world is made in beforeAll");
    return world;
  };
}

/** The route's URL with its parameters filled in from `values`; throws naming a parameter nobody can fill. */
export function fillPattern(route: Pick<ManifestRoute, "id" | "pattern">, values: Record<string, string>): string {
  return route.pattern
    .replace(/\*$/, "no-such-page")
    .replace(/:(\w+)\??/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`test/support/route-world.ts has no value for :${name} of ${route.id}: add one to the world`);
      return encodeURIComponent(value);
    });
}

/**
 * The URL that asks exactly this route, as the browser does after hydration: a resource route's own
 * address, or a page route's single-fetch address (`/path.data`, `?_routes=` naming the loader to
 * run, `?index` for an index route's action).
 */
export function routeUrl(world: World, route: ManifestRoute, values: Record<string, string>, method: "GET" | "POST" = "GET"): string {
  const path = fillPattern(route, values);
  if (route.isResource) return new URL(path, world.server.url).toString();
  const url = new URL(`${path === "/" ? "/_root" : path.replace(/\/$/, "")}.data`, world.server.url);
  if (method === "GET") url.searchParams.set("_routes", route.id);
  else if (route.isIndex) url.searchParams.set("index", "");
  return url.toString();
}

export type Outcome = "allowed" | "sign-in" | "forbidden" | "not-found";

/**
 * How an answer reads: a refusal (and which), or anything else. A 5xx is never acceptable. Single
 * fetch answers a redirect with 202 and the target inside its turbo-stream body.
 */
export function outcomeOf(response: { status: number; headers: Headers }, body: string): Outcome | "server-error" {
  if (response.status >= 500) return "server-error";
  const location = response.headers.get("location") ?? "";
  if (location.startsWith("/login") || (response.status === 202 && body.includes('"/login?redirectTo='))) return "sign-in";
  if (response.status === 403) return "forbidden";
  if (response.status === 404) return "not-found";
  return "allowed";
}

/** What the declared policy promises for a role, on the public or the private event. */
export function expectedOutcome(policy: RoutePolicy, role: Role, visibility: "public" | "private"): Outcome {
  const signedIn = role !== "anonymous";
  const onTeam = role === "staff" || role === "organizer" || role === "admin";
  const readable = visibility === "public" || onTeam || role === "delegate" || role === "otherDelegate";
  switch (policy) {
    case "public":
      return "allowed";
    case "signed-in":
      return signedIn ? "allowed" : "sign-in";
    case "admin":
      return !signedIn ? "sign-in" : role === "admin" ? "allowed" : "forbidden";
    case "directory":
      return !signedIn ? "sign-in" : ["otherOrganizer", "organizer", "admin"].includes(role) ? "allowed" : "forbidden";
    case "event-reader":
      return readable ? "allowed" : "not-found";
    case "event-organizer":
      if (!readable) return "not-found";
      if (!signedIn) return "sign-in";
      return role === "organizer" || role === "admin" ? "allowed" : "forbidden";
    case "event-staff":
      if (!readable) return "not-found";
      if (!signedIn) return "sign-in";
      return onTeam ? "allowed" : "forbidden";
    case "event-attendee":
      if (!readable) return "not-found";
      return signedIn ? "allowed" : "sign-in";
    case "delegation-manager":
      if (!readable) return "not-found";
      if (!signedIn) return "sign-in";
      return role === "delegate" || role === "organizer" || role === "admin" ? "allowed" : "forbidden";
    case "feed-token":
      // The world's feed token: the secret address is the key, whoever holds it and whatever cookie comes with it.
      return "allowed";
    case "bilateral-party":
      // The world's meeting joins the delegate's delegation and a third one: otherDelegate is not a side.
      if (!readable) return "not-found";
      if (!signedIn) return "sign-in";
      return role === "delegate" || role === "organizer" || role === "admin" ? "allowed" : "not-found";
    default:
      throw new Error(`The route declares no policy, or an unknown one: ${String(policy)}`);
  }
}

/** Row counts of every table: hostile requests must leave them as they were. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = (await db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith("kysely_"));
  const counts: Record<string, number> = {};
  for (const table of tables.sort()) {
    const row = await db
      .selectFrom(table as "users")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}
