import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { Db } from "../db/client";
import { getUserBySessionToken, type SessionUser } from "./models/account.server";
import { getEventForEditing, getEventForViewer, type EventSummary, type Viewer } from "./models/event.server";
import { hasEventRole, isOrganizerOfAnyEvent } from "./models/event-team.server";
import { getDb } from "./utils/db.server";
import { invariantResponse } from "./utils/http.server";
import { readSessionToken } from "./utils/session.server";

/*
 * Who may do what, in one place. Every route module declares `export const policy` with one of
 * these names and calls `authorize(policy, args)` in its loader and action; the role-matrix suite
 * (test/routes/role-matrix.test.ts) tries every role on every route against the declaration.
 */
export const ROUTE_POLICIES = {
  /** Anyone, signed in or not. */
  public: "anyone",
  /** Any signed-in account. */
  "signed-in": "any signed-in account",
  /** Platform administrators. */
  admin: "platform administrators",
  /** The directory holds private contact details: administrators and organizers of any event. */
  directory: "administrators and organizers of any event",
  /** Anyone who may read the event of `:slug`: public and unlisted by link, private by its team. */
  "event-reader": "readers of the event",
  /** Organizers of the event of `:slug`, and administrators. */
  "event-organizer": "organizers of the event",
} as const;
export type RoutePolicy = keyof typeof ROUTE_POLICIES;

declare const readableBrand: unique symbol;
declare const managedBrand: unique symbol;
/** An event this viewer may read. Only this module makes one, so a model taking it needs no further check. */
export type ReadableEvent = EventSummary & { readonly [readableBrand]: true };
/** An event this viewer organizes (or any event, for an administrator), with its editable columns. */
export type ManagedEvent = ReadableEvent & Awaited<ReturnType<typeof getEventForEditing>> & { readonly [managedBrand]: true };

export function viewerOf(user: SessionUser): Viewer;
export function viewerOf(user: SessionUser | null): Viewer | null;
export function viewerOf(user: SessionUser | null): Viewer | null {
  return user ? { userId: user.id, isAdmin: user.isAdmin } : null;
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  return token ? getUserBySessionToken(getDb(), token) : null;
}

/** The event behind `slug` if the viewer may read it. */
export async function findReadableEvent(db: Db, slug: string, viewer: Viewer | null): Promise<ReadableEvent | undefined> {
  return (await getEventForViewer(db, slug, viewer)) as ReadableEvent | undefined;
}

/** Whether the viewer organizes this event (administrators organize every event). */
export async function organizes(db: Db, viewer: Viewer | null, event: ReadableEvent): Promise<boolean> {
  if (!viewer) return false;
  return viewer.isAdmin || hasEventRole(db, { userId: viewer.userId, eventId: event.id, roles: ["organizer"] });
}

/** The readable event as one the viewer manages, if they organize it. */
export async function asManagedEvent(db: Db, event: ReadableEvent, viewer: Viewer): Promise<ManagedEvent | undefined> {
  if (!(await organizes(db, viewer, event))) return undefined;
  return { ...event, ...(await getEventForEditing(db, event.id)) } as ManagedEvent;
}

/** Whether the viewer may use the directory. */
export async function mayUseDirectory(db: Db, viewer: Viewer | null): Promise<boolean> {
  if (!viewer) return false;
  return viewer.isAdmin || isOrganizerOfAnyEvent(db, viewer.userId);
}

interface Signedin {
  db: Db;
  user: SessionUser;
  viewer: Viewer;
}
export interface Access {
  public: { db: Db; user: SessionUser | null; viewer: Viewer | null };
  "signed-in": Signedin;
  admin: Signedin;
  directory: Signedin;
  "event-reader": { db: Db; user: SessionUser | null; viewer: Viewer | null; event: ReadableEvent };
  "event-organizer": Signedin & { event: ManagedEvent };
}

/** A redirect to sign-in that comes back to this page afterwards. */
function signInFirst(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/**
 * What the request may use under the route's policy, or the refusal thrown as a response:
 * anonymous visitors are sent to sign in, others get 403, and anyone who may not read the event of
 * an event route gets 404, on its public and management URLs alike, so a private event's address
 * reveals nothing.
 */
export async function authorize<P extends RoutePolicy>(policy: P, { request, params }: Pick<LoaderFunctionArgs, "request" | "params">): Promise<Access[P]> {
  const db = getDb();
  const user = await getOptionalUser(request);
  const viewer = viewerOf(user);
  return (await decide(policy, { db, user, viewer, request, slug: params.slug })) as Access[P];
}

async function decide(
  policy: RoutePolicy,
  { db, user, viewer, request, slug }: { db: Db; user: SessionUser | null; viewer: Viewer | null; request: Request; slug: string | undefined },
): Promise<Access[RoutePolicy]> {
  if (policy === "public") return { db, user, viewer };
  if (policy === "event-reader" || policy === "event-organizer") {
    const event = await findReadableEvent(db, slug ?? "", viewer);
    invariantResponse(event, "Not found", 404);
    if (policy === "event-reader") return { db, user, viewer, event };
    if (!user || !viewer) throw signInFirst(request);
    const managed = await asManagedEvent(db, event, viewer);
    invariantResponse(managed, "Forbidden", 403);
    return { db, user, viewer, event: managed };
  }
  if (!user || !viewer) throw signInFirst(request);
  if (policy === "admin") invariantResponse(user.isAdmin, "Forbidden", 403);
  if (policy === "directory") invariantResponse(await mayUseDirectory(db, viewer), "Forbidden", 403);
  return { db, user, viewer };
}
