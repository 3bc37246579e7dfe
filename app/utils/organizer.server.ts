import { findEventIdBySlug, getEventForEditing } from "../models/event.server";
import { requireEventRole } from "./auth.server";
import { getDb } from "./db.server";
import { invariantResponse } from "./http.server";

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
