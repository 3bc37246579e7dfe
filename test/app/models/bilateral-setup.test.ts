import { sql } from "kysely";
import { expect, it } from "vitest";
import {
  addBilateralPlace,
  addBilateralWindow,
  addBusyBlock,
  getBilateralSetup,
  getDelegationAvailability,
  holdBilateralSetup,
  listBusyBlocks,
  loadAvailability,
  removeBilateralPlace,
  removeBilateralWindow,
  removeBusyBlock,
  updateBilateralPlace,
  updateBilateralSettings,
  updateDelegationBilateralOptions,
} from "../../../app/models/bilateral-setup.server";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { insertUser } from "../../support/app";
import { insertRegistrants, insertSeatEvent } from "../../support/seat-world";

const now = () => new Date().toISOString();
/** 2011-03-28 at a UTC hour (and minutes), as stored. */
const at = (hour: number, minute = 0) => `2011-03-28T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00.000Z`;

async function insertWindow(db: Db, eventId: number, startsAt: string, endsAt: string) {
  const { id } = await db
    .insertInto("bilateral_windows")
    .values({
      event_id: eventId,
      starts_at: startsAt,
      ends_at: endsAt,
      created_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function insertSession(db: Db, eventId: number, startsAt: string, endsAt: string, status: "scheduled" | "cancelled" = "scheduled") {
  const { id } = await db
    .insertInto("sessions")
    .values({
      event_id: eventId,
      type: "workshop",
      title_en: "Workshop",
      starts_at: startsAt,
      ends_at: endsAt,
      capacity: 10,
      status,
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function insertDelegation(db: Db, eventId: number, key: string, personIds: number[], values: { bilateral_teams?: number; self_booking?: 0 | 1 } = {}) {
  const { id } = await db
    .insertInto("delegations")
    .values({
      event_id: eventId,
      key,
      name_en: key,
      created_at: now(),
      updated_at: now(),
      ...values,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const person_id of personIds)
    await db
      .insertInto("delegation_members")
      .values({
        delegation_id: id,
        event_id: eventId,
        person_id,
        role: "member",
        created_at: now(),
      })
      .execute();
  return id;
}

async function insertBlock(db: Db, eventId: number, delegationId: number, startsAt: string, endsAt: string) {
  await db
    .insertInto("bilateral_busy_blocks")
    .values({
      event_id: eventId,
      delegation_id: delegationId,
      starts_at: startsAt,
      ends_at: endsAt,
      created_at: now(),
    })
    .execute();
}

describeEachEngine("bilateral setup: grid and availability", ({ db }) => {
  /** An event with windows 20:00–22:00Z and 17:00–18:00Z (out of order on purpose), 30-minute slots. */
  async function world() {
    const event = await insertSeatEvent(db());
    const late = await insertWindow(db(), event.id, at(20), at(22));
    const early = await insertWindow(db(), event.id, at(17), at(18));
    const setup = await getBilateralSetup(db(), event.id);
    return { eventId: event.id, setup, late, early };
  }

  it("builds the grid from the event's windows by start, with its zone, settings and places", async () => {
    const { eventId, late, early } = await world();
    await db()
      .insertInto("bilateral_places")
      .values([
        { event_id: eventId, name_en: "Room B", tables: 2, position: 2 },
        {
          event_id: eventId,
          name_en: "Room A",
          name_zh: "A 室",
          tables: 3,
          position: 1,
        },
      ])
      .execute();
    const setup = await getBilateralSetup(db(), eventId);
    expect(setup.timeZone).toBe("America/Los_Angeles");
    expect(setup.settings).toEqual({
      slotMinutes: 30,
      minSlots: 1,
      maxSlots: 4,
    });
    expect(setup.windows).toEqual([
      { id: early, startsAt: at(17), endsAt: at(18) },
      { id: late, startsAt: at(20), endsAt: at(22) },
    ]);
    expect(setup.grid.map((slot) => [slot.index, slot.windowId, slot.startsAt])).toEqual([
      [0, early, at(17)],
      [1, early, at(17, 30)],
      [2, late, at(20)],
      [3, late, at(20, 30)],
      [4, late, at(21)],
      [5, late, at(21, 30)],
    ]);
    expect(setup.places.map((place) => [place.name_en, place.name_zh, place.tables])).toEqual([
      ["Room A", "A 室", 3],
      ["Room B", null, 2],
    ]);
    await db().updateTable("events").set({ bilateral_slot_minutes: 60 }).where("id", "=", eventId).execute();
    expect((await getBilateralSetup(db(), eventId)).grid.map((slot) => slot.startsAt)).toEqual([at(17), at(20), at(21)]);
  });

  it("makes a person busy by speaking, and by a seat that is seated, but not by a waiting one or a cancelled session", async () => {
    const { eventId, setup } = await world();
    const [speaker, seated, waiting, cancelledSpeaker, idle] = await insertRegistrants(db(), eventId, 5);
    const talk = await insertSession(db(), eventId, at(20), at(20, 45));
    const workshop = await insertSession(db(), eventId, at(17, 30), at(21));
    const called = await insertSession(db(), eventId, at(17), at(22), "cancelled");
    await db()
      .insertInto("session_people")
      .values([
        { session_id: talk, person_id: speaker.personId, role: "speaker" },
        {
          session_id: called,
          person_id: cancelledSpeaker.personId,
          role: "moderator",
        },
      ])
      .execute();
    await db()
      .insertInto("seats")
      .values([
        {
          session_id: workshop,
          registration_id: seated.registrationId,
          status: "seated",
          requested_at: now(),
          seated_at: now(),
        },
        {
          session_id: workshop,
          registration_id: waiting.registrationId,
          status: "waiting",
          requested_at: now(),
          seated_at: null,
        },
        {
          session_id: called,
          registration_id: idle.registrationId,
          status: "seated",
          requested_at: now(),
          seated_at: now(),
        },
      ])
      .execute();

    const availability = await loadAvailability(db(), eventId, setup.grid);
    expect(availability.people.get(speaker.personId)).toEqual(new Set([2, 3]));
    expect(availability.people.get(seated.personId)).toEqual(new Set([1, 2, 3]));
    expect(availability.people.has(waiting.personId)).toBe(false);
    expect(availability.people.has(cancelledSpeaker.personId)).toBe(false);
    expect(availability.people.has(idle.personId)).toBe(false);

    const scoped = await loadAvailability(db(), eventId, setup.grid, {
      personIds: [seated.personId],
    });
    expect([...scoped.people.keys()]).toEqual([seated.personId]);
    expect(scoped.delegations.size).toBe(0);
  });

  it("makes a delegation busy by its blocks, and where all its members are busy, but not while one is free", async () => {
    const { eventId, setup } = await world();
    const [first, second, loner] = await insertRegistrants(db(), eventId, 3);
    const both = await insertDelegation(db(), eventId, "both", [first.personId, second.personId], { bilateral_teams: 2, self_booking: 1 });
    const empty = await insertDelegation(db(), eventId, "empty", []);
    const blocked = await insertDelegation(db(), eventId, "blocked", [loner.personId]);
    // first speaks 20:00–21:00Z, second 20:30–21:30Z: only 20:30–21:00Z leaves nobody to meet.
    const talkOne = await insertSession(db(), eventId, at(20), at(21));
    const talkTwo = await insertSession(db(), eventId, at(20, 30), at(21, 30));
    await db()
      .insertInto("session_people")
      .values([
        { session_id: talkOne, person_id: first.personId, role: "speaker" },
        { session_id: talkTwo, person_id: second.personId, role: "panelist" },
      ])
      .execute();
    await insertBlock(db(), eventId, blocked, at(17, 15), at(17, 45));
    await insertBlock(db(), eventId, empty, at(21, 30), at(23));

    const availability = await loadAvailability(db(), eventId, setup.grid);
    expect(availability.delegations.get(both)).toEqual({
      teams: 2,
      selfBooking: true,
      busy: new Set([3]),
    });
    expect(availability.delegations.get(blocked)).toEqual({
      teams: 1,
      selfBooking: false,
      busy: new Set([0, 1]),
    });
    expect(availability.delegations.get(empty)).toEqual({
      teams: 1,
      selfBooking: false,
      busy: new Set([5]),
    });

    const scoped = await loadAvailability(db(), eventId, setup.grid, {
      delegationIds: [both],
    });
    expect([...scoped.delegations.keys()]).toEqual([both]);
    expect(scoped.delegations.get(both)?.busy).toEqual(new Set([3]));
    expect([...scoped.people.keys()].sort((a, b) => a - b)).toEqual([first.personId, second.personId]);
  });

  it("counts nothing of another event, and nothing on an empty grid", async () => {
    const { eventId, setup } = await world();
    const other = await insertSeatEvent(db());
    const [person] = await insertRegistrants(db(), eventId, 1);
    const elsewhere = await insertSession(db(), other.id, at(17), at(22));
    await db()
      .insertInto("session_people")
      .values({
        session_id: elsewhere,
        person_id: person.personId,
        role: "speaker",
      })
      .execute();
    const delegation = await insertDelegation(db(), eventId, "d", [person.personId]);
    expect((await loadAvailability(db(), eventId, setup.grid)).people.size).toBe(0);
    await insertBlock(db(), eventId, delegation, at(17), at(22));
    const empty = await loadAvailability(db(), eventId, []);
    expect(empty.delegations.get(delegation)?.busy.size).toBe(0);
    expect(empty.people.size).toBe(0);
  });
});

/** A meeting booked between two delegations at a place's table, with its teams' claims. */
async function insertBookedMeeting(
  db: Db,
  {
    eventId,
    sides,
    startsAt,
    endsAt,
    placeId,
    tableNumber,
    team = 1,
  }: {
    eventId: number;
    sides: [number, number];
    startsAt: string;
    endsAt: string;
    placeId: number;
    tableNumber: number;
    team?: number;
  },
) {
  const { id } = await db
    .insertInto("bilaterals")
    .values({
      event_id: eventId,
      requester_id: sides[0],
      recipient_id: sides[1],
      topic: "Mutual recognition",
      length_slots: 2,
      priority: "normal",
      status: "booked",
      starts_at: startsAt,
      ends_at: endsAt,
      place_id: placeId,
      table_number: tableNumber,
      booked_via: "agreed",
      created_at: now(),
      updated_at: now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("bilateral_claims")
    .values(
      sides.map((side) => ({
        event_id: eventId,
        resource: `delegation:${side}:${team}`,
        slot_start: startsAt,
        bilateral_id: id,
      })),
    )
    .execute();
  return id;
}

describeEachEngine("bilateral setup: editing", ({ db, engine }) => {
  async function world() {
    const event = await insertSeatEvent(db());
    const organizer = await insertUser(db());
    const acting = { eventId: event.id, actorUserId: organizer.id };
    return { eventId: event.id, acting };
  }

  async function windowsOf(eventId: number) {
    return db().selectFrom("bilateral_windows").select(["starts_at", "ends_at"]).where("event_id", "=", eventId).orderBy("starts_at").execute();
  }

  it("stores a window typed in the event's zone as UTC, and refuses bad ones by the field", async () => {
    const { eventId, acting } = await world();
    const added = await addBilateralWindow(db(), acting, {
      day: "2011-03-28",
      startTime: "13:00",
      endTime: "18:00",
    });
    expect(added).toEqual({ ok: true, id: expect.any(Number) });
    expect(await windowsOf(eventId)).toEqual([
      {
        starts_at: "2011-03-28T20:00:00.000Z",
        ends_at: "2011-03-29T01:00:00.000Z",
      },
    ]);

    expect(
      await addBilateralWindow(db(), acting, {
        day: "2011-03-29",
        startTime: "15:00",
        endTime: "14:00",
      }),
    ).toEqual({ ok: false, problem: "end_not_after_start", field: "endTime" });
    expect(
      await addBilateralWindow(db(), acting, {
        day: "2011-03-31",
        startTime: "09:00",
        endTime: "10:00",
      }),
    ).toEqual({ ok: false, problem: "outside_event_days", field: "day" });
    expect(
      await addBilateralWindow(db(), acting, {
        day: "2011-03-28",
        startTime: "17:00",
        endTime: "19:00",
      }),
    ).toEqual({ ok: false, problem: "overlaps_window", field: "startTime" });
    expect(
      await addBilateralWindow(db(), acting, {
        day: "2011-03-28",
        startTime: "25:00",
        endTime: "19:00",
      }),
    ).toEqual({ ok: false, problem: "invalid_time", field: "startTime" });
    // Touching is not overlapping.
    expect(
      (
        await addBilateralWindow(db(), acting, {
          day: "2011-03-28",
          startTime: "18:00",
          endTime: "19:00",
        })
      ).ok,
    ).toBe(true);
    expect(await windowsOf(eventId)).toHaveLength(2);
  });

  it("removes a window unless a booked meeting lies in it, and only the event's own", async () => {
    const { eventId, acting } = await world();
    const kept = await addBilateralWindow(db(), acting, {
      day: "2011-03-28",
      startTime: "13:00",
      endTime: "15:00",
    });
    const free = await addBilateralWindow(db(), acting, {
      day: "2011-03-29",
      startTime: "13:00",
      endTime: "15:00",
    });
    if (!kept.ok || !free.ok) throw new Error("windows not added");
    const [a, b] = [await insertDelegation(db(), eventId, "a", []), await insertDelegation(db(), eventId, "b", [])];
    const place = await addBilateralPlace(db(), acting, {
      nameEn: "Room A",
      nameZh: null,
      tables: 2,
      position: 1,
    });
    await insertBookedMeeting(db(), {
      eventId,
      sides: [a, b],
      startsAt: at(20, 30),
      endsAt: at(21, 30),
      placeId: place.ok ? place.id! : 0,
      tableNumber: 1,
    });

    expect(await removeBilateralWindow(db(), acting, kept.id!)).toEqual({
      ok: false,
      problem: "meetings_booked",
    });
    const other = await world();
    expect(await removeBilateralWindow(db(), other.acting, free.id!)).toEqual({
      ok: false,
      problem: "not_found",
    });
    expect(await windowsOf(eventId)).toHaveLength(2);
    expect(await removeBilateralWindow(db(), acting, free.id!)).toEqual({
      ok: true,
    });
    expect(await windowsOf(eventId)).toEqual([{ starts_at: at(20), ends_at: at(22) }]);
  });

  it("updates the settings, refusing min above max and a new slot length while a meeting is booked", async () => {
    const { eventId, acting } = await world();
    const settingsOf = async () => (await getBilateralSetup(db(), eventId)).settings;
    expect(
      await updateBilateralSettings(db(), acting, {
        slotMinutes: 20,
        minSlots: 2,
        maxSlots: 6,
      }),
    ).toEqual({ ok: true });
    expect(await settingsOf()).toEqual({
      slotMinutes: 20,
      minSlots: 2,
      maxSlots: 6,
    });
    expect(
      await updateBilateralSettings(db(), acting, {
        slotMinutes: 20,
        minSlots: 5,
        maxSlots: 3,
      }),
    ).toEqual({ ok: false, problem: "min_above_max" });

    const [a, b] = [await insertDelegation(db(), eventId, "a", []), await insertDelegation(db(), eventId, "b", [])];
    const place = await addBilateralPlace(db(), acting, {
      nameEn: "Room A",
      nameZh: null,
      tables: 1,
      position: 1,
    });
    await insertBookedMeeting(db(), {
      eventId,
      sides: [a, b],
      startsAt: at(20),
      endsAt: at(20, 40),
      placeId: place.ok ? place.id! : 0,
      tableNumber: 1,
    });
    expect(
      await updateBilateralSettings(db(), acting, {
        slotMinutes: 30,
        minSlots: 1,
        maxSlots: 4,
      }),
    ).toEqual({ ok: false, problem: "meetings_booked" });
    expect(await settingsOf()).toEqual({
      slotMinutes: 20,
      minSlots: 2,
      maxSlots: 6,
    });
    // The lengths a new meeting may take can still change.
    expect(
      await updateBilateralSettings(db(), acting, {
        slotMinutes: 20,
        minSlots: 1,
        maxSlots: 3,
      }),
    ).toEqual({ ok: true });
    expect(await settingsOf()).toEqual({
      slotMinutes: 20,
      minSlots: 1,
      maxSlots: 3,
    });
  });

  it("keeps places' tables above those booked meetings use, and places with booked meetings", async () => {
    const { eventId, acting } = await world();
    const added = await addBilateralPlace(db(), acting, {
      nameEn: "Bilateral room",
      nameZh: "雙邊會談室",
      tables: 5,
      position: 1,
    });
    const spare = await addBilateralPlace(db(), acting, {
      nameEn: null,
      nameZh: "備用室",
      tables: 1,
      position: 2,
    });
    if (!added.ok || !spare.ok) throw new Error("places not added");
    const [a, b] = [await insertDelegation(db(), eventId, "a", []), await insertDelegation(db(), eventId, "b", [])];
    await insertBookedMeeting(db(), {
      eventId,
      sides: [a, b],
      startsAt: at(20),
      endsAt: at(21),
      placeId: added.id!,
      tableNumber: 3,
    });

    expect(
      await updateBilateralPlace(db(), acting, added.id!, {
        nameEn: "Room",
        nameZh: null,
        tables: 2,
        position: 1,
      }),
    ).toEqual({ ok: false, problem: "meetings_booked" });
    expect(
      await updateBilateralPlace(db(), acting, added.id!, {
        nameEn: "Room",
        nameZh: null,
        tables: 3,
        position: 1,
      }),
    ).toEqual({ ok: true, id: added.id });
    expect(await removeBilateralPlace(db(), acting, added.id!)).toEqual({
      ok: false,
      problem: "meetings_booked",
    });
    expect(await removeBilateralPlace(db(), acting, spare.id!)).toEqual({
      ok: true,
    });
    expect((await getBilateralSetup(db(), eventId)).places).toEqual([{ id: added.id, name_en: "Room", name_zh: null, tables: 3, position: 1 }]);
    const other = await world();
    expect(
      await updateBilateralPlace(db(), other.acting, added.id!, {
        nameEn: "Taken",
        nameZh: null,
        tables: 9,
        position: 1,
      }),
    ).toEqual({ ok: false, problem: "not_found" });
    expect(await removeBilateralPlace(db(), other.acting, added.id!)).toEqual({
      ok: false,
      problem: "not_found",
    });
  });

  it("sets a delegation's teams and self-booking, never below the teams its booked meetings hold", async () => {
    const { eventId, acting } = await world();
    const [a, b] = [await insertDelegation(db(), eventId, "a", []), await insertDelegation(db(), eventId, "b", [])];
    const actA = { ...acting, delegationId: a };
    expect(
      await updateDelegationBilateralOptions(db(), actA, {
        teams: 3,
        selfBooking: true,
      }),
    ).toEqual({ ok: true });
    const place = await addBilateralPlace(db(), acting, {
      nameEn: "Room",
      nameZh: null,
      tables: 2,
      position: 1,
    });
    await insertBookedMeeting(db(), {
      eventId,
      sides: [a, b],
      startsAt: at(20),
      endsAt: at(21),
      placeId: place.ok ? place.id! : 0,
      tableNumber: 1,
      team: 2,
    });
    expect(
      await updateDelegationBilateralOptions(db(), actA, {
        teams: 1,
        selfBooking: false,
      }),
    ).toEqual({ ok: false, problem: "meetings_booked" });
    expect(
      await updateDelegationBilateralOptions(db(), actA, {
        teams: 2,
        selfBooking: false,
      }),
    ).toEqual({ ok: true });
    const row = await db().selectFrom("delegations").select(["bilateral_teams", "self_booking"]).where("id", "=", a).executeTakeFirstOrThrow();
    expect(row).toEqual({ bilateral_teams: 2, self_booking: 0 });
    const other = await world();
    expect(await updateDelegationBilateralOptions(db(), { ...other.acting, delegationId: a }, { teams: 5, selfBooking: true })).toEqual({
      ok: false,
      problem: "not_found",
    });
  });

  it("adds and removes a delegation's busy blocks, not over its booked meetings, and shows who is busy by window", async () => {
    const { eventId, acting } = await world();
    await addBilateralWindow(db(), acting, {
      day: "2011-03-28",
      startTime: "13:00",
      endTime: "16:00",
    });
    const [head, member] = await insertRegistrants(db(), eventId, 2);
    const a = await insertDelegation(db(), eventId, "a", [head.personId, member.personId]);
    const b = await insertDelegation(db(), eventId, "b", []);
    const actA = { ...acting, delegationId: a };

    const block = await addBusyBlock(db(), actA, {
      day: "2011-03-28",
      startTime: "13:00",
      endTime: "13:30",
      note: "Internal briefing",
    });
    expect(block).toEqual({ ok: true, id: expect.any(Number) });
    expect(
      await addBusyBlock(db(), actA, {
        day: "2011-04-02",
        startTime: "13:00",
        endTime: "13:30",
        note: null,
      }),
    ).toEqual({ ok: false, problem: "outside_event_days", field: "day" });
    expect(
      await addBusyBlock(db(), actA, {
        day: "2011-03-28",
        startTime: "13:00",
        endTime: "13:00",
        note: null,
      }),
    ).toEqual({ ok: false, problem: "end_not_after_start", field: "endTime" });
    const place = await addBilateralPlace(db(), acting, {
      nameEn: "Room",
      nameZh: null,
      tables: 2,
      position: 1,
    });
    await insertBookedMeeting(db(), {
      eventId,
      sides: [a, b],
      startsAt: at(22),
      endsAt: at(23),
      placeId: place.ok ? place.id! : 0,
      tableNumber: 1,
    });
    expect(
      await addBusyBlock(db(), actA, {
        day: "2011-03-28",
        startTime: "15:30",
        endTime: "16:30",
        note: null,
      }),
    ).toEqual({ ok: false, problem: "meetings_booked", field: "startTime" });
    expect(await listBusyBlocks(db(), eventId, a)).toEqual([
      {
        id: block.ok ? block.id : 0,
        startsAt: at(20),
        endsAt: at(20, 30),
        note: "Internal briefing",
      },
    ]);

    // Both members speak 14:00–14:30 local (21:00Z); one also 14:30–15:00.
    const talk = await insertSession(db(), eventId, at(21), at(21, 30));
    const panel = await insertSession(db(), eventId, at(21, 30), at(22));
    await db()
      .insertInto("session_people")
      .values([
        { session_id: talk, person_id: head.personId, role: "speaker" },
        { session_id: talk, person_id: member.personId, role: "speaker" },
        { session_id: panel, person_id: member.personId, role: "panelist" },
      ])
      .execute();
    const view = await getDelegationAvailability(db(), eventId, a);
    expect(view.timeZone).toBe("America/Los_Angeles");
    expect(view.days).toEqual(["2011-03-28", "2011-03-29", "2011-03-30"]);
    expect(view.windows).toHaveLength(1);
    expect(view.windows[0].unavailable).toEqual([
      { startsAt: at(20), endsAt: at(20, 30) },
      { startsAt: at(21), endsAt: at(21, 30) },
    ]);
    expect(view.windows[0].members.find((row) => row.personId === member.personId)?.busy).toEqual([{ startsAt: at(21), endsAt: at(22) }]);

    const other = await world();
    expect(await removeBusyBlock(db(), { ...other.acting, delegationId: a }, block.ok ? block.id! : 0)).toEqual({ ok: false, problem: "not_found" });
    expect(await removeBusyBlock(db(), { ...acting, delegationId: b }, block.ok ? block.id! : 0)).toEqual({ ok: false, problem: "not_found" });
    expect(await removeBusyBlock(db(), actA, block.ok ? block.id! : 0)).toEqual({ ok: true });
    expect(await listBusyBlocks(db(), eventId, a)).toEqual([]);
  });

  it.skipIf(engine !== "postgres")("makes a setup change wait for a booking holding the setup, then see its meeting", async () => {
    const { eventId, acting } = await world();
    const [a, b] = [await insertDelegation(db(), eventId, "a", []), await insertDelegation(db(), eventId, "b", [])];
    const place = await addBilateralPlace(db(), acting, {
      nameEn: "Room",
      nameZh: null,
      tables: 1,
      position: 1,
    });
    let change: Promise<unknown> | undefined;
    await db()
      .transaction()
      .execute(async (trx) => {
        await holdBilateralSetup(trx, eventId);
        // On another connection: it must wait for this transaction, not finish before the meeting exists.
        change = updateBilateralSettings(db(), acting, {
          slotMinutes: 15,
          minSlots: 1,
          maxSlots: 4,
        });
        await Promise.race([change, waitingForEventLock(db())]);
        await insertBookedMeeting(trx, {
          eventId,
          sides: [a, b],
          startsAt: at(20),
          endsAt: at(21),
          placeId: place.ok ? place.id! : 0,
          tableNumber: 1,
        });
      });
    expect(await change).toEqual({ ok: false, problem: "meetings_booked" });
    expect((await getBilateralSetup(db(), eventId)).settings.slotMinutes).toBe(30);
  });
});

/** Returns once some PostgreSQL session waits for a lock on an event row (a setup change's first statement). */
async function waitingForEventLock(db: Db): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query like '%from "events"%for update%'`.execute(db);
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
