import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createFeedToken } from "../../../app/models/feed-token.server";
import AccountFeedsPage, { action as feedsAction, loader as feedsLoader } from "../../../app/routes/account_.feeds";
import { loader as feedLoader } from "../../../app/routes/feeds.$feedToken.calendar[.ics]";
import type { Db } from "../../../db/client";
import type { FeedKind } from "../../../db/schema";
import { getEnv } from "../../../lib/env.server";
import { fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { describeEachEngine } from "../../support/engines";
import { renderRoutePage } from "../../support/render-page";

/** In the meeting's minutes and the other side's notes: never in any feed. */
const MARKER = "PRIVATE-MARKER-91b2";

const ROLES = ["anonymous", "stranger", "delegate", "otherDelegate", "staff", "organizer", "admin"] as const;
type Role = (typeof ROLES)[number];

const at = () => new Date().toISOString();

/**
 * An event with two delegations, each headed by an account of its own (`delegate` for TW,
 * `otherDelegate` for KR), a booked TW–KR meeting with minutes and notes, a session where the TW
 * head speaks, and accounts for the event's team, an administrator and a stranger.
 */
async function insertWorld(db: Db) {
  const event = await insertEvent(db, { title_en: "C-TPAT Conference", title_zh: "C-TPAT 年會" });
  const users = {
    stranger: await insertUser(db),
    delegate: await insertUser(db, { name: "Wen Wu-yen" }),
    otherDelegate: await insertUser(db, { name: "Kim Jai-il" }),
    staff: await insertUser(db),
    organizer: await insertUser(db),
    admin: await insertUser(db, { isAdmin: true }),
  };
  await giveRole(db, users.staff.id, event.id, "staff");
  await giveRole(db, users.organizer.id, event.id, "organizer");

  async function head(userId: number, name: string, key: string, nameEn: string) {
    const person = await db.insertInto("people").values({ name, created_at: at(), updated_at: at() }).returning("id").executeTakeFirstOrThrow();
    await db.insertInto("person_accounts").values({ person_id: person.id, user_id: userId, linked_at: at() }).execute();
    const delegation = await db
      .insertInto("delegations")
      .values({ event_id: event.id, key, name_en: nameEn, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("delegation_members")
      .values({ delegation_id: delegation.id, event_id: event.id, person_id: person.id, role: "head", created_at: at() })
      .execute();
    return { personId: person.id, delegationId: delegation.id };
  }
  const tw = await head(users.delegate.id, "Wen Wu-yen", "tw", "Taiwan Customs");
  const kr = await head(users.otherDelegate.id, "Kim Jai-il", "kr", "Korea Customs Service");

  const session = await db
    .insertInto("sessions")
    .values({
      event_id: event.id,
      type: "panel",
      title_en: "Supply chain security",
      starts_at: "2011-03-28T16:00:00.000Z",
      ends_at: "2011-03-28T17:00:00.000Z",
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("session_people").values({ session_id: session.id, person_id: tw.personId, role: "speaker", position: 0, item_id: null }).execute();

  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Bilateral room 1", tables: 2 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const meeting = await db
    .insertInto("bilaterals")
    .values({
      event_id: event.id,
      requester_id: tw.delegationId,
      recipient_id: kr.delegationId,
      topic: "Mutual recognition arrangement",
      length_slots: 2,
      priority: "normal",
      status: "booked",
      starts_at: "2011-03-28T20:00:00.000Z",
      ends_at: "2011-03-28T21:00:00.000Z",
      place_id: place.id,
      table_number: 1,
      booked_via: "agreed",
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("bilateral_attendees").values({ bilateral_id: meeting.id, person_id: tw.personId, delegation_id: tw.delegationId }).execute();
  await db
    .insertInto("bilateral_minutes")
    .values({
      bilateral_id: meeting.id,
      body_en: `Minutes ${MARKER}`,
      body_zh: null,
      author_user_id: users.delegate.id,
      author_delegation_id: tw.delegationId,
      created_at: at(),
    })
    .execute();
  await db
    .insertInto("bilateral_notes")
    .values({ bilateral_id: meeting.id, delegation_id: kr.delegationId, body: `Notes ${MARKER}`, updated_by: users.otherDelegate.id, updated_at: at() })
    .execute();

  return { event, users, meetingId: meeting.id };
}
type World = Awaited<ReturnType<typeof insertWorld>>;

describeEachEngine("private calendar feed and feeds page routes", ({ db }) => {
  serveAppFrom(db);
  let world: World;
  const cookies = new Map<Role, string | undefined>();
  beforeAll(async () => {
    world = await insertWorld(db());
    cookies.set("anonymous", undefined);
    for (const role of ROLES) if (role !== "anonymous") cookies.set(role, await signedInCookie(db(), world.users[role]));
  });

  async function tokenOf(userId: number, kind: FeedKind) {
    const created = await createFeedToken(db(), { userId, eventId: world.event.id, kind, secret: getEnv().SESSION_SECRET });
    if (!created.ok) throw new Error(created.problem);
    return created;
  }
  function getFeed(token: string, { cookie, headers = {}, query = "" }: { cookie?: string; headers?: Record<string, string>; query?: string } = {}) {
    const request = new Request(`http://localhost/feeds/${token}/calendar.ics${query}`, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });
    return runRoute(() => feedLoader({ request, params: { feedToken: token }, context: {} }));
  }
  const feedsPage = (role: Role) =>
    runRoute(() => feedsLoader({ request: getRequest("/account/feeds", { cookie: cookies.get(role) }), params: {}, context: {} }));
  const postFeeds = (role: Role, fields: Record<string, string>, language?: string) =>
    runRoute(() => feedsAction({ request: formRequest("/account/feeds", fields, { cookie: cookies.get(role), language }), params: {}, context: {} }));

  describe("the feed", () => {
    it("serves a person's feed as text/calendar, private and unindexed, without anyone's minutes or notes", async () => {
      const { token } = await tokenOf(world.users.delegate.id, "person");
      const response = await getFeed(token);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
      expect(response.headers.get("x-robots-tag")).toBe("noindex");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
      const text = String(response.body);
      expect(text).not.toContain(MARKER);
      const calendar = new ICAL.Component(ICAL.parse(text));
      const summaries = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component).summary);
      expect(summaries).toHaveLength(2);
      expect(summaries[0]).toBe("Supply chain security");
      expect(summaries[1]).toContain("Taiwan Customs");
      expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Wen Wu-yen · C-TPAT Conference");
    });

    it("names a delegation's feed after the delegation, in the language asked for", async () => {
      const { token } = await tokenOf(world.users.otherDelegate.id, "delegation");
      const response = await getFeed(token, { query: "?lang=zh-TW" });
      expect(response.status).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(String(response.body)));
      expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Korea Customs Service · C-TPAT 年會");
      expect(calendar.getAllSubcomponents("vevent")).toHaveLength(1);
      expect(String(response.body)).not.toContain(MARKER);
      expect((await getFeed(token, { query: "?lang=fr" })).status).toBe(400);
    });

    it("answers 304 to a client whose copy is current, and 200 again once a meeting moves", async () => {
      const moving = await insertWorld(db());
      const created = await createFeedToken(db(), {
        userId: moving.users.delegate.id,
        eventId: moving.event.id,
        kind: "delegation",
        secret: getEnv().SESSION_SECRET,
      });
      if (!created.ok) throw new Error(created.problem);
      const first = await getFeed(created.token);
      const etag = first.headers.get("etag") ?? "";
      const revalidated = await getFeed(created.token, { headers: { "If-None-Match": etag } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body).toBe("");
      expect(revalidated.headers.get("etag")).toBe(etag);
      // Another language is another text: the English copy does not validate it.
      expect((await getFeed(created.token, { headers: { "If-None-Match": etag }, query: "?lang=zh-TW" })).status).toBe(200);
      await db()
        .updateTable("bilaterals")
        .set((eb) => ({ starts_at: "2011-03-28T21:00:00.000Z", ends_at: "2011-03-28T22:00:00.000Z", updated_at: at(), version: eb("version", "+", 1) }))
        .where("id", "=", moving.meetingId)
        .execute();
      const moved = await getFeed(created.token, { headers: { "If-None-Match": etag } });
      expect(moved.status).toBe(200);
      expect(moved.headers.get("etag")).not.toBe(etag);
    });

    it("gives the same feed whatever cookie comes with the request", async () => {
      const { token } = await tokenOf(world.users.delegate.id, "delegation");
      const bodies = new Set<string>();
      for (const role of ROLES) {
        const response = await getFeed(token, { cookie: cookies.get(role) });
        expect(response.status).toBe(200);
        bodies.add(`${response.headers.get("etag")}\n${String(response.body)}`);
      }
      expect(bodies.size).toBe(1);
    });

    it("answers an unknown, malformed or revoked token with the same bare 404, for every role", async () => {
      const { id, token } = await tokenOf(world.users.otherDelegate.id, "person");
      expect((await postFeeds("otherDelegate", { intent: "revoke", tokenId: String(id) })).status).toBe(200);
      const unknown = (token[0] === "A" ? "B" : "A") + token.slice(1);
      const answers = new Set<string>();
      for (const candidate of [token, unknown, "not-a-token"]) {
        for (const role of ROLES) {
          const response = await getFeed(candidate, { cookie: cookies.get(role) });
          expect(response.status).toBe(404);
          answers.add(JSON.stringify(response.body));
        }
      }
      expect([...answers]).toEqual([JSON.stringify({ message: "Not found" })]);
    });
  });

  describe("the feeds page", () => {
    it("sends anonymous visitors to sign in", async () => {
      const response = await feedsPage("anonymous");
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login\?/);
    });

    it("lists only the account's own feeds, for every role", async () => {
      const listed = await insertWorld(db());
      const own = new Map<number, number[]>();
      for (const [userId, kind] of [
        [world.users.delegate.id, "person"],
        [world.users.otherDelegate.id, "delegation"],
      ] as const) {
        const created = await tokenOf(userId, kind);
        own.set(userId, [...(own.get(userId) ?? []), created.id]);
      }
      // Feeds in another event of the same accounts do not leak across accounts either.
      await createFeedToken(db(), { userId: listed.users.delegate.id, eventId: listed.event.id, kind: "person", secret: getEnv().SESSION_SECRET });
      const allRows = await db().selectFrom("feed_tokens").select(["id", "user_id"]).where("revoked_at", "is", null).execute();
      for (const role of ROLES) {
        if (role === "anonymous") continue;
        const response = await feedsPage(role);
        expect(response.status).toBe(200);
        const feeds = (response.body as { feeds: Array<{ id: number; token: string }> }).feeds;
        const expected = allRows.filter((row) => row.user_id === world.users[role].id).map((row) => row.id);
        expect(feeds.map((feed) => feed.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        if (own.has(world.users[role].id)) expect(feeds.length).toBeGreaterThan(0);
      }
    });

    it("offers a delegate both feeds and the team only what their own person takes part in", async () => {
      const choicesOf = async (role: Role) =>
        ((await feedsPage(role)).body as { choices: Array<{ event: { id: number }; delegation: { id: number } | null }> }).choices.filter(
          (choice) => choice.event.id === world.event.id,
        );
      expect((await choicesOf("delegate")).map((choice) => choice.delegation !== null)).toEqual([true]);
      for (const role of ["stranger", "staff", "organizer", "admin"] as const) expect(await choicesOf(role)).toEqual([]);
    });

    it("makes a feed, and refuses one the account may not have with a message", async () => {
      const made = await postFeeds("delegate", { intent: "create", eventId: String(world.event.id), kind: "delegation" });
      expect(made.status).toBe(200);
      expect((made.body as { notice: string }).notice).toBe("created");
      for (const role of ["stranger", "organizer", "admin"] as const) {
        const refused = await postFeeds(role, { intent: "create", eventId: String(world.event.id), kind: "person" });
        expect(refused.status).toBe(400);
        expect(fieldErrors(refused.body)[""]).toEqual(["feeds:errors.notEntitled"]);
      }
    });

    it("refuses malformed input with 400 and a message by the field", async () => {
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ intent: "create", eventId: "abc", kind: "person" }, "eventId", "validation.invalidChoice"],
        [{ intent: "create", eventId: String(world.event.id), kind: "everyone" }, "kind", "validation.invalidChoice"],
        [{ intent: "revoke" }, "tokenId", "validation.required"],
        [{ intent: "delete", tokenId: "1" }, "intent", "validation.invalidChoice"],
      ];
      for (const [fields, field, message] of cases) {
        const response = await postFeeds("delegate", fields, "zh-TW");
        expect(response.status).toBe(400);
        expect(fieldErrors(response.body)[field]).toEqual([message]);
      }
    });

    it("lets no account revoke another's feed: 404, and the feed still answers", async () => {
      const { id, token } = await tokenOf(world.users.delegate.id, "person");
      for (const role of ["otherDelegate", "stranger", "staff", "organizer", "admin"] as const) {
        expect((await postFeeds(role, { intent: "revoke", tokenId: String(id) })).status).toBe(404);
      }
      expect((await getFeed(token)).status).toBe(200);
      expect((await postFeeds("delegate", { intent: "revoke", tokenId: String(id) })).status).toBe(200);
      expect((await getFeed(token)).status).toBe(404);
      expect((await postFeeds("delegate", { intent: "revoke", tokenId: String(id) })).status).toBe(404);
    });

    it("shows each feed's address in the viewer's language, with a labelled revoke button, in both languages", async () => {
      const { token } = await tokenOf(world.users.delegate.id, "person");
      const loaderData = (await feedsPage("delegate")).body;
      for (const language of ["en", "zh-TW"] as const) {
        const html = await renderRoutePage(AccountFeedsPage, { pattern: "/account/feeds", path: "/account/feeds", loaderData, language });
        expect(html).toContain(`http://localhost/feeds/${token}/calendar.ics?lang=${language}`);
        expect(html).toContain(`webcal://localhost/feeds/${token}/calendar.ics?lang=${language}`);
        expect(html).toContain(language === "en" ? "Revoke the feed Wen Wu-yen · C-TPAT Conference" : "撤銷訂閱 Wen Wu-yen · C-TPAT 年會");
        expect(html).toContain('role="status"');
        expect(html).toMatch(/<h1 id="feeds-title">/);
      }
    });

    it("shows a refusal as an alert in the viewer's language", async () => {
      const loaderData = (await feedsPage("stranger")).body;
      const refused = await postFeeds("stranger", { intent: "create", eventId: String(world.event.id), kind: "person" });
      for (const [language, message] of [
        ["en", "You cannot make this feed"],
        ["zh-TW", "無法建立此訂閱"],
      ] as const) {
        const html = await renderRoutePage(AccountFeedsPage, { pattern: "/account/feeds", path: "/account/feeds", loaderData, actionData: refused.body, language });
        expect(html).toMatch(new RegExp(`role="alert"[^>]*>[\\s\\S]*${message}`));
      }
    });
  });
});
