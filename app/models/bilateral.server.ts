import type { Db } from "../../db/client";

/** The two sides of a bilateral of the event, by id: the policy's question is whose it is. */
export async function findBilateralSides(db: Db, eventId: number, bilateralId: number): Promise<{ id: number; requesterId: number; recipientId: number } | undefined> {
  if (!Number.isSafeInteger(bilateralId) || bilateralId <= 0) return undefined;
  const row = await db
    .selectFrom("bilaterals")
    .select(["id", "requester_id", "recipient_id"])
    .where("event_id", "=", eventId)
    .where("id", "=", bilateralId)
    .executeTakeFirst();
  return row ? { id: row.id, requesterId: row.requester_id, recipientId: row.recipient_id } : undefined;
}
