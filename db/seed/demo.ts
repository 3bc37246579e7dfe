import { sql, type Kysely, type Transaction } from "kysely";
import { DateTime } from "luxon";
import { z } from "zod";
import { generateBadgeCode } from "../../lib/badge-code";
import { hashPassword } from "../../lib/password.server";
import { ORGANIZATION_KINDS, PERSON_ROLES, SESSION_TYPES, type Database, type EventKind, type PersonRole } from "../schema";
import fixture from "./ctpat-2011.json";
import { seedBilaterals } from "./demo-bilaterals";
import { required, utc } from "./fixture-values";

export const DEMO_PASSWORD = "plenary-demo-2011";
export const DEMO_ADMIN_EMAIL = "admin@plenary.test";
export const DEMO_ORGANIZER_EMAIL = "organizer@plenary.test";
/** Wen Wu-yen, head of the Taiwan delegation to the 2011 conference. */
export const DEMO_DELEGATE_EMAIL = "delegate@plenary.test";
/** Kim Jai-il, head of the Korea delegation. */
export const DEMO_KOREA_EMAIL = "korea@plenary.test";
/** Door staff of the 2011 conference. */
export const DEMO_STAFF_EMAIL = "staff@plenary.test";

const demoEvents: Array<{ slug: string; kind: EventKind }> = [
  { slug: "ctpat-2011", kind: "conference" },
  { slug: "aeo-taipei-2011", kind: "seminar" },
];

// ---------------------------------------------------------------------------------------------
// The fixture, checked on load: a typo in it should fail loudly here, not store half an agenda.

const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const localTime = z.string().regex(/^\d{2}:\d{2}$/);
const personRef = z.tuple([z.string(), z.enum(PERSON_ROLES)]);

const fixtureSchema = z.object({
  organizations: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      name_zh: z.string().optional(),
      country: z.string().nullable(),
      kind: z.enum(ORGANIZATION_KINDS),
    }),
  ),
  people: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      name_native: z.string().optional(),
      title: z.string().optional(),
      title_zh: z.string().optional(),
      org: z.string().optional(),
    }),
  ),
  events: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      title_zh: z.string(),
      host: z.string(),
      city: z.string(),
      timezone: z.string(),
      starts: localDay,
      ends: localDay,
      rooms_illustrative: z.array(z.string()).default([]),
      delegations: z
        .array(
          z.object({
            key: z.string(),
            country: z.string(),
            name: z.string(),
            members: z.array(z.string()).default([]),
            head: z.string().optional(),
            size: z.number().int().positive().optional(),
          }),
        )
        .default([]),
      tracks_illustrative: z.array(z.string()).default([]),
      bilateral_meetings: z
        .array(
          z.object({
            key: z.string(),
            day: localDay,
            start: localTime,
            end: localTime,
            sides: z.tuple([z.string(), z.string()]),
            attendees: z.array(z.string()).default([]),
            minutes: z.array(z.string()).default([]),
            minutes_zh: z.array(z.string()).default([]),
            action_items: z.array(z.object({ owner: z.string(), text: z.string(), text_zh: z.string().optional(), due: localDay.optional() })).default([]),
          }),
        )
        .default([]),
      sessions: z
        .array(
          z.object({
            key: z.string(),
            day: localDay,
            start: localTime,
            end: localTime,
            type: z.enum(SESSION_TYPES),
            track: z.string(),
            title: z.string(),
            title_zh: z.string().optional(),
            restricted_to: z.string().optional(),
            people: z.array(personRef).default([]),
            items: z
              .array(z.object({ start: localTime, end: localTime, title: z.string(), people: z.array(personRef).default([]) }))
              .default([]),
          }),
        )
        .default([]),
    }),
  ),
});

export type DemoFixture = z.infer<typeof fixtureSchema>;
export type DemoFixtureEvent = DemoFixture["events"][number];
export type DemoFixtureSession = DemoFixtureEvent["sessions"][number];

let parsedFixture: DemoFixture | undefined;

/** The facts the demo is built from (db/seed/ctpat-2011.json), validated. */
export function demoFixture(): DemoFixture {
  parsedFixture ??= fixtureSchema.parse(fixture);
  return parsedFixture;
}

// ---------------------------------------------------------------------------------------------
// What the fixture leaves open, filled in plausibly. Keyed by the fixture's English names, so a
// room, track or restriction added to the fixture without an entry here fails the seed.

/** The conference had about 1,200 participants; bilateral rooms seat two delegations. */
const ROOM_DETAILS: Record<string, { name_zh: string; capacity: number }> = {
  "Grand Ballroom": { name_zh: "大宴會廳", capacity: 1200 },
  "Harbor A": { name_zh: "港灣廳 A", capacity: 250 },
  "Harbor B": { name_zh: "港灣廳 B", capacity: 250 },
  "Harbor C": { name_zh: "港灣廳 C", capacity: 250 },
  "Marina 1": { name_zh: "碼頭廳 1", capacity: 150 },
  "Marina 2": { name_zh: "碼頭廳 2", capacity: 150 },
  "Bilateral Room 1": { name_zh: "雙邊會談室 1", capacity: 12 },
  "Bilateral Room 2": { name_zh: "雙邊會談室 2", capacity: 12 },
};

/**
 * Distinct hues (blue, teal, amber, magenta), each dark enough for white text on it at WCAG AA
 * (contrast ≥ 4.5:1; test/db/seed.test.ts checks).
 */
const TRACK_DETAILS: Record<string, { name_zh: string; color: string }> = {
  "Foreign Customs Administrations": { name_zh: "外國海關", color: "#1d4ed8" },
  Workshops: { name_zh: "專題討論會", color: "#0f766e" },
  "General Session": { name_zh: "大會議程", color: "#b45309" },
  "Bilateral Meetings": { name_zh: "雙邊會議", color: "#86198f" },
};

/** Where each session takes place: by track, except parallel workshops, one room each. */
const ROOM_BY_TRACK: Record<string, string> = {
  "General Session": "Grand Ballroom",
  "Foreign Customs Administrations": "Harbor A",
};
const PARALLEL_WORKSHOP_ROOMS = ["Harbor A", "Harbor B", "Harbor C", "Marina 1", "Marina 2"];

const AUDIENCE_NOTE_ZH: Record<string, string> = {
  "foreign customs administrations": "限外國海關代表",
  "Importer Self-Assessment (ISA) members": "限進口人自我評估（ISA）會員",
};

/**
 * Chinese titles the fixture lacks: the welcome meeting's items as the trip report words them
 * (伍、二、議程), and the breaks, which the report does not list.
 */
const TITLE_ZH_SUPPLEMENT: Record<string, string> = {
  "Welcome / logistics / bilateral meeting schedule": "歡迎/後勤/雙邊會議時程",
  "Self-introductions of each administration": "自我介紹",
  "Director's welcome": "主任致歡迎詞",
  "Wrap-up": "總結",
  Break: "休息",
  Lunch: "午餐",
};

function demoTitleZh(title: string, titleZh: string | undefined): string | null {
  return titleZh ?? TITLE_ZH_SUPPLEMENT[title] ?? null;
}

function demoAudienceNote(restrictedTo: string | undefined): { en: string; zh: string } | null {
  if (restrictedTo === undefined) return null;
  const zh = AUDIENCE_NOTE_ZH[restrictedTo];
  if (!zh) throw new Error(`The demo seed has no Chinese audience note for "${restrictedTo}"`);
  return { en: `${restrictedTo.charAt(0).toUpperCase()}${restrictedTo.slice(1)} only`, zh };
}

/** The room of every session of an event, by session key. */
function demoRoomAssignments(event: DemoFixtureEvent): Map<string, string> {
  const rooms = new Map<string, string>();
  const parallel = new Map<string, number>();
  for (const session of event.sessions) {
    let room = ROOM_BY_TRACK[session.track];
    if (session.type === "workshop") {
      const slot = `${session.day} ${session.start}`;
      const index = parallel.get(slot) ?? 0;
      parallel.set(slot, index + 1);
      room = PARALLEL_WORKSHOP_ROOMS[index];
    }
    if (!room) throw new Error(`The demo seed has no room for session ${session.key}`);
    if (!event.rooms_illustrative.includes(room)) throw new Error(`Room ${room} of session ${session.key} is not among the event's rooms`);
    rooms.set(session.key, room);
  }
  return rooms;
}

// ---------------------------------------------------------------------------------------------

/**
 * Loads the demo accounts, the organizations and people of the 2011 conference, both demo events
 * and the conference's whole agenda (rooms, tracks, sessions, the welcome meeting's timed items,
 * speakers, moderators and panelists), in one transaction.
 *
 * Loading it again into a database that has it changes nothing: accounts, organizations, people,
 * events and sessions are skipped by their natural keys (email, key, slug, event + key); rooms and
 * tracks are added only when the event has none of that name; a session's items and people only
 * when the session has none. The fixture's annex labels name slides, not files: no attachments.
 */
export async function seedDemo(db: Kysely<Database>, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const data = demoFixture();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values([
        { email: DEMO_ADMIN_EMAIL, name: "Demo Administrator", password_hash: passwordHash, is_admin: 1, created_at: at, updated_at: at },
        { email: DEMO_ORGANIZER_EMAIL, name: "Demo Organizer", password_hash: passwordHash, is_admin: 0, created_at: at, updated_at: at },
        { email: DEMO_DELEGATE_EMAIL, name: "Wen Wu-yen", password_hash: passwordHash, is_admin: 0, created_at: at, updated_at: at },
        { email: DEMO_KOREA_EMAIL, name: "Kim Jai-il", password_hash: passwordHash, is_admin: 0, created_at: at, updated_at: at },
        { email: DEMO_STAFF_EMAIL, name: "Door Staff", password_hash: passwordHash, is_admin: 0, created_at: at, updated_at: at },
      ])
      .onConflict((oc) => oc.column("email").doNothing())
      .execute();

    await trx
      .insertInto("organizations")
      .values(
        data.organizations.map((org) => ({
          key: org.key,
          name_en: org.name,
          name_zh: org.name_zh ?? null,
          country: org.country,
          kind: org.kind,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const orgIds = await idsByKey(trx, "organizations", data.organizations.map((org) => org.key));

    await trx
      .insertInto("people")
      .values(
        data.people.map((person) => ({
          key: person.key,
          name: person.name,
          name_native: person.name_native ?? null,
          title_en: person.title ?? null,
          title_zh: person.title_zh ?? null,
          organization_id: person.org === undefined ? null : required(orgIds, person.org, "organization"),
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const personIds = await idsByKey(trx, "people", data.people.map((person) => person.key));

    for (const { slug, kind } of demoEvents) {
      const source = data.events.find((event) => event.key === slug);
      if (!source) throw new Error(`The demo fixture has no event ${slug}`);
      const hostId = required(orgIds, source.host, "organization");
      await trx
        .insertInto("events")
        .values({
          slug,
          title_en: source.title,
          title_zh: source.title_zh,
          kind,
          city: source.city,
          time_zone: source.timezone,
          starts_on: source.starts,
          ends_on: source.ends,
          visibility: "public",
          // The conference takes registrations from the public subject to the organizers' approval.
          registration_mode: slug === CONFERENCE ? "approval" : "closed",
          host_organization_id: hostId,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .execute();
      // A database loaded before events had hosts gets one; a host someone set is left alone.
      await trx.updateTable("events").set({ host_organization_id: hostId }).where("slug", "=", slug).where("host_organization_id", "is", null).execute();
      const event = await trx.selectFrom("events").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
      await seedAgenda(trx, event.id, source, { personIds, at });
    }

    const organizer = await trx.selectFrom("users").select("id").where("email", "=", DEMO_ORGANIZER_EMAIL).executeTakeFirstOrThrow();
    const events = await trx.selectFrom("events").select("id").where("slug", "in", demoEvents.map((e) => e.slug)).execute();
    await trx
      .insertInto("event_roles")
      .values(events.map((event) => ({ event_id: event.id, user_id: organizer.id, role: "organizer" as const, created_at: at })))
      .onConflict((oc) => oc.columns(["event_id", "user_id", "role"]).doNothing())
      .execute();

    const conference = data.events.find((event) => event.key === CONFERENCE);
    if (!conference) throw new Error(`The demo fixture has no event ${CONFERENCE}`);
    await seedParticipants(trx, conference, { personIds, orgIds, at });
    await seedBilaterals(trx, CONFERENCE, conference, { personIds, at });
  });
}

const CONFERENCE = "ctpat-2011";

/** Chinese names of the 2011 delegations, which the fixture gives in English only. */
const DELEGATION_NAME_ZH: Record<string, string> = {
  tw: "臺灣（財政部關稅總局）",
  us: "美國（海關暨邊境保護署，主辦單位）",
  kr: "韓國關稅廳",
  eu: "歐盟（稅務暨關務同盟總署，偕英國稅務及海關總署）",
  ca: "加拿大邊境服務署",
  jp: "日本海關",
  cn: "中國海關",
  co: "哥倫比亞",
  cr: "哥斯大黎加",
  do: "多明尼加",
  mx: "墨西哥",
  nz: "紐西蘭海關",
  pa: "巴拿馬",
  pe: "秘魯",
  sg: "新加坡海關",
};

/** The organization each named delegation represents (those the fixture's people belong to). */
const DELEGATION_ORGANIZATION: Record<string, string> = { tw: "dgc", us: "cbp", kr: "kcs", eu: "taxud" };

/** Members whose part is not "member": Chen Tsui-chin joined from the Taipei office in Los Angeles. */
const DELEGATION_ROLE: Record<string, "liaison" | "adviser"> = { chen: "liaison" };

const CATEGORIES = [
  { key: "fca", name_en: "Foreign customs administration", name_zh: "外國海關", public: 0 as const },
  { key: "host", name_en: "Host agency", name_zh: "主辦機關", public: 0 as const },
  { key: "trade", name_en: "Trade participant", name_zh: "業者", public: 1 as const },
  { key: "isa", name_en: "ISA member", name_zh: "ISA 會員", public: 0 as const },
];

/** Who a restricted session is for (the fixture's `restricted_to`), as registration categories. */
const CATEGORY_OF_RESTRICTION: Record<string, string> = {
  "foreign customs administrations": "fca",
  "Importer Self-Assessment (ISA) members": "isa",
};

/**
 * The Taiwan delegation's days at the conference (itinerary_of_tw): registration on arrival on the
 * 28th, the welcome meeting and workshops on the 29th, the general session on the 30th; and the
 * three workshops whose papers the report summarises (伍、一), one member in each.
 */
const TAIWAN_DOOR_CHECK_INS = [
  { day: "2011-03-28", time: "17:40" },
  { day: "2011-03-29", time: "07:45" },
  { day: "2011-03-30", time: "07:50" },
];
const TAIWAN_WORKSHOP_SEATS: Record<string, string> = { wen: "ws-verifying", chang: "ws-pia", chen: "ws-cargo-risk" };

/**
 * The 2011 conference's participants: registration categories (restricted sessions open to theirs),
 * capacities of the workshops (their rooms'), the fifteen delegations with their heads and named
 * members (a declared size where the report gives one), every named member registered, the demo
 * delegates' and staff accounts, and the Taiwan delegation's seats and check-ins. Natural keys
 * (category name, delegation key, person, session, day) make a second load change nothing.
 */
async function seedParticipants(
  trx: Transaction<Database>,
  source: DemoFixtureEvent,
  { personIds, orgIds, at }: { personIds: Map<string, number>; orgIds: Map<string, number>; at: string },
): Promise<void> {
  const event = await trx.selectFrom("events").select(["id", "time_zone"]).where("slug", "=", CONFERENCE).executeTakeFirstOrThrow();
  const zone = event.time_zone;

  const existingCategories = await trx.selectFrom("registration_categories").select(["id", "name_en"]).where("event_id", "=", event.id).execute();
  const missingCategories = CATEGORIES.filter((category) => !existingCategories.some((row) => row.name_en === category.name_en));
  if (missingCategories.length > 0) {
    await trx
      .insertInto("registration_categories")
      .values(missingCategories.map((category) => ({ event_id: event.id, name_en: category.name_en, name_zh: category.name_zh, public: category.public, position: CATEGORIES.indexOf(category) + 1 })))
      .execute();
  }
  const categoryIds = new Map<string, number>();
  for (const row of await trx.selectFrom("registration_categories").select(["id", "name_en"]).where("event_id", "=", event.id).orderBy("id").execute()) {
    const category = CATEGORIES.find((c) => c.name_en === row.name_en);
    if (category && !categoryIds.has(category.key)) categoryIds.set(category.key, row.id);
  }

  const sessions = await trx
    .selectFrom("sessions")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .select(["sessions.id", "sessions.key", "sessions.type", "sessions.capacity", "sessions.starts_at", "rooms.capacity as room_capacity"])
    .where("sessions.event_id", "=", event.id)
    .execute();
  const sessionIds = new Map(sessions.map((session) => [session.key ?? "", session.id]));
  for (const session of sessions) {
    if (session.type === "workshop" && session.capacity === null && session.room_capacity !== null) {
      await trx.updateTable("sessions").set({ capacity: session.room_capacity }).where("id", "=", session.id).where("capacity", "is", null).execute();
    }
  }
  const withRestrictions = new Set(
    (await trx.selectFrom("session_categories").select("session_id").distinct().where("session_id", "in", [...sessionIds.values()]).execute()).map((r) => r.session_id),
  );
  for (const session of source.sessions) {
    if (!session.restricted_to) continue;
    const sessionId = required(sessionIds, session.key, "session");
    if (withRestrictions.has(sessionId)) continue;
    const category = required(categoryIds, required(new Map(Object.entries(CATEGORY_OF_RESTRICTION)), session.restricted_to, "restriction"), "category");
    await trx.insertInto("session_categories").values({ session_id: sessionId, category_id: category }).execute();
  }

  await trx
    .insertInto("delegations")
    .values(
      source.delegations.map((delegation) => {
        const organization = DELEGATION_ORGANIZATION[delegation.key];
        return {
          event_id: event.id,
          key: delegation.key,
          name_en: delegation.name,
          name_zh: required(new Map(Object.entries(DELEGATION_NAME_ZH)), delegation.key, "delegation name"),
          country: delegation.country,
          organization_id: organization === undefined ? null : required(orgIds, organization, "organization"),
          declared_size: delegation.size ?? null,
          created_at: at,
          updated_at: at,
        };
      }),
    )
    .onConflict((oc) => oc.columns(["event_id", "key"]).doNothing())
    .execute();
  const delegationIds = new Map(
    (await trx.selectFrom("delegations").select(["id", "key"]).where("event_id", "=", event.id).execute()).map((row) => [row.key, row.id]),
  );
  const members = source.delegations.flatMap((delegation) =>
    delegation.members.map((member, index) => ({
      delegation_id: required(delegationIds, delegation.key, "delegation"),
      event_id: event.id,
      person_id: required(personIds, member, "person"),
      role: member === delegation.head ? ("head" as const) : (DELEGATION_ROLE[member] ?? ("member" as const)),
      position: index + 1,
      created_at: at,
    })),
  );
  if (members.length > 0) await trx.insertInto("delegation_members").values(members).onConflict((oc) => oc.columns(["event_id", "person_id"]).doNothing()).execute();

  const registrations = source.delegations.flatMap((delegation) =>
    delegation.members.map((member) => ({
      event_id: event.id,
      person_id: required(personIds, member, "person"),
      category_id: required(categoryIds, delegation.key === "us" ? "host" : "fca", "category"),
      status: "confirmed" as const,
      source: "delegation" as const,
      country: delegation.country,
      badge_code: generateBadgeCode(),
      created_at: at,
      updated_at: at,
    })),
  );
  if (registrations.length > 0) await trx.insertInto("registrations").values(registrations).onConflict((oc) => oc.columns(["event_id", "person_id"]).doNothing()).execute();
  const registrationOf = async (personKey: string) =>
    (
      await trx
        .selectFrom("registrations")
        .select("id")
        .where("event_id", "=", event.id)
        .where("person_id", "=", required(personIds, personKey, "person"))
        .executeTakeFirstOrThrow()
    ).id;

  const users = new Map(
    (await trx.selectFrom("users").select(["id", "email"]).where("email", "in", [DEMO_DELEGATE_EMAIL, DEMO_KOREA_EMAIL, DEMO_STAFF_EMAIL]).execute()).map((row) => [row.email, row.id]),
  );
  const staffId = required(users, DEMO_STAFF_EMAIL, "account");
  await trx
    .insertInto("person_accounts")
    .values([
      { person_id: required(personIds, "wen", "person"), user_id: required(users, DEMO_DELEGATE_EMAIL, "account"), linked_at: at },
      { person_id: required(personIds, "kim", "person"), user_id: required(users, DEMO_KOREA_EMAIL, "account"), linked_at: at },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .insertInto("event_roles")
    .values({ event_id: event.id, user_id: staffId, role: "staff", created_at: at })
    .onConflict((oc) => oc.columns(["event_id", "user_id", "role"]).doNothing())
    .execute();

  for (const [personKey, sessionKey] of Object.entries(TAIWAN_WORKSHOP_SEATS)) {
    const registrationId = await registrationOf(personKey);
    const sessionId = required(sessionIds, sessionKey, "session");
    const session = sessions.find((row) => row.id === sessionId);
    await trx
      .insertInto("seats")
      .values({ session_id: sessionId, registration_id: registrationId, status: "seated", requested_at: at, seated_at: at })
      .onConflict((oc) => oc.columns(["session_id", "registration_id"]).doNothing())
      .execute();
    // Counted again rather than incremented, so a second load leaves the count as it is.
    await trx
      .updateTable("sessions")
      .set((eb) => ({
        seats_taken: eb
          .selectFrom("seats")
          .select((inner) => inner.fn.countAll<number>().as("n"))
          .whereRef("seats.session_id", "=", "sessions.id")
          .where("seats.status", "=", "seated"),
      }))
      .where("id", "=", sessionId)
      .execute();
    const startsAt = session?.starts_at ?? "";
    const day = DateTime.fromISO(startsAt, { zone }).toISODate() ?? "";
    await trx
      .insertInto("check_ins")
      .values({
        event_id: event.id,
        registration_id: registrationId,
        day,
        session_id: sessionId,
        checked_in_at: DateTime.fromISO(startsAt).minus({ minutes: 5 }).toUTC().toISO() ?? startsAt,
        checked_in_by: staffId,
      })
      .onConflict((oc) => oc.columns(["registration_id", "session_id"]).where(sql<boolean>`session_id is not null and undone_at is null`).doNothing())
      .execute();
    for (const { day: doorDay, time } of TAIWAN_DOOR_CHECK_INS) {
      await trx
        .insertInto("check_ins")
        .values({ event_id: event.id, registration_id: registrationId, day: doorDay, session_id: null, checked_in_at: utc(doorDay, time, zone), checked_in_by: staffId })
        .onConflict((oc) => oc.columns(["registration_id", "day"]).where(sql<boolean>`session_id is null and undone_at is null`).doNothing())
        .execute();
    }
  }
}

async function seedAgenda(
  trx: Transaction<Database>,
  eventId: number,
  source: DemoFixtureEvent,
  { personIds, at }: { personIds: Map<string, number>; at: string },
): Promise<void> {
  const zone = source.timezone;

  const roomNames = new Set((await trx.selectFrom("rooms").select("name_en").where("event_id", "=", eventId).execute()).map((r) => r.name_en));
  const newRooms = source.rooms_illustrative
    .map((name, index) => {
      const details = ROOM_DETAILS[name];
      if (!details) throw new Error(`The demo seed has no details for room ${name}`);
      return { event_id: eventId, name_en: name, name_zh: details.name_zh, capacity: details.capacity, position: index + 1 };
    })
    .filter((room) => !roomNames.has(room.name_en));
  if (newRooms.length > 0) await trx.insertInto("rooms").values(newRooms).execute();

  const trackNames = new Set((await trx.selectFrom("tracks").select("name_en").where("event_id", "=", eventId).execute()).map((t) => t.name_en));
  const newTracks = source.tracks_illustrative
    .map((name, index) => {
      const details = TRACK_DETAILS[name];
      if (!details) throw new Error(`The demo seed has no details for track ${name}`);
      return { event_id: eventId, name_en: name, name_zh: details.name_zh, color: details.color, position: index + 1 };
    })
    .filter((track) => !trackNames.has(track.name_en));
  if (newTracks.length > 0) await trx.insertInto("tracks").values(newTracks).execute();

  if (source.sessions.length === 0) return;

  const roomIds = firstIdByName(await trx.selectFrom("rooms").select(["id", "name_en"]).where("event_id", "=", eventId).orderBy("id").execute());
  const trackIds = firstIdByName(await trx.selectFrom("tracks").select(["id", "name_en"]).where("event_id", "=", eventId).orderBy("id").execute());
  const roomOf = demoRoomAssignments(source);

  await trx
    .insertInto("sessions")
    .values(
      source.sessions.map((session) => {
        const note = demoAudienceNote(session.restricted_to);
        return {
          event_id: eventId,
          key: session.key,
          type: session.type,
          title_en: session.title,
          title_zh: demoTitleZh(session.title, session.title_zh),
          track_id: required(trackIds, session.track, "track"),
          room_id: required(roomIds, roomOf.get(session.key) ?? "", "room"),
          starts_at: utc(session.day, session.start, zone),
          ends_at: utc(session.day, session.end, zone),
          audience_note_en: note?.en ?? null,
          audience_note_zh: note?.zh ?? null,
          status: "scheduled" as const,
          created_at: at,
          updated_at: at,
        };
      }),
    )
    .onConflict((oc) => oc.columns(["event_id", "key"]).doNothing())
    .execute();

  const sessionRows = await trx
    .selectFrom("sessions")
    .select(["id", "key"])
    .where("event_id", "=", eventId)
    .where("key", "in", source.sessions.map((s) => s.key))
    .execute();
  const sessionIds = new Map(sessionRows.map((row) => [row.key ?? "", row.id]));
  const allSessionIds = [...sessionIds.values()];

  // Items and people have no natural key: a session that already has some is left as it is.
  const withItems = new Set(
    (await trx.selectFrom("session_items").select("session_id").distinct().where("session_id", "in", allSessionIds).execute()).map((r) => r.session_id),
  );
  const withPeople = new Set(
    (await trx.selectFrom("session_people").select("session_id").distinct().where("session_id", "in", allSessionIds).execute()).map((r) => r.session_id),
  );

  for (const session of source.sessions) {
    const sessionId = required(sessionIds, session.key, "session");
    if (session.items.length > 0 && !withItems.has(sessionId)) {
      await trx
        .insertInto("session_items")
        .values(
          session.items.map((item, index) => ({
            session_id: sessionId,
            position: index + 1,
            title_en: item.title,
            title_zh: demoTitleZh(item.title, undefined),
            starts_at: utc(session.day, item.start, zone),
            ends_at: utc(session.day, item.end, zone),
          })),
        )
        .execute();
    }
    if (withPeople.has(sessionId)) continue;

    const itemIds = new Map(
      (await trx.selectFrom("session_items").select(["id", "position"]).where("session_id", "=", sessionId).execute()).map((r) => [r.position, r.id]),
    );
    const people: Array<{ key: string; role: PersonRole; itemId: number | null }> = [
      ...session.people.map(([key, role]) => ({ key, role, itemId: null })),
      ...session.items.flatMap((item, index) =>
        item.people.map(([key, role]) => ({ key, role, itemId: required(itemIds, index + 1, "session item") })),
      ),
    ];
    if (people.length === 0) continue;
    await trx
      .insertInto("session_people")
      .values(
        people.map((person, index) => ({
          session_id: sessionId,
          person_id: required(personIds, person.key, "person"),
          role: person.role,
          position: index + 1,
          item_id: person.itemId,
        })),
      )
      .onConflict((oc) => oc.columns(["session_id", "person_id", "role"]).doNothing())
      .execute();
  }
}

async function idsByKey(trx: Transaction<Database>, table: "organizations" | "people", keys: string[]): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(["id", "key"]).where("key", "in", keys).execute();
  return new Map(rows.map((row) => [row.key ?? "", row.id]));
}

/** Name → id of the first row with that English name. */
function firstIdByName(rows: Array<{ id: number; name_en: string | null }>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const row of rows) if (row.name_en !== null && !ids.has(row.name_en)) ids.set(row.name_en, row.id);
  return ids;
}
