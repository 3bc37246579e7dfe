import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { expect, it, vi } from "vitest";
import { SeatPanel } from "../../../app/components/seats/seat-panel";
import { SeatRefusalMessage } from "../../../app/components/seats/seat-refusal";
import { SessionForm } from "../../../app/components/manage/session-form";
import SessionSeatsPage from "../../../app/routes/events.$slug.manage.sessions.$sessionId_.seats";
import { action as editSessionAction, loader as editSessionLoader } from "../../../app/routes/events.$slug.manage.sessions.$sessionId";
import { i18nConfig } from "../../../app/i18n/config";
import { getSessionSeating, takeSeat, type SeatRefusal, type SessionSeating } from "../../../app/models/seat.server";
import { action as seatsAction, loader as seatsLoader } from "../../../app/routes/events.$slug.manage.sessions.$sessionId_.seats";
import { action as seatAction, loader as seatLoader } from "../../../app/routes/events.$slug.sessions.$sessionId.seat";
import { loader as sessionLoader } from "../../../app/routes/events.$slug.sessions.$sessionId";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, giveRole, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { insertCategory, insertRegistrants, insertSeatEvent, insertWorkshop, restrictSession, type Registrant } from "../../support/seat-world";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

/** A cookie of the account linked to the registrant's person (linked on first use, once per database). */
const cookies = new WeakMap<Db, Map<number, string>>();
async function signedInAs(db: Db, registrant: Registrant) {
  if (!cookies.has(db)) cookies.set(db, new Map());
  const known = cookies.get(db)!.get(registrant.personId);
  if (known) return known;
  const user = await insertUser(db);
  await db.insertInto("person_accounts").values({ person_id: registrant.personId, user_id: user.id, linked_at: new Date().toISOString() }).execute();
  const cookie = await signedInCookie(db, user);
  cookies.get(db)!.set(registrant.personId, cookie);
  return cookie;
}

async function renderIn(language: string, element: ReturnType<typeof createElement>) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  // React warns about the router's useLayoutEffect on every link rendered on the server: noise here.
  const consoleError = console.error;
  const quiet = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) consoleError(...args);
  });
  try {
    return renderToString(createElement(I18nextProvider, { i18n }, element));
  } finally {
    quiet.mockRestore();
  }
}

const renderRefusal = (refusal: SeatRefusal, language: string) => renderIn(language, createElement(SeatRefusalMessage, { refusal }));

/** The seat panel as the session page shows it, inside a router (it renders links and a form). */
function renderPanel(seating: SessionSeating, language = "en") {
  const Stub = createRemixStub([
    { path: "/events/:slug/sessions/:sessionId", Component: () => createElement(SeatPanel, { seating, sessionUrl: "/events/e/sessions/1", cancelled: false, notice: null, answer: null }) },
  ]);
  return renderIn(language, createElement(Stub, { initialEntries: ["/events/e/sessions/1"] }));
}

describeEachEngine("seat routes", ({ db }) => {
  serveAppFrom(db);

  async function workshop(capacity = 1) {
    const event = await insertSeatEvent(db());
    const sessionId = await insertWorkshop(db(), event.id, { capacity, title: "Verifying Security Measures" });
    const path = `/events/${event.slug}/sessions/${sessionId}`;
    return { event, sessionId, path, params: { slug: event.slug, sessionId: String(sessionId) } };
  }

  it("takes a seat, then a place on the waiting list, for registered people, and the session page shows their state", async () => {
    const { event, path, params } = await workshop(1);
    const [first, second] = await insertRegistrants(db(), event.id, 2);
    const firstCookie = await signedInAs(db(), first);
    const secondCookie = await signedInAs(db(), second);

    const taken = await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }, { cookie: firstCookie }), params);
    expect(taken.status).toBe(302);
    expect(taken.headers.get("Location")).toBe(`${path}?seat=seated`);
    const waiting = await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }, { cookie: secondCookie }), params);
    expect(waiting.headers.get("Location")).toBe(`${path}?seat=waiting`);

    const page = await call(sessionLoader, getRequest(`${path}?seat=waiting`, { cookie: secondCookie }), params);
    expect(page.body).toMatchObject({
      seatNotice: "waiting",
      seating: { capacity: 1, seatsLeft: 0, waitingCount: 1, viewer: { kind: "registered", status: "waiting", position: 1 } },
    });
    const anonymousPage = await call(sessionLoader, getRequest(`${path}?seat=<script>`), params);
    expect(anonymousPage.body).toMatchObject({ seatNotice: null, seating: { viewer: { kind: "anonymous" } } });
  });

  it("gives up a seat, passes it to the first waiting and mails them in their language", async () => {
    const { event, sessionId, path, params } = await workshop(1);
    const [seated] = await insertRegistrants(db(), event.id, 1);
    const [waiting] = await insertRegistrants(db(), event.id, 1, { language: "zh-TW" });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: seated.registrationId });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: waiting.registrationId });
    const email = (await db().selectFrom("people").select("email").where("id", "=", waiting.personId).executeTakeFirstOrThrow()).email!;

    const left = await call(seatAction, formRequest(`${path}/seat`, { intent: "leave" }, { cookie: await signedInAs(db(), seated) }), params);
    expect(left.headers.get("Location")).toBe(`${path}?seat=left`);
    const seat = await db().selectFrom("seats").select("status").where("registration_id", "=", waiting.registrationId).executeTakeFirstOrThrow();
    expect(seat.status).toBe("seated");
    const mail = await db().selectFrom("outbox").select(["subject", "text_body", "language"]).where("to_address", "=", email).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ language: "zh-TW", subject: "您已取得座位：Verifying Security Measures" });
    expect(mail.text_body).toContain(`http://localhost${path}`);

    // Leaving again: nothing to leave.
    const again = await call(seatAction, formRequest(`${path}/seat`, { intent: "leave" }, { cookie: await signedInAs(db(), seated) }), params);
    expect(again).toMatchObject({ status: 400, body: { refusal: { problem: "not_in_session" } } });
  });

  it("refuses people not registered, and those outside a restricted session's categories, with the reason", async () => {
    const { event, sessionId, path, params } = await workshop(5);
    const isa = await insertCategory(db(), event.id, "ISA member", "ISA 會員");
    await restrictSession(db(), sessionId, [isa]);
    const [trader] = await insertRegistrants(db(), event.id, 1);
    const stranger = await insertUser(db());

    const unregistered = await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }, { cookie: await signedInCookie(db(), stranger) }), params);
    expect(unregistered).toMatchObject({ status: 400, body: { refusal: { problem: "not_registered" } } });

    const outside = await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }, { cookie: await signedInAs(db(), trader) }), params);
    expect(outside).toMatchObject({ status: 400, body: { refusal: { problem: "category_not_allowed", allowedCategories: [{ name_en: "ISA member", name_zh: "ISA 會員" }] } } });
    const refusal = (outside.body as { refusal: SeatRefusal }).refusal;
    expect(await renderRefusal(refusal, "en")).toContain("This session is for ISA member only.");
    expect(await renderRefusal(refusal, "zh-TW")).toContain("本場次僅限ISA 會員參加。");
    expect(await db().selectFrom("seats").select("id").where("session_id", "=", sessionId).execute()).toEqual([]);

    const badIntent = await call(seatAction, formRequest(`${path}/seat`, { intent: "grab" }, { cookie: await signedInAs(db(), trader) }), params);
    expect(badIntent.status).toBe(400);
  });

  it("sends anonymous visitors to sign in, and answers 404 for a session of another event", async () => {
    const { path, params } = await workshop();
    for (const outcome of [await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }), params), await call(seatLoader, getRequest(`${path}/seat`), params)]) {
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`${path}/seat`)}`);
    }
    const other = await workshop();
    const [registrant] = await insertRegistrants(db(), (await db().selectFrom("events").select("id").where("slug", "=", params.slug).executeTakeFirstOrThrow()).id, 1);
    const foreign = await call(seatAction, formRequest(`${path}/seat`, { intent: "take" }, { cookie: await signedInAs(db(), registrant) }), {
      slug: params.slug,
      sessionId: other.params.sessionId,
    });
    expect(foreign.status).toBe(404);
  });

  it("shows the seat lists to the event's organizers only, and lets them move people", async () => {
    const { event, sessionId, params } = await workshop(1);
    const [organizer, staff, stranger] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    const [a, b] = await insertRegistrants(db(), event.id, 2);
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: a.registrationId });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: b.registrationId });
    const path = `/events/${event.slug}/manage/sessions/${sessionId}/seats`;
    const organizerCookie = await signedInCookie(db(), organizer);

    const page = await call(seatsLoader, getRequest(path, { cookie: organizerCookie }), params);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      lists: { seated: [{ registration_id: a.registrationId }], waiting: [{ registration_id: b.registrationId, position: 1 }] },
    });
    expect((await call(seatsLoader, getRequest(path, { cookie: await signedInCookie(db(), staff) }), params)).status).toBe(403);
    expect((await call(seatsLoader, getRequest(path, { cookie: await signedInCookie(db(), stranger) }), params)).status).toBe(403);
    expect((await call(seatsLoader, getRequest(path), params)).headers.get("Location")).toMatch(/^\/login\?/);
    const staffMove = await call(seatsAction, formRequest(path, { intent: "remove", registrationId: String(a.registrationId) }, { cookie: await signedInCookie(db(), staff) }), params);
    expect(staffMove.status).toBe(403);

    const full = await call(seatsAction, formRequest(path, { intent: "move-to-seat", registrationId: String(b.registrationId) }, { cookie: organizerCookie }), params);
    expect(full).toMatchObject({ status: 400, body: { refusal: { problem: "session_full" } } });
    const moved = await call(seatsAction, formRequest(path, { intent: "move-to-waiting-list", registrationId: String(a.registrationId) }, { cookie: organizerCookie }), params);
    expect(moved).toMatchObject({ status: 200, body: { done: "movedToWaitingList", promoted: { mailed: true } } });
    const after = await call(seatsLoader, getRequest(path, { cookie: organizerCookie }), params);
    expect(after.body).toMatchObject({ lists: { seated: [{ registration_id: b.registrationId }], waiting: [{ registration_id: a.registrationId, position: 1 }] } });
    expect(await db().selectFrom("outbox").select("subject").where("event_id", "=", event.id).execute()).toEqual([{ subject: "A seat is yours: Verifying Security Measures" }]);

    const invalid = await call(seatsAction, formRequest(path, { intent: "remove", registrationId: "abc" }, { cookie: organizerCookie }), params);
    expect(invalid.status).toBe(400);
  });

  it("renders the panel: counts, categories it is open to, sign-in link, the viewer's state and button", async () => {
    const { event, sessionId } = await workshop(1);
    const isa = await insertCategory(db(), event.id, "ISA member", "ISA 會員");
    const customs = await insertCategory(db(), event.id, "Foreign customs administration", "外國海關");
    await restrictSession(db(), sessionId, [isa, customs]);
    const [seated, waiting] = await insertRegistrants(db(), event.id, 2, { categoryId: isa });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: seated.registrationId });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: waiting.registrationId });
    const seating = async (userId: number | null) => (await getSessionSeating(db(), { eventId: event.id, sessionId, userId }))!;

    const anonymous = await renderPanel(await seating(null));
    expect(anonymous).toContain("Open to: ISA member and Foreign customs administration");
    expect(anonymous).toContain("Full");
    expect(anonymous).toContain("1 person on the waiting list");
    expect(anonymous).toContain('href="/login?redirectTo=%2Fevents%2Fe%2Fsessions%2F1"');
    expect(anonymous).not.toContain("<form");
    expect(await renderPanel(await seating(null), "zh-TW")).toContain("開放對象：ISA 會員和外國海關");

    await signedInAs(db(), waiting);
    const waitingUser = await db().selectFrom("person_accounts").select("user_id").where("person_id", "=", waiting.personId).executeTakeFirstOrThrow();
    const waitingHtml = await renderPanel(await seating(waitingUser.user_id));
    expect(waitingHtml).toContain("You are number 1 on the waiting list.");
    expect(waitingHtml).toMatch(/<form[^>]*action="\/events\/e\/sessions\/1\/seat"/);
    expect(waitingHtml).toContain('value="leave"');
    expect(await renderPanel(await seating((await insertUser(db())).id))).toContain("Seats are for people registered for this event.");
  });

  it("renders the organizers' lists as printable tables, with the actions left out of print", async () => {
    const { event, sessionId, params } = await workshop(1);
    const organizer = await insertUser(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    const [a, b] = await insertRegistrants(db(), event.id, 2);
    await db().updateTable("people").set({ name: "<b>Kim</b>", name_native: "김재일" }).where("id", "=", a.personId).execute();
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: a.registrationId });
    await takeSeat(db(), { eventId: event.id, sessionId, registrationId: b.registrationId });
    const path = `/events/${event.slug}/manage/sessions/${sessionId}/seats`;
    const loaded = await call(seatsLoader, getRequest(path, { cookie: await signedInCookie(db(), organizer) }), params);
    const Stub = createRemixStub([{ id: "seats", path: "/events/:slug/manage/sessions/:sessionId/seats", Component: SessionSeatsPage, loader: () => loaded.body as Record<string, unknown> }]);
    const html = await renderIn("en", createElement(Stub, { initialEntries: [path], hydrationData: { loaderData: { seats: loaded.body } } }));
    expect(html).toContain("1 of 1 seats taken, 1 waiting");
    expect(html).toContain("&lt;b&gt;Kim&lt;/b&gt;");
    expect(html).toContain('<span lang="ko">김재일</span>');
    expect(html).toContain('aria-label="To the waiting list: &lt;b&gt;Kim&lt;/b&gt;, at its end"');
    expect(html).toContain(`aria-label="Give a seat to ${"Registrant"}`);
    expect(html.match(/class="seat-actions-column"/g)).toHaveLength(4);
  });

  it("lets organizers restrict a session to categories on its form, and refuses a capacity below the seats taken", async () => {
    const { event, sessionId, params } = await workshop(2);
    const organizer = await insertUser(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    const cookie = await signedInCookie(db(), organizer);
    const isa = await insertCategory(db(), event.id, "ISA member");
    const customs = await insertCategory(db(), event.id, "Foreign customs administration");
    const path = `/events/${event.slug}/manage/sessions/${sessionId}`;
    const post = (fields: Array<[string, string]>) =>
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
        body: new URLSearchParams([
          ["intent", "save-session"],
          ["type", "workshop"],
          ["titleEn", "Verifying Security Measures"],
          ["day", "2011-03-29"],
          ["startTime", "09:00"],
          ["endTime", "11:00"],
          ["status", "scheduled"],
          ...fields,
        ]),
      });

    const saved = await call(editSessionAction, post([["capacity", "2"], ["categoryIds", String(isa)], ["categoryIds", String(customs)]]), params);
    expect(saved.status, JSON.stringify(saved.body)).toBe(302);
    const form = await call(editSessionLoader, getRequest(path, { cookie }), params);
    expect(form.body).toMatchObject({ defaults: { categoryIds: [String(isa), String(customs)].sort() }, options: { categories: [{ id: isa }, { id: customs }] } });
    const formBody = form.body as { defaults: Record<string, unknown>; options: Parameters<typeof SessionForm>[0]["options"] };
    const Stub = createRemixStub([
      {
        path: "/form",
        Component: () => createElement(SessionForm, { id: "edit-session", lastResult: undefined, defaultValue: formBody.defaults, options: { ...formBody.options, zoneLabel: "Pacific Time" }, submitLabel: "Save" }),
      },
    ]);
    const formHtml = await renderIn("zh-TW", createElement(Stub, { initialEntries: ["/form"] }));
    expect(formHtml).toContain("<legend>開放對象</legend>");
    const checkbox = (id: number) => formHtml.match(new RegExp(`<input id="edit-session-categoryIds-${id}"[^>]*>`))?.[0] ?? "";
    for (const id of [isa, customs]) expect(checkbox(id)).toMatch(/name="categoryIds".*type="checkbox".*checked=""/);
    // Names stored in English only are marked as English on the Chinese page.
    expect(formHtml).toContain(`<label for="edit-session-categoryIds-${isa}"><span lang="en">ISA member</span></label>`);

    const single = await call(editSessionAction, post([["capacity", "2"], ["categoryIds", String(customs)]]), params);
    expect(single.status).toBe(302);
    expect(await db().selectFrom("session_categories").select("category_id").where("session_id", "=", sessionId).execute()).toEqual([{ category_id: customs }]);
    const foreign = await insertCategory(db(), (await insertSeatEvent(db())).id, "Elsewhere");
    const unknown = await call(editSessionAction, post([["capacity", "2"], ["categoryIds", String(foreign)]]), params);
    expect(unknown.status).toBe(400);
    expect(fieldErrors(unknown.body).categoryIds).toEqual(["manage:session.errors.unknownCategory"]);

    const people = await insertRegistrants(db(), event.id, 2, { categoryId: customs });
    for (const { registrationId } of people) await takeSeat(db(), { eventId: event.id, sessionId, registrationId });
    const lowered = await call(editSessionAction, post([["capacity", "1"]]), params);
    expect(lowered.status).toBe(400);
    expect(fieldErrors(lowered.body).capacity).toEqual(["manage:session.errors.capacityBelowSeats"]);
    const removed = await call(editSessionAction, post([]), params);
    expect(fieldErrors(removed.body).capacity).toEqual(["manage:session.errors.capacityRemovedWithSeats"]);
    expect((await db().selectFrom("sessions").select("capacity").where("id", "=", sessionId).executeTakeFirstOrThrow()).capacity).toBe(2);
  });
});
