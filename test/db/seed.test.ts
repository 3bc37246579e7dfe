import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { localToUtc } from "../../lib/zoned-time";
import { engineOf, type Db } from "../../db/client";
import { seedDemo } from "../../db/seed/demo";
import fixture from "../../db/seed/ctpat-2011.json";
import { describeEachEngine } from "../support/engines";

// The expectations come from the fixture itself (not from the seed's parsed copy of it), plus the
// choices the issue fixed: rooms per session, audience notes in Chinese.

type FixturePeople = Array<[string, string]>;
interface FixtureSession {
  key: string;
  day: string;
  start: string;
  end: string;
  type: string;
  track: string;
  title: string;
  title_zh?: string;
  restricted_to?: string;
  people?: FixturePeople;
  items?: Array<{ start: string; end: string; title: string; people: FixturePeople }>;
}

const conference = fixture.events.find((event) => event.key === "ctpat-2011")!;
const seminar = fixture.events.find((event) => event.key === "aeo-taipei-2011")!;
const fixtureSessions = conference.sessions as FixtureSession[];
const ZONE = "America/Los_Angeles";

function utc(day: string, time: string): string {
  const result = localToUtc(day, time, ZONE);
  if (!result.ok) throw new Error(`${day} ${time}: ${result.reason}`);
  return result.iso;
}

function expectedRoom(session: FixtureSession): string {
  if (session.track === "General Session") return "Grand Ballroom";
  if (session.key === "fca-welcome") return "Harbor A";
  const parallel = fixtureSessions.filter((s) => s.type === "workshop" && s.day === session.day && s.start === session.start);
  return ["Harbor A", "Harbor B", "Harbor C", "Marina 1", "Marina 2"][parallel.indexOf(session)];
}

/** WCAG relative luminance and contrast against white. */
function contrastWithWhite(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

/** Row count of every table of the database, whatever migrations created them. */
async function countEveryTable(db: Db): Promise<Record<string, number>> {
  // PostgreSQL's introspection lists every schema's tables; the test database is the current one.
  const current = engineOf(db) === "postgres" ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0].name : undefined;
  const tables = (await db.introspection.getTables()).filter((table) => current === undefined || table.schema === current);
  expect(tables.length).toBeGreaterThanOrEqual(14);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}`.execute(db);
    counts[table.name] = Number(rows[0].n);
  }
  return counts;
}

async function eventId(db: Db, slug: string): Promise<number> {
  return (await db.selectFrom("events").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

async function sessionsOf(db: Db, slug: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("events", "events.id", "sessions.event_id")
    .leftJoin("tracks", "tracks.id", "sessions.track_id")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .select([
      "sessions.id",
      "sessions.key",
      "sessions.type",
      "sessions.title_en",
      "sessions.title_zh",
      "sessions.starts_at",
      "sessions.ends_at",
      "sessions.status",
      "sessions.audience_note_en",
      "sessions.audience_note_zh",
      "tracks.name_en as track",
      "rooms.name_en as room",
    ])
    .where("events.slug", "=", slug)
    .orderBy("sessions.starts_at")
    .orderBy("rooms.position")
    .execute();
}

async function peopleOf(db: Db, sessionId: number) {
  return db
    .selectFrom("session_people")
    .innerJoin("people", "people.id", "session_people.person_id")
    .leftJoin("session_items", "session_items.id", "session_people.item_id")
    .select(["people.key", "session_people.role", "session_people.position", "session_items.position as item"])
    .where("session_people.session_id", "=", sessionId)
    .orderBy("session_people.position")
    .execute();
}

describeEachEngine("demo agenda", ({ db }) => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("holds all 27 organizations and 40 people of the fixture, with the events' hosts", async () => {
    const orgs = await db().selectFrom("organizations").select(["id", "key", "name_en", "name_zh", "country", "kind"]).orderBy("id").execute();
    expect(orgs).toHaveLength(27);
    expect(orgs.map(({ id: _id, ...org }) => org)).toEqual(
      fixture.organizations.map((org) => ({
        key: org.key,
        name_en: org.name,
        name_zh: "name_zh" in org ? org.name_zh : null,
        country: org.country,
        kind: org.kind,
      })),
    );
    const orgKey = new Map(orgs.map((org) => [org.id, org.key]));

    const people = await db().selectFrom("people").select(["key", "name", "name_native", "title_en", "title_zh", "organization_id"]).orderBy("id").execute();
    expect(people).toHaveLength(40);
    expect(people.map(({ organization_id, ...person }) => ({ ...person, org: organization_id === null ? null : orgKey.get(organization_id) }))).toEqual(
      fixture.people.map((person) => ({
        key: person.key,
        name: person.name,
        name_native: "name_native" in person ? person.name_native : null,
        title_en: person.title,
        title_zh: "title_zh" in person ? person.title_zh : null,
        org: person.org,
      })),
    );
    expect(people.find((person) => person.key === "wen")).toMatchObject({ name_native: "溫武彥", title_zh: "徵課處科員" });

    const hosts = await db()
      .selectFrom("events")
      .innerJoin("organizations", "organizations.id", "events.host_organization_id")
      .select(["events.slug", "organizations.key"])
      .orderBy("events.slug")
      .execute();
    expect(hosts).toEqual([
      { slug: "aeo-taipei-2011", key: "dgc" },
      { slug: "ctpat-2011", key: "cbp" },
    ]);
  });

  it("has the 8 rooms in order, sized from ballroom to bilateral room, and 4 tracks with distinct accessible colours", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const rooms = await db().selectFrom("rooms").select(["name_en", "name_zh", "capacity", "position"]).where("event_id", "=", id).orderBy("position").execute();
    expect(rooms.map((room) => room.name_en)).toEqual(conference.rooms_illustrative);
    expect(rooms.map((room) => room.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const room of rooms) expect(room.name_zh, room.name_en ?? "").toMatch(/\p{Script=Han}/u);
    const capacity = new Map(rooms.map((room) => [room.name_en, room.capacity ?? 0]));
    const ballroom = capacity.get("Grand Ballroom")!;
    expect(ballroom).toBeGreaterThanOrEqual(1000);
    for (const [name, seats] of capacity) if (name !== "Grand Ballroom") expect(seats, name ?? "").toBeLessThan(ballroom);
    for (const name of ["Bilateral Room 1", "Bilateral Room 2"]) {
      expect(capacity.get(name), name).toBeGreaterThanOrEqual(8);
      expect(capacity.get(name), name).toBeLessThanOrEqual(16);
    }

    const tracks = await db().selectFrom("tracks").select(["name_en", "name_zh", "color", "position"]).where("event_id", "=", id).orderBy("position").execute();
    expect(tracks.map((track) => track.name_en)).toEqual(conference.tracks_illustrative);
    expect(tracks.map((track) => track.position)).toEqual([1, 2, 3, 4]);
    expect(new Set(tracks.map((track) => track.color.toLowerCase())).size).toBe(4);
    for (const track of tracks) {
      expect(track.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(contrastWithWhite(track.color), `${track.name_en} ${track.color}`).toBeGreaterThanOrEqual(4.5);
      expect(track.name_zh).toMatch(/\p{Script=Han}/u);
    }
  });

  it("matches the fixture agenda session for session", async () => {
    const sessions = await sessionsOf(db(), "ctpat-2011");
    expect(sessions).toHaveLength(26);
    expect(sessions.map((s) => s.key).sort()).toEqual(fixtureSessions.map((s) => s.key).sort());
    const byKey = new Map(sessions.map((s) => [s.key, s]));
    const breakZh: Record<string, string> = { Break: "休息", Lunch: "午餐" };
    for (const source of fixtureSessions) {
      const stored = byKey.get(source.key)!;
      expect(stored, source.key).toMatchObject({
        type: source.type,
        title_en: source.title,
        title_zh: source.title_zh ?? breakZh[source.title],
        track: source.track,
        room: expectedRoom(source),
        starts_at: utc(source.day, source.start),
        ends_at: utc(source.day, source.end),
        status: "scheduled",
      });
      const people = await peopleOf(db(), stored.id);
      const expected = [
        ...(source.people ?? []).map(([key, role]) => ({ key, role, item: null })),
        ...(source.items ?? []).flatMap((item, index) => item.people.map(([key, role]) => ({ key, role, item: index + 1 }))),
      ];
      expect(people, source.key).toEqual(expected.map((person, index) => ({ ...person, position: index + 1 })));
    }
  });

  it("stores local times as UTC instants (PDT is UTC−7 in late March 2011)", async () => {
    expect(utc("2011-03-28", "15:00")).toBe("2011-03-28T22:00:00.000Z");
    const sessions = new Map((await sessionsOf(db(), "ctpat-2011")).map((s) => [s.key, s]));
    expect(sessions.get("gs-welcome")).toMatchObject({ starts_at: "2011-03-30T15:10:00.000Z", ends_at: "2011-03-30T15:45:00.000Z" });
    expect(sessions.get("fca-welcome")).toMatchObject({ starts_at: "2011-03-29T15:00:00.000Z", ends_at: "2011-03-29T16:00:00.000Z" });
    expect(sessions.get("ws-global")).toMatchObject({ starts_at: "2011-03-29T22:00:00.000Z", room: "Harbor A" });
    // The last panel runs past midnight UTC.
    expect(sessions.get("gs-closing")).toMatchObject({ starts_at: "2011-03-31T00:40:00.000Z", ends_at: "2011-03-31T00:45:00.000Z" });
  });

  it("gives the welcome meeting its 4 timed items with their speakers, before the morning workshops in its room", async () => {
    const sessions = await sessionsOf(db(), "ctpat-2011");
    const welcome = sessions.find((s) => s.key === "fca-welcome")!;
    const items = await db()
      .selectFrom("session_items")
      .select(["position", "title_en", "title_zh", "starts_at", "ends_at"])
      .where("session_id", "=", welcome.id)
      .orderBy("position")
      .execute();
    const source = fixtureSessions.find((s) => s.key === "fca-welcome")!.items!;
    expect(items).toHaveLength(4);
    expect(items.map(({ title_zh: _zh, ...item }) => item)).toEqual(
      source.map((item, index) => ({ position: index + 1, title_en: item.title, starts_at: utc("2011-03-29", item.start), ends_at: utc("2011-03-29", item.end) })),
    );
    expect(items.map((item) => item.title_zh)).toEqual(["歡迎/後勤/雙邊會議時程", "自我介紹", "主任致歡迎詞", "總結"]);
    expect(await peopleOf(db(), welcome.id)).toEqual([
      { key: "ochoa", role: "speaker", position: 1, item: 1 },
      { key: "skinner", role: "speaker", position: 2, item: 3 },
      { key: "thornton", role: "speaker", position: 3, item: 4 },
    ]);
    const harborA = sessions.filter((s) => s.room === "Harbor A").map((s) => s.key);
    expect(harborA).toEqual(["fca-welcome", "ws-conveyance", "ws-global"]);
  });

  it("notes restricted audiences in both languages, and only on restricted sessions", async () => {
    const notes = (await sessionsOf(db(), "ctpat-2011")).filter((s) => s.audience_note_en !== null || s.audience_note_zh !== null);
    expect(notes.map(({ key, audience_note_en, audience_note_zh }) => ({ key, audience_note_en, audience_note_zh }))).toEqual([
      { key: "fca-welcome", audience_note_en: "Foreign customs administrations only", audience_note_zh: "限外國海關代表" },
      { key: "ws-isa-members", audience_note_en: "Importer Self-Assessment (ISA) members only", audience_note_zh: "限進口人自我評估（ISA）會員" },
    ]);
  });

  it("books no room twice at once", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const clashes = await db()
      .selectFrom("sessions as a")
      .innerJoin("sessions as b", (join) =>
        join.onRef("a.room_id", "=", "b.room_id").onRef("a.id", "<", "b.id").onRef("a.starts_at", "<", "b.ends_at").onRef("b.starts_at", "<", "a.ends_at"),
      )
      .select(["a.key as first", "b.key as second"])
      .where("a.event_id", "=", id)
      .execute();
    expect(clashes).toEqual([]);
  });

  it("creates no attachments (the annex labels name slides, not files) and no sessions for the Taipei seminar", async () => {
    const attachments = await db().selectFrom("attachments").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(attachments.n)).toBe(0);
    const taipei = await db().selectFrom("events").select(["id", "starts_on", "ends_on"]).where("slug", "=", "aeo-taipei-2011").executeTakeFirstOrThrow();
    expect(taipei.starts_on).toBe(seminar.starts);
    expect(taipei.ends_on).toBe(taipei.starts_on);
    for (const table of ["sessions", "rooms", "tracks"] as const) {
      const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("event_id", "=", taipei.id).executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(0);
    }
  });

  it("changes no row of any table when loaded again", async () => {
    const before = await countEveryTable(db());
    expect(before).toMatchObject({ organizations: 27, people: 40, rooms: 8, tracks: 4, sessions: 26, session_items: 4, session_people: 32 });
    const agendaBefore = await sessionsOf(db(), "ctpat-2011");
    await seedDemo(db(), new Date("2030-01-01T00:00:00.000Z"));
    expect(await countEveryTable(db())).toEqual(before);
    expect(await sessionsOf(db(), "ctpat-2011")).toEqual(agendaBefore);
  });

  it("leaves the organizer's edits alone on reload and restores an agenda that is missing", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const panel = await db().selectFrom("sessions").select("id").where("event_id", "=", id).where("key", "=", "gs-air-cargo").executeTakeFirstOrThrow();
    const wade = await db().selectFrom("people").select("id").where("key", "=", "wade").executeTakeFirstOrThrow();
    await db().updateTable("sessions").set({ title_en: "Air cargo security: what comes next" }).where("id", "=", panel.id).execute();
    await db().deleteFrom("session_people").where("session_id", "=", panel.id).where("person_id", "=", wade.id).execute();
    await seedDemo(db());
    const edited = await db().selectFrom("sessions").select("title_en").where("id", "=", panel.id).executeTakeFirstOrThrow();
    expect(edited.title_en).toBe("Air cargo security: what comes next");
    expect((await peopleOf(db(), panel.id)).map((p) => p.key)).toEqual(["mullen", "owen", "brittin", "gilbert", "schenk"]);

    // A database loaded by an earlier version of the seed: the event without host or agenda.
    await db().deleteFrom("sessions").where("event_id", "=", id).execute();
    await db().deleteFrom("rooms").where("event_id", "=", id).execute();
    await db().deleteFrom("tracks").where("event_id", "=", id).execute();
    await db().updateTable("events").set({ host_organization_id: null }).where("id", "=", id).execute();
    await seedDemo(db());
    const restored = await sessionsOf(db(), "ctpat-2011");
    expect(restored).toHaveLength(26);
    expect(restored.every((s) => s.room !== null && s.track !== null)).toBe(true);
    expect(await peopleOf(db(), restored.find((s) => s.key === "gs-air-cargo")!.id)).toHaveLength(6);
    const host = await db().selectFrom("events").select("host_organization_id").where("id", "=", id).executeTakeFirstOrThrow();
    expect(host.host_organization_id).not.toBeNull();
    const counts = await countEveryTable(db());
    expect(counts).toMatchObject({ rooms: 8, tracks: 4, sessions: 26, session_items: 4, session_people: 32 });
  });
});

describeEachEngine("demo participants", ({ db }) => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  const delegationsOfFixture = conference.delegations as Array<{ key: string; country: string; name: string; members?: string[]; head?: string; size?: number }>;

  it("has the fifteen delegations of the conference, each with its country, head, named members and declared size", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const delegations = await db()
      .selectFrom("delegations")
      .select(["id", "key", "name_en", "name_zh", "country", "declared_size"])
      .where("event_id", "=", id)
      .orderBy("key")
      .execute();
    expect(delegations).toHaveLength(15);
    expect(delegations.every((d) => d.name_zh !== null)).toBe(true);
    for (const source of delegationsOfFixture) {
      const row = delegations.find((d) => d.key === source.key)!;
      expect(row, source.key).toMatchObject({ name_en: source.name, country: source.country, declared_size: source.size ?? null });
      const members = await db()
        .selectFrom("delegation_members")
        .innerJoin("people", "people.id", "delegation_members.person_id")
        .select(["people.key", "delegation_members.role"])
        .where("delegation_members.delegation_id", "=", row.id)
        .orderBy("delegation_members.position")
        .execute();
      expect(members.map((m) => m.key), source.key).toEqual(source.members ?? []);
      expect(members.filter((m) => m.role === "head").map((m) => m.key), source.key).toEqual(source.head ? [source.head] : []);
    }
    const sizes = Object.fromEntries(delegations.filter((d) => d.declared_size !== null).map((d) => [d.key, d.declared_size]));
    expect(sizes).toEqual({ ca: 7, jp: 8, kr: 4 });
  });

  it("registers every named member, seats the Taiwan delegation in the three workshops the report summarises and checks them in on their days", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const registered = await db()
      .selectFrom("registrations")
      .innerJoin("people", "people.id", "registrations.person_id")
      .select(["people.key", "registrations.status", "registrations.badge_code"])
      .where("registrations.event_id", "=", id)
      .execute();
    expect(registered.map((r) => r.key).sort()).toEqual(delegationsOfFixture.flatMap((d) => d.members ?? []).sort());
    expect(registered.every((r) => r.status === "confirmed" && /^[0-9A-HJKMNP-TV-Z]{12}$/.test(r.badge_code))).toBe(true);

    const seats = await db()
      .selectFrom("seats")
      .innerJoin("registrations", "registrations.id", "seats.registration_id")
      .innerJoin("people", "people.id", "registrations.person_id")
      .innerJoin("sessions", "sessions.id", "seats.session_id")
      .select(["people.key as person", "sessions.key as session", "seats.status", "sessions.seats_taken", "sessions.capacity"])
      .orderBy("people.key")
      .execute();
    expect(seats).toEqual([
      { person: "chang", session: "ws-pia", status: "seated", seats_taken: 1, capacity: 150 },
      { person: "chen", session: "ws-cargo-risk", status: "seated", seats_taken: 1, capacity: 250 },
      { person: "wen", session: "ws-verifying", status: "seated", seats_taken: 1, capacity: 250 },
    ]);

    const checkIns = await db()
      .selectFrom("check_ins")
      .innerJoin("registrations", "registrations.id", "check_ins.registration_id")
      .innerJoin("people", "people.id", "registrations.person_id")
      .leftJoin("sessions", "sessions.id", "check_ins.session_id")
      .select(["people.key as person", "check_ins.day", "sessions.key as session", "check_ins.checked_in_at"])
      .where("check_ins.undone_at", "is", null)
      .orderBy("people.key")
      .orderBy("check_ins.checked_in_at")
      .execute();
    const wen = checkIns.filter((c) => c.person === "wen");
    expect(wen.map((c) => [c.day, c.session])).toEqual([
      ["2011-03-28", null],
      ["2011-03-29", null],
      ["2011-03-29", "ws-verifying"],
      ["2011-03-30", null],
    ]);
    expect(wen[0].checked_in_at).toBe(utc("2011-03-28", "17:40"));
    expect(new Set(checkIns.map((c) => c.person))).toEqual(new Set(["wen", "chang", "chen"]));
  });

  it("opens restricted sessions to their categories only", async () => {
    const restricted = await db()
      .selectFrom("session_categories")
      .innerJoin("sessions", "sessions.id", "session_categories.session_id")
      .innerJoin("registration_categories", "registration_categories.id", "session_categories.category_id")
      .select(["sessions.key", "registration_categories.name_en"])
      .orderBy("sessions.key")
      .execute();
    expect(restricted).toEqual([
      { key: "fca-welcome", name_en: "Foreign customs administration" },
      { key: "ws-isa-members", name_en: "ISA member" },
    ]);
  });

  it("links the demo delegates' accounts to their people and gives the door staff their role", async () => {
    const links = await db()
      .selectFrom("person_accounts")
      .innerJoin("users", "users.id", "person_accounts.user_id")
      .innerJoin("people", "people.id", "person_accounts.person_id")
      .select(["users.email", "people.key"])
      .orderBy("users.email")
      .execute();
    expect(links).toEqual([
      { email: "delegate@plenary.test", key: "wen" },
      { email: "korea@plenary.test", key: "kim" },
    ]);
    const staff = await db()
      .selectFrom("event_roles")
      .innerJoin("users", "users.id", "event_roles.user_id")
      .innerJoin("events", "events.id", "event_roles.event_id")
      .select(["events.slug", "event_roles.role"])
      .where("users.email", "=", "staff@plenary.test")
      .execute();
    expect(staff).toEqual([{ slug: "ctpat-2011", role: "staff" }]);
  });

  it("keeps badge codes, seats and check-ins as they are when loaded again", async () => {
    const snapshot = async () => ({
      codes: await db().selectFrom("registrations").select(["person_id", "badge_code"]).orderBy("person_id").execute(),
      seats: await db().selectFrom("sessions").select(["key", "seats_taken", "capacity"]).orderBy("key").execute(),
      checkIns: await db().selectFrom("check_ins").select(["registration_id", "day", "session_id", "checked_in_at"]).orderBy("id").execute(),
    });
    const before = await snapshot();
    await seedDemo(db(), new Date("2030-01-01T00:00:00.000Z"));
    expect(await snapshot()).toEqual(before);
  });
});

interface FixtureBilateral {
  key: string;
  day: string;
  start: string;
  end: string;
  sides: [string, string];
  attendees: string[];
  minutes: string[];
  minutes_zh: string[];
  action_items: Array<{ owner: string; text: string; text_zh?: string; due?: string }>;
}

describeEachEngine("demo bilateral meetings", ({ db }) => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  const fixtureMeetings = (conference as unknown as { bilateral_meetings: FixtureBilateral[] }).bilateral_meetings;
  it("opens two windows of 30-minute slots and the two bilateral rooms", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const windows = await db().selectFrom("bilateral_windows").select(["starts_at", "ends_at"]).where("event_id", "=", id).orderBy("starts_at").execute();
    expect(windows).toEqual([
      { starts_at: utc("2011-03-28", "13:00"), ends_at: utc("2011-03-28", "18:00") },
      { starts_at: utc("2011-03-29", "11:00"), ends_at: utc("2011-03-29", "15:00") },
    ]);
    const places = await db().selectFrom("bilateral_places").select(["name_en", "tables"]).where("event_id", "=", id).orderBy("position").execute();
    expect(places).toEqual([
      { name_en: "Bilateral Room 1", tables: 3 },
      { name_en: "Bilateral Room 2", tables: 3 },
    ]);
  });

  it("books Taiwan's three meetings at the report's times, with their attendees, minutes as written and action items", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const rows = await db()
      .selectFrom("bilaterals")
      .innerJoin("delegations as recipient", "recipient.id", "bilaterals.recipient_id")
      .innerJoin("delegations as requester", "requester.id", "bilaterals.requester_id")
      .select([
        "bilaterals.id",
        "requester.key as requester",
        "recipient.key as recipient",
        "bilaterals.starts_at",
        "bilaterals.ends_at",
        "bilaterals.length_slots",
      ])
      .where("bilaterals.event_id", "=", id)
      .where("bilaterals.status", "=", "booked")
      .orderBy("bilaterals.starts_at")
      .execute();
    expect(rows.map(({ requester, recipient, starts_at, ends_at }) => ({ requester, recipient, starts_at, ends_at }))).toEqual(
      fixtureMeetings.map((meeting) => ({
        requester: "tw",
        recipient: meeting.sides[1],
        starts_at: utc(meeting.day, meeting.start),
        ends_at: utc(meeting.day, meeting.end),
      })),
    );
    for (const [index, meeting] of fixtureMeetings.entries()) {
      const row = rows[index];
      const attendees = await db()
        .selectFrom("bilateral_attendees")
        .innerJoin("people", "people.id", "bilateral_attendees.person_id")
        .select("people.key")
        .where("bilateral_id", "=", row.id)
        .execute();
      expect(attendees.map((a) => a.key).sort(), meeting.key).toEqual([...meeting.attendees].sort());
      const minutes = await db().selectFrom("bilateral_minutes").select(["body_en", "body_zh"]).where("bilateral_id", "=", row.id).execute();
      expect(minutes, meeting.key).toEqual([{ body_en: meeting.minutes.join("\n\n"), body_zh: meeting.minutes_zh.join("\n\n") }]);
      const items = await db()
        .selectFrom("bilateral_action_items")
        .innerJoin("delegations", "delegations.id", "bilateral_action_items.owner_delegation_id")
        .select(["delegations.key as owner", "text_en", "text_zh", "due_on", "status"])
        .where("bilateral_id", "=", row.id)
        .orderBy("bilateral_action_items.id")
        .execute();
      expect(items, meeting.key).toEqual(
        meeting.action_items.map((item) => ({
          owner: item.owner,
          text_en: item.text,
          text_zh: item.text_zh ?? null,
          due_on: item.due ?? null,
          status: "open",
        })),
      );
      // Each slot of the meeting is claimed for both delegations, its table and every attendee.
      const claims = await db().selectFrom("bilateral_claims").select(["resource", "slot_start"]).where("bilateral_id", "=", row.id).execute();
      expect(claims, meeting.key).toHaveLength(row.length_slots * (3 + meeting.attendees.length));
      expect(row.length_slots * 30 * 60_000).toBe(Date.parse(row.ends_at!) - Date.parse(row.starts_at!));
    }
  });

  it("leaves requests between other delegations for their answer and for the scheduler", async () => {
    const id = await eventId(db(), "ctpat-2011");
    const open = await db()
      .selectFrom("bilaterals")
      .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
      .where("event_id", "=", id)
      .where("status", "!=", "booked")
      .groupBy("status")
      .orderBy("status")
      .execute();
    expect(open.map((row) => [row.status, Number(row.count)])).toEqual([
      ["accepted", 10],
      ["requested", 2],
    ]);
  });
});
