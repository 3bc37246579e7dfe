import type { Db } from "../../db/client";

export interface AuditRecord {
  actorUserId: number | null;
  eventId?: number | null;
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Called inside the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(db: Db, record: AuditRecord, now = new Date()): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: record.actorUserId,
      event_id: record.eventId ?? null,
      action: record.action,
      subject_type: record.subjectType,
      subject_id: record.subjectId == null ? null : String(record.subjectId),
      details: JSON.stringify(record.details ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}

export interface AuditEntryView {
  id: number;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  actorName: string | null;
  actorEmail: string | null;
  eventSlug: string | null;
}

export async function listAuditEntries(db: Db, { limit = 200 }: { limit?: number } = {}): Promise<AuditEntryView[]> {
  const rows = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .leftJoin("events", "events.id", "audit_log.event_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.subject_type",
      "audit_log.subject_id",
      "audit_log.details",
      "audit_log.created_at",
      "users.name as actor_name",
      "users.email as actor_email",
      "events.slug as event_slug",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
    actorName: row.actor_name,
    actorEmail: row.actor_email,
    eventSlug: row.event_slug,
  }));
}
