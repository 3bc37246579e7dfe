import type { Db } from "../../db/client";
import { cleanFileName } from "../utils/content-disposition";
import type { ReadableEvent } from "../policy.server";
import { recordAudit } from "./audit.server";

// Attachments of sessions; the files themselves live under UPLOADS_DIR (app/utils/uploads.server.ts).


export async function listAttachments(db: Db, sessionId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "annex_label", "file_name", "content_type", "size_bytes", "created_at"])
    .where("session_id", "=", sessionId)
    .orderBy("id")
    .execute();
}

/**
 * Records a kept file. `contentType` is the type its contents were checked to be (never a browser's
 * claim); the name is kept as given, without control characters and cut to 255 code points.
 */
export async function addAttachment(
  db: Db,
  input: { eventId: number; sessionId: number; annexLabel: string | null; fileName: string; storedName: string; contentType: string; sizeBytes: number; actorUserId: number },
  now = new Date(),
): Promise<number | undefined> {
  const fileName = cleanFileName(input.fileName);
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom("sessions").select("id").where("id", "=", input.sessionId).where("event_id", "=", input.eventId).executeTakeFirst();
    if (!session) return undefined;
    const { id } = await trx
      .insertInto("attachments")
      .values({
        session_id: input.sessionId,
        annex_label: input.annexLabel,
        file_name: fileName,
        stored_name: input.storedName,
        content_type: input.contentType,
        size_bytes: input.sizeBytes,
        uploaded_by: input.actorUserId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: input.actorUserId, eventId: input.eventId, action: "attachment.create", subjectType: "attachment", subjectId: id, details: { fileName, annexLabel: input.annexLabel } }, now);
    return id;
  });
}

function attachmentOfEvent(db: Db, eventId: number, attachmentId: number) {
  return db
    .selectFrom("attachments")
    .innerJoin("sessions", "sessions.id", "attachments.session_id")
    .select(["attachments.id", "attachments.file_name", "attachments.stored_name", "attachments.content_type", "attachments.size_bytes", "attachments.session_id"])
    .where("attachments.id", "=", attachmentId)
    .where("sessions.event_id", "=", eventId)
    .executeTakeFirst();
}

/** An attachment of one of the sessions of an event the policy found readable. */
export function getAttachment(db: Db, { event, attachmentId }: { event: ReadableEvent; attachmentId: number }) {
  return attachmentOfEvent(db, event.id, attachmentId);
}

/** Removes the row and returns its stored file name, so the caller can delete the file. */
export async function deleteAttachment(db: Db, { eventId, attachmentId, actorUserId }: { eventId: number; attachmentId: number; actorUserId: number }) {
  return db.transaction().execute(async (trx) => {
    const attachment = await attachmentOfEvent(trx, eventId, attachmentId);
    if (!attachment) return undefined;
    await trx.deleteFrom("attachments").where("id", "=", attachmentId).execute();
    await recordAudit(trx, { actorUserId, eventId, action: "attachment.delete", subjectType: "attachment", subjectId: attachmentId, details: { fileName: attachment.file_name } });
    return attachment.stored_name;
  });
}

// ---------------------------------------------------------------------------------------------
