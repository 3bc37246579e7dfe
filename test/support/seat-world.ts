import type { Db } from "../../db/client";
import type { RegistrationStatus } from "../../db/schema";
import { generateBadgeCode } from "../../lib/badge-code";

// Events, workshops and registrations for the seat tests (model, routes, and the race's child processes).

let sequence = 0;
const now = () => new Date().toISOString();

export async function insertSeatEvent(db: Db, { visibility = "public" }: { visibility?: "public" | "private" } = {}) {
  sequence += 1;
  return db
    .insertInto("events")
    .values({
      slug: `seats-${process.pid}-${sequence}-${Date.now()}`,
      title_en: "C-TPAT Conference",
      time_zone: "America/Los_Angeles",
      starts_on: "2011-03-28",
      ends_on: "2011-03-30",
      visibility,
      created_at: now(),
      updated_at: now(),
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

/** A workshop on 2011-03-29, `from`–`to` UTC hours (e.g. 16–18), with a capacity. */
export async function insertWorkshop(
  db: Db,
  eventId: number,
  { capacity = 30 as number | null, from = 16, to = 18, title = "Workshop", status = "scheduled" as "scheduled" | "cancelled" } = {},
) {
  const hour = (h: number) => `2011-03-29T${String(h).padStart(2, "0")}:00:00.000Z`;
  const { id } = await db
    .insertInto("sessions")
    .values({ event_id: eventId, type: "workshop", title_en: title, starts_at: hour(from), ends_at: hour(to), capacity, status, created_at: now(), updated_at: now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertCategory(db: Db, eventId: number, nameEn: string, nameZh: string | null = null) {
  const { id } = await db.insertInto("registration_categories").values({ event_id: eventId, name_en: nameEn, name_zh: nameZh }).returning("id").executeTakeFirstOrThrow();
  return id;
}

export async function restrictSession(db: Db, sessionId: number, categoryIds: number[]) {
  await db.insertInto("session_categories").values(categoryIds.map((category_id) => ({ session_id: sessionId, category_id }))).execute();
}

export interface Registrant {
  personId: number;
  registrationId: number;
}

/**
 * `count` people, each registered for the event (confirmed unless told), in one insert per table
 * so that the race's 300 registrants are quick to make.
 */
export async function insertRegistrants(
  db: Db,
  eventId: number,
  count: number,
  { categoryId = null as number | null, status = "confirmed" as RegistrationStatus, email = true, language = null as "en" | "zh-TW" | null } = {},
): Promise<Registrant[]> {
  sequence += 1;
  const batch = sequence;
  const people = await db
    .insertInto("people")
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `Registrant ${batch}-${index + 1}`,
        email: email ? `registrant-${batch}-${index + 1}@example.test` : null,
        language,
        created_at: now(),
        updated_at: now(),
      })),
    )
    .returning("id")
    .execute();
  const personIds = people.map((row) => row.id).sort((a, b) => a - b);
  const registrations = await db
    .insertInto("registrations")
    .values(
      personIds.map((person_id) => ({
        event_id: eventId,
        person_id,
        category_id: categoryId,
        status,
        source: "organizer" as const,
        badge_code: generateBadgeCode(),
        created_at: now(),
        updated_at: now(),
      })),
    )
    .returning(["id", "person_id"])
    .execute();
  const byPerson = new Map(registrations.map((row) => [row.person_id, row.id]));
  return personIds.map((personId) => ({ personId, registrationId: byPerson.get(personId)! }));
}

/**
 * Taking a seat WITHOUT the guard, as a naive implementation would: count the seated, then insert,
 * with nothing holding the session between the two. The race test runs it to show that its
 * assertions catch an overbooking.
 */
export async function takeSeatUnguarded(db: Db, { sessionId, registrationId }: { sessionId: number; registrationId: number }) {
  const session = await db.selectFrom("sessions").select("capacity").where("id", "=", sessionId).executeTakeFirstOrThrow();
  const { n } = await db
    .selectFrom("seats")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("session_id", "=", sessionId)
    .where("status", "=", "seated")
    .executeTakeFirstOrThrow();
  const seated = Number(n) < (session.capacity ?? 0);
  const at = now();
  await db
    .insertInto("seats")
    .values({ session_id: sessionId, registration_id: registrationId, status: seated ? "seated" : "waiting", requested_at: at, seated_at: seated ? at : null })
    .execute();
}
