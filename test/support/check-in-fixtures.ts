import type { Db } from "../../db/client";
import type { RegistrationStatus, SeatStatus } from "../../db/schema";
import { generateBadgeCode } from "../../lib/badge-code";

/*
 * Rows for check-in and attendance tests, written directly: these tests are about checking people
 * in, not about how they came to be registered.
 */

const at = () => new Date().toISOString();

export async function insertPerson(db: Db, { name, nameNative = null, email = null, organizationId = null }: { name: string; nameNative?: string | null; email?: string | null; organizationId?: number | null }) {
  const { id } = await db
    .insertInto("people")
    .values({ name, name_native: nameNative, email, organization_id: organizationId, created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertOrganization(db: Db, { nameEn, nameZh = null }: { nameEn: string | null; nameZh?: string | null }) {
  const { id } = await db
    .insertInto("organizations")
    .values({ name_en: nameEn, name_zh: nameZh, kind: "customs", country: null, created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertDelegation(db: Db, eventId: number, { key, nameEn, nameZh = null, country = null }: { key: string; nameEn: string; nameZh?: string | null; country?: string | null }) {
  const { id } = await db
    .insertInto("delegations")
    .values({ event_id: eventId, key, name_en: nameEn, name_zh: nameZh, country, created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function addMember(db: Db, { eventId, delegationId, personId, role = "member" }: { eventId: number; delegationId: number; personId: number; role?: "head" | "member" }) {
  await db.insertInto("delegation_members").values({ delegation_id: delegationId, event_id: eventId, person_id: personId, role, created_at: at() }).execute();
}

export async function insertCategory(db: Db, eventId: number, { nameEn, nameZh = null }: { nameEn: string; nameZh?: string | null }) {
  const { id } = await db.insertInto("registration_categories").values({ event_id: eventId, name_en: nameEn, name_zh: nameZh }).returning("id").executeTakeFirstOrThrow();
  return id;
}

export async function insertRegistration(
  db: Db,
  {
    eventId,
    personId,
    status = "confirmed",
    categoryId = null,
    country = null,
    organizationText = null,
  }: { eventId: number; personId: number; status?: RegistrationStatus; categoryId?: number | null; country?: string | null; organizationText?: string | null },
) {
  const badgeCode = generateBadgeCode();
  const { id } = await db
    .insertInto("registrations")
    .values({
      event_id: eventId,
      person_id: personId,
      status,
      source: "organizer",
      category_id: categoryId,
      country,
      organization_text: organizationText,
      badge_code: badgeCode,
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, badgeCode };
}

/** A session of the event at the given UTC instants (the test events run 2011-03-28 to 30 in Los Angeles). */
export async function insertSession(db: Db, eventId: number, { title, startsAt, endsAt, capacity = null }: { title: string; startsAt: string; endsAt: string; capacity?: number | null }) {
  const { id } = await db
    .insertInto("sessions")
    .values({ event_id: eventId, type: "workshop", title_en: title, starts_at: startsAt, ends_at: endsAt, capacity, created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertSeat(db: Db, { sessionId, registrationId, status }: { sessionId: number; registrationId: number; status: SeatStatus }) {
  await db
    .insertInto("seats")
    .values({ session_id: sessionId, registration_id: registrationId, status, requested_at: at(), seated_at: status === "seated" ? at() : null })
    .execute();
}
