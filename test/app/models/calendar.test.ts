import { expect, it } from "vitest";
import { getEventCalendar, getEventCalendarVersion, getScheduleExport, getSessionCalendar } from "../../../app/models/calendar.server";
import { saveRoom } from "../../../app/models/rooms-and-tracks.server";
import { deleteSession, saveSession, type SessionInput } from "../../../app/models/session.server";
import { findReadableEvent, type ReadableEvent } from "../../../app/policy.server";
import type { Db } from "../../../db/client";
import { insertUser } from "../../support/app";
import { describeEachEngine } from "../../support/engines";
import { sessionInput } from "../../support/session-input";

let counter = 0;

async function sanDiegoEvent(db: Db): Promise<ReadableEvent> {
  counter += 1;
  const at = new Date().toISOString();
  const { slug } = await db
    .insertInto("events")
    .values({
      slug: `calendar-${counter}-${Date.now()}`,
      title_en: "C-TPAT",
      time_zone: "America/Los_Angeles",
      starts_on: "2011-03-28",
      ends_on: "2011-03-30",
      visibility: "public",
      created_at: at,
      updated_at: at,
    })
    .returning("slug")
    .executeTakeFirstOrThrow();
  const event = await findReadableEvent(db, slug, null);
  if (!event) throw new Error("a public event must be readable");
  return event;
}

const DAY = 24 * 3600 * 1000;

describeEachEngine("calendar model", ({ db }) => {
  let actor: number;

  async function save(event: ReadableEvent, overrides: Partial<SessionInput> = {}, sessionId?: number) {
    actor ??= (await insertUser(db())).id;
    const saved = await saveSession(db(), { event, input: sessionInput(overrides), actorUserId: actor, sessionId });
    if (!saved.ok) throw new Error(`not saved: ${JSON.stringify(saved)}`);
    return saved.sessionId;
  }

  async function room(event: ReadableEvent, name: string) {
    return db().insertInto("rooms").values({ event_id: event.id, name_en: name, name_zh: null, capacity: null }).returning("id").executeTakeFirstOrThrow();
  }

  async function person(name: string) {
    const at = new Date().toISOString();
    return db().insertInto("people").values({ name, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
  }

  /** A session in a room, on a track, with a speaker, in an event with a host organization: everything a feed entry shows. */
  async function sessionWithEverything() {
    const event = await sanDiegoEvent(db());
    const hall = await room(event, "Harbor Ballroom");
    const track = await db().insertInto("tracks").values({ event_id: event.id, name_en: "Trade", name_zh: null }).returning("id").executeTakeFirstOrThrow();
    const speaker = await person("Wen Wu-yen");
    const at = new Date().toISOString();
    const host = await db()
      .insertInto("organizations")
      .values({ name_en: "Host", kind: "customs", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = await save(event, { roomId: hall.id, trackId: track.id, people: [{ personId: speaker.id, role: "speaker", itemIndex: null }] });
    return { event, hall, track, speaker, host, id };
  }

  it("loads sessions with room, track and people, and filters them as the agenda does", async () => {
    const event = await sanDiegoEvent(db());
    const hall = await room(event, "Harbor Ballroom");
    const track = await db()
      .insertInto("tracks")
      .values({ event_id: event.id, name_en: "Supply chain", name_zh: "供應鏈" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const speaker = await person("Wen Wu-yen");
    const workshop = await save(event, { roomId: hall.id, trackId: track.id, people: [{ personId: speaker.id, role: "speaker", itemIndex: null }] });
    const plenary = await save(event, { type: "plenary", titleEn: "Opening plenary", startTime: "08:00", endTime: "09:00" });

    const { event: info, sessions } = await getEventCalendar(db(), { event });
    expect(info).toMatchObject({ id: event.id, slug: event.slug, timeZone: "America/Los_Angeles", title: { en: "C-TPAT", zh: null } });
    expect(sessions.map((s) => s.id)).toEqual([plenary, workshop]);
    expect(sessions[1]).toMatchObject({
      type: "workshop",
      title: { en: "Verifying Security Measures", zh: "實地查證安全措施" },
      startsAt: "2011-03-29T16:30:00.000Z",
      endsAt: "2011-03-29T18:00:00.000Z",
      status: "scheduled",
      sequence: 0,
      roomId: hall.id,
      room: { en: "Harbor Ballroom", zh: null },
      track: { en: "Supply chain", zh: "供應鏈" },
      people: [{ id: speaker.id, name: "Wen Wu-yen", nameNative: null, role: "speaker" }],
    });

    const only = async (filters: Parameters<typeof getEventCalendar>[1]["filters"]) =>
      (await getEventCalendar(db(), { event, filters })).sessions.map((s) => s.id);
    expect(await only({ type: "plenary" })).toEqual([plenary]);
    expect(await only({ roomId: hall.id })).toEqual([workshop]);
    expect(await only({ trackId: track.id })).toEqual([workshop]);
    expect(await only({ personId: speaker.id })).toEqual([workshop]);
  });

  it("raises the sequence on every save, and the version with it", async () => {
    const event = await sanDiegoEvent(db());
    const id = await save(event);
    const before = await getEventCalendarVersion(db(), { event });
    expect(await getEventCalendarVersion(db(), { event })).toEqual(before);
    await save(event, { startTime: "10:00", endTime: "11:30" }, id);
    const [moved] = (await getEventCalendar(db(), { event })).sessions;
    expect(moved).toMatchObject({ sequence: 1, startsAt: "2011-03-29T17:00:00.000Z" });
    const after = await getEventCalendarVersion(db(), { event });
    expect(after.key).not.toBe(before.key);
    expect(Date.parse(after.lastModified ?? "")).toBeGreaterThanOrEqual(Date.parse(before.lastModified ?? ""));
  });

  it("raises a session's SEQUENCE when its room, track, a listed person, the event's place or the host is renamed", async () => {
    const { event, hall, track, speaker, host, id } = await sessionWithEverything();
    const elsewhere = await save(event, { titleEn: "Elsewhere" });
    const sequenceOf = async (sessionId: number) =>
      await db().selectFrom("sessions").select(["sequence", "updated_at"]).where("id", "=", sessionId).executeTakeFirstOrThrow();

    const renames: Array<[string, () => Promise<unknown>, boolean]> = [
      ["room renamed", () => db().updateTable("rooms").set({ name_en: "Seaport Room" }).where("id", "=", hall.id).execute(), false],
      ["track renamed", () => db().updateTable("tracks").set({ name_zh: "貿易" }).where("id", "=", track.id).execute(), false],
      ["speaker renamed", () => db().updateTable("people").set({ name_native: "溫武彥" }).where("id", "=", speaker.id).execute(), false],
      ["event's venue", () => db().updateTable("events").set({ venue: "Town and Country Resort" }).where("id", "=", event.id).execute(), true],
      ["event's host", () => db().updateTable("events").set({ host_organization_id: host.id }).where("id", "=", event.id).execute(), true],
      ["host renamed", () => db().updateTable("organizations").set({ name_en: "Host Customs" }).where("id", "=", host.id).execute(), true],
    ];
    for (const [what, rename, everySession] of renames) {
      const [before, beforeElsewhere] = [await sequenceOf(id), await sequenceOf(elsewhere)];
      await rename();
      const [after, afterElsewhere] = [await sequenceOf(id), await sequenceOf(elsewhere)];
      expect(after.sequence, what).toBeGreaterThan(before.sequence);
      expect(after.updated_at >= before.updated_at, what).toBe(true);
      // Only the sessions that show the renamed thing change.
      expect(afterElsewhere.sequence > beforeElsewhere.sequence, what).toBe(everySession);
    }
  });

  it("keeps the version while only seats are taken or nothing shown changes", async () => {
    const event = await sanDiegoEvent(db());
    const id = await save(event, { capacity: 10 });
    const before = await getEventCalendarVersion(db(), { event });
    await db().updateTable("sessions").set({ seats_taken: 3 }).where("id", "=", id).execute();
    await db()
      .updateTable("people")
      .set({ email: "someone@example.test" })
      .where("id", "=", (await person("Unlisted")).id)
      .execute();
    expect(await getEventCalendarVersion(db(), { event })).toEqual(before);
  });

  it("changes the version with every table a feed shows: sessions, their people, rooms, tracks, names and the host", async () => {
    const { event, hall, track, host, id } = await sessionWithEverything();
    await db().updateTable("events").set({ host_organization_id: host.id }).where("id", "=", event.id).execute();
    const other = await sanDiegoEvent(db());
    const otherBefore = await getEventCalendarVersion(db(), { event: other });

    const changes: Array<[string, () => Promise<unknown>]> = [
      ["track renamed", () => db().updateTable("tracks").set({ name_en: "Trade facilitation" }).where("id", "=", track.id).execute()],
      ["speaker's role", () => db().updateTable("session_people").set({ role: "moderator" }).where("session_id", "=", id).execute()],
      ["speaker removed", () => db().deleteFrom("session_people").where("session_id", "=", id).execute()],
      ["host renamed", () => db().updateTable("organizations").set({ name_en: "Host Customs" }).where("id", "=", host.id).execute()],
      ["room deleted", () => db().deleteFrom("rooms").where("id", "=", hall.id).execute()],
      ["session inserted", () => save(event, { titleEn: "Another" })],
    ];
    for (const [what, change] of changes) {
      const before = await getEventCalendarVersion(db(), { event });
      await change();
      expect((await getEventCalendarVersion(db(), { event })).key, what).not.toBe(before.key);
    }
    // Another event's feeds are not touched by any of it.
    expect(await getEventCalendarVersion(db(), { event: other })).toEqual(otherBefore);
  });

  it("changes the version when a room is renamed, a speaker's name changes or a session is deleted", async () => {
    const event = await sanDiegoEvent(db());
    const hall = await room(event, "Harbor Ballroom");
    const speaker = await person("Wen Wu-yen");
    const id = await save(event, { roomId: hall.id, people: [{ personId: speaker.id, role: "speaker", itemIndex: null }] });
    const versions = [await getEventCalendarVersion(db(), { event })];

    expect(
      await saveRoom(db(), {
        eventId: event.id,
        roomId: hall.id,
        input: { nameEn: "Seaport Room", nameZh: null, capacity: null, position: 0 },
        actorUserId: actor,
      }),
    ).toBe(true);
    versions.push(await getEventCalendarVersion(db(), { event }));

    await db()
      .updateTable("people")
      .set({ name: "WEN Wu-yen", updated_at: new Date(Date.now() + 1000).toISOString() })
      .where("id", "=", speaker.id)
      .execute();
    versions.push(await getEventCalendarVersion(db(), { event }));

    await deleteSession(db(), { eventId: event.id, sessionId: id, actorUserId: actor });
    versions.push(await getEventCalendarVersion(db(), { event }));

    expect(new Set(versions.map((version) => version.key)).size).toBe(4);
  });

  it("keeps a cancelled session as cancelled for 30 days after its end, then drops it", async () => {
    const event = await sanDiegoEvent(db());
    const kept = await save(event);
    const cancelled = await save(event, { titleEn: "Site visit", status: "cancelled" });
    const end = Date.parse("2011-03-29T18:00:00.000Z");
    const within = new Date(end + 29 * DAY);
    const after = new Date(end + 31 * DAY);

    const inWindow = (await getEventCalendar(db(), { event, now: within })).sessions;
    expect(inWindow.map((s) => [s.id, s.status])).toEqual([
      [kept, "scheduled"],
      [cancelled, "cancelled"],
    ]);
    expect((await getEventCalendar(db(), { event, now: after })).sessions.map((s) => s.id)).toEqual([kept]);
    // A client revalidating after the 30 days gets the shorter feed, not a 304.
    expect((await getEventCalendarVersion(db(), { event, now: within })).key).not.toBe((await getEventCalendarVersion(db(), { event, now: after })).key);

    // The schedule exports list what is on, never what was cancelled.
    expect((await getScheduleExport(db(), event)).sessions.map((s) => s.id)).toEqual([kept]);
  });

  it("gives one session of the event, and nothing for another event's", async () => {
    const event = await sanDiegoEvent(db());
    const other = await sanDiegoEvent(db());
    const id = await save(event);
    expect((await getSessionCalendar(db(), { event, sessionId: id }))?.sessions.map((s) => s.id)).toEqual([id]);
    expect(await getSessionCalendar(db(), { event: other, sessionId: id })).toBeUndefined();
  });
});
