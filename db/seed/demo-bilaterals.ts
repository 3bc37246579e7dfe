import type { Transaction } from "kysely";
import type { BilateralPriorityName, Database } from "../schema";
import type { DemoFixtureEvent } from "./demo";
import { required, utc } from "./fixture-values";

const SLOT_MINUTES = 30;

/** The conference's bilateral windows, in its zone: the afternoon before it opens, and the second day between the workshops. */
const WINDOWS = [
  { day: "2011-03-28", start: "13:00", end: "18:00" },
  { day: "2011-03-29", start: "11:00", end: "15:00" },
];

/** The two bilateral rooms of the venue, as meeting places. */
const PLACES = [
  { name_en: "Bilateral Room 1", name_zh: "雙邊會談室一", tables: 3 },
  { name_en: "Bilateral Room 2", name_zh: "雙邊會談室二", tables: 3 },
];

/** The U.S. host delegation splits into two teams for its meetings. */
const TEAMS: Record<string, number> = { us: 2 };

/** Who asked: Taiwan arranged its three meetings. */
const REQUESTER = "tw";

/** Open requests between other delegations, so that the scheduler has something to place. */
const OPEN_REQUESTS: Array<{
  sides: [string, string];
  topic: string;
  slots: number;
  priority: BilateralPriorityName;
  mustMeet?: boolean;
  status: "requested" | "accepted";
  preferred?: Array<{ day: string; time: string }>;
}> = [
  {
    sides: ["jp", "tw"],
    topic: "AEO programme updates and a mutual recognition road map",
    slots: 2,
    priority: "normal",
    status: "requested",
  },
  {
    sides: ["sg", "kr"],
    topic: "Implementation of the Korea–Singapore AEO arrangement",
    slots: 2,
    priority: "normal",
    status: "requested",
  },
  {
    sides: ["us", "jp"],
    topic: "Joint validation visits in 2011",
    slots: 2,
    priority: "high",
    mustMeet: true,
    status: "accepted",
    preferred: [{ day: "2011-03-28", time: "14:00" }],
  },
  {
    sides: ["eu", "cn"],
    topic: "Mutual recognition negotiations: state of play",
    slots: 2,
    priority: "high",
    mustMeet: true,
    status: "accepted",
  },
  {
    sides: ["ca", "mx"],
    topic: "Partners in Protection and NEEC: criteria comparison",
    slots: 2,
    priority: "normal",
    status: "accepted",
  },
  {
    sides: ["nz", "sg"],
    topic: "Secure Exports Scheme and Secure Trade Partnership",
    slots: 1,
    priority: "normal",
    status: "accepted",
    preferred: [{ day: "2011-03-29", time: "11:00" }],
  },
  {
    sides: ["co", "pe"],
    topic: "Andean supply-chain security cooperation",
    slots: 2,
    priority: "low",
    status: "accepted",
  },
  {
    sides: ["cr", "pa"],
    topic: "Regional AEO pilot for Central American exporters",
    slots: 1,
    priority: "normal",
    status: "accepted",
  },
  {
    sides: ["do", "mx"],
    topic: "Container security initiative experience",
    slots: 1,
    priority: "low",
    status: "accepted",
  },
  {
    sides: ["jp", "kr"],
    topic: "Exchange of AEO validation officers",
    slots: 2,
    priority: "normal",
    status: "accepted",
  },
  {
    sides: ["ca", "jp"],
    topic: "Data exchange for mutually recognised operators",
    slots: 1,
    priority: "low",
    status: "accepted",
  },
  {
    sides: ["us", "mx"],
    topic: "Land border supply-chain programme alignment",
    slots: 3,
    priority: "high",
    status: "accepted",
  },
];

/** What each of the fixture's meetings was about, from the report's minutes. */
const BOOKED_TOPICS: Record<string, string> = {
  "bi-us": "C-TPAT participation and mutual recognition with the U.S.",
  "bi-kr": "AEO mutual recognition with Korea",
  "bi-eu": "AEO cooperation and mutual recognition with the EU",
};

const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * The conference's bilateral meetings: its meeting windows and two rooms, the three meetings the
 * Taiwan delegation held (with attendees, minutes in English and as the report wrote them in
 * Chinese, and action items), and open requests between other delegations. Each booked meeting
 * holds its claims (both delegations, its table and every attendee, per slot), as booking it
 * through the application would. Loaded once: an event that has bilateral windows is left alone.
 */
export async function seedBilaterals(
  trx: Transaction<Database>,
  slug: string,
  source: DemoFixtureEvent,
  { personIds, at }: { personIds: Map<string, number>; at: string },
): Promise<void> {
  const event = await trx.selectFrom("events").select(["id", "time_zone"]).where("slug", "=", slug).executeTakeFirstOrThrow();
  const existing = await trx.selectFrom("bilateral_windows").select("id").where("event_id", "=", event.id).executeTakeFirst();
  if (existing) return;
  const zone = event.time_zone;

  await trx
    .updateTable("events")
    .set({
      bilateral_slot_minutes: SLOT_MINUTES,
      bilateral_min_slots: 1,
      bilateral_max_slots: 4,
    })
    .where("id", "=", event.id)
    .execute();
  await trx
    .insertInto("bilateral_windows")
    .values(
      WINDOWS.map(({ day, start, end }) => ({
        event_id: event.id,
        starts_at: utc(day, start, zone),
        ends_at: utc(day, end, zone),
        created_at: at,
      })),
    )
    .execute();
  const placeIds: number[] = [];
  for (const [index, place] of PLACES.entries()) {
    const row = await trx
      .insertInto("bilateral_places")
      .values({ event_id: event.id, ...place, position: index + 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    placeIds.push(row.id);
  }
  for (const [key, teams] of Object.entries(TEAMS)) {
    await trx.updateTable("delegations").set({ bilateral_teams: teams }).where("event_id", "=", event.id).where("key", "=", key).execute();
  }

  const delegationIds = new Map(
    (await trx.selectFrom("delegations").select(["id", "key"]).where("event_id", "=", event.id).execute()).map((row) => [row.key, row.id]),
  );
  const memberOf = new Map(source.delegations.flatMap((delegation) => delegation.members.map((member) => [member, delegation.key] as const)));
  const author = await trx
    .selectFrom("person_accounts")
    .select("user_id")
    .where("person_id", "=", required(personIds, "wen", "person"))
    .executeTakeFirst();

  for (const meeting of source.bilateral_meetings) {
    const [own, other] = meeting.sides[0] === REQUESTER ? meeting.sides : [meeting.sides[1], meeting.sides[0]];
    const startsAt = utc(meeting.day, meeting.start, zone);
    const endsAt = utc(meeting.day, meeting.end, zone);
    const slots = Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / (SLOT_MINUTES * 60_000));
    const requesterId = required(delegationIds, own, "delegation");
    const recipientId = required(delegationIds, other, "delegation");
    const placeId = placeIds[0];
    const tableNumber = 1;
    const bilateral = await trx
      .insertInto("bilaterals")
      .values({
        event_id: event.id,
        requester_id: requesterId,
        recipient_id: recipientId,
        topic: BOOKED_TOPICS[meeting.key] ?? meeting.key,
        length_slots: slots,
        priority: "high",
        must_meet: 1,
        status: "booked",
        starts_at: startsAt,
        ends_at: endsAt,
        place_id: placeId,
        table_number: tableNumber,
        booked_via: "agreed",
        created_by: author?.user_id ?? null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const attendees = meeting.attendees.map((key) => ({
      bilateral_id: bilateral.id,
      person_id: required(personIds, key, "person"),
      delegation_id: required(delegationIds, required(memberOf, key, "delegation member"), "delegation"),
    }));
    if (attendees.length > 0) await trx.insertInto("bilateral_attendees").values(attendees).execute();
    const resources = [
      `delegation:${requesterId}:1`,
      `delegation:${recipientId}:1`,
      `table:${placeId}:${tableNumber}`,
      ...attendees.map((a) => `person:${a.person_id}`),
    ];
    await trx
      .insertInto("bilateral_claims")
      .values(
        Array.from({ length: slots }, (_, slot) => addMinutes(startsAt, slot * SLOT_MINUTES)).flatMap((slotStart) =>
          resources.map((resource) => ({
            event_id: event.id,
            resource,
            slot_start: slotStart,
            bilateral_id: bilateral.id,
          })),
        ),
      )
      .execute();
    // The minutes as the delegation wrote them after the meeting.
    await trx
      .insertInto("bilateral_minutes")
      .values({
        bilateral_id: bilateral.id,
        body_en: meeting.minutes.join("\n\n") || null,
        body_zh: meeting.minutes_zh.join("\n\n") || null,
        author_user_id: author?.user_id ?? null,
        author_delegation_id: requesterId,
        created_at: endsAt,
      })
      .execute();
    if (meeting.action_items.length > 0) {
      await trx
        .insertInto("bilateral_action_items")
        .values(
          meeting.action_items.map((item) => ({
            bilateral_id: bilateral.id,
            owner_delegation_id: required(delegationIds, item.owner, "delegation"),
            text_en: item.text,
            text_zh: item.text_zh ?? null,
            due_on: item.due ?? null,
            created_by: author?.user_id ?? null,
            created_at: endsAt,
            updated_at: endsAt,
          })),
        )
        .execute();
    }
  }

  for (const request of OPEN_REQUESTS) {
    const row = await trx
      .insertInto("bilaterals")
      .values({
        event_id: event.id,
        requester_id: required(delegationIds, request.sides[0], "delegation"),
        recipient_id: required(delegationIds, request.sides[1], "delegation"),
        topic: request.topic,
        length_slots: request.slots,
        priority: request.priority,
        must_meet: request.mustMeet ? 1 : 0,
        status: request.status,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (request.preferred?.length) {
      await trx
        .insertInto("bilateral_preferred_starts")
        .values(
          request.preferred.map(({ day, time }) => ({
            bilateral_id: row.id,
            starts_at: utc(day, time, zone),
          })),
        )
        .execute();
    }
  }
}
