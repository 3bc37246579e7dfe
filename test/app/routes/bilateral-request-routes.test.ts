import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { expect, it } from "vitest";
import BilateralsPage, { action, loader } from "../../../app/routes/events.$slug.bilaterals._index";
import type { Db } from "../../../db/client";
import type { DelegationRole, MailLanguage } from "../../../db/schema";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie, type RouteOutcome } from "../../support/app";
import { renderRoutePage } from "../../support/render-page";

type Route = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

const HOSTILE_TOPIC = `<img src=x onerror="alert(1)"> & customs`;
// The event's one window, 13:00–16:00 in San Diego (PDT), in 30-minute slots; meetings of 1 to 4 slots.
const WINDOW = { startsAt: "2011-03-28T20:00:00.000Z", endsAt: "2011-03-28T23:00:00.000Z" };
const AT_1300 = "2011-03-28T20:00:00.000Z";
const AT_1400 = "2011-03-28T21:00:00.000Z";
const AFTER_WINDOW = "2011-03-29T01:00:00.000Z";

let sequence = 0;

async function insertPerson(db: Db, name: string, { email = null, language = null }: { email?: string | null; language?: MailLanguage | null } = {}) {
  const at = new Date().toISOString();
  const row = await db.insertInto("people").values({ name, email, language, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An event with a bilateral window and a place of two tables, and three delegations: Taiwan (its
 * head and a member), Korea (its head, who reads Chinese) and Japan (a head); the heads sign in.
 * Every person has an email; a stranger and an organizer have accounts too.
 */
async function insertRequestWorld(db: Db) {
  sequence += 1;
  const event = await insertEvent(db, { title_en: "Trade Facilitation Conference", title_zh: "貿易便捷化會議" });
  const at = new Date().toISOString();
  await db.insertInto("bilateral_windows").values({ event_id: event.id, starts_at: WINDOW.startsAt, ends_at: WINDOW.endsAt, created_at: at }).execute();
  await db.insertInto("bilateral_places").values({ event_id: event.id, name_en: "Harbor Room", name_zh: "港灣廳", tables: 2 }).execute();
  const delegation = async (key: string, nameEn: string, nameZh: string) =>
    (
      await db
        .insertInto("delegations")
        .values({ event_id: event.id, key, name_en: nameEn, name_zh: nameZh, created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const delegations = {
    taiwan: await delegation("taiwan", "Taiwan", "臺灣"),
    korea: await delegation("korea", "Korea", "韓國"),
    japan: await delegation("japan", "Japan", "日本"),
  };
  const member = (delegationId: number, personId: number, role: DelegationRole) =>
    db.insertInto("delegation_members").values({ event_id: event.id, delegation_id: delegationId, person_id: personId, role, created_at: at }).execute();
  const people = {
    twHead: await insertPerson(db, "Wen Wu-yen", { email: `wen-${sequence}@customs.example.tw` }),
    twMember: await insertPerson(db, "Chen Mei-ling", { email: `chen-${sequence}@customs.example.tw` }),
    krHead: await insertPerson(db, "Kim Jai-il", { email: `kim-${sequence}@customs.example.kr`, language: "zh-TW" }),
    jpHead: await insertPerson(db, "Sato Hiroshi", { email: `sato-${sequence}@customs.example.jp` }),
  };
  await member(delegations.taiwan, people.twHead, "head");
  await member(delegations.taiwan, people.twMember, "member");
  await member(delegations.korea, people.krHead, "head");
  await member(delegations.japan, people.jpHead, "head");
  const userFor = async (personId: number) => {
    const user = await insertUser(db);
    await db.insertInto("person_accounts").values({ person_id: personId, user_id: user.id, linked_at: at }).execute();
    return user;
  };
  const users = {
    twHead: await userFor(people.twHead),
    krHead: await userFor(people.krHead),
    jpHead: await userFor(people.jpHead),
    stranger: await insertUser(db),
    organizer: await insertUser(db),
  };
  await giveRole(db, users.organizer.id, event.id, "organizer");
  const cookies = {
    twHead: await signedInCookie(db, users.twHead),
    krHead: await signedInCookie(db, users.krHead),
    jpHead: await signedInCookie(db, users.jpHead),
    stranger: await signedInCookie(db, users.stranger),
    organizer: await signedInCookie(db, users.organizer),
  };
  const path = `/events/${event.slug}/bilaterals`;
  return { event, delegations, people, cookies, path, params: { slug: event.slug } };
}

type World = Awaited<ReturnType<typeof insertRequestWorld>>;
type FormError = { result: { error: Record<string, string[]> } };

const call = (route: Route, request: Request, params: Record<string, string>): Promise<RouteOutcome> => runRoute(() => route({ request, params, context: {} }));

/** A form post; fields may repeat (checkboxes). */
function post(world: World, cookie: string, fields: Array<[string, string]>): Promise<RouteOutcome> {
  const request = new Request(`http://localhost${world.path}?index`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  return call(action, request, world.params);
}

function requestFields(recipientId: number, overrides: Record<string, string> = {}, extra: Array<[string, string]> = []): Array<[string, string]> {
  const fields = { intent: "request", recipientId: String(recipientId), topic: "Mutual recognition", lengthSlots: "2", priority: "high", ...overrides };
  return [...Object.entries(fields), ...extra];
}

/** An answer to the request as the form sends it. */
function answer(intent: string, target: { id: number; version: number }, fields: Array<[string, string]> = []): Array<[string, string]> {
  return [["intent", intent], ["bilateralId", String(target.id)], ["version", String(target.version)], ...fields];
}

async function bilateralsOf(db: Db, eventId: number) {
  return db.selectFrom("bilaterals").selectAll().where("event_id", "=", eventId).orderBy("id").execute();
}

async function outboxOf(db: Db, eventId: number) {
  return db.selectFrom("outbox").select(["to_address", "subject", "language", "html_body"]).where("event_id", "=", eventId).orderBy("id").execute();
}

/** Korea asks Taiwan for a meeting of an hour, preferring 14:00; returns its id and version. */
async function koreaAsksTaiwan(db: Db, world: World, topic = "Mutual recognition") {
  const asked = await post(world, world.cookies.krHead, requestFields(world.delegations.taiwan, { topic }, [["preferredStarts", AT_1400]]));
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const row = (await bilateralsOf(db, world.event.id)).at(-1)!;
  return { id: row.id, version: row.version };
}

describeEachEngine("bilateral request routes", ({ db }) => {
  serveAppFrom(db);

  it("stores a request with its preferred times and attendees, and mails the other side's head in their language", async () => {
    const world = await insertRequestWorld(db());
    const sent = await post(
      world,
      world.cookies.twHead,
      requestFields(world.delegations.korea, { mustMeet: "on" }, [
        ["preferredStarts", AT_1300],
        ["preferredStarts", AT_1400],
        ["attendeeIds", String(world.people.twHead)],
        ["attendeeIds", String(world.people.twMember)],
      ]),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ formId: "request", notice: { change: "requested", mailed: 1 } });
    const [stored] = await bilateralsOf(db(), world.event.id);
    expect(stored).toMatchObject({
      requester_id: world.delegations.taiwan,
      recipient_id: world.delegations.korea,
      status: "requested",
      length_slots: 2,
      priority: "high",
      must_meet: 1,
      version: 1,
    });
    const preferred = await db()
      .selectFrom("bilateral_preferred_starts")
      .select("starts_at")
      .where("bilateral_id", "=", stored.id)
      .orderBy("starts_at")
      .execute();
    expect(preferred.map((row) => Date.parse(row.starts_at))).toEqual([Date.parse(AT_1300), Date.parse(AT_1400)]);
    const attendees = await db().selectFrom("bilateral_attendees").select("person_id").where("bilateral_id", "=", stored.id).orderBy("person_id").execute();
    expect(attendees.map((row) => row.person_id)).toEqual([world.people.twHead, world.people.twMember].sort((a, b) => a - b));
    const mails = await outboxOf(db(), world.event.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ language: "zh-TW", subject: "臺灣提出雙邊會談邀請：Mutual recognition" });
    expect(mails[0].to_address).toMatch(/^kim-/);
  });

  it("refuses a request to the own delegation, a length the event does not allow and a time outside every window, by the field, storing nothing", async () => {
    const world = await insertRequestWorld(db());
    const own = await post(world, world.cookies.twHead, requestFields(world.delegations.taiwan));
    expect(own.status).toBe(400);
    expect(fieldErrors(own.body).recipientId).toEqual(["bilaterals:errors.own_delegation"]);

    const tooLong = await post(world, world.cookies.twHead, requestFields(world.delegations.korea, { lengthSlots: "6" }));
    expect(tooLong.status).toBe(400);
    expect(fieldErrors(tooLong.body).lengthSlots).toEqual(["bilaterals:errors.length_not_allowed"]);

    const outside = await post(world, world.cookies.twHead, requestFields(world.delegations.korea, {}, [["preferredStarts", AFTER_WINDOW]]));
    expect(outside.status).toBe(400);
    expect(fieldErrors(outside.body).preferredStarts).toEqual(["bilaterals:errors.outside_windows"]);
    // 15:30 fits a meeting of one slot, not one of two: the window ends at 16:00.
    const overrunning = await post(world, world.cookies.twHead, requestFields(world.delegations.korea, {}, [["preferredStarts", "2011-03-28T22:30:00.000Z"]]));
    expect(fieldErrors(overrunning.body).preferredStarts).toEqual(["bilaterals:errors.outside_windows"]);

    const notOurs = await post(world, world.cookies.twHead, requestFields(world.delegations.korea, {}, [["attendeeIds", String(world.people.krHead)]]));
    expect(notOurs.status).toBe(400);
    expect(fieldErrors(notOurs.body).attendeeIds).toEqual(["bilaterals:errors.attendee_not_member"]);

    const blank = await post(world, world.cookies.twHead, requestFields(world.delegations.korea, { topic: "  " }));
    expect(blank.status).toBe(400);
    expect(fieldErrors(blank.body).topic).toEqual(["validation.required"]);
    const unknownIntent = await post(world, world.cookies.twHead, [["intent", "grab"]]);
    expect(unknownIntent.status).toBe(400);

    expect(await bilateralsOf(db(), world.event.id)).toEqual([]);
    const preferred = await db()
      .selectFrom("bilateral_preferred_starts")
      .innerJoin("bilaterals", "bilaterals.id", "bilateral_preferred_starts.bilateral_id")
      .selectAll()
      .where("bilaterals.event_id", "=", world.event.id)
      .execute();
    expect(preferred).toEqual([]);
    expect(await outboxOf(db(), world.event.id)).toEqual([]);
  });

  it("books on acceptance at a common free time, offering the requester's preferred time first, and tells the requester", async () => {
    const world = await insertRequestWorld(db());
    const request = await koreaAsksTaiwan(db(), world);
    const page = await call(loader, getRequest(world.path, { cookie: world.cookies.twHead }), world.params);
    type Loaded = { member: { items: Array<{ id: number; freeStarts: Array<{ startsAt: string; preferred: boolean }> | null }> } };
    const item = (page.body as Loaded).member.items.find((entry) => entry.id === request.id)!;
    expect(item.freeStarts?.[0]).toMatchObject({ preferred: true });
    expect(Date.parse(item.freeStarts![0].startsAt)).toBe(Date.parse(AT_1400));
    expect(item.freeStarts!.filter((start) => start.preferred)).toHaveLength(1);
    // One-hour meetings in a three-hour window: starts from 13:00 to 15:00.
    expect(item.freeStarts).toHaveLength(5);

    const accepted = await post(
      world,
      world.cookies.twHead,
      answer("accept", request, [
        ["startsAt", item.freeStarts![0].startsAt],
        ["attendeeIds", String(world.people.twMember)],
      ]),
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ formId: `accept-${request.id}`, notice: { change: "booked", mailed: 1 } });
    const [booked] = await bilateralsOf(db(), world.event.id);
    expect(booked).toMatchObject({ status: "booked", booked_via: "agreed", table_number: 1 });
    expect(Date.parse(booked.starts_at!)).toBe(Date.parse(AT_1400));
    const mails = await outboxOf(db(), world.event.id);
    expect(mails.at(-1)).toMatchObject({ language: "zh-TW", subject: "與臺灣的雙邊會談已排定：Mutual recognition" });
    expect(mails.at(-1)!.to_address).toMatch(/^kim-/);
    // The page says so in its live region, and lists the meeting as booked.
    const after = await call(loader, getRequest(world.path, { cookie: world.cookies.twHead }), world.params);
    const html = await renderRoutePage(BilateralsPage, {
      pattern: "/events/:slug/bilaterals",
      path: world.path,
      loaderData: after.body,
      actionData: accepted.body,
    });
    expect(html).toContain('<div role="status" class="notice">The meeting is booked. The other delegation was told by email (1 message).</div>');
    expect(html).toContain("Booked meetings (1)");
  });

  it("leaves the time to the scheduler when asked", async () => {
    const world = await insertRequestWorld(db());
    const request = await koreaAsksTaiwan(db(), world);
    const accepted = await post(world, world.cookies.twHead, answer("accept", request, [["startsAt", "scheduler"]]));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ notice: { change: "accepted" } });
    expect((await bilateralsOf(db(), world.event.id))[0]).toMatchObject({ status: "accepted", starts_at: null });
    const noChoice = await post(world, world.cookies.twHead, answer("accept", { id: request.id, version: request.version + 1 }));
    expect(noChoice.status).toBe(400);
    expect(fieldErrors(noChoice.body).startsAt).toEqual(["bilaterals:errors.chooseTime"]);
  });

  it("answers a stale form with 409 and changes nothing", async () => {
    const world = await insertRequestWorld(db());
    const request = await koreaAsksTaiwan(db(), world);
    // Korea withdraws it meanwhile; Taiwan's page still shows the first version.
    const withdrawn = await post(world, world.cookies.krHead, answer("cancel", request, [["reason", "Plans changed"]]));
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const before = await bilateralsOf(db(), world.event.id);
    const mailsBefore = await outboxOf(db(), world.event.id);

    const stale = await post(world, world.cookies.twHead, answer("accept", request, [["startsAt", AT_1300]]));
    expect(stale.status).toBe(409);
    expect((stale.body as FormError).result.error[""]).toEqual(["bilaterals:errors.stale"]);
    const staleDecline = await post(world, world.cookies.twHead, answer("decline", request, [["reason", "No"]]));
    expect(staleDecline.status).toBe(409);
    expect(await bilateralsOf(db(), world.event.id)).toEqual(before);
    expect(await db().selectFrom("bilateral_claims").selectAll().where("event_id", "=", world.event.id).execute()).toEqual([]);
    expect(await outboxOf(db(), world.event.id)).toEqual(mailsBefore);
  });

  it("answers 409 by the time when the time offered was taken meanwhile, and books nothing", async () => {
    const world = await insertRequestWorld(db());
    const fromKorea = await koreaAsksTaiwan(db(), world);
    const fromJapan = await post(world, world.cookies.jpHead, requestFields(world.delegations.taiwan, { topic: "Customs data exchange" }));
    expect(fromJapan.status).toBe(200);
    const japanRow = (await bilateralsOf(db(), world.event.id)).at(-1)!;
    // Taiwan (one team) books Japan at 14:00; the form for Korea's request still offers 14:00.
    const japanBooked = await post(world, world.cookies.twHead, answer("accept", japanRow, [["startsAt", AT_1400]]));
    expect(japanBooked.status, JSON.stringify(japanBooked.body)).toBe(200);

    const taken = await post(world, world.cookies.twHead, answer("accept", fromKorea, [["startsAt", AT_1400]]));
    expect(taken.status).toBe(409);
    expect(fieldErrors(taken.body).startsAt).toEqual(["bilaterals:errors.delegation_busy"]);
    const korea = await db().selectFrom("bilaterals").selectAll().where("id", "=", fromKorea.id).executeTakeFirstOrThrow();
    expect(korea).toMatchObject({ status: "requested", version: fromKorea.version, starts_at: null });

    const outside = await post(world, world.cookies.twHead, answer("accept", fromKorea, [["startsAt", AFTER_WINDOW]]));
    expect(outside.status).toBe(400);
    expect(fieldErrors(outside.body).startsAt).toEqual(["bilaterals:errors.outside_windows"]);
  });

  it("answers 409 by the attendees when one of them speaks at a session then, naming them on the page", async () => {
    const world = await insertRequestWorld(db());
    const request = await koreaAsksTaiwan(db(), world);
    const at = new Date().toISOString();
    const session = await db()
      .insertInto("sessions")
      .values({
        event_id: world.event.id,
        type: "panel",
        title_en: "Panel on risk management",
        starts_at: AT_1400,
        ends_at: "2011-03-28T22:00:00.000Z",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("session_people")
      .values({ session_id: session.id, person_id: world.people.twMember, role: "panelist", position: 0, item_id: null })
      .execute();

    const busy = await post(
      world,
      world.cookies.twHead,
      answer("accept", request, [
        ["startsAt", AT_1400],
        ["attendeeIds", String(world.people.twMember)],
      ]),
    );
    expect(busy.status).toBe(409);
    expect(fieldErrors(busy.body).attendeeIds).toEqual(["bilaterals:errors.person_busy"]);
    expect(busy.body).toMatchObject({ formId: `accept-${request.id}`, personName: "Chen Mei-ling" });
    expect((await bilateralsOf(db(), world.event.id))[0]).toMatchObject({ status: "requested", version: request.version });

    const page = await call(loader, getRequest(world.path, { cookie: world.cookies.twHead }), world.params);
    const html = await renderRoutePage(BilateralsPage, { pattern: "/events/:slug/bilaterals", path: world.path, loaderData: page.body, actionData: busy.body });
    expect(html).toContain("Chen Mei-ling is no longer free at this time. Choose another time or other attendees.");
    expect(html).toContain('role="alert"');
  });

  it("proposes another time, which the requester accepts; declines and cancels with the reason, mailing the other side each time", async () => {
    const world = await insertRequestWorld(db());
    const request = await koreaAsksTaiwan(db(), world);
    const proposed = await post(world, world.cookies.twHead, answer("propose", request, [["startsAt", AT_1300]]));
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body).toMatchObject({ notice: { change: "proposed" } });
    const afterProposal = await db()
      .selectFrom("bilaterals")
      .select(["id", "status", "version", "proposed_by"])
      .where("id", "=", request.id)
      .executeTakeFirstOrThrow();
    expect(afterProposal).toMatchObject({ status: "proposed", proposed_by: world.delegations.taiwan });

    // Taiwan may not answer its own proposal.
    const ownAnswer = await post(world, world.cookies.twHead, answer("accept", afterProposal, [["startsAt", AT_1300]]));
    expect(ownAnswer.status).toBe(400);
    expect((ownAnswer.body as FormError).result.error[""]).toEqual(["bilaterals:errors.wrong_status"]);

    const agreed = await post(world, world.cookies.krHead, answer("accept", afterProposal, [["startsAt", AT_1300]]));
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    const meeting = await db().selectFrom("bilaterals").select(["id", "status", "version", "starts_at"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(meeting.status).toBe("booked");
    expect(Date.parse(meeting.starts_at!)).toBe(Date.parse(AT_1300));

    const reason = "Our minister <b>cannot</b> attend";
    const cancelled = await post(world, world.cookies.krHead, answer("cancel", meeting, [["reason", reason]]));
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(
      await db().selectFrom("bilaterals").select(["status", "closing_reason", "closed_by"]).where("id", "=", request.id).executeTakeFirstOrThrow(),
    ).toEqual({
      status: "cancelled",
      closing_reason: reason,
      closed_by: world.delegations.korea,
    });
    expect(await db().selectFrom("bilateral_claims").selectAll().where("bilateral_id", "=", request.id).execute()).toEqual([]);
    const mails = await outboxOf(db(), world.event.id);
    expect(mails.map((mail) => mail.subject)).toEqual([
      "Bilateral meeting request from Korea: Mutual recognition",
      "臺灣提議雙邊會談時間：Mutual recognition",
      "Bilateral meeting booked with Korea: Mutual recognition",
      "Korea cancelled the bilateral meeting: Mutual recognition",
    ]);
    expect(mails.at(-1)!.html_body).toContain("Our minister &lt;b&gt;cannot&lt;/b&gt; attend");

    const second = await koreaAsksTaiwan(db(), world, "Second topic");
    const declined = await post(world, world.cookies.twHead, answer("decline", second, [["reason", "No time left"]]));
    expect(declined.status).toBe(200);
    const closed = await db().selectFrom("bilaterals").select(["status", "closing_reason"]).where("id", "=", second.id).executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: "declined", closing_reason: "No time left" });
    const blankReason = await post(world, world.cookies.krHead, answer("cancel", second, [["reason", ""]]));
    expect(blankReason.status).toBe(400);
    expect(fieldErrors(blankReason.body).reason).toEqual(["validation.required"]);
  });

  it("books directly when both delegations accept direct bookings, and refuses it otherwise", async () => {
    const world = await insertRequestWorld(db());
    const direct = (recipientId: number) =>
      post(world, world.cookies.twHead, [
        ["intent", "self-book"],
        ["recipientId", String(recipientId)],
        ["topic", "Quick word"],
        ["lengthSlots", "1"],
        ["priority", "normal"],
        ["startsAt", AT_1300],
      ]);
    const closed = await direct(world.delegations.korea);
    expect(closed.status).toBe(400);
    expect(fieldErrors(closed.body).recipientId).toEqual(["bilaterals:errors.not_self_booking"]);
    expect(await bilateralsOf(db(), world.event.id)).toEqual([]);

    await db().updateTable("delegations").set({ self_booking: 1 }).where("id", "in", [world.delegations.taiwan, world.delegations.korea]).execute();
    const page = await call(loader, getRequest(`${world.path}?with=${world.delegations.korea}&length=1`, { cookie: world.cookies.twHead }), world.params);
    const directBooking = (page.body as { member: { directBooking: { recipientId: number; freeStarts: unknown[] } } }).member.directBooking;
    expect(directBooking.recipientId).toBe(world.delegations.korea);
    expect(directBooking.freeStarts).toHaveLength(6);
    // Japan does not accept direct bookings: the page offers no times with it.
    const notOpen = await call(loader, getRequest(`${world.path}?with=${world.delegations.japan}&length=1`, { cookie: world.cookies.twHead }), world.params);
    expect((notOpen.body as { member: { directBooking: unknown } }).member.directBooking).toBeNull();

    const booked = await direct(world.delegations.korea);
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body).toMatchObject({ notice: { change: "self_booked", mailed: 1 } });
    expect((await bilateralsOf(db(), world.event.id))[0]).toMatchObject({ status: "booked", booked_via: "self" });
    // The same time again: Taiwan's one team is taken.
    const again = await direct(world.delegations.korea);
    expect(again.status).toBe(409);
    expect(fieldErrors(again.body).startsAt).toEqual(["bilaterals:errors.delegation_busy"]);
  });

  it("renders a member's page in English and Chinese, with sections, forms and the hostile topic escaped", async () => {
    const world = await insertRequestWorld(db());
    await koreaAsksTaiwan(db(), world, HOSTILE_TOPIC);
    // A meeting with Japan booked at 13:00, and a request of Taiwan's that Korea declined.
    expect(
      (await post(world, world.cookies.jpHead, requestFields(world.delegations.taiwan, { topic: "Customs data exchange", lengthSlots: "1" }))).status,
    ).toBe(200);
    const japan = (await bilateralsOf(db(), world.event.id)).at(-1)!;
    expect((await post(world, world.cookies.twHead, answer("accept", japan, [["startsAt", AT_1300]]))).status).toBe(200);
    expect((await post(world, world.cookies.twHead, requestFields(world.delegations.korea, { topic: "Transit" }))).status).toBe(200);
    const transit = (await bilateralsOf(db(), world.event.id)).at(-1)!;
    expect((await post(world, world.cookies.krHead, answer("decline", transit, [["reason", "<script>no</script>"]]))).status).toBe(200);
    const render = async (language: string) => {
      const page = await call(loader, getRequest(world.path, { cookie: world.cookies.twHead }), world.params);
      expect(page.status).toBe(200);
      // React separates adjacent text with empty comments; the reader sees one text.
      return (await renderRoutePage(BilateralsPage, { pattern: "/events/:slug/bilaterals", path: world.path, loaderData: page.body, language })).replaceAll(
        "<!-- -->",
        "",
      );
    };
    const english = await render("en");
    expect(english).toContain('<h1 id="bilaterals-title">Bilateral meetings</h1>');
    expect(english).toContain("Waiting for your answer (1)");
    expect(english).toContain("Booked meetings (1)");
    expect(english).toContain("Mon, Mar 28, 2011, 13:00–13:30 (Pacific Daylight Time)");
    expect(english).toContain("Harbor Room, table 1");
    expect(english).toContain(`href="/events/${world.event.slug}/bilaterals/${japan.id}"`);
    expect(english).toContain("<summary>Cancel the meeting</summary>");
    expect(english).toContain("Declined and cancelled (1)");
    expect(english).toContain("Declined by Korea, because");
    expect(english).toContain("&lt;script&gt;no&lt;/script&gt;");
    expect(english).not.toContain("<script>no");
    expect(english).toContain("Request a meeting");
    expect(english).not.toContain("<img src=x");
    expect(english).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; customs");
    // The accept form: a radio group named by its legend, the preferred time first, the scheduler last.
    expect(english).toMatch(/<legend>Time of the meeting/);
    expect(english).toContain("Mon, Mar 28, 2011, 14:00–15:00 (Pacific Daylight Time), preferred");
    expect(english.indexOf("14:00–15:00 (Pacific Daylight Time), preferred")).toBeLessThan(english.indexOf("14:30–15:30 (Pacific Daylight Time)"));
    // 13:00 is Japan's now: it is not offered.
    expect(english).not.toContain("13:00–14:00");
    expect(english).toContain("Leave the time to the scheduler");
    expect(english).toMatch(/name="version" value="1"/);
    expect(english).toContain('role="status"');
    expect(english).toContain(`href="/events/${world.event.slug}/bilaterals/itinerary"`);
    expect(english).toContain(`href="/events/${world.event.slug}/delegations/taiwan/availability"`);
    // The request form's preferred times, a fieldset per day of the event's zone.
    expect(english).toContain("<legend>Mon, Mar 28, 2011</legend>");

    const chinese = await render("zh-TW");
    expect(chinese).toContain("待貴團回覆（1）");
    expect(chinese).toContain("港灣廳，第 1 桌");
    expect(chinese).toContain("韓國婉拒，理由");
    expect(chinese).toContain("2011年3月28日週一 14:00–15:00（太平洋夏令時間）（希望時段）");
    expect(chinese).toContain("交由排程安排時間");
    expect(chinese).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; customs");
    expect(chinese).not.toContain("<img src=x");

    // Korea's page shows the same request waiting for Taiwan, with a way to withdraw it.
    const korea = await call(loader, getRequest(world.path, { cookie: world.cookies.krHead }), world.params);
    const koreaHtml = await renderRoutePage(BilateralsPage, {
      pattern: "/events/:slug/bilaterals",
      path: world.path,
      loaderData: korea.body,
      language: "zh-TW",
    });
    expect(koreaHtml).toContain("待對方回覆（1）");
    expect(koreaHtml).toContain("<summary>撤回</summary>");
    expect(koreaHtml).not.toContain("交由排程安排時間");
  });

  it("explains the page to someone in no delegation, links organizers to managing, and refuses their posts", async () => {
    const world = await insertRequestWorld(db());
    const stranger = await call(loader, getRequest(world.path, { cookie: world.cookies.stranger }), world.params);
    expect(stranger.body).toMatchObject({ member: null, isOrganizer: false });
    const strangerHtml = await renderRoutePage(BilateralsPage, { pattern: "/events/:slug/bilaterals", path: world.path, loaderData: stranger.body });
    expect(strangerHtml).toContain("You are not a member of any delegation of this event");
    expect(strangerHtml).not.toContain("/manage/bilaterals");
    const organizer = await call(loader, getRequest(world.path, { cookie: world.cookies.organizer }), world.params);
    const organizerHtml = await renderRoutePage(BilateralsPage, {
      pattern: "/events/:slug/bilaterals",
      path: world.path,
      loaderData: organizer.body,
      language: "zh-TW",
    });
    expect(organizerHtml).toContain(`href="/events/${world.event.slug}/manage/bilaterals"`);
    expect(organizerHtml).toContain("管理本活動的雙邊會談");

    const refused = await post(world, world.cookies.stranger, requestFields(world.delegations.korea));
    expect(refused.status).toBe(400);
    expect((refused.body as FormError).result.error[""]).toEqual(["bilaterals:errors.no_delegation"]);
    expect(await bilateralsOf(db(), world.event.id)).toEqual([]);
    const anonymous = await call(loader, getRequest(world.path), world.params);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(world.path)}`);
    // A delegation acts only on its own requests.
    const request = await koreaAsksTaiwan(db(), world);
    const outsider = await post(world, world.cookies.jpHead, answer("decline", request, [["reason", "Not ours"]]));
    expect(outsider.status).toBe(400);
    expect((outsider.body as FormError).result.error[""]).toEqual(["bilaterals:errors.not_found"]);
    expect((await db().selectFrom("bilaterals").select("status").where("id", "=", request.id).executeTakeFirstOrThrow()).status).toBe("requested");
  });
});
