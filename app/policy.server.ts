import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { Db } from "../db/client";
import { getUserBySessionToken, type SessionUser } from "./models/account.server";
import { getEventForEditing, getEventForViewer, type EventSummary, type Viewer } from "./models/event.server";
import { delegationViewerOf, findDelegationId, getDelegationStanding, type DelegationViewer } from "./models/delegation.server";
import { findBilateralSides } from "./models/bilateral.server";
import { resolveFeedToken, type ResolvedFeed } from "./models/feed-token.server";
import { hasEventRole, isOrganizerOfAnyEvent, listEventRolesOf } from "./models/event-team.server";
import { getDb } from "./utils/db.server";
import { pathIdSchema } from "./utils/agenda-params";
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
  /** The event's team (organizers and door staff), and administrators: check-in. */
  "event-staff": "organizers and staff of the event",
  /** Signed-in readers of the event, acting as their own person: taking a seat, their registration. */
  "event-attendee": "signed-in readers of the event",
  /** The head of the delegation of `:key`, the event's organizers, and administrators. */
  "delegation-manager": "the head of the delegation and organizers of the event",
  /**
   * The two delegations of the bilateral meeting `:bilateralId` (their members), and the event's
   * organizers and administrators, who see when and where only. Anyone else: 404.
   */
  "bilateral-party": "the two sides of the meeting, and organizers of the event",
  /**
   * Whoever holds the secret address `:feedToken` of a private calendar feed (calendar apps send no
   * cookie): a revoked or unknown token, or one whose owner no longer takes part, answers 404.
   */
  "feed-token": "holders of the feed's secret address",
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

/** The viewer's part in the event's team, in one query: administrators count as organizers. */
export async function teamRoleOf(db: Db, viewer: Viewer | null, event: ReadableEvent): Promise<"organizer" | "staff" | null> {
  if (!viewer) return null;
  if (viewer.isAdmin) return "organizer";
  const roles = await listEventRolesOf(db, { userId: viewer.userId, eventId: event.id });
  if (roles.includes("organizer")) return "organizer";
  return roles.includes("staff") ? "staff" : null;
}

/** Whether the viewer is on the event's team (organizer or staff); administrators count as organizers. */
export async function isOnTeam(db: Db, viewer: Viewer | null, event: ReadableEvent): Promise<boolean> {
  if (!viewer) return false;
  return viewer.isAdmin || hasEventRole(db, { userId: viewer.userId, eventId: event.id, roles: ["organizer", "staff"] });
}

/** Whether the viewer may manage the delegation: its head, or an organizer of the event. */
export async function managesDelegation(db: Db, viewer: Viewer, event: ReadableEvent, delegationId: number): Promise<boolean> {
  if (await organizes(db, viewer, event)) return true;
  const standing = await getDelegationStanding(db, event.id, viewer.userId);
  return standing.delegation?.id === delegationId && standing.delegation.role === "head";
}

/** What the viewer may see of the event's delegations; the delegation model's queries enforce it. */
export async function delegationViewerFor(db: Db, viewer: Viewer | null, event: ReadableEvent): Promise<DelegationViewer> {
  return delegationViewerOf({
    organizes: await organizes(db, viewer, event),
    onTeam: await isOnTeam(db, viewer, event),
    standing: viewer ? await getDelegationStanding(db, event.id, viewer.userId) : null,
    visibility: event.visibility,
  });
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
  "event-staff": Signedin & { event: ReadableEvent };
  "event-attendee": Signedin & { event: ReadableEvent };
  "delegation-manager": Signedin & { event: ReadableEvent; delegationId: number };
  "bilateral-party": Signedin & {
    event: ReadableEvent;
    bilateral: { id: number; requesterId: number; recipientId: number };
    /** The viewer's delegation when it is one of the two sides; null for an organizer who is not. */
    side: number | null;
    organizes: boolean;
  };
  "feed-token": { db: Db; feed: ResolvedFeed };
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
  if (policy === "feed-token") {
    // The address is the only key: no account is looked up, whatever cookie comes with the request.
    const feed = await resolveFeedToken(db, params.feedToken ?? "");
    invariantResponse(feed, "Not found", 404);
    return { db, feed } as Access[P];
  }
  const user = await getOptionalUser(request);
  const viewer = viewerOf(user);
  return (await decide(policy, { db, user, viewer, request, params })) as Access[P];
}

async function decide(
  policy: RoutePolicy,
  { db, user, viewer, request, params }: { db: Db; user: SessionUser | null; viewer: Viewer | null; request: Request; params: LoaderFunctionArgs["params"] },
): Promise<Access[RoutePolicy]> {
  if (policy === "public") return { db, user, viewer };
  if (policy.startsWith("event-") || policy === "delegation-manager" || policy === "bilateral-party") {
    const event = await findReadableEvent(db, params.slug ?? "", viewer);
    invariantResponse(event, "Not found", 404);
    if (policy === "event-reader") return { db, user, viewer, event };
    if (!user || !viewer) throw signInFirst(request);
    if (policy === "event-attendee") return { db, user, viewer, event };
    if (policy === "event-staff") {
      invariantResponse(await isOnTeam(db, viewer, event), "Forbidden", 403);
      return { db, user, viewer, event };
    }
    if (policy === "delegation-manager") {
      const delegationId = await findDelegationId(db, event.id, params.key ?? "");
      invariantResponse(delegationId !== undefined, "Not found", 404);
      invariantResponse(await managesDelegation(db, viewer, event, delegationId), "Forbidden", 403);
      return { db, user, viewer, event, delegationId };
    }
    if (policy === "bilateral-party") {
      const bilateralId = pathIdSchema.safeParse(params.bilateralId);
      const bilateral = bilateralId.success ? await findBilateralSides(db, event.id, bilateralId.data) : undefined;
      invariantResponse(bilateral, "Not found", 404);
      const organizesEvent = await organizes(db, viewer, event);
      const own = (await getDelegationStanding(db, event.id, viewer.userId)).delegation?.id;
      const side = own === bilateral.requesterId || own === bilateral.recipientId ? own : null;
      // Not a side and not an organizer: the meeting's existence is not revealed.
      invariantResponse(side !== null || organizesEvent, "Not found", 404);
      return { db, user, viewer, event, bilateral, side, organizes: organizesEvent };
    }
    const managed = await asManagedEvent(db, event, viewer);
    invariantResponse(managed, "Forbidden", 403);
    return { db, user, viewer, event: managed };
  }
  if (!user || !viewer) throw signInFirst(request);
  if (policy === "admin") invariantResponse(user.isAdmin, "Forbidden", 403);
  if (policy === "directory") invariantResponse(await mayUseDirectory(db, viewer), "Forbidden", 403);
  return { db, user, viewer };
}
