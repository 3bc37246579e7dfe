import { sql } from "kysely";
import type { Db } from "../../db/client";
import type { Database, RegistrationStatus } from "../../db/schema";

const now = () => new Date().toISOString();

export async function insertPerson(db: Db, { name = "Test Person", email = null, nameNative = null }: { name?: string; email?: string | null; nameNative?: string | null } = {}) {
  const row = await db
    .insertInto("people")
    .values({ name, name_native: nameNative, email, created_at: now(), updated_at: now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertCategory(db: Db, eventId: number, { nameEn = "Trade participant", nameZh = null, isPublic = false }: { nameEn?: string | null; nameZh?: string | null; isPublic?: boolean } = {}) {
  const row = await db
    .insertInto("registration_categories")
    .values({ event_id: eventId, name_en: nameEn, name_zh: nameZh, public: isPublic ? 1 : 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function linkAccount(db: Db, personId: number, userId: number) {
  await db.insertInto("person_accounts").values({ person_id: personId, user_id: userId, linked_at: now() }).execute();
}

export async function setMode(db: Db, eventId: number, mode: "closed" | "open" | "approval") {
  await db.updateTable("events").set({ registration_mode: mode }).where("id", "=", eventId).execute();
}

/** Rows of a table, optionally only those of one event (tables with an event_id). */
export async function countRows(db: Db, table: keyof Database, eventId?: number) {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
  if (eventId !== undefined) query = query.where(sql.ref("event_id"), "=", eventId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function registrationsOf(db: Db, eventId: number) {
  return db
    .selectFrom("registrations")
    .innerJoin("people", "people.id", "registrations.person_id")
    .select(["registrations.id", "registrations.status", "registrations.source", "registrations.category_id", "registrations.badge_code", "registrations.person_id", "registrations.organization_text", "registrations.country", "people.name", "people.email"])
    .where("registrations.event_id", "=", eventId)
    .orderBy("registrations.id")
    .execute();
}

export async function statusOf(db: Db, registrationId: number): Promise<RegistrationStatus> {
  return (await db.selectFrom("registrations").select("status").where("id", "=", registrationId).executeTakeFirstOrThrow()).status;
}

/** Mail kept for `address`, about one event if given (no SMTP_URL in tests: everything goes to the outbox). */
export async function outboxFor(db: Db, address: string, eventId?: number) {
  let query = db.selectFrom("outbox").selectAll().where("to_address", "=", address);
  if (eventId !== undefined) query = query.where("event_id", "=", eventId);
  return query.orderBy("id").execute();
}
