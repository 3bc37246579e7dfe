import { redirect } from "@remix-run/node";
import type { EventRoleName } from "../../db/schema";
import { getUserBySessionToken, type SessionUser } from "../models/account.server";
import { hasEventRole, isOrganizerOfAnyEvent } from "../models/event-team.server";
import { getEventForEditing, getEventForViewer } from "../models/event.server";
import { getDb } from "./db.server";
import { invariantResponse } from "./http.server";
import { readSessionToken } from "./session.server";

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  return token ? getUserBySessionToken(getDb(), token) : null;
}

/** A redirect to sign-in that comes back to this page afterwards. */
function signInFirst(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) throw signInFirst(request);
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  invariantResponse(user.isAdmin, "Forbidden", 403);
  return user;
}

/** A platform admin, or someone holding one of `roles` on this event; anyone else gets 403. */
export async function requireEventRole(
  request: Request,
  eventId: number,
  roles: readonly EventRoleName[],
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.isAdmin) return user;
  invariantResponse(await hasEventRole(getDb(), { userId: user.id, eventId, roles }), "Forbidden", 403);
  return user;
}

/** The directory holds private contact details: platform admins and organizers of any event only. */
export async function requireDirectoryEditor(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.isAdmin) return user;
  invariantResponse(await isOrganizerOfAnyEvent(getDb(), user.id), "Forbidden", 403);
  return user;
}

/**
 * The event behind a management URL, for its organizers and platform admins. Anyone who may not
 * read the event (a private one) gets 404, as on its public pages, so its address reveals
 * nothing; anonymous visitors of a readable event are sent to sign in; other readers get 403.
 */
export async function requireEventOrganizer(request: Request, slug: string | undefined) {
  const db = getDb();
  const user = await getOptionalUser(request);
  const readable = await getEventForViewer(db, slug ?? "", user ? { userId: user.id, isAdmin: user.isAdmin } : null);
  invariantResponse(readable, "Not found", 404);
  if (!user) throw signInFirst(request);
  if (!user.isAdmin) {
    invariantResponse(await hasEventRole(db, { userId: user.id, eventId: readable.id, roles: ["organizer"] }), "Forbidden", 403);
  }
  return { db, user, event: await getEventForEditing(db, readable.id) };
}
