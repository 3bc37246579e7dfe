import { createHash } from "node:crypto";
import type { CalendarEventInfo } from "./types";

/** RFC 9562's namespace for names that are URLs or URNs, as ours are. */
export const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** A name-based UUID (version 5, SHA-1): the same name gives the same UUID everywhere, always. */
export function nameBasedUuid(name: string, namespace: string = URL_NAMESPACE): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/**
 * The identity of a session or meeting: its UID in every feed and its guid in the schedule
 * exports. Made of what never changes (the kind, the id, and the event with the instant it was
 * created, so two installations' ids never meet), not of the title or the host a request came in on.
 */
export function entryUid(kind: "session" | "meeting", id: number, event: CalendarEventInfo): string {
  return nameBasedUuid(`urn:plenary:${kind}:${id}:event:${event.id}:${Date.parse(event.createdAt)}`);
}

/** A room's guid in the schedule exports; one for the sessions that have no room. */
export function roomGuid(roomId: number | null, event: CalendarEventInfo): string {
  return nameBasedUuid(`urn:plenary:room:${roomId ?? "none"}:event:${event.id}:${Date.parse(event.createdAt)}`);
}
