import type { LoaderFunctionArgs } from "@remix-run/node";
import type { ComponentType } from "react";
import { describe, expect, it } from "vitest";
import { loader as csvLoader } from "../../../app/routes/events.$slug.manage.attendance[.csv]";
import AttendancePage, { loader as attendanceLoader } from "../../../app/routes/events.$slug.manage.attendance";
import { loader as badgesLoader } from "../../../app/routes/events.$slug.manage.badges";
import CheckInPage, { action as checkInAction, loader as checkInLoader } from "../../../app/routes/events.$slug.check-in";
import { FORM_BODY_LIMIT } from "../../../app/utils/form-data.server";
import { formatBadgeCode } from "../../../lib/badge-code";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { addMember, insertCategory, insertDelegation, insertPerson, insertRegistration } from "../../support/check-in-fixtures";
import { renderRoutePage } from "../../support/render-page";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/** The page as the server renders it, from data its loader (and action) returned. */
function renderPage(Component: ComponentType, path: string, loaderData: unknown, actionData?: unknown, language = "en") {
  return renderRoutePage(Component, { pattern: "/events/:slug/*", path, loaderData, actionData, language });
}

describeEachEngine("check-in, badges and attendance routes", ({ db }) => {
  serveAppFrom(db);

  async function world() {
    const event = await insertEvent(db());
    const otherEvent = await insertEvent(db());
    const [organizer, staff, stranger, otherOrganizer, delegateUser] = await Promise.all([
      insertUser(db()),
      insertUser(db()),
      insertUser(db()),
      insertUser(db()),
      insertUser(db()),
    ]);
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
    const delegation = await insertDelegation(db(), event.id, { key: "tw", nameEn: "=cmd|' /C calc'!A0", nameZh: "臺灣", country: "TW" });
    const category = await insertCategory(db(), event.id, { nameEn: "<script>alert(1)</script>" });
    const wen = await insertPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", email: "wen-secret@example.test" });
    await addMember(db(), { eventId: event.id, delegationId: delegation, personId: wen, role: "head" });
    await db().insertInto("person_accounts").values({ person_id: wen, user_id: delegateUser.id, linked_at: new Date().toISOString() }).execute();
    const registration = await insertRegistration(db(), { eventId: event.id, personId: wen, categoryId: category });
    const elsewhere = await insertRegistration(db(), { eventId: otherEvent.id, personId: await insertPerson(db(), { name: "Elsewhere" }) });
    const cookies = {
      organizer: await signedInCookie(db(), organizer),
      staff: await signedInCookie(db(), staff),
      stranger: await signedInCookie(db(), stranger),
      otherOrganizer: await signedInCookie(db(), otherOrganizer),
      delegate: await signedInCookie(db(), delegateUser),
    };
    return { event, otherEvent, registration, elsewhere, cookies, path: `/events/${event.slug}` };
  }

  const load = (loader: Loader, url: string, slug: string, cookie?: string) => runRoute(() => loader({ request: getRequest(url, { cookie }), params: { slug }, context: {} }));
  const post = (url: string, slug: string, fields: Record<string, string>, cookie?: string) =>
    runRoute(() => checkInAction({ request: formRequest(url, fields, { cookie }), params: { slug }, context: {} }));

  it("lets staff and organizers check people in, and refuses everyone else", async () => {
    const { event, cookies, path } = await world();
    for (const role of ["staff", "organizer"] as const) {
      expect((await load(checkInLoader, `${path}/check-in`, event.slug, cookies[role])).status).toBe(200);
    }
    for (const role of ["stranger", "otherOrganizer", "delegate"] as const) {
      expect((await load(checkInLoader, `${path}/check-in`, event.slug, cookies[role])).status).toBe(403);
      expect((await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-03-28", code: "x" }, cookies[role])).status).toBe(403);
    }
    expect((await load(checkInLoader, `${path}/check-in`, event.slug)).headers.get("Location")).toMatch(/^\/login/);
    // Badges and figures are the organizers' alone.
    for (const loader of [badgesLoader, attendanceLoader] as Loader[]) {
      expect((await load(loader, `${path}/manage/x`, event.slug, cookies.organizer)).status).toBe(200);
      expect((await load(loader, `${path}/manage/x`, event.slug, cookies.staff)).status).toBe(403);
    }
    expect((await load(csvLoader, `${path}/manage/attendance.csv?table=days`, event.slug, cookies.staff)).status).toBe(403);
  });

  it("checks in by badge code once, and answers the second time with the first time", async () => {
    const { event, registration, cookies, path } = await world();
    const fields = { intent: "code", place: "day:2011-03-29", code: formatBadgeCode(registration.badgeCode).toLowerCase() };
    const first = await post(`${path}/check-in`, event.slug, fields, cookies.staff);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ answer: { kind: "checked_in", attendee: { name: "Wen Wu-yen", nameNative: "溫武彥", delegationZh: "臺灣" } } });
    expect(JSON.stringify(first.body)).not.toContain("wen-secret@example.test");
    const second = await post(`${path}/check-in`, event.slug, fields, cookies.staff);
    const { checked_in_at } = await db().selectFrom("check_ins").select("checked_in_at").where("registration_id", "=", registration.id).executeTakeFirstOrThrow();
    const localTime = new Intl.DateTimeFormat("en-GB", { timeZone: "America/Los_Angeles", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(checked_in_at));
    expect(second.body).toMatchObject({ answer: { kind: "already_checked_in", time: localTime } });

    const page = await load(checkInLoader, `${path}/check-in?place=day:2011-03-29&q=wen`, event.slug, cookies.staff);
    expect(page.body).toMatchObject({ place: "day:2011-03-29", counts: { expected: 1, checkedIn: 1 }, results: [{ name: "Wen Wu-yen", status: "confirmed" }] });
    expect(JSON.stringify(page.body)).not.toContain("wen-secret@example.test");
    const [recent] = (page.body as { recent: Array<{ id: number }> }).recent;

    const undo = await post(`${path}/check-in`, event.slug, { intent: "undo", place: "day:2011-03-29", checkInId: String(recent.id) }, cookies.staff);
    expect(undo.body).toMatchObject({ notice: { key: "recent.undone", name: "Wen Wu-yen" } });
    const audit = await db().selectFrom("audit_log").select("action").where("event_id", "=", event.id).orderBy("id").execute();
    expect(audit.map((row) => row.action)).toEqual(["check_in.create", "check_in.undo"]);
  });

  it("answers a badge code of another event with 400 by the field, storing nothing", async () => {
    const { event, elsewhere, cookies, path } = await world();
    const outcome = await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-03-28", code: elsewhere.badgeCode }, cookies.staff);
    expect(outcome.status).toBe(400);
    expect(fieldErrors(outcome.body)).toEqual({ code: ["checkin:answer.unknown_code"] });
    expect(outcome.body).toMatchObject({ answer: { kind: "unknown_code", attendee: null } });
    const rows = await db().selectFrom("check_ins").select("id").where("registration_id", "=", elsewhere.id).execute();
    expect(rows).toHaveLength(0);
    const audit = await db().selectFrom("audit_log").select("id").where("event_id", "=", event.id).execute();
    expect(audit).toHaveLength(0);
  });

  it("refuses bad input with 4xx, never 500", async () => {
    const { event, registration, cookies, path } = await world();
    const huge = await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-03-28", code: "A".repeat(2 * 1024 * 1024) }, cookies.staff);
    expect(huge.status).toBe(413);
    const long = await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-03-28", code: "A".repeat(FORM_BODY_LIMIT / 2) }, cookies.staff);
    expect(long.status).toBe(400);
    expect(fieldErrors(long.body)).toEqual({ code: ["checkin:validation.code"] });
    const badPlace = await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-04-01", code: registration.badgeCode }, cookies.staff);
    expect(badPlace.status).toBe(400);
    expect(fieldErrors(badPlace.body)).toEqual({ place: ["checkin:validation.place"] });
    const noPlace = await post(`${path}/check-in`, event.slug, { intent: "person", personId: "99999999999" }, cookies.staff);
    expect(noPlace.status).toBe(400);
    expect(Object.keys(fieldErrors(noPlace.body)).sort()).toEqual(["personId", "place"]);
    // An unreadable place in the address shows the default day rather than failing.
    const page = await load(checkInLoader, `${path}/check-in?place=session:abc&q=${"x".repeat(5000)}`, event.slug, cookies.staff);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ place: "day:2011-03-28" });
  });

  it("shows every confirmed registration's badge with a QR code, filtered by delegation", async () => {
    const { event, cookies, path } = await world();
    await insertRegistration(db(), { eventId: event.id, personId: await insertPerson(db(), { name: "Pending Person" }), status: "pending" });
    const all = await load(badgesLoader, `${path}/manage/badges?per=8`, event.slug, cookies.organizer);
    const body = all.body as { perPage: number; badges: Array<{ name: string; qr: string }> };
    expect(body.perPage).toBe(8);
    expect(body.badges.map((badge) => badge.name)).toEqual(["Wen Wu-yen"]);
    expect(body.badges[0].qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(JSON.stringify(body)).not.toContain("wen-secret@example.test");
    const none = await load(badgesLoader, `${path}/manage/badges?per=3&delegation=999999`, event.slug, cookies.organizer);
    expect(none.body).toMatchObject({ perPage: 4, badges: [] });
  });

  it("downloads attendance tables as CSV with formulas neutralised and markup as text", async () => {
    const { event, registration, cookies, path } = await world();
    await post(`${path}/check-in`, event.slug, { intent: "code", place: "day:2011-03-28", code: registration.badgeCode }, cookies.staff);
    const response = (await csvLoader({ request: getRequest(`${path}/manage/attendance.csv?table=delegations`, { cookie: cookies.organizer }), params: { slug: event.slug }, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${event.slug}-attendance-delegations.csv"; filename*=UTF-8''${event.slug}-attendance-delegations.csv`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe("Delegation,Registered,Came,No-shows\r\n'=cmd|' /C calc'!A0,1,1,0\r\n");

    const categories = (await csvLoader({ request: getRequest(`${path}/manage/attendance.csv?table=categories`, { cookie: cookies.organizer }), params: { slug: event.slug }, context: {} })) as Response;
    expect(await categories.text()).toContain("<script>alert(1)</script>,1,1,0");
    const bad = await runRoute(() => csvLoader({ request: getRequest(`${path}/manage/attendance.csv?table=users`, { cookie: cookies.organizer }), params: { slug: event.slug }, context: {} }));
    expect(bad.status).toBe(400);
  });
});

describeEachEngine("check-in and attendance pages", ({ db }) => {
  serveAppFrom(db);

  it("show the answer in large letters, names in both scripts, and no email", async () => {
    const event = await insertEvent(db());
    const staff = await insertUser(db());
    await giveRole(db(), staff.id, event.id, "staff");
    const cookie = await signedInCookie(db(), staff);
    const delegation = await insertDelegation(db(), event.id, { key: "tw", nameEn: "Taiwan", nameZh: "臺灣" });
    const wen = await insertPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", email: "wen-secret@example.test" });
    await addMember(db(), { eventId: event.id, delegationId: delegation, personId: wen });
    const registration = await insertRegistration(db(), { eventId: event.id, personId: wen, organizationText: "<b>Customs</b>" });
    const path = `/events/${event.slug}/check-in`;
    const answer = await runRoute(() => checkInAction({ request: formRequest(path, { intent: "code", place: "day:2011-03-28", code: registration.badgeCode }, { cookie }), params: { slug: event.slug }, context: {} }));
    const page = await runRoute(() => checkInLoader({ request: getRequest(`${path}?place=day:2011-03-28&q=%E6%AD%A6`, { cookie }), params: { slug: event.slug }, context: {} }));
    const html = await renderPage(CheckInPage, `${path}?place=day:2011-03-28&q=%E6%AD%A6`, page.body, answer.body);
    expect(html).toMatch(/<div role="status" class="check-in-answer check-in-answer-ok">.*Checked in<\/p>/);
    expect(html).toContain('<span lang="zh-TW">溫武彥</span>');
    expect(html).toContain("Taiwan");
    expect(html).toContain("&lt;b&gt;Customs&lt;/b&gt;");
    expect(html).not.toContain("wen-secret@example.test");
    expect(html).toMatch(/<input[^>]*name="code"[^>]*autoCapitalize="characters"/i);
    expect(html).toContain("1 of 1 checked in here");
    expect(html).toContain("Check in Wen Wu-yen");
    expect(html).toContain("Undo the check-in of Wen Wu-yen");
    // The camera button appears only in a browser that can read QR codes.
    expect(html).not.toContain("check-in-scan");

    const refused = await renderPage(CheckInPage, path, page.body, { result: null, answer: { kind: "no_seat", time: null, attendee: null }, notice: null }, "zh-TW");
    expect(refused).toMatch(/class="check-in-answer check-in-answer-refused">.*未取得本場次座位/);

    const organizer = await insertUser(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    const organizerCookie = await signedInCookie(db(), organizer);
    const figures = await runRoute(() => attendanceLoader({ request: getRequest(`/events/${event.slug}/manage/attendance`, { cookie: organizerCookie }), params: { slug: event.slug }, context: {} }));
    const attendance = await renderPage(AttendancePage, `/events/${event.slug}/manage/attendance`, figures.body);
    expect(attendance.match(/<svg[^>]*role="img"/g)).toHaveLength(3);
    expect(attendance).toContain(">1 of 1</text>");
    expect(attendance).toContain(`href="/events/${event.slug}/manage/attendance.csv?table=countries"`);
    expect(attendance).toContain("<th scope=\"row\">Taiwan</th>");
  });
});

describe("place values", () => {
  it("reads days and sessions, nothing else", async () => {
    const { parsePlace, placeValue } = await import("../../../app/components/check-in/place");
    expect(parsePlace("day:2011-03-28")).toEqual({ kind: "door", day: "2011-03-28" });
    expect(parsePlace("session:42")).toEqual({ kind: "session", sessionId: 42 });
    for (const bad of ["session:0", "session:99999999999", "day:28-03-2011", "session:1; drop", "", null]) expect(parsePlace(bad)).toBeNull();
    expect(placeValue({ kind: "session", sessionId: 7 })).toBe("session:7");
  });
});
