import { beforeAll, describe, expect, it } from "vitest";
import {
  addActionItem,
  getMeeting,
  removeActionItem,
  saveMinutes,
  saveNote,
  setActionItemStatus,
  updateActionItem,
  type MeetingWriter,
} from "../../../app/models/bilateral-meeting.server";
import { createDb, type Db } from "../../../db/client";
import type { BilateralStatus } from "../../../db/schema";
import { createTestDatabase, describeEachEngine, ENGINES, postgresEnabled } from "../../support/engines";
import { insertEvent, insertUser } from "../../support/app";

/** An event with three delegations (Taiwan, Korea, Japan) and a place of two tables. */
async function insertMeetingEvent(db: Db) {
  const at = new Date().toISOString();
  const event = await insertEvent(db);
  const delegation = async (key: string, name_en: string, name_zh: string | null, country: string) =>
    (
      await db
        .insertInto("delegations")
        .values({ event_id: event.id, key, name_en, name_zh, country, created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const tw = await delegation("tw", "Taiwan", "臺灣", "TW");
  const kr = await delegation("kr", "Korea", null, "KR");
  const jp = await delegation("jp", "Japan", "日本", "JP");
  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Bilateral Room 1", name_zh: "雙邊會談室一", tables: 2 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const twWriter = await insertUser(db, { name: "Wen Wu-yen" });
  const krWriter = await insertUser(db, { name: "Kim Jai-il" });
  return { event, tw, kr, jp, placeId: place.id, twWriter, krWriter };
}
type MeetingEvent = Awaited<ReturnType<typeof insertMeetingEvent>>;

/** A meeting between Taiwan and Korea: booked at table 2, or in another status without time and place. */
async function insertMeeting(db: Db, world: MeetingEvent, status: BilateralStatus = "booked") {
  const at = new Date().toISOString();
  const booked = status === "booked";
  const row = await db
    .insertInto("bilaterals")
    .values({
      event_id: world.event.id,
      requester_id: world.tw,
      recipient_id: world.kr,
      topic: "AEO mutual recognition",
      length_slots: 2,
      priority: "normal",
      status,
      starts_at: booked ? "2011-03-28T20:00:00.000Z" : null,
      ends_at: booked ? "2011-03-28T21:00:00.000Z" : null,
      place_id: booked ? world.placeId : null,
      table_number: booked ? 2 : null,
      booked_via: booked ? "agreed" : null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const writerFor = (world: MeetingEvent, bilateralId: number, side: "tw" | "kr"): MeetingWriter => ({
  eventId: world.event.id,
  bilateralId,
  side: world[side],
  userId: (side === "tw" ? world.twWriter : world.krWriter).id,
});

describeEachEngine("bilateral meeting", ({ db }) => {
  let world: MeetingEvent;
  beforeAll(async () => {
    world = await insertMeetingEvent(db());
  });

  it("keeps every version of the minutes with its author, side and time, newest first, text exactly as written", async () => {
    const id = await insertMeeting(db(), world);
    const first = await saveMinutes(db(), {
      ...writerFor(world, id, "tw"),
      baseRevisionId: null,
      body_en: "  Both sides agreed to exchange AEO lists.\n",
      body_zh: null,
    });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = await saveMinutes(db(), {
      ...writerFor(world, id, "kr"),
      baseRevisionId: first.revisionId,
      body_en: "Both sides agreed to exchange AEO lists by June.",
      body_zh: "雙方同意於六月前交換優質企業名單。",
    });
    expect(second.ok).toBe(true);
    if (!second.ok) return;

    const meeting = await getMeeting(db(), world.event.id, id, { side: world.tw });
    const record = meeting?.record;
    expect(record?.minutes).toMatchObject({
      id: second.revisionId,
      body_zh: "雙方同意於六月前交換優質企業名單。",
      authorName: "Kim Jai-il",
      authorDelegation: { id: world.kr, name_en: "Korea" },
    });
    expect(record?.history.map((version) => [version.id, version.authorName, version.authorDelegation?.id, version.body_en])).toEqual([
      [second.revisionId, "Kim Jai-il", world.kr, "Both sides agreed to exchange AEO lists by June."],
      [first.revisionId, "Wen Wu-yen", world.tw, "  Both sides agreed to exchange AEO lists.\n"],
    ]);
    for (const version of record?.history ?? []) expect(Date.parse(version.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(record?.history[1].body_zh).toBeNull();
  });

  it("refuses a save written on an older version (nothing stored), empty minutes, and too long a text", async () => {
    const id = await insertMeeting(db(), world);
    const first = await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: null, body_en: "First", body_zh: null });
    if (!first.ok) throw new Error(first.problem);
    await saveMinutes(db(), { ...writerFor(world, id, "kr"), baseRevisionId: first.revisionId, body_en: "Korea's version", body_zh: null });

    expect(await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: first.revisionId, body_en: "Taiwan's late edit", body_zh: null })).toEqual({
      ok: false,
      problem: "stale",
    });
    expect(await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: null, body_en: "As if there were none", body_zh: null })).toEqual({
      ok: false,
      problem: "stale",
    });
    expect(await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: first.revisionId, body_en: " \n ", body_zh: "" })).toEqual({
      ok: false,
      problem: "empty",
    });
    expect(await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: first.revisionId, body_en: null, body_zh: "長".repeat(20_001) })).toEqual({
      ok: false,
      problem: "too_long",
    });
    const history = (await getMeeting(db(), world.event.id, id, { side: world.tw }))?.record?.history;
    expect(history?.map((version) => version.body_en)).toEqual(["Korea's version", "First"]);
  });

  it("takes minutes, notes and items only from a side of a booked meeting of the event", async () => {
    const id = await insertMeeting(db(), world);
    const japan = { ...writerFor(world, id, "tw"), side: world.jp };
    expect(await saveMinutes(db(), { ...japan, baseRevisionId: null, body_en: "Japan writes", body_zh: null })).toEqual({ ok: false, problem: "not_found" });
    expect(await saveNote(db(), { ...japan, body: "Japan's note" })).toEqual({ ok: false, problem: "not_found" });
    const elsewhere = await insertEvent(db());
    expect(await saveMinutes(db(), { ...writerFor(world, id, "tw"), eventId: elsewhere.id, baseRevisionId: null, body_en: "x", body_zh: null })).toEqual({
      ok: false,
      problem: "not_found",
    });

    for (const status of ["requested", "accepted", "cancelled"] as const) {
      const other = await insertMeeting(db(), world, status);
      const writer = writerFor(world, other, "tw");
      expect(await saveMinutes(db(), { ...writer, baseRevisionId: null, body_en: "Too early", body_zh: null })).toEqual({ ok: false, problem: "not_booked" });
      expect(await saveNote(db(), { ...writer, body: "Too early" })).toEqual({ ok: false, problem: "not_booked" });
      expect(await addActionItem(db(), { ...writer, ownerId: world.tw, text_en: "Too early", text_zh: null, dueOn: null })).toEqual({
        ok: false,
        problem: "not_booked",
      });
      expect((await getMeeting(db(), world.event.id, other, { side: world.tw }))?.record).toMatchObject({
        writable: false,
        minutes: null,
        note: null,
        actionItems: [],
      });
    }
    expect(await db().selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", id).execute()).toEqual([]);
    expect(await db().selectFrom("bilateral_notes").select("body").where("bilateral_id", "=", id).execute()).toEqual([]);
  });

  it("keeps each side's note to that side: replaced on save, deleted when blank", async () => {
    const id = await insertMeeting(db(), world);
    expect(await saveNote(db(), { ...writerFor(world, id, "tw"), body: "Taiwan only: push for June" })).toEqual({ ok: true, deleted: false });
    expect(await saveNote(db(), { ...writerFor(world, id, "kr"), body: "Korea only: July is fine" })).toEqual({ ok: true, deleted: false });
    expect(await saveNote(db(), { ...writerFor(world, id, "tw"), body: "Taiwan only: push for May" })).toEqual({ ok: true, deleted: false });

    expect((await getMeeting(db(), world.event.id, id, { side: world.tw }))?.record?.note?.body).toBe("Taiwan only: push for May");
    expect((await getMeeting(db(), world.event.id, id, { side: world.kr }))?.record?.note?.body).toBe("Korea only: July is fine");
    expect(await saveNote(db(), { ...writerFor(world, id, "tw"), body: "x".repeat(20_001) })).toEqual({ ok: false, problem: "too_long" });

    expect(await saveNote(db(), { ...writerFor(world, id, "kr"), body: "   " })).toEqual({ ok: true, deleted: true });
    expect((await getMeeting(db(), world.event.id, id, { side: world.kr }))?.record?.note).toBeNull();
    expect((await getMeeting(db(), world.event.id, id, { side: world.tw }))?.record?.note?.body).toBe("Taiwan only: push for May");
  });

  it("adds, edits, closes and removes action items owned by either side, and refuses items that break the rules", async () => {
    const id = await insertMeeting(db(), world);
    const tw = writerFor(world, id, "tw");
    const kr = writerFor(world, id, "kr");
    const added = await addActionItem(db(), { ...tw, ownerId: world.kr, text_en: null, text_zh: "提供聯絡窗口名單", dueOn: "2011-06-30" });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const second = await addActionItem(db(), { ...kr, ownerId: world.tw, text_en: "Send the validation checklist", text_zh: null, dueOn: null });
    if (!second.ok) throw new Error(second.problem);

    expect(await addActionItem(db(), { ...tw, ownerId: world.jp, text_en: "Japan does it", text_zh: null, dueOn: null })).toEqual({
      ok: false,
      problem: "owner_not_side",
    });
    expect(await addActionItem(db(), { ...tw, ownerId: world.tw, text_en: " ", text_zh: null, dueOn: null })).toEqual({ ok: false, problem: "text_required" });
    expect(await addActionItem(db(), { ...tw, ownerId: world.tw, text_en: "x".repeat(1001), text_zh: null, dueOn: null })).toEqual({
      ok: false,
      problem: "too_long",
    });
    expect(await addActionItem(db(), { ...tw, ownerId: world.tw, text_en: "Late", text_zh: null, dueOn: "2011-02-30" })).toEqual({
      ok: false,
      problem: "invalid_due_date",
    });
    expect(await updateActionItem(db(), { ...tw, itemId: added.itemId, ownerId: world.jp, text_en: "x", text_zh: null, dueOn: null })).toEqual({
      ok: false,
      problem: "owner_not_side",
    });

    expect(
      await updateActionItem(db(), {
        ...kr,
        itemId: added.itemId,
        ownerId: world.kr,
        text_en: "List of contact points",
        text_zh: "提供聯絡窗口名單",
        dueOn: "2011-07-15",
      }),
    ).toEqual({ ok: true });
    expect(await setActionItemStatus(db(), { ...tw, itemId: second.itemId, status: "done" })).toEqual({ ok: true });

    // An item of another meeting is not reachable through this one.
    const other = await insertMeeting(db(), world);
    const foreign = await addActionItem(db(), { ...writerFor(world, other, "tw"), ownerId: world.tw, text_en: "Other meeting's", text_zh: null, dueOn: null });
    if (!foreign.ok) throw new Error(foreign.problem);
    expect(await setActionItemStatus(db(), { ...tw, itemId: foreign.itemId, status: "dropped" })).toEqual({ ok: false, problem: "not_found" });
    expect(await removeActionItem(db(), { ...tw, itemId: foreign.itemId })).toEqual({ ok: false, problem: "not_found" });
    expect(await removeActionItem(db(), { ...writerFor(world, id, "tw"), side: world.jp, itemId: added.itemId })).toEqual({ ok: false, problem: "not_found" });

    const items = (await getMeeting(db(), world.event.id, id, { side: world.kr }))?.record?.actionItems;
    expect(items?.map(({ id: itemId, ownerId, text_en, text_zh, dueOn, status }) => ({ itemId, ownerId, text_en, text_zh, dueOn, status }))).toEqual([
      { itemId: added.itemId, ownerId: world.kr, text_en: "List of contact points", text_zh: "提供聯絡窗口名單", dueOn: "2011-07-15", status: "open" },
      { itemId: second.itemId, ownerId: world.tw, text_en: "Send the validation checklist", text_zh: null, dueOn: null, status: "done" },
    ]);
    expect(await removeActionItem(db(), { ...kr, itemId: second.itemId })).toEqual({ ok: true });
    expect((await getMeeting(db(), world.event.id, id, { side: world.tw }))?.record?.actionItems.map((item) => item.id)).toEqual([added.itemId]);
  });

  it("shows an organizer who is not a side when and where, and nothing the sides wrote", async () => {
    const id = await insertMeeting(db(), world);
    const personId = (
      await db()
        .insertInto("people")
        .values({ name: "Wen Wu-yen", created_at: new Date().toISOString(), updated_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db().insertInto("bilateral_attendees").values({ bilateral_id: id, person_id: personId, delegation_id: world.tw }).execute();
    await saveMinutes(db(), { ...writerFor(world, id, "tw"), baseRevisionId: null, body_en: "Secret minutes", body_zh: null });
    await saveNote(db(), { ...writerFor(world, id, "tw"), body: "Secret note" });
    await addActionItem(db(), { ...writerFor(world, id, "tw"), ownerId: world.tw, text_en: "Secret item", text_zh: null, dueOn: null });

    const organizerView = await getMeeting(db(), world.event.id, id, { side: null });
    expect(organizerView).toEqual({
      id,
      status: "booked",
      topic: "AEO mutual recognition",
      lengthSlots: 2,
      slotMinutes: 30,
      startsAt: "2011-03-28T20:00:00.000Z",
      endsAt: "2011-03-28T21:00:00.000Z",
      place: { id: world.placeId, name_en: "Bilateral Room 1", name_zh: "雙邊會談室一" },
      tableNumber: 2,
      requester: { id: world.tw, key: "tw", name_en: "Taiwan", name_zh: "臺灣", country: "TW" },
      recipient: { id: world.kr, key: "kr", name_en: "Korea", name_zh: null, country: "KR" },
      record: null,
    });
    expect(JSON.stringify(organizerView)).not.toMatch(/Secret|Wen Wu-yen/);
    // A delegation that is not a side gets no record either, and another event does not find the meeting.
    expect((await getMeeting(db(), world.event.id, id, { side: world.jp }))?.record).toBeNull();
    expect(await getMeeting(db(), (await insertEvent(db())).id, id, { side: world.tw })).toBeUndefined();

    const sideView = await getMeeting(db(), world.event.id, id, { side: world.tw });
    expect(sideView?.record).toMatchObject({
      attendees: [{ personId, name: "Wen Wu-yen", delegationId: world.tw }],
      minutes: { body_en: "Secret minutes" },
      note: { body: "Secret note" },
      actionItems: [{ text_en: "Secret item" }],
      writable: true,
    });
  });
});

// Two saves on the same version at once, through two connections: the race the stale check guards.
for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`the minutes race [${engine}]`, () => {
    it("of two saves on the same version through two connections, exactly one wins, every round", async () => {
      const testDb = await createTestDatabase(engine);
      const second = createDb(testDb.url);
      try {
        const world = await insertMeetingEvent(testDb.db);
        const id = await insertMeeting(testDb.db, world);
        const rounds = 20;
        let base: number | null = null;
        for (let round = 0; round < rounds; round++) {
          const results: Array<Awaited<ReturnType<typeof saveMinutes>>> = await Promise.all([
            saveMinutes(testDb.db, {
              ...writerFor(world, id, "tw"),
              baseRevisionId: base,
              body_en: `Taiwan, round ${round}`,
              body_zh: null,
            }),
            saveMinutes(second, {
              ...writerFor(world, id, "kr"),
              baseRevisionId: base,
              body_en: `Korea, round ${round}`,
              body_zh: null,
            }),
          ]);
          const winners: number[] = results.flatMap((result) => (result.ok ? [result.revisionId] : []));
          expect(winners).toHaveLength(1);
          expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, problem: "stale" }]);
          base = winners[0];
        }
        const versions = await testDb.db.selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", id).execute();
        expect(versions).toHaveLength(rounds);
      } finally {
        await second.destroy();
        await testDb.cleanup();
      }
    }, 60_000);
  });
}
