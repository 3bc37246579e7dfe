import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, expect, it } from "vitest";
import MeetingPage, { action as meetingAction, loader as meetingLoader } from "../../../app/routes/events.$slug.bilaterals.$bilateralId";
import { addActionItem, saveMinutes, saveNote } from "../../../app/models/bilateral-meeting.server";
import type { SessionUser } from "../../../app/models/account.server";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { renderRoutePage } from "../../support/render-page";
import { PROJECT_ROOT } from "../../support/server";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;
const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

const PATTERN = "/events/:slug/bilaterals/:bilateralId";

/** Strings that appear only in what the sides wrote: who sees which is the question. */
const MARKERS = {
  minutesEn: "MINUTES-EN-7Q2",
  minutesZh: "紀要標記-7Q2",
  history: "EARLIER-VERSION-7Q2",
  twNote: "TAIWAN-NOTE-7Q2",
  krNote: "KOREA-NOTE-7Q2",
  item: "ACTION-ITEM-7Q2",
} as const;
type Marker = keyof typeof MARKERS;

/** A user acting as a new person who is a member of the delegation. */
async function insertMember(db: Db, eventId: number, delegationId: number, name: string): Promise<SessionUser> {
  const at = new Date().toISOString();
  const user = await insertUser(db, { name });
  const person = await db.insertInto("people").values({ name, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("person_accounts").values({ person_id: person.id, user_id: user.id, linked_at: at }).execute();
  await db
    .insertInto("delegation_members")
    .values({ delegation_id: delegationId, event_id: eventId, person_id: person.id, role: "head", created_at: at })
    .execute();
  return user;
}

/**
 * A public event with three delegations (Taiwan asked Korea for the meeting; Japan is a third), a
 * booked meeting with two versions of minutes, both sides' notes and an action item, and an
 * account for each role.
 */
async function insertMeetingWorld(db: Db) {
  const at = new Date().toISOString();
  const event = await insertEvent(db, { visibility: "public" });
  const delegation = async (key: string, name_en: string, country: string) =>
    (
      await db
        .insertInto("delegations")
        .values({ event_id: event.id, key, name_en, country, created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const tw = await delegation("tw", "Taiwan", "TW");
  const kr = await delegation("kr", "Korea", "KR");
  const jp = await delegation("jp", "Japan", "JP");
  const users = {
    requester: await insertMember(db, event.id, tw, "Wen Wu-yen"),
    otherSide: await insertMember(db, event.id, kr, "Kim Jai-il"),
    thirdDelegation: await insertMember(db, event.id, jp, "Sato Hanako"),
    staff: await insertUser(db, { name: "Door Staff" }),
    organizer: await insertUser(db, { name: "Organizer" }),
  };
  await giveRole(db, users.staff.id, event.id, "staff");
  await giveRole(db, users.organizer.id, event.id, "organizer");
  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Bilateral Room 1", tables: 3 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const bilateral = await db
    .insertInto("bilaterals")
    .values({
      event_id: event.id,
      requester_id: tw,
      recipient_id: kr,
      topic: "AEO mutual recognition",
      length_slots: 2,
      priority: "high",
      status: "booked",
      starts_at: "2011-03-28T20:00:00.000Z",
      ends_at: "2011-03-28T21:00:00.000Z",
      place_id: place.id,
      table_number: 2,
      booked_via: "agreed",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const writer = (side: number, user: SessionUser) => ({ eventId: event.id, bilateralId: bilateral.id, side, userId: user.id });
  const first = await saveMinutes(db, { ...writer(tw, users.requester), baseRevisionId: null, body_en: MARKERS.history, body_zh: null });
  if (!first.ok) throw new Error(first.problem);
  const second = await saveMinutes(db, {
    ...writer(kr, users.otherSide),
    baseRevisionId: first.revisionId,
    body_en: MARKERS.minutesEn,
    body_zh: MARKERS.minutesZh,
  });
  if (!second.ok) throw new Error(second.problem);
  await saveNote(db, { ...writer(tw, users.requester), body: MARKERS.twNote });
  await saveNote(db, { ...writer(kr, users.otherSide), body: MARKERS.krNote });
  await addActionItem(db, { ...writer(tw, users.requester), ownerId: kr, text_en: MARKERS.item, text_zh: null, dueOn: "2011-06-30" });
  const params = { slug: event.slug, bilateralId: String(bilateral.id) };
  return {
    event,
    tw,
    kr,
    jp,
    users,
    bilateralId: bilateral.id,
    params,
    path: `/events/${event.slug}/bilaterals/${bilateral.id}`,
    firstRevision: first.revisionId,
    latestRevision: second.revisionId,
  };
}
type MeetingWorld = Awaited<ReturnType<typeof insertMeetingWorld>>;

describeEachEngine("bilateral meeting routes", ({ db }) => {
  serveAppFrom(db);
  let world: MeetingWorld;
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    world = await insertMeetingWorld(db());
    for (const [role, user] of Object.entries(world.users)) cookies.set(role, await signedInCookie(db(), user));
  });

  const load = (role: keyof MeetingWorld["users"] | "anonymous") => call(meetingLoader, getRequest(world.path, { cookie: cookies.get(role) }), world.params);
  const post = (role: keyof MeetingWorld["users"], fields: Record<string, string>) =>
    call(meetingAction, formRequest(world.path, fields, { cookie: cookies.get(role) }), world.params);
  const render = (loaderData: unknown, options: { actionData?: unknown; language?: string } = {}) =>
    renderRoutePage(MeetingPage, { pattern: PATTERN, path: world.path, loaderData, ...options });
  const markersIn = (html: string) => (Object.keys(MARKERS) as Marker[]).filter((marker) => html.includes(MARKERS[marker]));

  it("shows each side the minutes, their history and the items, and only its own note", async () => {
    const expected: Record<"requester" | "otherSide", Marker[]> = {
      requester: ["minutesEn", "minutesZh", "history", "twNote", "item"],
      otherSide: ["minutesEn", "minutesZh", "history", "krNote", "item"],
    };
    for (const role of ["requester", "otherSide"] as const) {
      const loaded = await load(role);
      expect(loaded.status).toBe(200);
      // What reaches the browser, not only what is shown, holds only the side's own note.
      expect(markersIn(JSON.stringify(loaded.body))).toEqual(expected[role]);
      const html = await render(loaded.body);
      expect(markersIn(html)).toEqual(expected[role]);
      expect(html).toContain("Bilateral Room 1, table 2");
      expect(html).toContain("Only your delegation reads this.");
      expect(html).toContain(`<div class="written-text" lang="en">${MARKERS.minutesEn}</div>`);
      expect(html).toContain(`<div class="written-text" lang="zh-TW">${MARKERS.minutesZh}</div>`);
      expect(html).toMatch(/<details class="minutes-history"><summary>History \(2 versions\)<\/summary>/);
      expect(html).toContain(`name="baseRevisionId" value="${world.latestRevision}"`);
    }
  });

  it("answers 404 to a third delegation and to door staff, and sends anonymous visitors to sign in", async () => {
    for (const role of ["thirdDelegation", "staff"] as const) {
      const loaded = await load(role);
      expect(loaded.status).toBe(404);
      expect(markersIn(JSON.stringify(loaded.body))).toEqual([]);
      expect((await post(role, { intent: "save-note", body: "Not mine" })).status).toBe(404);
    }
    const anonymous = await load("anonymous");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(world.path)}`);
    const anonymousPost = await call(meetingAction, formRequest(world.path, { intent: "save-note", body: "x" }), world.params);
    expect(anonymousPost.headers.get("Location")).toMatch(/^\/login\?/);
  });

  it("shows an organizer who is not a side when and where, and none of what the sides wrote; they may not write", async () => {
    const loaded = await load("organizer");
    expect(loaded.status).toBe(200);
    expect(markersIn(JSON.stringify(loaded.body))).toEqual([]);
    expect(loaded.body).toMatchObject({ meeting: { record: null }, side: null });
    const html = await render(loaded.body);
    expect(markersIn(html)).toEqual([]);
    // 20:00–21:00 UTC is 13:00–14:00 in San Diego, in daylight saving time by then.
    expect(html).toContain('<time dateTime="2011-03-28T20:00:00.000Z">13:00</time>');
    expect(html).toContain('<time dateTime="2011-03-28T21:00:00.000Z">14:00</time>');
    expect(html).toContain("Pacific Daylight Time (America/Los_Angeles)");
    expect(html).toContain("Bilateral Room 1, table 2");
    expect(html).toContain("AEO mutual recognition");
    expect(html).toContain("belong to its two delegations");
    expect(html).not.toContain("<form");
    expect(html).not.toContain("Wen Wu-yen");

    const before = await db().selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", world.bilateralId).execute();
    const written = await post("organizer", { intent: "save-minutes", baseRevisionId: String(world.latestRevision), bodyEn: "Organizer's version" });
    expect(written.status).toBe(403);
    // A form that names nothing to do is bad input, from anyone the page is open to.
    expect((await post("organizer", { intent: "" })).status).toBe(400);
    expect(await db().selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", world.bilateralId).execute()).toEqual(before);
  });

  it("prints as a record: the forms' column and the history are left out of print (app.css drops every form)", async () => {
    const html = await render((await load("requester")).body);
    expect(html.match(/<td class="action-items-manage">/g)).toHaveLength(1);
    const printRules =
      /@media print \{([\s\S]*?)\n\}/.exec(await readFile(path.join(PROJECT_ROOT, "app/components/bilaterals/meeting/meeting.css"), "utf8"))?.[1] ?? "";
    expect(printRules).toMatch(/\.back-link, \.action-items-manage, \.minutes-history \{ display: none !important; \}/);
  });

  it("renders the page in Chinese with the minutes marked by language", async () => {
    const html = await render((await load("requester")).body, { language: "zh-TW" });
    expect(html).toContain("會議紀要");
    expect(html).toContain("僅限貴代表團閱覽");
    expect(html).toContain(`lang="zh-TW">${MARKERS.minutesZh}`);
    expect(html).toContain(`lang="en">${MARKERS.minutesEn}`);
    expect(html).toMatch(/<textarea id="minutes-bodyEn"[^>]* lang="en"/);
    expect(html).toMatch(/<textarea id="minutes-bodyZh"[^>]* lang="zh-TW"/);
  });

  it("refuses blank minutes by the field (400), and a save on an older version (409) storing nothing and showing the newer text", async () => {
    const countMinutes = async () => (await db().selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", world.bilateralId).execute()).length;
    const before = await countMinutes();
    const blank = await post("requester", { intent: "save-minutes", baseRevisionId: String(world.latestRevision), bodyEn: "   ", bodyZh: "" });
    expect(blank.status).toBe(400);
    expect(fieldErrors(blank.body)).toMatchObject({ bodyEn: ["meetings:errors.empty"] });

    const stale = await post("requester", { intent: "save-minutes", baseRevisionId: String(world.firstRevision), bodyEn: "Taiwan's late edit", bodyZh: "" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ formId: "minutes", newer: { id: world.latestRevision, body_en: MARKERS.minutesEn } });
    expect(await countMinutes()).toBe(before);

    // Reloaded, the page shows the newer version as the current one, the writer's text still in the form.
    const reloaded = (await load("requester")).body as { meeting: { record: { minutes: unknown; history: unknown[] } } };
    const html = await render(reloaded, { actionData: stale.body });
    expect(html).toContain("Someone saved the minutes while you were editing them.");
    expect(html).toContain(`<div class="written-text" lang="en">${MARKERS.minutesEn}</div>`);
    expect(html).toMatch(/<textarea id="minutes-bodyEn"[^>]*>Taiwan&#x27;s late edit<\/textarea>/);
    expect(html).toContain(`name="baseRevisionId" value="${world.latestRevision}"`);
    // Not reloaded, it shows the newer version beside the form, and the next save is written on it.
    const asBefore = { ...reloaded, meeting: { ...reloaded.meeting, record: { ...reloaded.meeting.record, minutes: reloaded.meeting.record.history[1] } } };
    const unreloaded = await render(asBefore, { actionData: stale.body });
    expect(unreloaded).toMatch(new RegExp(`The version saved meanwhile</p><div class="minutes-columns">.*${MARKERS.minutesEn}`));
    expect(unreloaded).toContain(`name="baseRevisionId" value="${world.latestRevision}"`);

    const tooLong = await post("requester", { intent: "save-minutes", baseRevisionId: String(world.latestRevision), bodyEn: "x".repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(fieldErrors(tooLong.body)).toMatchObject({ bodyEn: ["validation.tooLong"] });
    expect(await countMinutes()).toBe(before);
  });

  it("saves minutes, notes and items through the page's forms, and shows hostile text escaped", async () => {
    const current = (
      await db().selectFrom("bilateral_minutes").select("id").where("bilateral_id", "=", world.bilateralId).orderBy("id", "desc").executeTakeFirstOrThrow()
    ).id;
    const hostile = `<script>alert("minutes")</script>`;
    const saved = await post("otherSide", { intent: "save-minutes", baseRevisionId: String(current), bodyEn: hostile, bodyZh: "雙方同意\n持續交流" });
    expect(saved).toMatchObject({ status: 200, body: { notice: "minutes.saved" } });
    const note = await post("otherSide", {
      intent: "save-note",
      body: `<img src=x onerror=alert(1)>`,
    });
    expect(note).toMatchObject({ status: 200, body: { notice: "notes.saved" } });
    // A blank note is refused by the field; deleting is the delete button's.
    const blankNote = await post("otherSide", { intent: "save-note", body: "   " });
    expect(blankNote.status).toBe(400);
    expect(fieldErrors(blankNote.body)).toMatchObject({ body: ["meetings:errors.noteEmpty"] });
    const notesBefore = await db().selectFrom("bilateral_notes").select("body").where("bilateral_id", "=", world.bilateralId).execute();
    expect(notesBefore.map((row) => row.body)).toContain(`<img src=x onerror=alert(1)>`);
    const item = await post("otherSide", { intent: "add-item", ownerId: String(world.tw), textEn: "", textZh: "<b>寄送</b>清單", dueOn: "2011-07-01" });
    expect(item).toMatchObject({ status: 200, body: { notice: "items.added" } });

    const html = await render((await load("otherSide")).body, { actionData: item.body });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>寄送</b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;minutes&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;b&gt;寄送&lt;/b&gt;清單");
    expect(html).toContain("雙方同意\n持續交流");
    expect(html).toContain("The action item was added.");
    // Taiwan does not see Korea's note, hostile or not.
    expect(await render((await load("requester")).body)).not.toContain("onerror");

    const badOwner = await post("otherSide", { intent: "add-item", ownerId: String(world.jp), textEn: "Japan acts", dueOn: "" });
    expect(badOwner.status).toBe(400);
    expect(fieldErrors(badOwner.body)).toMatchObject({ ownerId: ["meetings:errors.ownerNotSide"] });
    const noText = await post("otherSide", { intent: "add-item", ownerId: String(world.kr), textEn: " ", textZh: "", dueOn: "2011-13-01" });
    expect(noText.status).toBe(400);
    expect(fieldErrors(noText.body)).toMatchObject({ textEn: ["meetings:errors.textRequired"], dueOn: ["manage:validation.date"] });
  });

  it("changes and removes action items, and answers 409 for an item removed meanwhile", async () => {
    const added = await post("requester", { intent: "add-item", ownerId: String(world.tw), textEn: "Send the checklist", dueOn: "" });
    expect(added.status).toBe(200);
    const itemId = (await db().selectFrom("bilateral_action_items").select("id").where("text_en", "=", "Send the checklist").executeTakeFirstOrThrow()).id;
    const done = await post("otherSide", { intent: "item-status", itemId: String(itemId), status: "done" });
    expect(done).toMatchObject({ status: 200, body: { notice: "items.statusChanged" } });
    const edited = await post("otherSide", {
      intent: "edit-item",
      itemId: String(itemId),
      ownerId: String(world.kr),
      textEn: "Send the checklist",
      textZh: "寄送檢核表",
      dueOn: "2011-05-01",
    });
    expect(edited).toMatchObject({ status: 200, body: { notice: "items.updated" } });
    expect(
      await db()
        .selectFrom("bilateral_action_items")
        .select(["owner_delegation_id", "text_zh", "due_on", "status"])
        .where("id", "=", itemId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ owner_delegation_id: world.kr, text_zh: "寄送檢核表", due_on: "2011-05-01", status: "done" });
    const removed = await post("requester", { intent: "remove-item", itemId: String(itemId) });
    expect(removed).toMatchObject({ status: 200, body: { notice: "items.removed" } });
    const again = await post("otherSide", { intent: "item-status", itemId: String(itemId), status: "open" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ result: { error: { "": ["meetings:errors.itemNotFound"] } } });
    const badStatus = await post("otherSide", { intent: "item-status", itemId: String(itemId), status: "<script>" });
    expect(badStatus.status).toBe(400);
  });
});
