import { redirect } from "@remix-run/node";
import type { EventRoleName } from "../../db/schema";
import { getUserBySessionToken, hasEventRole, isOrganizerOfAnyEvent, type SessionUser } from "../models/account.server";
import { findEventIdBySlug, getEventForEditing } from "../models/event.server";
import { getDb } from "./db.server";
import { invariantResponse } from "./http.server";
import { readSessionToken } from "./session.server";

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  return token ? getUserBySessionToken(getDb(), token) : null;
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
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
 * The event behind a management URL, for its organizers and platform admins: 404 for an unknown
 * slug, sign-in for anonymous visitors, 403 for everyone else (staff included).
 */
export async function requireEventOrganizer(request: Request, slug: string | undefined) {
  const db = getDb();
  const eventId = await findEventIdBySlug(db, slug ?? "");
  invariantResponse(eventId, "Not found", 404);
  const user = await requireEventRole(request, eventId, ["organizer"]);
  return { db, user, event: await getEventForEditing(db, eventId) };
}
