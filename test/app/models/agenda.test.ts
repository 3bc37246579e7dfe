import { describe, expect, it } from "vitest";
import { deleteSession, getSessionForEditing, listEventConflicts, saveSession, type SessionInput } from "../../../app/models/session.server";
import { getDayProgram, type AgendaEvent } from "../../../app/models/agenda.server";
import { findReadableEvent, type ReadableEvent } from "../../../app/policy.server";
import { saveRoom } from "../../../app/models/rooms-and-tracks.server";
import { utcToLocal } from "../../../lib/zoned-time";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { insertUser } from "../../support/app";
import { sessionInput } from "../../support/session-input";

let counter = 0;

/** A public event, as the policy hands it to readers (it is also a plain AgendaEvent for the writes). */
async function sanDiegoEvent(db: Db, { startsOn = "2011-03-28", endsOn = "2011-03-30" } = {}): Promise<ReadableEvent> {
  counter += 1;
  const at = new Date().toISOString();
  const { slug } = await db
    .insertInto("events")
    .values({ slug: `agenda-${counter}-${Date.now()}`, title_en: "C-TPAT", time_zone: "America/Los_Angeles", starts_on: startsOn, ends_on: endsOn, visibility: "public", created_at: at, updated_at: at })
    .returning("slug")
    .executeTakeFirstOrThrow();
  const event = await findReadableEvent(db, slug, null);
  if (!event) throw new Error("a public event must be readable");
  return event;
}

async function person(db: Db, name: string) {
  const at = new Date().toISOString();
  return db.insertInto("people").values({ name, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
}

async function room(db: Db, eventId: number, name: string, capacity: number | null = null) {
  return db.insertInto("rooms").values({ event_id: eventId, name_en: name, capacity }).returning("id").executeTakeFirstOrThrow();
}


describeEachEngine("agenda model", ({ db }) => {
  let actor: number;

  async function save(event: AgendaEvent, overrides: Partial<SessionInput> = {}, sessionId?: number) {
    actor ??= (await insertUser(db())).id;
    return saveSession(db(), { event, input: sessionInput(overrides), actorUserId: actor, sessionId });
  }

  describe("saving sessions in the event's local time", () => {
    it("stores San Diego wall-clock times as UTC and reads them back the same way", async () => {
      const event = await sanDiegoEvent(db());
      const saved = await save(event, { day: "2011-03-28", startTime: "15:00", endTime: "17:00", titleEn: "Bilateral with the U.S." });
      expect(saved.ok).toBe(true);
      if (!saved.ok) return;
      const row = await db().selectFrom("sessions").select(["starts_at", "ends_at"]).where("id", "=", saved.sessionId).executeTakeFirstOrThrow();
      expect(row).toEqual({ starts_at: "2011-03-28T22:00:00.000Z", ends_at: "2011-03-29T00:00:00.000Z" });
      expect(utcToLocal(row.starts_at, "Asia/Taipei")).toEqual({ day: "2011-03-29", time: "06:00" });
      const editing = await getSessionForEditing(db(), event, saved.sessionId);
      expect(editing).toMatchObject({ day: "2011-03-28", startTime: "15:00", endTime: "17:00" });
    });

    it("handles the 2011-03-13 daylight-saving change: refuses the skipped hour, keeps later times right", async () => {
      const event = await sanDiegoEvent(db(), { startsOn: "2011-03-12", endsOn: "2011-03-14" });
      const skipped = await save(event, { day: "2011-03-13", startTime: "02:30", endTime: "04:00" });
      expect(skipped).toEqual({ ok: false, problems: { startTime: ["nonexistent_time"] } });
      const before = await save(event, { day: "2011-03-12", startTime: "09:00", endTime: "10:00" });
      const after = await save(event, { day: "2011-03-13", startTime: "09:00", endTime: "10:00" });
      if (!before.ok || !after.ok) throw new Error("expected both saves to succeed");
      const rows = await db().selectFrom("sessions").select(["id", "starts_at"]).where("event_id", "=", event.id).orderBy("starts_at").execute();
      expect(rows.map((r) => r.starts_at)).toEqual(["2011-03-12T17:00:00.000Z", "2011-03-13T16:00:00.000Z"]);
    });

    it("refuses an end not after its start and a day outside the event, storing nothing", async () => {
      const event = await sanDiegoEvent(db());
      expect(await save(event, { startTime: "11:00", endTime: "09:30" })).toEqual({ ok: false, problems: { endTime: ["end_not_after_start"] } });
      expect(await save(event, { day: "2011-03-31" })).toEqual({ ok: false, problems: { day: ["outside_event_days"] } });
      const rows = await db().selectFrom("sessions").select("id").where("event_id", "=", event.id).execute();
      expect(rows).toHaveLength(0);
    });

    it("reports a session of another event as not found and changes nothing", async () => {
      const event = await sanDiegoEvent(db());
      const other = await sanDiegoEvent(db());
      const theirs = await save(other, { titleEn: "Theirs" });
      if (!theirs.ok) throw new Error("expected the save to succeed");
      expect(await save(event, { titleEn: "Mine now" }, theirs.sessionId)).toEqual({ ok: false, notFound: true });
      const row = await db().selectFrom("sessions").select(["event_id", "title_en"]).where("id", "=", theirs.sessionId).executeTakeFirstOrThrow();
      expect(row).toEqual({ event_id: other.id, title_en: "Theirs" });
    });

    it("refuses items outside the session and rooms of another event", async () => {
      const event = await sanDiegoEvent(db());
      const other = await sanDiegoEvent(db());
      const foreignRoom = await room(db(), other.id, "Elsewhere");
      const result = await save(event, {
        roomId: foreignRoom.id,
        items: [{ titleEn: "Late item", titleZh: null, startTime: "10:30", endTime: "11:30" }],
      });
      expect(result).toEqual({
        ok: false,
        problems: { roomId: ["unknown_room"], "items[0].startTime": ["item_outside_session"] },
      });
    });

    it("keeps items and people in order, with the item a person speaks in", async () => {
      const event = await sanDiegoEvent(db());
      const ochoa = await person(db(), "Carlos E. Ochoa");
      const skinner = await person(db(), "Bradd M. Skinner");
      const saved = await save(event, {
        type: "meeting",
        titleEn: "Foreign Customs Administrations Welcome Meeting",
        startTime: "08:00",
        endTime: "09:00",
        items: [
          { titleEn: "Welcome / logistics", titleZh: null, startTime: "08:00", endTime: "08:10" },
          { titleEn: "Director's welcome", titleZh: null, startTime: "08:40", endTime: "08:55" },
        ],
        people: [
          { personId: ochoa.id, role: "speaker", itemIndex: 0 },
          { personId: skinner.id, role: "speaker", itemIndex: 1 },
        ],
      });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
      const editing = await getSessionForEditing(db(), event, saved.sessionId);
      expect(editing?.items.map((item) => [item.position, item.startTime, item.endTime])).toEqual([
        [1, "08:00", "08:10"],
        [2, "08:40", "08:55"],
      ]);
      expect(editing?.people).toEqual([
        { personId: ochoa.id, role: "speaker", itemIndex: 0 },
        { personId: skinner.id, role: "speaker", itemIndex: 1 },
      ]);
      const resaved = await save(event, { titleEn: "Renamed", startTime: "08:00", endTime: "09:00", people: [] }, saved.sessionId);
      expect(resaved.ok).toBe(true);
      const left = await db().selectFrom("session_people").select("person_id").where("session_id", "=", saved.sessionId).execute();
      expect(left).toHaveLength(0);
    });
  });

  describe("conflicts", () => {
    it("warns after saving when a speaker is booked twice, and lists it until resolved", async () => {
      const event = await sanDiegoEvent(db());
      const skinner = await person(db(), "Bradd M. Skinner");
      const first = await save(event, { titleEn: "State of the Program", day: "2011-03-30", startTime: "10:15", endTime: "11:00", people: [{ personId: skinner.id, role: "speaker", itemIndex: null }] });
      const second = await save(event, { titleEn: "Field offices panel", type: "panel", day: "2011-03-30", startTime: "10:45", endTime: "11:45", people: [{ personId: skinner.id, role: "moderator", itemIndex: null }] });
      if (!first.ok || !second.ok) throw new Error("expected both saves to succeed");
      expect(second.warnings).toEqual([
        { kind: "person_double_booked", personId: skinner.id, sessionIds: [first.sessionId, second.sessionId], startsAt: "2011-03-30T17:15:00.000Z", endsAt: "2011-03-30T18:45:00.000Z" },
      ]);
      expect((await listEventConflicts(db(), event)).conflicts).toHaveLength(1);
      const moved = await save(event, { titleEn: "Field offices panel", type: "panel", day: "2011-03-30", startTime: "11:00", endTime: "11:45", people: [{ personId: skinner.id, role: "moderator", itemIndex: null }] }, second.sessionId);
      expect(moved).toMatchObject({ ok: true, warnings: [] });
      expect((await listEventConflicts(db(), event)).conflicts).toEqual([]);
    });

    it("warns when a speaker is put in a session during a bilateral meeting they attend, and not once the meeting is cancelled", async () => {
      const event = await sanDiegoEvent(db());
      const wen = await person(db(), "Wen Wu-yen");
      const at = new Date().toISOString();
      const delegations = [];
      for (const key of ["tw", "kr"]) {
        delegations.push(
          (await db().insertInto("delegations").values({ event_id: event.id, key, name_en: key, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow()).id,
        );
      }
      const place = await db().insertInto("bilateral_places").values({ event_id: event.id, name_en: "Bilateral Room 1", tables: 1 }).returning("id").executeTakeFirstOrThrow();
      const meeting = await db()
        .insertInto("bilaterals")
        .values({
          event_id: event.id,
          requester_id: delegations[0],
          recipient_id: delegations[1],
          topic: "Mutual recognition",
          length_slots: 2,
          priority: "high",
          status: "booked",
          starts_at: "2011-03-29T18:30:00.000Z",
          ends_at: "2011-03-29T19:30:00.000Z",
          place_id: place.id,
          table_number: 1,
          booked_via: "agreed",
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("bilateral_attendees").values({ bilateral_id: meeting.id, person_id: wen.id, delegation_id: delegations[0] }).execute();
      const saved = await save(event, { titleEn: "AEO panel", day: "2011-03-29", startTime: "12:00", endTime: "13:00", people: [{ personId: wen.id, role: "speaker", itemIndex: null }] });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
      expect(saved.warnings).toEqual([
        { kind: "person_in_meeting", personId: wen.id, sessionId: saved.sessionId, meetingId: meeting.id, startsAt: "2011-03-29T18:30:00.000Z", endsAt: "2011-03-29T19:30:00.000Z" },
      ]);
      await db().updateTable("bilaterals").set({ status: "cancelled", starts_at: null, ends_at: null, place_id: null, table_number: null, booked_via: null }).where("id", "=", meeting.id).execute();
      expect((await listEventConflicts(db(), event)).conflicts).toEqual([]);
    });

    it("finds a room booked twice and a session above the room's capacity", async () => {
      const event = await sanDiegoEvent(db());
      const harborA = await room(db(), event.id, "Harbor A", 80);
      const first = await save(event, { roomId: harborA.id });
      const second = await save(event, { roomId: harborA.id, startTime: "10:00", endTime: "10:30", capacity: 120 });
      if (!first.ok || !second.ok) throw new Error("expected both saves to succeed");
      expect(second.warnings).toEqual([
        { kind: "room_double_booked", roomId: harborA.id, sessionIds: [first.sessionId, second.sessionId], startsAt: "2011-03-29T16:30:00.000Z", endsAt: "2011-03-29T18:00:00.000Z" },
        { kind: "over_room_capacity", sessionId: second.sessionId, roomId: harborA.id, capacity: 120, roomCapacity: 80 },
      ]);
    });

    it("lists a chain of overlapping sessions in a room as one conflict, which a cancelled link breaks", async () => {
      const event = await sanDiegoEvent(db());
      const harborB = await room(db(), event.id, "Harbor B");
      const inRoom = { roomId: harborB.id };
      const a = await save(event, { ...inRoom, titleEn: "A", startTime: "09:00", endTime: "10:00" });
      const b = await save(event, { ...inRoom, titleEn: "B", startTime: "09:45", endTime: "11:00" });
      const c = await save(event, { ...inRoom, titleEn: "C", startTime: "10:30", endTime: "12:00" });
      if (!a.ok || !b.ok || !c.ok) throw new Error("expected the saves to succeed");
      const group = { kind: "room_double_booked", roomId: harborB.id, sessionIds: [a.sessionId, b.sessionId, c.sessionId], startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T19:00:00.000Z" };
      expect(c.warnings).toEqual([group]);
      expect((await listEventConflicts(db(), event)).conflicts).toEqual([group]);
      const cancelled = await save(event, { ...inRoom, titleEn: "B", startTime: "09:45", endTime: "11:00", status: "cancelled" }, b.sessionId);
      expect(cancelled).toMatchObject({ ok: true, warnings: [] });
      expect((await listEventConflicts(db(), event)).conflicts).toEqual([]);
    });

    it("lists sessions left outside the event's days when the days change", async () => {
      const event = await sanDiegoEvent(db());
      const saved = await save(event, { day: "2011-03-30" });
      if (!saved.ok) throw new Error("expected the save to succeed");
      await db().updateTable("events").set({ ends_on: "2011-03-29" }).where("id", "=", event.id).execute();
      const { conflicts } = await listEventConflicts(db(), { ...event, ends_on: "2011-03-29" });
      expect(conflicts).toEqual([{ kind: "outside_event_days", sessionId: saved.sessionId }]);
    });
  });

  describe("reading a day", () => {
    it("returns the day's sessions in the event's zone with filters and people", async () => {
      const event = await sanDiegoEvent(db());
      const harborA = await room(db(), event.id, "Harbor A");
      const wright = await person(db(), "Gordon Wright");
      await save(event, { titleEn: "Advanced Conveyance Inspection", titleZh: "進階運輸工具檢查", roomId: harborA.id });
      await save(event, { titleEn: "Supply Chain Security - A Global Perspective", titleZh: "全球觀點下的供應鏈安全", startTime: "15:00", endTime: "16:30", people: [{ personId: wright.id, role: "speaker", itemIndex: null }] });
      // 16:30 local on the 29th is 23:30Z, and 17:30 local is already the 30th in UTC: still the 29th here.
      await save(event, { titleEn: "Evening reception", type: "reception", startTime: "17:30", endTime: "19:00", status: "cancelled" });
      await save(event, { titleEn: "Next day", day: "2011-03-30" });

      const day = await getDayProgram(db(), { event, day: "2011-03-29" });
      expect(day.sessions.map((s) => s.title_en)).toEqual(["Advanced Conveyance Inspection", "Supply Chain Security - A Global Perspective", "Evening reception"]);
      expect(day.sessions[2].status).toBe("cancelled");
      expect(day.sessions[1].people).toEqual([{ id: wright.id, name: "Gordon Wright", nameNative: null, role: "speaker" }]);

      const byRoom = await getDayProgram(db(), { event, day: "2011-03-29", filters: { roomId: harborA.id } });
      expect(byRoom.sessions.map((s) => s.title_en)).toEqual(["Advanced Conveyance Inspection"]);
      const byType = await getDayProgram(db(), { event, day: "2011-03-29", filters: { type: "reception" } });
      expect(byType.sessions.map((s) => s.title_en)).toEqual(["Evening reception"]);
      const byPerson = await getDayProgram(db(), { event, day: "2011-03-29", filters: { query: "WRIGHT" } });
      expect(byPerson.sessions.map((s) => s.title_en)).toEqual(["Supply Chain Security - A Global Perspective"]);
      const byChinese = await getDayProgram(db(), { event, day: "2011-03-29", filters: { query: "運輸" } });
      expect(byChinese.sessions.map((s) => s.title_en)).toEqual(["Advanced Conveyance Inspection"]);
      const literal = await getDayProgram(db(), { event, day: "2011-03-29", filters: { query: "%" } });
      expect(literal.sessions).toEqual([]);
    });
  });

  it("deletes a session of its own event only, handing back its files' stored names", async () => {
    const event = await sanDiegoEvent(db());
    const other = await sanDiegoEvent(db());
    const saved = await save(event);
    if (!saved.ok) throw new Error("expected the save to succeed");
    await db()
      .insertInto("attachments")
      .values({ session_id: saved.sessionId, annex_label: "Annex 9", file_name: "slides.pdf", stored_name: `delete-${saved.sessionId}.pdf`, content_type: "application/pdf", size_bytes: 3, uploaded_by: null, created_at: new Date().toISOString() })
      .execute();
    expect(await deleteSession(db(), { eventId: other.id, sessionId: saved.sessionId, actorUserId: actor })).toBeUndefined();
    expect(await deleteSession(db(), { eventId: event.id, sessionId: saved.sessionId, actorUserId: actor })).toEqual([`delete-${saved.sessionId}.pdf`]);
    const left = await db().selectFrom("attachments").select("id").where("session_id", "=", saved.sessionId).execute();
    expect(left).toEqual([]);
  });

  it("refuses to update a room of another event", async () => {
    const event = await sanDiegoEvent(db());
    const other = await sanDiegoEvent(db());
    const foreign = await room(db(), other.id, "Theirs");
    actor ??= (await insertUser(db())).id;
    expect(await saveRoom(db(), { eventId: event.id, roomId: foreign.id, input: { nameEn: "Mine", nameZh: null, capacity: 10, position: 0 }, actorUserId: actor })).toBe(false);
    const row = await db().selectFrom("rooms").select("name_en").where("id", "=", foreign.id).executeTakeFirstOrThrow();
    expect(row.name_en).toBe("Theirs");
  });
});
