import type { Db } from "../../db/client";
import { recordAudit } from "./audit.server";

// Rooms and tracks: rows that belong to one event and are edited only through it.


export async function listRooms(db: Db, eventId: number) {
  return db
    .selectFrom("rooms")
    .select(["id", "name_en", "name_zh", "capacity", "position"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function listTracks(db: Db, eventId: number) {
  return db
    .selectFrom("tracks")
    .select(["id", "name_en", "name_zh", "color", "position"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export interface RoomInput {
  nameEn: string | null;
  nameZh: string | null;
  capacity: number | null;
  position: number;
}

export interface TrackInput {
  nameEn: string | null;
  nameZh: string | null;
  color: string;
  position: number;
}

/** Rooms and tracks: rows that belong to one event and are edited only through it. */
type EventPart =
  | { table: "rooms"; subject: "room"; values: { name_en: string | null; name_zh: string | null; capacity: number | null; position: number } }
  | { table: "tracks"; subject: "track"; values: { name_en: string | null; name_zh: string | null; color: string; position: number } };

/** Creates the part, or updates it when it is this event's; false when it is not. */
async function saveEventPart(
  db: Db,
  part: EventPart,
  { eventId, id, actorUserId }: { eventId: number; id?: number; actorUserId: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let savedId = id;
    if (savedId === undefined) {
      const row =
        part.table === "rooms"
          ? await trx.insertInto("rooms").values({ ...part.values, event_id: eventId }).returning("id").executeTakeFirstOrThrow()
          : await trx.insertInto("tracks").values({ ...part.values, event_id: eventId }).returning("id").executeTakeFirstOrThrow();
      savedId = row.id;
    } else {
      const result =
        part.table === "rooms"
          ? await trx.updateTable("rooms").set(part.values).where("id", "=", savedId).where("event_id", "=", eventId).executeTakeFirst()
          : await trx.updateTable("tracks").set(part.values).where("id", "=", savedId).where("event_id", "=", eventId).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
    }
    const action = `${part.subject}.${id === undefined ? "create" : "update"}`;
    await recordAudit(trx, { actorUserId, eventId, action, subjectType: part.subject, subjectId: savedId, details: part.values });
    return true;
  });
}

async function deleteEventPart(
  db: Db,
  { table, subject }: Pick<EventPart, "table" | "subject">,
  { eventId, id, actorUserId }: { eventId: number; id: number; actorUserId: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom(table).where("id", "=", id).where("event_id", "=", eventId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await recordAudit(trx, { actorUserId, eventId, action: `${subject}.delete`, subjectType: subject, subjectId: id });
    return true;
  });
}

/** Creates a room, or updates one of this event's rooms; false when the room is not the event's. */
export function saveRoom(
  db: Db,
  { eventId, roomId, input, actorUserId }: { eventId: number; roomId?: number; input: RoomInput; actorUserId: number },
): Promise<boolean> {
  const values = { name_en: input.nameEn, name_zh: input.nameZh, capacity: input.capacity, position: input.position };
  return saveEventPart(db, { table: "rooms", subject: "room", values }, { eventId, id: roomId, actorUserId });
}

export function deleteRoom(db: Db, { eventId, roomId, actorUserId }: { eventId: number; roomId: number; actorUserId: number }) {
  return deleteEventPart(db, { table: "rooms", subject: "room" }, { eventId, id: roomId, actorUserId });
}

/** Creates a track, or updates one of this event's tracks; false when the track is not the event's. */
export function saveTrack(
  db: Db,
  { eventId, trackId, input, actorUserId }: { eventId: number; trackId?: number; input: TrackInput; actorUserId: number },
): Promise<boolean> {
  const values = { name_en: input.nameEn, name_zh: input.nameZh, color: input.color, position: input.position };
  return saveEventPart(db, { table: "tracks", subject: "track", values }, { eventId, id: trackId, actorUserId });
}

export function deleteTrack(db: Db, { eventId, trackId, actorUserId }: { eventId: number; trackId: number; actorUserId: number }) {
  return deleteEventPart(db, { table: "tracks", subject: "track" }, { eventId, id: trackId, actorUserId });
}
