import { describe, expect, it } from "vitest";
import { getAttendance } from "../../../app/models/attendance.server";
import {
  checkIn,
  countCheckIns,
  defaultCheckInDay,
  findAttendeeByCode,
  listRecentCheckIns,
  searchAttendees,
  undoCheckIn,
  type CheckInEvent,
} from "../../../app/models/check-in.server";
import { formatBadgeCode } from "../../../lib/badge-code";
import { describeEachEngine } from "../../support/engines";
import { insertEvent, insertUser } from "../../support/app";
import {
  addMember,
  insertCategory,
  insertDelegation,
  insertOrganization,
  insertPerson,
  insertRegistration,
  insertSeat,
  insertSession,
} from "../../support/check-in-fixtures";

const EVENT_DAYS = { time_zone: "America/Los_Angeles", starts_on: "2011-03-28", ends_on: "2011-03-30" };

describe("the default check-in day", () => {
  const event: CheckInEvent = { id: 1, ...EVENT_DAYS };
  it("is today in the event's zone while the event runs", () => {
    // 03:00 UTC on the 29th is still the 28th in Los Angeles.
    expect(defaultCheckInDay(event, new Date("2011-03-29T03:00:00Z"))).toBe("2011-03-28");
    expect(defaultCheckInDay(event, new Date("2011-03-30T20:00:00Z"))).toBe("2011-03-30");
  });
  it("is the first day before or after the event", () => {
    expect(defaultCheckInDay(event, new Date("2011-03-01T12:00:00Z"))).toBe("2011-03-28");
    expect(defaultCheckInDay(event, new Date("2011-04-01T12:00:00Z"))).toBe("2011-03-28");
  });
});

describeEachEngine("check-in", ({ db }) => {
  async function world() {
    const row = await insertEvent(db());
    const other = await insertEvent(db());
    const event: CheckInEvent = { id: row.id, ...EVENT_DAYS };
    const staff = await insertUser(db());
    const taiwan = await insertDelegation(db(), event.id, { key: "tw", nameEn: "Taiwan", nameZh: "臺灣", country: "TW" });
    const wen = await insertPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", email: "wen@example.test" });
    await addMember(db(), { eventId: event.id, delegationId: taiwan, personId: wen, role: "head" });
    const wenRegistration = await insertRegistration(db(), { eventId: event.id, personId: wen });
    const workshop = await insertSession(db(), event.id, { title: "Workshop", startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T17:30:00.000Z", capacity: 2 });
    const openSession = await insertSession(db(), event.id, { title: "Plenary", startsAt: "2011-03-28T16:00:00.000Z", endsAt: "2011-03-28T17:00:00.000Z" });
    return { event, other, staff, taiwan, wen, wenRegistration, workshop, openSession };
  }

  it("admits to a session open to some registration categories only the people of those categories, capacity or not", async () => {
    const { event, staff, openSession } = await world();
    const isa = await insertCategory(db(), event.id, { nameEn: "ISA member" });
    const trade = await insertCategory(db(), event.id, { nameEn: "Trade participant" });
    await db().insertInto("session_categories").values({ session_id: openSession, category_id: isa }).execute();
    const member = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "ISA Member" }), categoryId: isa });
    const trader = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Trader" }), categoryId: trade });
    const uncategorised = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "No Category" }) });
    const place = { kind: "session", sessionId: openSession } as const;
    for (const refused of [trader, uncategorised]) {
      expect(await checkIn(db(), { event, place, who: { code: refused.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "category_not_allowed" });
    }
    expect(await checkIn(db(), { event, place, who: { code: member.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: true, outcome: "checked_in" });
    expect(await countCheckIns(db(), event, place)).toMatchObject({ checkedIn: 1 });
  });

  it("finds a badge code only within its own event, as typed or as printed", async () => {
    const { event, other, wenRegistration } = await world();
    expect((await findAttendeeByCode(db(), event.id, formatBadgeCode(wenRegistration.badgeCode).toLowerCase()))?.name).toBe("Wen Wu-yen");
    expect(await findAttendeeByCode(db(), other.id, wenRegistration.badgeCode)).toBeUndefined();
    const otherEvent: CheckInEvent = { id: other.id, ...EVENT_DAYS };
    const staff = await insertUser(db());
    expect(await checkIn(db(), { event: otherEvent, place: { kind: "door", day: "2011-03-28" }, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id })).toEqual({
      ok: false,
      problem: "unknown_code",
    });
    expect(await checkIn(db(), { event: otherEvent, place: { kind: "door", day: "2011-03-28" }, who: { code: "not a code" }, actorUserId: staff.id })).toEqual({
      ok: false,
      problem: "unknown_code",
    });
  });

  it("checks in once: a second check-in answers with the first one's time", async () => {
    const { event, staff, wenRegistration } = await world();
    const place = { kind: "door", day: "2011-03-28" } as const;
    const first = await checkIn(db(), { event, place, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id }, new Date("2011-03-28T15:12:00Z"));
    expect(first).toMatchObject({ ok: true, outcome: "checked_in", checkedInAt: "2011-03-28T15:12:00.000Z" });
    expect(first.ok && first.attendee).toMatchObject({ name: "Wen Wu-yen", nameNative: "溫武彥", delegationEn: "Taiwan", delegationZh: "臺灣" });
    expect(first.ok && "email" in first.attendee).toBe(false);
    const second = await checkIn(db(), { event, place, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id }, new Date("2011-03-28T16:00:00Z"));
    expect(second).toMatchObject({ ok: true, outcome: "already_checked_in", checkedInAt: "2011-03-28T15:12:00.000Z" });
    expect(second.ok && first.ok && second.checkInId).toBe(first.ok && first.checkInId);
    // Another day is another check-in.
    const nextDay = await checkIn(db(), { event, place: { kind: "door", day: "2011-03-29" }, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id });
    expect(nextDay).toMatchObject({ ok: true, outcome: "checked_in" });
    expect(await countCheckIns(db(), event, place)).toEqual({ expected: 1, checkedIn: 1 });
    const audit = await db().selectFrom("audit_log").select("action").where("event_id", "=", event.id).where("action", "=", "check_in.create").execute();
    expect(audit).toHaveLength(2);
  });

  it("keeps one check-in when 20 staff check the same person in at once", async () => {
    const { event, staff, wenRegistration } = await world();
    const place = { kind: "door", day: "2011-03-30" } as const;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => checkIn(db(), { event, place, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id })),
    );
    expect(results.filter((result) => result.ok && result.outcome === "checked_in")).toHaveLength(1);
    expect(results.filter((result) => result.ok && result.outcome === "already_checked_in")).toHaveLength(19);
    const rows = await db().selectFrom("check_ins").select("id").where("registration_id", "=", wenRegistration.id).where("day", "=", "2011-03-30").execute();
    expect(rows).toHaveLength(1);
  });

  it("undoes a check-in once, audited, and then checks the person in again", async () => {
    const { event, staff, wenRegistration } = await world();
    const place = { kind: "door", day: "2011-03-28" } as const;
    const first = await checkIn(db(), { event, place, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id });
    if (!first.ok) throw new Error("not checked in");
    expect(await undoCheckIn(db(), { eventId: event.id + 1000, checkInId: first.checkInId, actorUserId: staff.id })).toEqual({ ok: false });
    expect(await undoCheckIn(db(), { eventId: event.id, checkInId: first.checkInId, actorUserId: staff.id })).toEqual({ ok: true, name: "Wen Wu-yen" });
    expect(await undoCheckIn(db(), { eventId: event.id, checkInId: first.checkInId, actorUserId: staff.id })).toEqual({ ok: false });
    const undone = await db().selectFrom("check_ins").select(["undone_at", "undone_by"]).where("id", "=", first.checkInId).executeTakeFirstOrThrow();
    expect(undone.undone_by).toBe(staff.id);
    expect(undone.undone_at).not.toBeNull();
    const audit = await db().selectFrom("audit_log").select(["action", "subject_id"]).where("event_id", "=", event.id).where("action", "=", "check_in.undo").execute();
    expect(audit).toEqual([{ action: "check_in.undo", subject_id: String(wenRegistration.id) }]);
    expect(await countCheckIns(db(), event, place)).toEqual({ expected: 1, checkedIn: 0 });
    expect(await listRecentCheckIns(db(), event, place)).toEqual([]);

    const again = await checkIn(db(), { event, place, who: { code: wenRegistration.badgeCode }, actorUserId: staff.id });
    expect(again).toMatchObject({ ok: true, outcome: "checked_in" });
    expect(again.ok && again.checkInId).not.toBe(first.checkInId);
    expect((await listRecentCheckIns(db(), event, place)).map((row) => row.name)).toEqual(["Wen Wu-yen"]);
  });

  it("refuses with a reason: not registered, cancelled, pending, no seat, unknown place", async () => {
    const { event, staff, taiwan, workshop, openSession } = await world();
    const door = { kind: "door", day: "2011-03-28" } as const;
    const member = await insertPerson(db(), { name: "Unregistered Member" });
    await addMember(db(), { eventId: event.id, delegationId: taiwan, personId: member });
    expect(await checkIn(db(), { event, place: door, who: { personId: member }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "not_registered", attendee: { name: "Unregistered Member" } });
    const stranger = await insertPerson(db(), { name: "Not Of This Event" });
    expect(await checkIn(db(), { event, place: door, who: { personId: stranger }, actorUserId: staff.id })).toEqual({ ok: false, problem: "not_registered" });

    const cancelled = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Cancelled" }), status: "cancelled" });
    expect(await checkIn(db(), { event, place: door, who: { code: cancelled.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "cancelled" });
    const pending = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Pending" }), status: "pending" });
    expect(await checkIn(db(), { event, place: door, who: { code: pending.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "pending" });

    const seated = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Seated" }) });
    const waiting = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Waiting" }) });
    const seatless = await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Seatless" }) });
    await insertSeat(db(), { sessionId: workshop, registrationId: seated.id, status: "seated" });
    await insertSeat(db(), { sessionId: workshop, registrationId: waiting.id, status: "waiting" });
    const atWorkshop = { kind: "session", sessionId: workshop } as const;
    expect(await checkIn(db(), { event, place: atWorkshop, who: { code: waiting.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "no_seat" });
    expect(await checkIn(db(), { event, place: atWorkshop, who: { code: seatless.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: false, problem: "no_seat" });
    const ok = await checkIn(db(), { event, place: atWorkshop, who: { code: seated.badgeCode }, actorUserId: staff.id });
    expect(ok).toMatchObject({ ok: true, outcome: "checked_in" });
    // A session's check-in counts for the event-local day it starts on.
    const row = await db().selectFrom("check_ins").select(["day", "session_id"]).where("registration_id", "=", seated.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ day: "2011-03-29", session_id: workshop });
    expect(await countCheckIns(db(), event, atWorkshop)).toEqual({ expected: 1, checkedIn: 1 });
    // A session without a capacity admits every confirmed registration.
    expect(await checkIn(db(), { event, place: { kind: "session", sessionId: openSession }, who: { code: seatless.badgeCode }, actorUserId: staff.id })).toMatchObject({ ok: true });

    const otherEvent = await insertEvent(db());
    const foreignSession = await insertSession(db(), otherEvent.id, { title: "Elsewhere", startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T17:00:00.000Z" });
    for (const place of [{ kind: "door", day: "2011-03-31" }, { kind: "door", day: "March 28" }, { kind: "session", sessionId: foreignSession }] as const) {
      expect(await checkIn(db(), { event, place, who: { code: seated.badgeCode }, actorUserId: staff.id })).toEqual({ ok: false, problem: "unknown_place" });
    }
  });

  it("finds people by name in Latin or native script, in any case, only within the event", async () => {
    const { event, other } = await world();
    const kim = await insertPerson(db(), { name: "Kim Jai-il", nameNative: "김재일" });
    await insertRegistration(db(), { eventId: event.id, personId: kim });
    const elsewhere = await insertPerson(db(), { name: "Wendy Elsewhere" });
    await insertRegistration(db(), { eventId: other.id, personId: elsewhere });
    expect((await searchAttendees(db(), event.id, "WEN")).map((row) => row.name)).toEqual(["Wen Wu-yen"]);
    expect((await searchAttendees(db(), event.id, "武彥")).map((row) => row.name)).toEqual(["Wen Wu-yen"]);
    expect((await searchAttendees(db(), event.id, "재일")).map((row) => row.name)).toEqual(["Kim Jai-il"]);
    expect((await searchAttendees(db(), event.id, "%")).map((row) => row.name)).toEqual([]);
    expect(await searchAttendees(db(), event.id, "  ")).toEqual([]);
  });
});

describeEachEngine("attendance figures", ({ db }) => {
  it("counts days, sessions, delegations, countries and categories exactly", async () => {
    const row = await insertEvent(db());
    const event = { id: row.id, ...EVENT_DAYS };
    const staff = await insertUser(db());
    const customs = await insertCategory(db(), event.id, { nameEn: "Foreign customs administration", nameZh: "外國海關" });
    const trade = await insertCategory(db(), event.id, { nameEn: "Trade participant" });
    const taiwan = await insertDelegation(db(), event.id, { key: "tw", nameEn: "Taiwan", country: "TW" });
    const korea = await insertDelegation(db(), event.id, { key: "kr", nameEn: "Korea", country: "KR" });
    const org = await insertOrganization(db(), { nameEn: "Customs" });

    const people: Record<string, { id: number; badgeCode: string }> = {};
    const add = async (name: string, options: { delegation?: number; category?: number; country?: string; status?: "confirmed" | "pending" | "cancelled" }) => {
      const personId = await insertPerson(db(), { name, organizationId: org });
      if (options.delegation) await addMember(db(), { eventId: event.id, delegationId: options.delegation, personId });
      people[name] = await insertRegistration(db(), { eventId: event.id, personId, categoryId: options.category ?? null, country: options.country ?? null, status: options.status });
    };
    await add("Tw One", { delegation: taiwan, category: customs });
    await add("Tw Two", { delegation: taiwan, category: customs, country: "US" });
    await add("Kr One", { delegation: korea, category: customs });
    await add("Trader", { category: trade, country: "DE" });
    await add("Nobody", {});
    await add("Cancelled", { delegation: korea, category: customs, status: "cancelled" });

    const workshop = await insertSession(db(), event.id, { title: "Workshop", startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T17:30:00.000Z", capacity: 4 });
    await insertSeat(db(), { sessionId: workshop, registrationId: people["Tw One"].id, status: "seated" });
    await insertSeat(db(), { sessionId: workshop, registrationId: people["Kr One"].id, status: "seated" });
    await insertSeat(db(), { sessionId: workshop, registrationId: people["Trader"].id, status: "seated" });
    await insertSeat(db(), { sessionId: workshop, registrationId: people["Nobody"].id, status: "waiting" });

    const doorIn = (name: string, day: string) => checkIn(db(), { event, place: { kind: "door", day }, who: { code: people[name].badgeCode }, actorUserId: staff.id });
    await doorIn("Tw One", "2011-03-28");
    await doorIn("Tw Two", "2011-03-28");
    await doorIn("Kr One", "2011-03-28");
    await doorIn("Tw One", "2011-03-29");
    const undone = await doorIn("Trader", "2011-03-29");
    if (undone.ok) await undoCheckIn(db(), { eventId: event.id, checkInId: undone.checkInId, actorUserId: staff.id });
    await checkIn(db(), { event, place: { kind: "session", sessionId: workshop }, who: { code: people["Tw One"].badgeCode }, actorUserId: staff.id });
    await checkIn(db(), { event, place: { kind: "session", sessionId: workshop }, who: { code: people["Trader"].badgeCode }, actorUserId: staff.id });

    const figures = await getAttendance(db(), event);
    expect(figures.days).toEqual([
      { day: "2011-03-28", registered: 5, checkedIn: 3, noShows: 2 },
      { day: "2011-03-29", registered: 5, checkedIn: 1, noShows: 4 },
      { day: "2011-03-30", registered: 5, checkedIn: 0, noShows: 5 },
    ]);
    expect(figures.sessions).toEqual([
      { sessionId: workshop, titleEn: "Workshop", titleZh: null, day: "2011-03-29", time: "09:00", capacity: 4, seated: 3, waiting: 1, checkedIn: 2, noShows: 1, fillRate: 0.75 },
    ]);
    expect(figures.delegations).toEqual([
      { key: "kr", nameEn: "Korea", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: "tw", nameEn: "Taiwan", nameZh: null, registered: 2, attended: 2, noShows: 0 },
      { key: null, nameEn: null, nameZh: null, registered: 2, attended: 1, noShows: 1 },
    ]);
    expect(figures.countries).toEqual([
      { key: "DE", nameEn: "DE", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: "KR", nameEn: "KR", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: "TW", nameEn: "TW", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: "US", nameEn: "US", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: null, nameEn: null, nameZh: null, registered: 1, attended: 0, noShows: 1 },
    ]);
    expect(figures.categories).toEqual([
      { key: String(customs), nameEn: "Foreign customs administration", nameZh: "外國海關", registered: 3, attended: 3, noShows: 0 },
      { key: String(trade), nameEn: "Trade participant", nameZh: null, registered: 1, attended: 1, noShows: 0 },
      { key: null, nameEn: null, nameZh: null, registered: 1, attended: 0, noShows: 1 },
    ]);
  });
});
