import { expect, it } from "vitest";
import { applySchedule, getItinerary, getMeetingMatrix, previewSchedule } from "../../../app/models/bilateral-schedule.server";
import { describeEachEngine } from "../../support/engines";
import { BOOKED_TOPIC, insertScheduleWorld, SECRET_MINUTES, SLOT, type ScheduleWorld } from "../../support/schedule-world";
import type { Db } from "../../../db/client";

async function bilateralRows(db: Db, eventId: number) {
  return db
    .selectFrom("bilaterals")
    .select(["id", "status", "starts_at", "ends_at", "place_id", "table_number", "booked_via", "version"])
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
}

describeEachEngine("bilateral schedule", ({ db }) => {
  it("previews: places the accepted requests around the booked meeting and explains the others", async () => {
    const world = await insertScheduleWorld(db());
    const before = await bilateralRows(db(), world.event.id);
    const preview = await previewSchedule(db(), world.event.id);

    expect(preview.placed).toEqual([
      {
        bilateralId: world.bilaterals.mustMeet,
        requester: { id: world.delegation.tw.id, key: "tw", name_en: "Taiwan Customs", name_zh: null },
        recipient: { id: world.delegation.eu.id, key: "eu", name_en: "European Commission", name_zh: null },
        topic: "Container security pilot",
        priority: "high",
        mustMeet: true,
        // Taiwan is in the booked meeting until 21:00Z; its preferred start is then.
        startsAt: SLOT(2),
        endsAt: "2011-03-28T22:00:00.000Z",
        place: { id: world.placeId, name_en: "Harbor Room", name_zh: "港灣廳" },
        tableNumber: 1,
        preferred: true,
      },
      expect.objectContaining({ bilateralId: world.bilaterals.nextDay, startsAt: SLOT(4), endsAt: SLOT(5), tableNumber: 1, preferred: false }),
    ]);
    expect(preview.unplaced.map(({ bilateralId, reason }) => ({ bilateralId, reason }))).toEqual([
      { bilateralId: world.bilaterals.blocked, reason: "no_common_free_time" },
      { bilateralId: world.bilaterals.tooLong, reason: "invalid_length" },
    ]);
    expect(preview.objective).toEqual({ mustMeets: 1, weight: 3 + 2, preferred: 1 });
    expect(preview.mustMeetRequests).toBe(1);
    expect(preview.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // Nothing stored.
    expect(await bilateralRows(db(), world.event.id)).toEqual(before);
  });

  it("gives the same preview for the same state, and reports progress", async () => {
    const world = await insertScheduleWorld(db());
    const progress: Array<[number, number]> = [];
    const first = await previewSchedule(db(), world.event.id, { onProgress: (done, total) => progress.push([done, total]) });
    expect(await previewSchedule(db(), world.event.id)).toEqual(first);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
  });

  it("lets other work run between its progress reports", async () => {
    const world = await insertScheduleWorld(db());
    const at = new Date().toISOString();
    // Enough requests for several reports (one every 256 steps of the run).
    for (let batch = 0; batch < 6; batch++) {
      await db()
        .insertInto("bilaterals")
        .values(
          Array.from({ length: 100 }, (_, index) => ({
            event_id: world.event.id,
            requester_id: index % 2 ? world.delegation.eu.id : world.delegation.us.id,
            recipient_id: index % 2 ? world.delegation.us.id : world.delegation.kr.id,
            topic: `Request ${batch}-${index}`,
            length_slots: 1,
            priority: "low" as const,
            status: "accepted" as const,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
    // Each report queues a task; it has run by the next report only if the scheduler paused in between.
    const ranBeforeReport: boolean[] = [];
    let ran = false;
    await previewSchedule(db(), world.event.id, {
      onProgress: () => {
        ranBeforeReport.push(ran);
        ran = false;
        setImmediate(() => (ran = true));
      },
    });
    expect(ranBeforeReport.length).toBeGreaterThan(2);
    expect(ranBeforeReport.slice(1).every(Boolean)).toBe(true);
  });

  it("never places a meeting where an attendee speaks", async () => {
    const world = await insertScheduleWorld(db());
    // Without the U.S. member's talk, Korea and the U.S. meet on the 28th, at 21:00Z.
    await db().deleteFrom("session_people").where("session_id", "=", world.sessions.usTalk).execute();
    const freed = await previewSchedule(db(), world.event.id);
    expect(freed.placed.find((meeting) => meeting.bilateralId === world.bilaterals.nextDay)?.startsAt).toBe(SLOT(2));
  });

  it("applies exactly the preview in one go, leaving the booked meeting where it was", async () => {
    const world = await insertScheduleWorld(db());
    const before = await bilateralRows(db(), world.event.id);
    const preview = await previewSchedule(db(), world.event.id);

    expect(await applySchedule(db(), world.event.id, preview.fingerprint)).toEqual({ ok: true, placedIds: preview.placed.map((meeting) => meeting.bilateralId) });
    expect(preview.placed).toHaveLength(2);
    const after = await bilateralRows(db(), world.event.id);
    expect(after.find((row) => row.id === world.bilaterals.booked)).toEqual(before.find((row) => row.id === world.bilaterals.booked));
    for (const planned of preview.placed) {
      expect(after.find((row) => row.id === planned.bilateralId)).toMatchObject({
        status: "booked",
        starts_at: planned.startsAt,
        ends_at: planned.endsAt,
        place_id: planned.place.id,
        table_number: planned.tableNumber,
        booked_via: "scheduler",
      });
    }
    for (const id of [world.bilaterals.blocked, world.bilaterals.tooLong]) expect(after.find((row) => row.id === id)?.status).toBe("accepted");
    const claimed = await db().selectFrom("bilateral_claims").select("resource").where("bilateral_id", "=", world.bilaterals.mustMeet).execute();
    expect(claimed).toHaveLength(2 * 5);

    // Run again: the same fingerprint no longer holds, and a new preview places nothing more.
    expect(await applySchedule(db(), world.event.id, preview.fingerprint)).toEqual({ ok: false, problem: "changed" });
    const repair = await previewSchedule(db(), world.event.id);
    expect(repair.placed).toEqual([]);
    expect(await applySchedule(db(), world.event.id, repair.fingerprint)).toEqual({ ok: true, placedIds: [] });
    expect(await bilateralRows(db(), world.event.id)).toEqual(after);
  });

  it("applies nothing when something changed after the preview", async () => {
    const world = await insertScheduleWorld(db());
    const preview = await previewSchedule(db(), world.event.id);
    // The booked meeting is cancelled meanwhile: Taiwan is free at 20:00Z, so the input differs.
    await db().deleteFrom("bilateral_claims").where("bilateral_id", "=", world.bilaterals.booked).execute();
    await db()
      .updateTable("bilaterals")
      .set({ status: "cancelled", starts_at: null, ends_at: null, place_id: null, table_number: null, booked_via: null, closing_reason: "Flight delayed" })
      .where("id", "=", world.bilaterals.booked)
      .execute();
    const before = await bilateralRows(db(), world.event.id);
    expect(await applySchedule(db(), world.event.id, preview.fingerprint)).toEqual({ ok: false, problem: "changed" });
    expect(await bilateralRows(db(), world.event.id)).toEqual(before);
  });

  it("rolls every booking back when one of them is refused", async () => {
    const world = await insertScheduleWorld(db());
    const preview = await previewSchedule(db(), world.event.id);
    const second = preview.placed[1];
    // A claim on the second meeting's table appears without its meeting changing: the first booking succeeds, the second is refused.
    await db()
      .insertInto("bilateral_claims")
      .values({
        event_id: world.event.id,
        resource: `table:${second.place.id}:${second.tableNumber}`,
        slot_start: second.startsAt,
        bilateral_id: world.bilaterals.requested,
      })
      .execute();
    const before = await bilateralRows(db(), world.event.id);
    expect(await applySchedule(db(), world.event.id, preview.fingerprint)).toEqual({ ok: false, problem: "changed" });
    expect(await bilateralRows(db(), world.event.id)).toEqual(before);
    const claims = await db().selectFrom("bilateral_claims").select("bilateral_id").where("bilateral_id", "=", world.bilaterals.mustMeet).execute();
    expect(claims).toEqual([]);
  });

  it("draws the matrix: who meets when and where, without topics or minutes", async () => {
    const world = await insertScheduleWorld(db());
    const matrix = await getMeetingMatrix(db(), world.event.id);
    expect(matrix.timeZone).toBe("America/Los_Angeles");
    expect(matrix.days).toEqual(["2011-03-28", "2011-03-29"]);
    expect(matrix.rows.map((row) => row.key)).toEqual(["eu", "jp", "kr", "tw", "us"]);
    expect(matrix.slots.map((slot) => [slot.startsAt, slot.day, slot.tablesOccupied, slot.tablesTotal])).toEqual([
      [SLOT(0), "2011-03-28", 1, 2],
      [SLOT(1), "2011-03-28", 1, 2],
      [SLOT(2), "2011-03-28", 0, 2],
      [SLOT(3), "2011-03-28", 0, 2],
      [SLOT(4), "2011-03-29", 0, 2],
      [SLOT(5), "2011-03-29", 0, 2],
    ]);
    expect(matrix.meetings).toEqual([
      {
        id: world.bilaterals.booked,
        requesterId: world.delegation.tw.id,
        recipientId: world.delegation.kr.id,
        startsAt: SLOT(0),
        endsAt: SLOT(2),
        startSlot: 0,
        endSlot: 1,
        place: { id: world.placeId, name_en: "Harbor Room", name_zh: "港灣廳" },
        tableNumber: 1,
        attendeeCount: 2,
      },
    ]);
    expect(matrix.unscheduled.map((request) => request.id)).toEqual([
      world.bilaterals.mustMeet,
      world.bilaterals.nextDay,
      world.bilaterals.blocked,
      world.bilaterals.tooLong,
    ]);
    expect(matrix.counts).toEqual({ booked: 1, acceptedUnscheduled: 4, pending: 2 });
    const text = JSON.stringify(matrix);
    for (const hidden of [BOOKED_TOPIC, SECRET_MINUTES, "Container security pilot", "Chen Wen-hua"]) expect(text).not.toContain(hidden);
  });

  it("filters the matrix by delegation and by day", async () => {
    const world = await insertScheduleWorld(db());
    const korea = await getMeetingMatrix(db(), world.event.id, { delegationKey: "kr" });
    expect(korea.rows.map((row) => row.key)).toEqual(["kr"]);
    expect(korea.delegations).toHaveLength(5);
    expect(korea.meetings.map((meeting) => meeting.id)).toEqual([world.bilaterals.booked]);
    expect(korea.unscheduled.map((request) => request.id)).toEqual([world.bilaterals.nextDay]);
    expect(korea.counts).toEqual({ booked: 1, acceptedUnscheduled: 1, pending: 2 });

    const japan = await getMeetingMatrix(db(), world.event.id, { delegationKey: "jp" });
    expect(japan.meetings).toEqual([]);
    // Occupancy counts every meeting, whichever delegation is shown.
    expect(japan.slots[0].tablesOccupied).toBe(1);
    expect(japan.counts).toEqual({ booked: 0, acceptedUnscheduled: 1, pending: 0 });

    const secondDay = await getMeetingMatrix(db(), world.event.id, { day: "2011-03-29" });
    expect(secondDay.slots.map((slot) => slot.index)).toEqual([4, 5]);
    expect(secondDay.meetings).toEqual([]);
    expect(secondDay.days).toEqual(["2011-03-28", "2011-03-29"]);

    const unknown = await getMeetingMatrix(db(), world.event.id, { delegationKey: "nobody" });
    expect(unknown.rows).toEqual([]);
    expect(unknown.meetings).toEqual([]);
  });

  it("lists a delegation's itinerary in time order: sessions, seats and meetings", async () => {
    const world: ScheduleWorld = await insertScheduleWorld(db());
    const itinerary = await getItinerary(db(), world.event.id, world.delegation.tw.id);
    const chen = { personId: world.delegation.tw.personId, name: "Chen Wen-hua", name_native: null };
    expect(itinerary).toEqual([
      {
        kind: "session",
        id: world.sessions.twTalk,
        title_en: "Opening plenary",
        title_zh: null,
        startsAt: "2011-03-28T16:00:00.000Z",
        endsAt: "2011-03-28T17:00:00.000Z",
        room: null,
        members: [{ ...chen, role: "speaker" }],
      },
      {
        kind: "meeting",
        id: world.bilaterals.booked,
        topic: BOOKED_TOPIC,
        startsAt: SLOT(0),
        endsAt: SLOT(2),
        other: { id: world.delegation.kr.id, key: "kr", name_en: "Korea Customs Service", name_zh: null },
        place: { id: world.placeId, name_en: "Harbor Room", name_zh: "港灣廳" },
        tableNumber: 1,
        members: [chen],
      },
      {
        kind: "session",
        id: world.sessions.workshop,
        title_en: "Verifying Security Measures",
        title_zh: null,
        startsAt: "2011-03-29T16:00:00.000Z",
        endsAt: "2011-03-29T18:00:00.000Z",
        room: null,
        members: [{ ...chen, role: "seated" }],
      },
    ]);
    // Another delegation's itinerary shows only its own.
    const us = await getItinerary(db(), world.event.id, world.delegation.us.id);
    expect(us.map((entry) => [entry.kind, entry.id])).toEqual([["session", world.sessions.usTalk]]);
    // A cancelled session drops out.
    await db().updateTable("sessions").set({ status: "cancelled" }).where("id", "=", world.sessions.usTalk).execute();
    expect(await getItinerary(db(), world.event.id, world.delegation.us.id)).toEqual([]);
  });
});
