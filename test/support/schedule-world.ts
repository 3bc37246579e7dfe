import type { Db } from "../../db/client";
import type { BilateralPriorityName, BilateralStatus } from "../../db/schema";
import { generateBadgeCode } from "../../lib/badge-code";

/*
 * An event for the scheduler, the matrix and the itinerary (model and route tests), in San Diego
 * (America/Los_Angeles, PDT in March 2011: UTC−7). Two bilateral windows of 30-minute slots:
 * 2011-03-28 20:00–22:00Z (slots 0–3, 13:00–15:00 local) and 2011-03-29 20:00–21:00Z (slots 4–5);
 * one place, the Harbor Room, with two tables. Five delegations of one member each:
 *
 * - tw ↔ kr booked 20:00–21:00Z on the 28th at table 1 (with its claims and secret minutes);
 * - accepted: tw ↔ eu (2 slots, high, must-meet, preferring 21:00Z), kr ↔ us (1 slot; the U.S.
 *   member speaks 21:00–22:00Z, and Korea's member is in the booked meeting until 21:00Z, so only
 *   the 29th is left), eu ↔ jp (Japan is blocked throughout: no common free time), us ↔ tw (5
 *   slots: no window is that long);
 * - still negotiated: eu → kr requested, us → kr proposed; and one declined.
 * - Taiwan's member also speaks at a plenary (28th, 16:00–17:00Z) and holds a seat in a workshop
 *   (29th, 16:00–18:00Z).
 */

let sequence = 0;
const at = () => new Date().toISOString();

export const SLOT = (index: number) =>
  [
    "2011-03-28T20:00:00.000Z",
    "2011-03-28T20:30:00.000Z",
    "2011-03-28T21:00:00.000Z",
    "2011-03-28T21:30:00.000Z",
    "2011-03-29T20:00:00.000Z",
    "2011-03-29T20:30:00.000Z",
  ][index];

export const BOOKED_TOPIC = "Mutual recognition of AEO programmes";
export const SECRET_MINUTES = "Both sides agreed to exchange secret lists";

export type DelegationCode = "tw" | "kr" | "eu" | "us" | "jp";

export async function insertScheduleWorld(db: Db) {
  sequence += 1;
  const event = await db
    .insertInto("events")
    .values({
      slug: `schedule-${process.pid}-${sequence}-${Date.now()}`,
      title_en: "C-TPAT Conference",
      time_zone: "America/Los_Angeles",
      starts_on: "2011-03-28",
      ends_on: "2011-03-30",
      visibility: "public",
      bilateral_slot_minutes: 30,
      bilateral_min_slots: 1,
      bilateral_max_slots: 4,
      created_at: at(),
      updated_at: at(),
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("bilateral_windows")
    .values([
      { event_id: event.id, starts_at: SLOT(0), ends_at: "2011-03-28T22:00:00.000Z", created_at: at() },
      { event_id: event.id, starts_at: SLOT(4), ends_at: "2011-03-29T21:00:00.000Z", created_at: at() },
    ])
    .execute();
  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Harbor Room", name_zh: "港灣廳", tables: 2, position: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();

  const members: Record<DelegationCode, { name: string; nameEn: string; country: string }> = {
    tw: { name: "Chen Wen-hua", nameEn: "Taiwan Customs", country: "TW" },
    kr: { name: "Kim Min-jun", nameEn: "Korea Customs Service", country: "KR" },
    eu: { name: "Anna Berg", nameEn: "European Commission", country: "EU" },
    us: { name: "John Smith", nameEn: "U.S. CBP", country: "US" },
    jp: { name: "Sato Ken", nameEn: "Japan Customs", country: "JP" },
  };
  const delegation = {} as Record<DelegationCode, { id: number; key: string; personId: number; name: string }>;
  for (const [code, member] of Object.entries(members) as Array<[DelegationCode, (typeof members)[DelegationCode]]>) {
    const person = await db.insertInto("people").values({ name: member.name, created_at: at(), updated_at: at() }).returning("id").executeTakeFirstOrThrow();
    const row = await db
      .insertInto("delegations")
      .values({ event_id: event.id, key: code, name_en: member.nameEn, country: member.country, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("delegation_members")
      .values({ delegation_id: row.id, event_id: event.id, person_id: person.id, role: "head", created_at: at() })
      .execute();
    delegation[code] = { id: row.id, key: code, personId: person.id, name: member.name };
  }
  await db
    .insertInto("bilateral_busy_blocks")
    .values({
      event_id: event.id,
      delegation_id: delegation.jp.id,
      starts_at: "2011-03-28T00:00:00.000Z",
      ends_at: "2011-03-30T00:00:00.000Z",
      note: "Travel",
      created_at: at(),
    })
    .execute();

  const insertBilateral = async (
    sides: [DelegationCode, DelegationCode],
    {
      status,
      length = 1,
      priority = "normal",
      mustMeet = false,
      topic = `${sides[0]} and ${sides[1]}`,
    }: { status: BilateralStatus; length?: number; priority?: BilateralPriorityName; mustMeet?: boolean; topic?: string },
  ) => {
    const [left, right] = sides.map((code) => delegation[code]);
    const row = await db
      .insertInto("bilaterals")
      .values({
        event_id: event.id,
        requester_id: left.id,
        recipient_id: right.id,
        topic,
        length_slots: length,
        priority,
        must_meet: mustMeet ? 1 : 0,
        status,
        created_at: at(),
        updated_at: at(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("bilateral_attendees")
      .values([left, right].map((side) => ({ bilateral_id: row.id, person_id: side.personId, delegation_id: side.id })))
      .execute();
    return row.id;
  };

  const booked = await insertBilateral(["tw", "kr"], { status: "requested", length: 2, topic: BOOKED_TOPIC });
  await db
    .updateTable("bilaterals")
    .set({ status: "booked", starts_at: SLOT(0), ends_at: SLOT(2), place_id: place.id, table_number: 1, booked_via: "agreed" })
    .where("id", "=", booked)
    .execute();
  const claims = [SLOT(0), SLOT(1)].flatMap((slot) =>
    [
      `delegation:${delegation.tw.id}:1`,
      `delegation:${delegation.kr.id}:1`,
      `table:${place.id}:1`,
      `person:${delegation.tw.personId}`,
      `person:${delegation.kr.personId}`,
    ].map((resource) => ({
      event_id: event.id,
      resource,
      slot_start: slot,
      bilateral_id: booked,
    })),
  );
  await db.insertInto("bilateral_claims").values(claims).execute();
  await db
    .insertInto("bilateral_minutes")
    .values({ bilateral_id: booked, body_en: SECRET_MINUTES, author_delegation_id: delegation.tw.id, created_at: at() })
    .execute();

  const mustMeet = await insertBilateral(["tw", "eu"], { status: "accepted", length: 2, priority: "high", mustMeet: true, topic: "Container security pilot" });
  await db
    .insertInto("bilateral_preferred_starts")
    .values({ bilateral_id: mustMeet, starts_at: SLOT(2) })
    .execute();
  const nextDay = await insertBilateral(["kr", "us"], { status: "accepted", topic: "Trade data exchange" });
  const blocked = await insertBilateral(["eu", "jp"], { status: "accepted", priority: "low", topic: "Risk management" });
  const tooLong = await insertBilateral(["us", "tw"], { status: "accepted", length: 5, topic: "Capacity building" });
  const requested = await insertBilateral(["eu", "kr"], { status: "requested" });
  const proposed = await insertBilateral(["us", "kr"], { status: "proposed" });
  await insertBilateral(["jp", "tw"], { status: "declined" });

  const speaking = async (personId: number, startsAt: string, endsAt: string, title: string) => {
    const session = await db
      .insertInto("sessions")
      .values({ event_id: event.id, type: "plenary", title_en: title, starts_at: startsAt, ends_at: endsAt, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("session_people").values({ session_id: session.id, person_id: personId, role: "speaker", position: 0, item_id: null }).execute();
    return session.id;
  };
  const usTalk = await speaking(delegation.us.personId, SLOT(2), "2011-03-28T22:00:00.000Z", "Supply chain security");
  const twTalk = await speaking(delegation.tw.personId, "2011-03-28T16:00:00.000Z", "2011-03-28T17:00:00.000Z", "Opening plenary");
  const workshop = await db
    .insertInto("sessions")
    .values({
      event_id: event.id,
      type: "workshop",
      title_en: "Verifying Security Measures",
      starts_at: "2011-03-29T16:00:00.000Z",
      ends_at: "2011-03-29T18:00:00.000Z",
      capacity: 10,
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const registration = await db
    .insertInto("registrations")
    .values({
      event_id: event.id,
      person_id: delegation.tw.personId,
      status: "confirmed",
      source: "organizer",
      badge_code: generateBadgeCode(),
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("seats")
    .values({ session_id: workshop.id, registration_id: registration.id, status: "seated", requested_at: at(), seated_at: at() })
    .execute();

  return {
    event,
    placeId: place.id,
    delegation,
    bilaterals: { booked, mustMeet, nextDay, blocked, tooLong, requested, proposed },
    sessions: { usTalk, twTalk, workshop: workshop.id },
  };
}

export type ScheduleWorld = Awaited<ReturnType<typeof insertScheduleWorld>>;
