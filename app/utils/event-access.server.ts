import { getEventForViewer } from "../models/event.server";
import { getOptionalUser } from "./auth.server";
import { getDb } from "./db.server";
import { invariantResponse } from "./http.server";

/**
 * The event behind the slug if this request may read it. Anything else, a private event included,
 * answers 404 so that its existence is not revealed.
 */
export async function requireReadableEvent(request: Request, slug: string | undefined) {
  const user = await getOptionalUser(request);
  const event = await getEventForViewer(getDb(), slug ?? "", user ? { userId: user.id, isAdmin: user.isAdmin } : null);
  invariantResponse(event, "Not found", 404);
  return { event, user };
}
