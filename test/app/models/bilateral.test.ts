import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptBilateral,
  bookInTransaction,
  cancelBilateral,
  createBilateralRequest,
  declineBilateral,
  freeStartsFor,
  listBilateralsOf,
  proposeBilateralTime,
  selfBookBilateral,
  type ActingSide,
  type BilateralRequestInput,
} from "../../../app/models/bilateral.server";
import type { Db } from "../../../db/client";
import { createTestDatabase, describeEachEngine, postgresEnabled, type TestDatabase } from "../../support/engines";
import {
  actingFor,
  insertBilateralDelegation,
  insertBilateralEvent,
  insertBusyBlock,
  insertSpeakingSession,
  SLOT,
  type TestDelegation,
} from "../../support/bilateral-world";

type World = Awaited<ReturnType<typeof insertBilateralEvent>>;

async function rowOf(db: Db, id: number) {
  return db
    .selectFrom("bilaterals")
    .select([
      "status",
      "version",
      "starts_at",
      "ends_at",
      "place_id",
      "table_number",
      "booked_via",
      "proposed_start",
      "proposed_by",
      "closing_reason",
      "closed_by",
    ])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function claimsOf(db: Db, id: number) {
  const rows = await db.selectFrom("bilateral_claims").select(["resource", "slot_start"]).where("bilateral_id", "=", id).execute();
  return rows.map((row) => `${row.resource}@${row.slot_start}`).sort();
}

async function attendeesOf(db: Db, id: number) {
  const rows = await db.selectFrom("bilateral_attendees").select(["person_id", "delegation_id"]).where("bilateral_id", "=", id).orderBy("person_id").execute();
  return rows.map((row) => [row.person_id, row.delegation_id]);
}

describeEachEngine("bilateral booking", ({ db }) => {
  /** An event (one room, two tables) with Taiwan, Korea and the EU, two members each, one team each. */
  async function world(options: Parameters<typeof insertBilateralEvent>[1] = {}, teams: Partial<Record<"tw" | "kr" | "eu", number>> = {}) {
    const event = await insertBilateralEvent(db(), options);
    const tw = await insertBilateralDelegation(db(), event.eventId, {
      key: "tw",
      teams: teams.tw ?? 1,
    });
    const kr = await insertBilateralDelegation(db(), event.eventId, {
      key: "kr",
      teams: teams.kr ?? 1,
    });
    const eu = await insertBilateralDelegation(db(), event.eventId, {
      key: "eu",
      teams: teams.eu ?? 1,
    });
    return {
      ...event,
      tw,
      kr,
      eu,
      as: (delegation: TestDelegation): ActingSide => actingFor(event, delegation),
    };
  }

  function requestInput(to: TestDelegation, overrides: Partial<BilateralRequestInput> = {}): BilateralRequestInput {
    return {
      recipientId: to.id,
      topic: "Mutual recognition",
      lengthSlots: 2,
      priority: "normal",
      mustMeet: false,
      preferredStarts: [],
      attendeeIds: [],
      ...overrides,
    };
  }

  async function request(w: World, from: TestDelegation, to: TestDelegation, overrides: Partial<BilateralRequestInput> = {}) {
    const result = await createBilateralRequest(db(), actingFor(w, from), requestInput(to, overrides));
    if (!result.ok) throw new Error(`request refused: ${result.problem}`);
    return result.id;
  }

  /** Requests and has the recipient accept at `startsAt`: the result of the acceptance. */
  async function book(
    w: World,
    from: TestDelegation,
    to: TestDelegation,
    startsAt: string,
    { lengthSlots = 1, attendees = [] as number[], theirs = [] as number[] } = {},
  ) {
    const id = await request(w, from, to, {
      lengthSlots,
      attendeeIds: attendees,
    });
    return {
      id,
      result: await acceptBilateral(db(), actingFor(w, to), {
        bilateralId: id,
        version: 1,
        startsAt,
        attendeeIds: theirs,
      }),
    };
  }

  it("books a request the recipient accepts at a start: booked via agreed, the first table, one claim per resource and slot", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr, {
      lengthSlots: 2,
      attendeeIds: [w.tw.members[0]],
      priority: "high",
      mustMeet: true,
      preferredStarts: ["2011-03-28T20:30:00Z"],
    });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "requested",
      version: 1,
      starts_at: null,
    });

    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.second,
        attendeeIds: [w.kr.members[1]],
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toEqual({
      status: "booked",
      version: 2,
      starts_at: SLOT.second,
      ends_at: SLOT.fourth,
      place_id: w.places[0].id,
      table_number: 1,
      booked_via: "agreed",
      proposed_start: null,
      proposed_by: null,
      closing_reason: null,
      closed_by: null,
    });
    expect(await attendeesOf(db(), id)).toEqual([
      [w.tw.members[0], w.tw.id],
      [w.kr.members[1], w.kr.id],
    ]);
    const slots = [SLOT.second, SLOT.third];
    expect(await claimsOf(db(), id)).toEqual(
      [
        ...slots.map((slot) => `delegation:${w.tw.id}:1@${slot}`),
        ...slots.map((slot) => `delegation:${w.kr.id}:1@${slot}`),
        ...slots.map((slot) => `table:${w.places[0].id}:1@${slot}`),
        ...slots.map((slot) => `person:${w.tw.members[0]}@${slot}`),
        ...slots.map((slot) => `person:${w.kr.members[1]}@${slot}`),
      ].sort(),
    );
  });

  it("accepts without a start: accepted and left to the scheduler, nothing claimed", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr);
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: null,
        attendeeIds: [w.kr.members[0]],
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "accepted",
      version: 2,
      starts_at: null,
      booked_via: null,
    });
    expect(await claimsOf(db(), id)).toEqual([]);
    expect(await attendeesOf(db(), id)).toEqual([[w.kr.members[0], w.kr.id]]);
  });

  it("lets only the recipient accept a plain request, only sides see it, and only the current version count", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr);
    const answer = (acting: ActingSide, version = 1, bilateralId = id) =>
      acceptBilateral(db(), acting, {
        bilateralId,
        version,
        startsAt: SLOT.first,
        attendeeIds: [],
      });
    expect(await answer(w.as(w.tw))).toEqual({
      ok: false,
      problem: "wrong_status",
    });
    expect(await answer(w.as(w.eu))).toEqual({
      ok: false,
      problem: "not_found",
    });
    expect(await answer(w.as(w.kr), 1, id + 1000)).toEqual({
      ok: false,
      problem: "not_found",
    });
    const elsewhere = await insertBilateralEvent(db());
    expect(await answer({ ...w.as(w.kr), eventId: elsewhere.eventId })).toEqual({ ok: false, problem: "not_found" });
    expect(await answer(w.as(w.kr), 2)).toEqual({
      ok: false,
      problem: "stale",
    });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "requested",
      version: 1,
    });

    expect(await answer(w.as(w.kr))).toEqual({ ok: true, id });
    // The same form sent again is stale; a fresh one finds the meeting booked.
    expect(await answer(w.as(w.kr))).toEqual({ ok: false, problem: "stale" });
    expect(await answer(w.as(w.kr), 2)).toEqual({
      ok: false,
      problem: "wrong_status",
    });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "booked",
      version: 2,
    });
  });

  it("goes back and forth with proposals until the side that did not propose accepts the proposed time", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr, { lengthSlots: 1 });
    // The requester cannot propose on its own request, nor answer it.
    expect(
      await proposeBilateralTime(db(), w.as(w.tw), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.third,
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });

    expect(
      await proposeBilateralTime(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: "2011-03-28T21:00:00Z",
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "proposed",
      version: 2,
      proposed_start: SLOT.third,
      proposed_by: w.kr.id,
      starts_at: null,
    });
    expect(await claimsOf(db(), id)).toEqual([]);
    // Korea proposed: Korea neither accepts nor proposes again; Taiwan answers.
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 2,
        startsAt: SLOT.third,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    expect(
      await proposeBilateralTime(db(), w.as(w.kr), {
        bilateralId: id,
        version: 2,
        startsAt: SLOT.fourth,
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });

    expect(
      await proposeBilateralTime(db(), w.as(w.tw), {
        bilateralId: id,
        version: 2,
        startsAt: SLOT.fourth,
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "proposed",
      version: 3,
      proposed_start: SLOT.fourth,
      proposed_by: w.tw.id,
    });
    expect(
      await acceptBilateral(db(), w.as(w.tw), {
        bilateralId: id,
        version: 3,
        startsAt: SLOT.fourth,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    // Accepting a proposal means its time, not another one.
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 3,
        startsAt: SLOT.third,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 2,
        startsAt: SLOT.fourth,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "stale" });

    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 3,
        startsAt: SLOT.fourth,
        attendeeIds: [w.kr.members[0]],
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "booked",
      version: 4,
      starts_at: SLOT.fourth,
      booked_via: "agreed",
      proposed_start: null,
      proposed_by: null,
    });
  });

  it("refuses to propose a time that is not free or not in a window", async () => {
    const w = await world();
    expect((await book(w, w.kr, w.eu, SLOT.first)).result.ok).toBe(true);
    const id = await request(w, w.tw, w.kr, { lengthSlots: 1 });
    expect(
      await proposeBilateralTime(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.first,
      }),
    ).toEqual({ ok: false, problem: "delegation_busy" });
    expect(
      await proposeBilateralTime(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: "2011-03-28T20:10:00.000Z",
      }),
    ).toEqual({ ok: false, problem: "outside_windows" });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "requested",
      version: 1,
      proposed_start: null,
    });
  });

  it("declines with a reason (the answering side only); a declined request cannot be accepted", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr);
    expect(
      await declineBilateral(db(), w.as(w.tw), {
        bilateralId: id,
        version: 1,
        reason: "Changed our mind",
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    await expect(
      declineBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        reason: "   ",
      }),
    ).rejects.toThrow(RangeError);
    await expect(
      declineBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        reason: "x".repeat(501),
      }),
    ).rejects.toThrow(RangeError);
    expect(
      await declineBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        reason: "  No time this year  ",
      }),
    ).toEqual({ ok: true, id });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "declined",
      version: 2,
      closing_reason: "No time this year",
      closed_by: w.kr.id,
    });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 2,
        startsAt: SLOT.first,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    expect(
      await cancelBilateral(db(), w.as(w.tw), {
        bilateralId: id,
        version: 2,
        reason: "Too late",
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });

    // A proposal is declined by the side that did not make it.
    const proposed = await request(w, w.tw, w.eu, { lengthSlots: 1 });
    await proposeBilateralTime(db(), w.as(w.eu), {
      bilateralId: proposed,
      version: 1,
      startsAt: SLOT.first,
    });
    expect(
      await declineBilateral(db(), w.as(w.eu), {
        bilateralId: proposed,
        version: 2,
        reason: "No",
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    expect(
      await declineBilateral(db(), w.as(w.tw), {
        bilateralId: proposed,
        version: 2,
        reason: "Not then",
      }),
    ).toEqual({ ok: true, id: proposed });
    expect(await rowOf(db(), proposed)).toMatchObject({
      status: "declined",
      closed_by: w.tw.id,
      proposed_start: null,
    });
  });

  it("cancels from either side with a reason, freeing the claims so the slot can be booked again", async () => {
    const w = await world({ tables: [1] });
    const { id } = await book(w, w.tw, w.kr, SLOT.first, {
      attendees: [w.tw.members[0]],
    });
    expect((await book(w, w.eu, w.kr, SLOT.first)).result).toEqual({
      ok: false,
      problem: "delegation_busy",
    });
    const blocked = await book(w, w.eu, w.tw, SLOT.first);
    expect(blocked.result).toEqual({ ok: false, problem: "delegation_busy" });

    expect(
      await cancelBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 2,
        reason: "Flight changed",
      }),
    ).toEqual({ ok: true, id });
    // The time stays (calendar feeds show the meeting as cancelled); the place and claims go.
    expect(await rowOf(db(), id)).toMatchObject({
      status: "cancelled",
      version: 3,
      starts_at: SLOT.first,
      place_id: null,
      table_number: null,
      closing_reason: "Flight changed",
      closed_by: w.kr.id,
    });
    expect(await claimsOf(db(), id)).toEqual([]);
    expect(
      await acceptBilateral(db(), w.as(w.tw), {
        bilateralId: blocked.id,
        version: 1,
        startsAt: SLOT.first,
        attendeeIds: [w.tw.members[0]],
      }),
    ).toEqual({ ok: true, id: blocked.id });

    // The requester may call off its own request too, before any answer.
    const open = await request(w, w.tw, w.eu);
    expect(
      await cancelBilateral(db(), w.as(w.tw), {
        bilateralId: open,
        version: 1,
        reason: "Not needed",
      }),
    ).toEqual({ ok: true, id: open });
    expect(
      await cancelBilateral(db(), w.as(w.kr), {
        bilateralId: open,
        version: 2,
        reason: "Not a side",
      }),
    ).toEqual({ ok: false, problem: "not_found" });
  });

  it("self-books only when both delegations opened self-booking; the recipient may decline it, freeing the slot", async () => {
    const event = await insertBilateralEvent(db(), { tables: [1] });
    const open = await insertBilateralDelegation(db(), event.eventId, {
      key: "open",
      selfBooking: true,
    });
    const alsoOpen = await insertBilateralDelegation(db(), event.eventId, {
      key: "also",
      selfBooking: true,
    });
    const closed = await insertBilateralDelegation(db(), event.eventId, {
      key: "closed",
    });
    const input = {
      recipientId: alsoOpen.id,
      topic: " Container security ",
      lengthSlots: 2,
      priority: "low" as const,
      startsAt: SLOT.first,
      attendeeIds: [open.members[1]],
    };

    expect(
      await selfBookBilateral(db(), actingFor(event, open), {
        ...input,
        recipientId: closed.id,
      }),
    ).toEqual({ ok: false, problem: "not_self_booking" });
    expect(
      await selfBookBilateral(db(), actingFor(event, closed), {
        ...input,
        recipientId: open.id,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "not_self_booking" });
    expect(await db().selectFrom("bilaterals").select("id").where("event_id", "=", event.eventId).execute()).toEqual([]);

    const booked = await selfBookBilateral(db(), actingFor(event, open), input);
    if (!booked.ok) throw new Error(booked.problem);
    const row = await db().selectFrom("bilaterals").selectAll().where("id", "=", booked.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "booked",
      booked_via: "self",
      version: 2,
      topic: "Container security",
      priority: "low",
      must_meet: 0,
      starts_at: SLOT.first,
      ends_at: SLOT.third,
    });
    expect(await claimsOf(db(), booked.id)).toHaveLength(2 * 4);
    expect(
      await selfBookBilateral(db(), actingFor(event, alsoOpen), {
        ...input,
        recipientId: open.id,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "delegation_busy" });

    // The self-booker may cancel but not decline its own booking; the recipient declines it.
    expect(
      await declineBilateral(db(), actingFor(event, open), {
        bilateralId: booked.id,
        version: 2,
        reason: "No",
      }),
    ).toEqual({ ok: false, problem: "wrong_status" });
    expect(
      await declineBilateral(db(), actingFor(event, alsoOpen), {
        bilateralId: booked.id,
        version: 2,
        reason: "We are in the plenary",
      }),
    ).toEqual({ ok: true, id: booked.id });
    expect(await rowOf(db(), booked.id)).toMatchObject({
      status: "declined",
      starts_at: null,
      closed_by: alsoOpen.id,
    });
    expect(await claimsOf(db(), booked.id)).toEqual([]);
    expect(
      await selfBookBilateral(db(), actingFor(event, alsoOpen), {
        ...input,
        recipientId: open.id,
        attendeeIds: [],
      }),
    ).toMatchObject({ ok: true });
  });

  it("refuses bad requests with their codes and stores nothing", async () => {
    const w = await world({ minSlots: 1, maxSlots: 3 });
    const other = await insertBilateralEvent(db());
    const stranger = await insertBilateralDelegation(db(), other.eventId, {
      key: "stranger",
    });
    const refused = (input: Partial<BilateralRequestInput>, to: TestDelegation = w.kr) => createBilateralRequest(db(), w.as(w.tw), requestInput(to, input));

    expect(await refused({}, w.tw)).toEqual({
      ok: false,
      problem: "own_delegation",
    });
    expect(await refused({}, stranger)).toEqual({
      ok: false,
      problem: "delegation_not_found",
    });
    expect(await refused({ lengthSlots: 0 })).toEqual({
      ok: false,
      problem: "length_not_allowed",
    });
    expect(await refused({ lengthSlots: 4 })).toEqual({
      ok: false,
      problem: "length_not_allowed",
    });
    expect(await refused({ lengthSlots: 1.5 })).toEqual({
      ok: false,
      problem: "length_not_allowed",
    });
    // Not a slot start; a start where two slots run past the window's end; before every window.
    expect(await refused({ preferredStarts: ["2011-03-28T20:15:00.000Z"] })).toEqual({ ok: false, problem: "outside_windows" });
    expect(
      await refused({
        lengthSlots: 2,
        preferredStarts: [SLOT.first, SLOT.lastOfFirstWindow],
      }),
    ).toEqual({ ok: false, problem: "outside_windows" });
    expect(await refused({ preferredStarts: ["2011-03-28T19:30:00.000Z"] })).toEqual({ ok: false, problem: "outside_windows" });
    expect(await refused({ preferredStarts: ["not a time"] })).toEqual({
      ok: false,
      problem: "outside_windows",
    });
    expect(await refused({ attendeeIds: [w.tw.members[0], w.kr.members[0]] })).toEqual({ ok: false, problem: "attendee_not_member" });
    await expect(refused({ topic: "  " })).rejects.toThrow(RangeError);
    await expect(refused({ topic: "x".repeat(301) })).rejects.toThrow(RangeError);
    expect(await db().selectFrom("bilaterals").select("id").where("event_id", "=", w.eventId).execute()).toEqual([]);

    const accepted = await createBilateralRequest(
      db(),
      w.as(w.tw),
      requestInput(w.kr, {
        lengthSlots: 3,
        topic: "x".repeat(300),
        preferredStarts: [SLOT.fourth],
      }),
    );
    expect(accepted).toMatchObject({ ok: true });
    // Attendees of the other side are refused when accepting too, and nothing changes.
    const id = await request(w, w.tw, w.kr, { lengthSlots: 1 });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.first,
        attendeeIds: [w.tw.members[0]],
      }),
    ).toEqual({ ok: false, problem: "attendee_not_member" });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: "2011-03-28T23:00:00.000Z",
        attendeeIds: [],
      }),
    ).toEqual({
      ok: false,
      problem: "outside_windows",
    });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "requested",
      version: 1,
    });
  });

  it("a three-slot meeting fits the next day's two-slot window nowhere", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr, { lengthSlots: 3 });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.nextDay,
        attendeeIds: [],
      }),
    ).toEqual({ ok: false, problem: "outside_windows" });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.fourth,
        attendeeIds: [],
      }),
    ).toEqual({ ok: true, id });
  });

  it("treats a delegation as busy during its busy blocks, and when all its members are in sessions", async () => {
    const w = await world();
    await insertBusyBlock(db(), w.eventId, w.kr.id, "2011-03-28T20:45:00.000Z", "2011-03-28T21:15:00.000Z");
    expect((await book(w, w.tw, w.kr, SLOT.second)).result).toEqual({
      ok: false,
      problem: "delegation_busy",
    });
    expect((await book(w, w.tw, w.kr, SLOT.first, { lengthSlots: 2 })).result).toEqual({ ok: false, problem: "delegation_busy" });
    expect((await book(w, w.tw, w.kr, SLOT.fourth)).result).toMatchObject({
      ok: true,
    });

    // One member of the EU speaking leaves the other free to meet; both speaking leave nobody.
    await insertSpeakingSession(db(), w.eventId, {
      startsAt: SLOT.fifth,
      endsAt: SLOT.lastOfFirstWindow,
      speakers: [w.eu.members[0]],
    });
    expect((await book(w, w.tw, w.eu, SLOT.fifth)).result).toMatchObject({
      ok: true,
    });
    await insertSpeakingSession(db(), w.eventId, {
      startsAt: SLOT.nextDay,
      endsAt: "2011-03-29T17:00:00.000Z",
      speakers: [w.eu.members[0], w.eu.members[1]],
    });
    expect((await book(w, w.kr, w.eu, SLOT.lastOfNextDay)).result).toEqual({
      ok: false,
      problem: "delegation_busy",
    });
    // A cancelled session keeps nobody busy.
    await insertSpeakingSession(db(), w.eventId, {
      startsAt: SLOT.first,
      endsAt: SLOT.second,
      speakers: w.eu.members,
      status: "cancelled",
    });
    expect((await book(w, w.kr, w.eu, SLOT.first)).result).toMatchObject({
      ok: true,
    });
  });

  it("holds as many meetings at once as the delegation has teams: two, not three", async () => {
    const w = await world({ tables: [2, 2] }, { tw: 2 });
    const ch = await insertBilateralDelegation(db(), w.eventId, { key: "ch" });
    expect((await book(w, w.tw, w.kr, SLOT.first)).result).toMatchObject({
      ok: true,
    });
    expect((await book(w, w.eu, w.tw, SLOT.first)).result).toMatchObject({
      ok: true,
    });
    expect((await book(w, w.tw, ch, SLOT.first)).result).toEqual({
      ok: false,
      problem: "delegation_busy",
    });
    const teams = await db()
      .selectFrom("bilateral_claims")
      .select("resource")
      .where("event_id", "=", w.eventId)
      .where("resource", "like", `delegation:${w.tw.id}:%`)
      .orderBy("resource")
      .execute();
    expect(teams.map((row) => row.resource)).toEqual([`delegation:${w.tw.id}:1`, `delegation:${w.tw.id}:2`]);
    // A team of one side cannot be in two meetings either: Korea has one team.
    expect((await book(w, ch, w.kr, SLOT.first)).result).toEqual({
      ok: false,
      problem: "delegation_busy",
    });
  });

  it("keeps a person out of a meeting while they speak in a session, or sit in another meeting", async () => {
    const w = await world({ tables: [3] }, { tw: 2 });
    const [head, member] = w.tw.members;
    await insertSpeakingSession(db(), w.eventId, {
      startsAt: "2011-03-28T20:00:00.000Z",
      endsAt: "2011-03-28T20:40:00.000Z",
      speakers: [head],
    });
    expect((await book(w, w.tw, w.kr, SLOT.second, { attendees: [head] })).result).toEqual({ ok: false, problem: "person_busy", personName: "tw member 1" });
    expect((await book(w, w.tw, w.kr, SLOT.third, { attendees: [head, member] })).result).toMatchObject({ ok: true });
    // Taiwan has a second team, but the member is in the first meeting: on the other side's acceptance too.
    expect((await book(w, w.eu, w.tw, SLOT.third, { theirs: [member] })).result).toEqual({ ok: false, problem: "person_busy", personName: "tw member 2" });
    expect((await book(w, w.eu, w.tw, SLOT.third, { theirs: [] })).result).toMatchObject({ ok: true });
  });

  it("refuses once every table is taken, and picks tables by place position", async () => {
    const w = await world({ tables: [1, 1] });
    const ch = await insertBilateralDelegation(db(), w.eventId, { key: "ch" });
    const jp = await insertBilateralDelegation(db(), w.eventId, { key: "jp" });
    const free = await insertBilateralDelegation(db(), w.eventId, {
      key: "free",
    });
    const first = await book(w, w.tw, w.kr, SLOT.first, { lengthSlots: 2 });
    const second = await book(w, w.eu, ch, SLOT.second);
    const third = await book(w, jp, w.eu, SLOT.first);
    expect(await rowOf(db(), first.id)).toMatchObject({
      place_id: w.places[0].id,
      table_number: 1,
    });
    expect(await rowOf(db(), second.id)).toMatchObject({
      place_id: w.places[1].id,
      table_number: 1,
    });
    expect(await rowOf(db(), third.id)).toMatchObject({
      status: "booked",
      place_id: w.places[1].id,
    });
    // 20:30: Taiwan–Korea runs on in the first room, EU–Switzerland sits in the second.
    expect((await book(w, jp, free, SLOT.second)).result).toEqual({
      ok: false,
      problem: "no_table",
    });
    await cancelBilateral(db(), w.as(w.tw), {
      bilateralId: first.id,
      version: 2,
      reason: "Moved",
    });
    const after = await book(w, jp, free, SLOT.second);
    expect(after.result).toMatchObject({ ok: true });
    expect(await rowOf(db(), after.id)).toMatchObject({
      place_id: w.places[0].id,
      table_number: 1,
    });
  });

  it("leaves nothing half-stored when an acceptance is refused: status, version, attendees and claims as before", async () => {
    const w = await world({ tables: [1] });
    expect((await book(w, w.eu, w.kr, SLOT.first)).result).toMatchObject({
      ok: true,
    });
    const id = await request(w, w.tw, w.kr, {
      lengthSlots: 1,
      attendeeIds: [w.tw.members[0]],
    });
    expect(
      await acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.first,
        attendeeIds: [w.kr.members[1]],
      }),
    ).toEqual({ ok: false, problem: "delegation_busy" });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "requested",
      version: 1,
      starts_at: null,
    });
    expect(await attendeesOf(db(), id)).toEqual([[w.tw.members[0], w.tw.id]]);
    expect(await claimsOf(db(), id)).toEqual([]);
  });

  it("gives the last table to one of two acceptances sent at the same moment", async () => {
    const w = await world({ tables: [1] });
    const ch = await insertBilateralDelegation(db(), w.eventId, { key: "ch" });
    const first = await request(w, w.tw, w.kr, { lengthSlots: 2 });
    const second = await request(w, w.eu, ch, { lengthSlots: 2 });
    const results = await Promise.all([
      acceptBilateral(db(), w.as(w.kr), {
        bilateralId: first,
        version: 1,
        startsAt: SLOT.first,
        attendeeIds: [],
      }),
      acceptBilateral(db(), actingFor(w, ch), {
        bilateralId: second,
        version: 1,
        startsAt: SLOT.second,
        attendeeIds: [],
      }),
    ]);
    expect(results.map((result) => (result.ok ? "ok" : result.problem)).sort()).toEqual(["no_table", "ok"]);
    const booked = await db().selectFrom("bilaterals").select("id").where("event_id", "=", w.eventId).where("status", "=", "booked").execute();
    expect(booked).toHaveLength(1);
  });

  it("answers two answers to one request sent at the same moment with one success and one stale", async () => {
    const w = await world();
    const id = await request(w, w.tw, w.kr, { lengthSlots: 1 });
    const results = await Promise.all([
      acceptBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        startsAt: SLOT.first,
        attendeeIds: [],
      }),
      declineBilateral(db(), w.as(w.kr), {
        bilateralId: id,
        version: 1,
        reason: "No",
      }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, problem: "stale" }]);
    expect((await rowOf(db(), id)).version).toBe(2);
  });

  it("books in the caller's transaction at a given table, moves a booked meeting, and refuses a taken table", async () => {
    const w = await world({ tables: [1, 2] });
    const id = await request(w, w.tw, w.kr, {
      lengthSlots: 2,
      attendeeIds: [w.tw.members[0]],
    });
    await acceptBilateral(db(), w.as(w.kr), {
      bilateralId: id,
      version: 1,
      startsAt: null,
      attendeeIds: [],
    });
    const booked = await db()
      .transaction()
      .execute((trx) =>
        bookInTransaction(trx, {
          eventId: w.eventId,
          bilateralId: id,
          startsAt: SLOT.first,
          via: "scheduler",
          placeId: w.places[1].id,
          tableNumber: 2,
        }),
      );
    expect(booked).toEqual({
      ok: true,
      startsAt: SLOT.first,
      endsAt: SLOT.third,
      placeId: w.places[1].id,
      tableNumber: 2,
    });
    expect(await rowOf(db(), id)).toMatchObject({
      status: "booked",
      version: 3,
      booked_via: "scheduler",
      table_number: 2,
    });

    // Moving it one slot on overlaps its own claims at 20:30, which give way.
    const moved = await db()
      .transaction()
      .execute((trx) =>
        bookInTransaction(trx, {
          eventId: w.eventId,
          bilateralId: id,
          startsAt: SLOT.second,
          via: "organizer",
        }),
      );
    expect(moved).toEqual({
      ok: true,
      startsAt: SLOT.second,
      endsAt: SLOT.fourth,
      placeId: w.places[0].id,
      tableNumber: 1,
    });
    expect(await claimsOf(db(), id)).toHaveLength(2 * 4);
    expect((await claimsOf(db(), id)).some((claim) => claim.endsWith(SLOT.first))).toBe(false);

    const other = await request(w, w.eu, await insertBilateralDelegation(db(), w.eventId, { key: "ch" }), { lengthSlots: 1 });
    const taken = await db()
      .transaction()
      .execute((trx) =>
        bookInTransaction(trx, {
          eventId: w.eventId,
          bilateralId: other,
          startsAt: SLOT.third,
          via: "organizer",
          placeId: w.places[0].id,
          tableNumber: 1,
        }),
      );
    expect(taken).toEqual({ ok: false, problem: "no_table" });
    const missingTable = await db()
      .transaction()
      .execute((trx) =>
        bookInTransaction(trx, {
          eventId: w.eventId,
          bilateralId: other,
          startsAt: SLOT.third,
          via: "organizer",
          placeId: w.places[0].id,
          tableNumber: 2,
        }),
      );
    expect(missingTable).toEqual({ ok: false, problem: "no_table" });
    expect(await rowOf(db(), other)).toMatchObject({
      status: "requested",
      version: 1,
    });
  });

  it("offers exactly the starts that booking accepts", async () => {
    const w = await world({ tables: [2] }, { kr: 2 });
    const ch = await insertBilateralDelegation(db(), w.eventId, { key: "ch" });
    await insertBusyBlock(db(), w.eventId, w.tw.id, SLOT.fifth, "2011-03-28T23:00:00.000Z");
    await insertSpeakingSession(db(), w.eventId, {
      startsAt: SLOT.nextDay,
      endsAt: SLOT.lastOfNextDay,
      speakers: [w.kr.members[0]],
    });
    expect(
      (
        await book(w, w.kr, w.eu, SLOT.first, {
          lengthSlots: 2,
          attendees: [w.kr.members[0]],
        })
      ).result,
    ).toMatchObject({ ok: true });
    expect((await book(w, ch, w.eu, SLOT.third)).result).toMatchObject({
      ok: true,
    });
    expect((await book(w, w.kr, ch, SLOT.fourth, { attendees: [w.kr.members[1]] })).result).toMatchObject({ ok: true });

    for (const lengthSlots of [1, 2, 3]) {
      for (const attendeeIds of [[], [w.kr.members[0]], [w.kr.members[1], w.tw.members[0]]]) {
        const offered = await freeStartsFor(db(), w.eventId, {
          sides: [w.tw.id, w.kr.id],
          lengthSlots,
          attendeeIds,
        });
        const id = await db()
          .insertInto("bilaterals")
          .values({
            event_id: w.eventId,
            requester_id: w.tw.id,
            recipient_id: w.kr.id,
            topic: "Probe",
            length_slots: lengthSlots,
            priority: "normal",
            status: "accepted",
            created_at: SLOT.first,
            updated_at: SLOT.first,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (attendeeIds.length > 0) {
          await db()
            .insertInto("bilateral_attendees")
            .values(
              attendeeIds.map((person_id) => ({
                bilateral_id: id.id,
                person_id,
                delegation_id: w.tw.members.includes(person_id) ? w.tw.id : w.kr.id,
              })),
            )
            .execute();
        }
        const accepted: string[] = [];
        const setupStarts = [SLOT.first, SLOT.second, SLOT.third, SLOT.fourth, SLOT.fifth, SLOT.lastOfFirstWindow, SLOT.nextDay, SLOT.lastOfNextDay];
        for (const startsAt of setupStarts) {
          // Each booking tried in a transaction rolled back afterwards.
          const outcome = await db()
            .transaction()
            .execute(async (trx) => {
              const result = await bookInTransaction(trx, {
                eventId: w.eventId,
                bilateralId: id.id,
                startsAt,
                via: "organizer",
              });
              throw Object.assign(new Error("roll back"), { result });
            })
            .catch((error: { result?: { ok: boolean } }) => error.result);
          if (outcome?.ok) accepted.push(startsAt);
        }
        expect(offered.map((start) => start.startsAt)).toEqual(accepted);
      }
    }
    // Two slots for Taiwan and Korea: Korea's second team and the second table are free until
    // 22:00, when Taiwan's block begins; Korea's speaker the next day is not among the attendees.
    expect(
      (
        await freeStartsFor(db(), w.eventId, {
          sides: [w.tw.id, w.kr.id],
          lengthSlots: 2,
          attendeeIds: [],
        })
      ).map((start) => start.startsAt),
    ).toEqual([SLOT.first, SLOT.second, SLOT.third, SLOT.nextDay]);
    expect(
      (
        await freeStartsFor(db(), w.eventId, {
          sides: [w.tw.id, w.kr.id],
          lengthSlots: 2,
          attendeeIds: [w.kr.members[0]],
        })
      ).map((start) => start.startsAt),
    ).toEqual([SLOT.third]);
    expect(
      await freeStartsFor(db(), w.eventId, {
        sides: [w.tw.id, w.kr.id],
        lengthSlots: 4,
        attendeeIds: [],
      }),
    ).toEqual([]);
    expect(
      await freeStartsFor(db(), w.eventId, {
        sides: [w.tw.id, w.kr.id],
        lengthSlots: 1,
        attendeeIds: [],
      }),
    ).toContainEqual({
      index: 0,
      startsAt: SLOT.first,
      endsAt: SLOT.second,
    });
  });

  it("lists a delegation's requests and meetings, both directions, with what each side needs, and nobody else's", async () => {
    const w = await world();
    await db().updateTable("delegations").set({ self_booking: 1, name_zh: "韓國", country: "KR" }).where("id", "=", w.kr.id).execute();
    const booked = await request(w, w.tw, w.kr, {
      lengthSlots: 2,
      priority: "high",
      mustMeet: true,
      attendeeIds: [w.tw.members[0]],
      preferredStarts: [SLOT.second, "2011-03-28T20:00:00Z"],
    });
    await acceptBilateral(db(), w.as(w.kr), {
      bilateralId: booked,
      version: 1,
      startsAt: SLOT.first,
      attendeeIds: [w.kr.members[1]],
    });
    const incoming = await request(w, w.eu, w.tw, {
      lengthSlots: 1,
      topic: "Data exchange",
    });
    await proposeBilateralTime(db(), w.as(w.tw), {
      bilateralId: incoming,
      version: 1,
      startsAt: SLOT.fourth,
    });
    const declined = await request(w, w.tw, w.eu);
    await declineBilateral(db(), w.as(w.eu), {
      bilateralId: declined,
      version: 1,
      reason: "Not this year",
    });
    const unrelated = await request(w, w.kr, w.eu);

    const list = await listBilateralsOf(db(), w.eventId, w.tw.id);
    expect(list.map((item) => item.id)).toEqual([declined, incoming, booked]);
    expect(list.map((item) => item.id)).not.toContain(unrelated);
    const [declinedItem, incomingItem, bookedItem] = list;
    expect(bookedItem).toEqual({
      id: booked,
      version: 2,
      status: "booked",
      direction: "outgoing",
      other: {
        id: w.kr.id,
        key: "kr",
        name_en: "Delegation kr",
        name_zh: "韓國",
        country: "KR",
        selfBooking: true,
      },
      topic: "Mutual recognition",
      lengthSlots: 2,
      priority: "high",
      mustMeet: true,
      preferredStarts: [SLOT.first, SLOT.second],
      proposedStart: null,
      proposedByUs: false,
      startsAt: SLOT.first,
      endsAt: SLOT.third,
      place: {
        id: w.places[0].id,
        name_en: "Bilateral room 1",
        name_zh: "雙邊會談室 1",
      },
      tableNumber: 1,
      bookedVia: "agreed",
      closingReason: null,
      closedByUs: false,
      attendees: [
        {
          personId: w.kr.members[1],
          name: "kr member 2",
          delegationId: w.kr.id,
        },
        {
          personId: w.tw.members[0],
          name: "tw member 1",
          delegationId: w.tw.id,
        },
      ],
      updatedAt: expect.any(String),
    });
    expect(incomingItem).toMatchObject({
      direction: "incoming",
      status: "proposed",
      proposedStart: SLOT.fourth,
      proposedByUs: true,
      other: { id: w.eu.id, selfBooking: false },
      place: null,
    });
    expect(declinedItem).toMatchObject({
      direction: "outgoing",
      status: "declined",
      closingReason: "Not this year",
      closedByUs: false,
    });
    // The other side sees the same meeting the other way round.
    const korea = await listBilateralsOf(db(), w.eventId, w.kr.id);
    expect(korea.find((item) => item.id === booked)).toMatchObject({
      direction: "incoming",
      other: { id: w.tw.id },
    });
    expect((await listBilateralsOf(db(), w.eventId, w.eu.id)).find((item) => item.id === incoming)).toMatchObject({
      proposedByUs: false,
      direction: "outgoing",
    });
    // Another event's list is empty for the same delegation id.
    const elsewhere = await insertBilateralEvent(db());
    expect(await listBilateralsOf(db(), elsewhere.eventId, w.tw.id)).toEqual([]);
  });
});

// On PostgreSQL two bookings can read the same free table at once; the later insert of the claim
// then waits for the earlier transaction and fails when it commits. (SQLite runs write
// transactions one after the other, so its checks always see every committed claim.) Another
// transaction holds a claim open here until the booking is seen waiting for it.
describe.skipIf(!postgresEnabled())("a claim taken by a concurrent booking [postgres]", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await testDb.cleanup();
  });

  /** A transaction that has inserted `resource` at `slotStart` and commits when told. */
  async function holdClaim(db: Db, claim: { eventId: number; bilateralId: number; resource: string; slotStart: string }) {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding: (pid: number) => void = () => {};
    const pid = new Promise<number>((resolve) => (holding = resolve));
    const committed = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await trx
        .insertInto("bilateral_claims")
        .values({ event_id: claim.eventId, resource: claim.resource, slot_start: claim.slotStart, bilateral_id: claim.bilateralId })
        .execute();
      holding(rows[0].pid);
      await released;
    });
    return {
      pid: await pid,
      commit: async () => {
        release();
        await committed;
      },
    };
  }

  /** Until some other backend waits for `pid`'s transaction. */
  async function blockedBy(db: Db, pid: number): Promise<void> {
    for (;;) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(db);
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function setting() {
    const db = testDb.db;
    const event = await insertBilateralEvent(db, { tables: [2] });
    const sides = await Promise.all(["tw", "kr", "eu", "ch"].map((key) => insertBilateralDelegation(db, event.eventId, { key })));
    const request = async (from: TestDelegation, to: TestDelegation) => {
      const result = await createBilateralRequest(db, actingFor(event, from), {
        recipientId: to.id,
        topic: "Race",
        lengthSlots: 1,
        priority: "normal",
        mustMeet: false,
        preferredStarts: [],
        attendeeIds: [],
      });
      if (!result.ok) throw new Error(result.problem);
      return result.id;
    };
    const booking = await request(sides[0], sides[1]);
    const other = await request(sides[2], sides[3]);
    const table = (number: number) => ({
      eventId: event.eventId,
      bilateralId: other,
      resource: `table:${event.places[0].id}:${number}`,
      slotStart: SLOT.first,
    });
    const accept = () =>
      acceptBilateral(db, actingFor(event, sides[1]), { bilateralId: booking, version: 1, startsAt: SLOT.first, attendeeIds: [sides[1].members[0]] });
    return { db, booking, table, accept };
  }

  it("tries once more after losing its table, reading afresh, and takes the other table", async () => {
    const { db, booking, table, accept } = await setting();
    const first = await holdClaim(db, table(1));
    const accepted = accept();
    await blockedBy(db, first.pid);
    await first.commit();
    expect(await accepted).toEqual({ ok: true, id: booking });
    expect(await rowOf(db, booking)).toMatchObject({ status: "booked", version: 2, table_number: 2 });
  });

  it("losing a second race too, answers with the resource the database names, and stores nothing", async () => {
    const { db, booking, table, accept } = await setting();
    const first = await holdClaim(db, table(1));
    const second = await holdClaim(db, table(2));
    const accepted = accept();
    await blockedBy(db, first.pid);
    await first.commit();
    // The second attempt sees table 1 taken and tries table 2, held by the other transaction.
    await blockedBy(db, second.pid);
    await second.commit();
    expect(await accepted).toEqual({ ok: false, problem: "no_table" });
    expect(await rowOf(db, booking)).toMatchObject({ status: "requested", version: 1, starts_at: null });
    expect(await claimsOf(db, booking)).toEqual([]);
    expect(await attendeesOf(db, booking)).toEqual([]);
  });
});
