import { beforeAll, describe, expect, it } from "vitest";
import {
  MAX_FEED_TOKENS_PER_EVENT,
  createFeedToken,
  getPrivateCalendar,
  listFeedChoices,
  listFeedTokens,
  privateCalendarVersion,
  resolveFeedToken,
  revokeFeedToken,
  type ResolvedFeed,
} from "../../../app/models/feed-token.server";
import type { Db } from "../../../db/client";
import type { FeedKind } from "../../../db/schema";
import { generateBadgeCode } from "../../../lib/badge-code";
import { insertEvent, insertUser } from "../../support/app";
import { describeEachEngine } from "../../support/engines";

const SECRET = "feed-token-test-secret-0123456789abcdef";
/** Put in the minutes, notes and action items of a meeting: never expected in any feed. */
const MARKER = "PRIVATE-MARKER-7f3a";
/** The topic of the KR–EU meeting: in those two delegations' feeds only. */
const OTHERS_TOPIC = "OTHERS-TOPIC-c41d";
/** While the event runs: nothing cancelled has been gone 30 days yet. */
const DURING = new Date("2011-03-29T12:00:00.000Z");
/** Over 30 days after the cancelled session's and meeting's end. */
const MONTHS_LATER = new Date("2011-06-01T00:00:00.000Z");

const at = () => new Date().toISOString();

/**
 * An event with three delegations (TW: head and member; KR: head; EU: head), a speaker outside any
 * delegation, a registered attendee, one whose registration was cancelled, a person who takes no
 * part, and an account linked to nobody. Sessions: the TW member speaks at one, the TW head holds a
 * seat in a workshop (and waits for another), the KR head speaks at a third; a cancelled session
 * with the TW member. Meetings: TW–KR booked (the TW head attends) with minutes, notes and action
 * items; KR–EU booked; TW–EU cancelled after it had a time.
 */
async function insertFeedWorld(db: Db) {
  const event = await insertEvent(db, { title_en: "C-TPAT Conference", title_zh: "C-TPAT 年會" });
  const otherEvent = await insertEvent(db);

  async function linkedPerson(name: string, nameNative: string | null = null) {
    const user = await insertUser(db, { name });
    const person = await db
      .insertInto("people")
      .values({ name, name_native: nameNative, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("person_accounts").values({ person_id: person.id, user_id: user.id, linked_at: at() }).execute();
    return { userId: user.id, personId: person.id };
  }
  async function delegation(key: string, nameEn: string, nameZh: string | null, members: Array<{ personId: number; role: "head" | "member" }>) {
    const row = await db
      .insertInto("delegations")
      .values({ event_id: event.id, key, name_en: nameEn, name_zh: nameZh, country: null, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const member of members) {
      await db
        .insertInto("delegation_members")
        .values({ delegation_id: row.id, event_id: event.id, person_id: member.personId, role: member.role, created_at: at() })
        .execute();
    }
    return row.id;
  }
  async function register(eventId: number, personId: number, status: "confirmed" | "cancelled" = "confirmed") {
    const row = await db
      .insertInto("registrations")
      .values({ event_id: eventId, person_id: personId, status, source: "organizer", badge_code: generateBadgeCode(), created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function session(title: string, { startsAt, endsAt, status = "scheduled" }: { startsAt: string; endsAt: string; status?: "scheduled" | "cancelled" }) {
    const row = await db
      .insertInto("sessions")
      .values({ event_id: event.id, type: "plenary", title_en: title, starts_at: startsAt, ends_at: endsAt, status, created_at: at(), updated_at: at() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function speaks(sessionId: number, personId: number) {
    await db.insertInto("session_people").values({ session_id: sessionId, person_id: personId, role: "speaker", position: 0, item_id: null }).execute();
  }

  const twHead = await linkedPerson("Wen Wu-yen", "溫武彥");
  const twMember = await linkedPerson("Chen Mei-ling");
  const krHead = await linkedPerson("Kim Jai-il");
  const euHead = await linkedPerson("Anna Schmidt");
  const speaker = await linkedPerson("Speaker Only");
  const attendee = await linkedPerson("Registered Only");
  const cancelledAttendee = await linkedPerson("Cancelled Registration");
  const outsider = await linkedPerson("Outsider");
  const unlinked = await insertUser(db, { name: "No Person" });

  const tw = await delegation("tw", "Taiwan Customs", "臺灣海關", [
    { personId: twHead.personId, role: "head" },
    { personId: twMember.personId, role: "member" },
  ]);
  const kr = await delegation("kr", "Korea Customs Service", null, [{ personId: krHead.personId, role: "head" }]);
  const eu = await delegation("eu", "European Commission", null, [{ personId: euHead.personId, role: "head" }]);
  await register(event.id, attendee.personId);
  await register(event.id, cancelledAttendee.personId, "cancelled");
  // The outsider takes part in another event only.
  await register(otherEvent.id, outsider.personId);

  const twMemberTalk = await session("Supply chain security", { startsAt: "2011-03-28T16:00:00.000Z", endsAt: "2011-03-28T17:00:00.000Z" });
  await speaks(twMemberTalk, twMember.personId);
  const speakerTalk = await session("Keynote", { startsAt: "2011-03-28T15:00:00.000Z", endsAt: "2011-03-28T16:00:00.000Z" });
  await speaks(speakerTalk, speaker.personId);
  const workshop = await session("Verifying security measures", { startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T18:00:00.000Z" });
  const fullWorkshop = await session("Risk management", { startsAt: "2011-03-29T19:00:00.000Z", endsAt: "2011-03-29T20:00:00.000Z" });
  const twHeadRegistration = await register(event.id, twHead.personId);
  await db
    .insertInto("seats")
    .values([
      { session_id: workshop, registration_id: twHeadRegistration, status: "seated", requested_at: at(), seated_at: at() },
      { session_id: fullWorkshop, registration_id: twHeadRegistration, status: "waiting", requested_at: at(), seated_at: null },
    ])
    .execute();
  const krTalk = await session("Korean AEO programme", { startsAt: "2011-03-28T18:00:00.000Z", endsAt: "2011-03-28T19:00:00.000Z" });
  await speaks(krTalk, krHead.personId);
  const cancelledTalk = await session("Cancelled panel", { startsAt: "2011-03-29T21:00:00.000Z", endsAt: "2011-03-29T22:00:00.000Z", status: "cancelled" });
  await speaks(cancelledTalk, twMember.personId);

  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Bilateral room 1", name_zh: "雙邊會談室 1", tables: 2 })
    .returning("id")
    .executeTakeFirstOrThrow();
  async function meeting(requesterId: number, recipientId: number, topic: string, status: "booked" | "cancelled", startsAt: string, endsAt: string) {
    const row = await db
      .insertInto("bilaterals")
      .values({
        event_id: event.id,
        requester_id: requesterId,
        recipient_id: recipientId,
        topic,
        length_slots: 2,
        priority: "normal",
        status,
        starts_at: startsAt,
        ends_at: endsAt,
        // A meeting that is not booked holds no place (the table's check); a cancelled one may keep its time.
        place_id: status === "booked" ? place.id : null,
        table_number: status === "booked" ? 1 : null,
        booked_via: "agreed",
        created_at: at(),
        updated_at: at(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const twKr = await meeting(tw, kr, "Mutual recognition arrangement", "booked", "2011-03-28T20:00:00.000Z", "2011-03-28T21:00:00.000Z");
  await db
    .insertInto("bilateral_attendees")
    .values([
      { bilateral_id: twKr, person_id: twHead.personId, delegation_id: tw },
      { bilateral_id: twKr, person_id: krHead.personId, delegation_id: kr },
    ])
    .execute();
  await db
    .insertInto("bilateral_minutes")
    .values({ bilateral_id: twKr, body_en: `Minutes ${MARKER}`, body_zh: null, author_user_id: twHead.userId, author_delegation_id: tw, created_at: at() })
    .execute();
  await db
    .insertInto("bilateral_notes")
    .values({ bilateral_id: twKr, delegation_id: kr, body: `Korean notes ${MARKER}`, updated_by: krHead.userId, updated_at: at() })
    .execute();
  await db
    .insertInto("bilateral_action_items")
    .values({
      bilateral_id: twKr,
      owner_delegation_id: tw,
      text_en: `Action ${MARKER}`,
      text_zh: null,
      created_by: twHead.userId,
      created_at: at(),
      updated_at: at(),
    })
    .execute();
  const krEu = await meeting(kr, eu, `Topic of others ${OTHERS_TOPIC}`, "booked", "2011-03-28T21:00:00.000Z", "2011-03-28T22:00:00.000Z");
  const twEuCancelled = await meeting(tw, eu, "Called off", "cancelled", "2011-03-29T20:00:00.000Z", "2011-03-29T20:30:00.000Z");

  return {
    event,
    otherEvent,
    users: { twHead, twMember, krHead, euHead, speaker, attendee, cancelledAttendee, outsider, unlinked: { userId: unlinked.id } },
    delegations: { tw, kr, eu },
    sessions: { twMemberTalk, speakerTalk, workshop, fullWorkshop, krTalk, cancelledTalk },
    meetings: { twKr, krEu, twEuCancelled },
  };
}
type FeedWorld = Awaited<ReturnType<typeof insertFeedWorld>>;

describeEachEngine("private calendar feeds", ({ db }) => {
  let world: FeedWorld;
  beforeAll(async () => {
    world = await insertFeedWorld(db());
  });

  async function create(userId: number, kind: FeedKind, eventId = world.event.id) {
    return createFeedToken(db(), { userId, eventId, kind, secret: SECRET });
  }
  async function created(userId: number, kind: FeedKind) {
    const result = await create(userId, kind);
    if (!result.ok) throw new Error(result.problem);
    return result;
  }
  async function resolved(token: string, now?: Date): Promise<ResolvedFeed> {
    const feed = await resolveFeedToken(db(), token, now);
    if (!feed) throw new Error("the token does not resolve");
    return feed;
  }

  describe("creation", () => {
    it("makes a person feed for each way of taking part: on the agenda, registered, in a delegation", async () => {
      for (const who of [world.users.speaker, world.users.attendee, world.users.krHead]) {
        const result = await created(who.userId, "person");
        expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const feed = await resolved(result.token);
        expect(feed).toMatchObject({ id: result.id, kind: "person", eventId: world.event.id, userId: who.userId, personId: who.personId, delegationId: null });
      }
    });

    it("makes a delegation feed of the delegation the person is a member of", async () => {
      const result = await created(world.users.twMember.userId, "delegation");
      const feed = await resolved(result.token);
      expect(feed).toMatchObject({ kind: "delegation", delegationId: world.delegations.tw, personId: null, userId: world.users.twMember.userId });
    });

    it("stores only the token's hash, and a fresh random token each time", async () => {
      const first = await created(world.users.euHead.userId, "person");
      const second = await created(world.users.euHead.userId, "person");
      expect(first.token).not.toBe(second.token);
      const rows = await db().selectFrom("feed_tokens").selectAll().where("id", "in", [first.id, second.id]).execute();
      for (const row of rows) expect(JSON.stringify(row)).not.toContain(row.id === first.id ? first.token : second.token);
    });

    it("refuses those who take no part, and a delegation feed to someone in no delegation", async () => {
      const refusals = [
        await create(world.users.outsider.userId, "person"),
        await create(world.users.outsider.userId, "delegation"),
        await create(world.users.unlinked.userId, "person"),
        await create(world.users.cancelledAttendee.userId, "person"),
        await create(world.users.speaker.userId, "delegation"),
        await create(world.users.attendee.userId, "delegation"),
        // Taking part in one event gives no feed of another.
        await create(world.users.twHead.userId, "person", world.otherEvent.id),
      ];
      expect(refusals).toEqual(refusals.map(() => ({ ok: false, problem: "not_entitled" })));
    });

    it(`allows ${MAX_FEED_TOKENS_PER_EVENT} unrevoked feeds per account and event, and one more after a revocation`, async () => {
      const limited = await insertFeedWorld(db());
      const { userId } = limited.users.twHead;
      const create = (kind: FeedKind) => createFeedToken(db(), { userId, eventId: limited.event.id, kind, secret: SECRET });
      const made = [];
      for (let index = 0; index < MAX_FEED_TOKENS_PER_EVENT; index++) made.push(await create(index % 2 === 0 ? "person" : "delegation"));
      expect(made.every((result) => result.ok)).toBe(true);
      expect(await create("person")).toEqual({ ok: false, problem: "too_many" });
      expect(await create("delegation")).toEqual({ ok: false, problem: "too_many" });
      // Another event's feeds count apart.
      const elsewhere = await createFeedToken(db(), { userId: world.users.twHead.userId, eventId: world.event.id, kind: "person", secret: SECRET });
      expect(elsewhere.ok).toBe(true);
      const first = made[0];
      if (!first.ok) throw new Error(first.problem);
      expect(await revokeFeedToken(db(), { userId, tokenId: first.id })).toBe(true);
      expect((await create("person")).ok).toBe(true);
      expect(await create("person")).toEqual({ ok: false, problem: "too_many" });
    });
  });

  describe("revocation and resolution", () => {
    it("answers no more once revoked, and a second revocation finds nothing", async () => {
      const { userId } = world.users.krHead;
      const result = await created(userId, "delegation");
      await resolved(result.token);
      expect(await revokeFeedToken(db(), { userId, tokenId: result.id })).toBe(true);
      expect(await resolveFeedToken(db(), result.token)).toBeUndefined();
      expect(await revokeFeedToken(db(), { userId, tokenId: result.id })).toBe(false);
      expect((await listFeedTokens(db(), { userId, secret: SECRET })).map((item) => item.id)).not.toContain(result.id);
    });

    it("lets no other account revoke a feed", async () => {
      const result = await created(world.users.krHead.userId, "person");
      expect(await revokeFeedToken(db(), { userId: world.users.euHead.userId, tokenId: result.id })).toBe(false);
      expect((await resolved(result.token)).id).toBe(result.id);
    });

    it("closes a delegation's feed when its owner leaves the delegation, and lists it as inactive", async () => {
      const leaving = await insertFeedWorld(db());
      const { userId, personId } = leaving.users.twMember;
      const result = await createFeedToken(db(), { userId, eventId: leaving.event.id, kind: "delegation", secret: SECRET });
      if (!result.ok) throw new Error(result.problem);
      const own = await createFeedToken(db(), { userId, eventId: leaving.event.id, kind: "person", secret: SECRET });
      if (!own.ok) throw new Error(own.problem);
      await resolved(result.token);
      await db().deleteFrom("delegation_members").where("person_id", "=", personId).where("event_id", "=", leaving.event.id).execute();
      expect(await resolveFeedToken(db(), result.token)).toBeUndefined();
      // Still on the agenda: the person feed answers.
      expect((await resolved(own.token)).kind).toBe("person");
      const listed = await listFeedTokens(db(), { userId, secret: SECRET });
      expect(listed.find((item) => item.id === result.id)?.active).toBe(false);
      expect(listed.find((item) => item.id === own.id)?.active).toBe(true);
    });

    it("closes a person feed when the account is no longer linked to that person", async () => {
      const unlinking = await insertFeedWorld(db());
      const { userId } = unlinking.users.speaker;
      const result = await createFeedToken(db(), { userId, eventId: unlinking.event.id, kind: "person", secret: SECRET });
      if (!result.ok) throw new Error(result.problem);
      await db().deleteFrom("person_accounts").where("user_id", "=", userId).execute();
      expect(await resolveFeedToken(db(), result.token)).toBeUndefined();
    });

    it("turns away malformed and unknown tokens", async () => {
      const result = await created(world.users.euHead.userId, "delegation");
      const unknown = (result.token[0] === "A" ? "B" : "A") + result.token.slice(1);
      for (const token of ["", "abc", `${result.token}x`, `${result.token.slice(0, 42)}.`, `${result.token.slice(0, 42)}=`, unknown]) {
        expect(await resolveFeedToken(db(), token)).toBeUndefined();
      }
    });

    it("records the last use at most once an hour", async () => {
      const result = await created(world.users.euHead.userId, "person");
      const lastUsed = async () =>
        (await db().selectFrom("feed_tokens").select("last_used_at").where("id", "=", result.id).executeTakeFirstOrThrow()).last_used_at;
      expect(await lastUsed()).toBeNull();
      const first = new Date("2026-12-01T08:00:00.000Z");
      await resolved(result.token, first);
      expect(await lastUsed()).toBe(first.toISOString());
      await resolved(result.token, new Date(first.getTime() + 20 * 60_000));
      expect(await lastUsed()).toBe(first.toISOString());
      const later = new Date(first.getTime() + 61 * 60_000);
      await resolved(result.token, later);
      expect(await lastUsed()).toBe(later.toISOString());
    });
  });

  describe("the owner's page", () => {
    it("lists the account's own unrevoked feeds with their tokens, subjects and event", async () => {
      const listing = await insertFeedWorld(db());
      const { userId } = listing.users.twHead;
      const mine = await createFeedToken(db(), { userId, eventId: listing.event.id, kind: "person", secret: SECRET });
      const ours = await createFeedToken(db(), { userId, eventId: listing.event.id, kind: "delegation", secret: SECRET });
      const theirs = await createFeedToken(db(), { userId: listing.users.krHead.userId, eventId: listing.event.id, kind: "person", secret: SECRET });
      if (!mine.ok || !ours.ok || !theirs.ok) throw new Error("not created");
      const listed = await listFeedTokens(db(), { userId, secret: SECRET });
      expect(listed.map((item) => item.id)).toEqual([mine.id, ours.id]);
      expect(listed[0]).toMatchObject({
        kind: "person",
        token: mine.token,
        active: true,
        lastUsedAt: null,
        subject: { kind: "person", name: "Wen Wu-yen", nameNative: "溫武彥" },
        event: { id: listing.event.id, slug: listing.event.slug, title: { en: "C-TPAT Conference", zh: "C-TPAT 年會" } },
      });
      expect(listed[1]).toMatchObject({
        kind: "delegation",
        token: ours.token,
        subject: { kind: "delegation", name: { en: "Taiwan Customs", zh: "臺灣海關" } },
      });
      // Another secret derives other tokens: the database alone gives no address. After the
      // server's secret changed, no wrong address is shown, and the old one still answers.
      expect((await listFeedTokens(db(), { userId, secret: `${SECRET}-other` })).map((item) => item.token)).toEqual([null, null]);
      expect(await resolveFeedToken(db(), mine.token)).toMatchObject({ id: mine.id });
    });

    it("offers each account the feeds it may make, per event it takes part in", async () => {
      const choices = await insertFeedWorld(db());
      const byEvent = async (userId: number) => (await listFeedChoices(db(), userId)).filter((choice) => choice.event.id === choices.event.id);
      expect(await byEvent(choices.users.twMember.userId)).toEqual([
        {
          event: { id: choices.event.id, slug: choices.event.slug, title: { en: "C-TPAT Conference", zh: "C-TPAT 年會" } },
          person: { name: "Chen Mei-ling", nameNative: null },
          delegation: { id: choices.delegations.tw, name: { en: "Taiwan Customs", zh: "臺灣海關" } },
        },
      ]);
      expect((await byEvent(choices.users.speaker.userId)).map((choice) => choice.delegation)).toEqual([null]);
      expect(await byEvent(choices.users.cancelledAttendee.userId)).toEqual([]);
      expect((await listFeedChoices(db(), choices.users.outsider.userId)).map((choice) => choice.event.id)).toEqual([choices.otherEvent.id]);
      expect(await listFeedChoices(db(), choices.users.unlinked.userId)).toEqual([]);
    });
  });

  describe("what a private feed shows", () => {
    async function calendarOf(userId: number, kind: FeedKind, now = DURING) {
      const feed = await resolved((await created(userId, kind)).token);
      return getPrivateCalendar(db(), feed, now);
    }

    it("a person's: the sessions they speak at or hold a seat in, and the meetings they attend", async () => {
      const calendar = await calendarOf(world.users.twHead.userId, "person");
      expect(calendar.sessions.map((session) => session.id)).toEqual([world.sessions.workshop]);
      expect(calendar.meetings.map((meeting) => meeting.id)).toEqual([world.meetings.twKr]);
      expect(calendar.subject).toEqual({ kind: "person", name: "Wen Wu-yen", nameNative: "溫武彥" });
      expect(calendar.event).toMatchObject({ id: world.event.id, timeZone: "America/Los_Angeles" });
      const speakerCalendar = await calendarOf(world.users.speaker.userId, "person");
      expect(speakerCalendar.sessions.map((session) => session.id)).toEqual([world.sessions.speakerTalk]);
      expect(speakerCalendar.meetings).toEqual([]);
    });

    it("a delegation's: its members' sessions and seats, and all its meetings, cancelled ones kept as such", async () => {
      const calendar = await calendarOf(world.users.twMember.userId, "delegation");
      expect(calendar.sessions.map((session) => [session.id, session.status])).toEqual([
        [world.sessions.twMemberTalk, "scheduled"],
        [world.sessions.workshop, "scheduled"],
        [world.sessions.cancelledTalk, "cancelled"],
      ]);
      expect(calendar.meetings.map((meeting) => [meeting.id, meeting.status])).toEqual([
        [world.meetings.twKr, "booked"],
        [world.meetings.twEuCancelled, "cancelled"],
      ]);
      expect(calendar.subject).toEqual({ kind: "delegation", name: { en: "Taiwan Customs", zh: "臺灣海關" } });
      expect(calendar.meetings[0]).toEqual({
        id: world.meetings.twKr,
        status: "booked",
        startsAt: "2011-03-28T20:00:00.000Z",
        endsAt: "2011-03-28T21:00:00.000Z",
        sequence: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        topic: "Mutual recognition arrangement",
        place: { en: "Bilateral room 1", zh: "雙邊會談室 1" },
        tableNumber: 1,
        requester: { en: "Taiwan Customs", zh: "臺灣海關" },
        recipient: { en: "Korea Customs Service", zh: null },
      });
    });

    it("never carries minutes, notes, action items, attendees or another delegation's meetings", async () => {
      const feeds = [
        [world.users.twHead, "person"],
        [world.users.twHead, "delegation"],
        [world.users.twMember, "person"],
        [world.users.krHead, "person"],
        [world.users.krHead, "delegation"],
        [world.users.euHead, "delegation"],
      ] as const;
      for (const [who, kind] of feeds) {
        const text = JSON.stringify(await calendarOf(who.userId, kind));
        expect(text).not.toContain(MARKER);
        // The KR–EU meeting is theirs alone: the marker in its topic shows up in their feeds only.
        expect(text.includes(OTHERS_TOPIC)).toBe(kind === "delegation" && who !== world.users.twHead);
      }
      const twText = JSON.stringify(await calendarOf(world.users.twMember.userId, "delegation"));
      // The KR head attends the TW–KR meeting, but attendees are not part of a meeting's entry.
      expect(twText).not.toContain("Kim Jai-il");
      expect(twText).not.toContain("Korean AEO programme");
    });

    it("drops cancelled sessions and meetings 30 days after their end", async () => {
      const later = await calendarOf(world.users.twMember.userId, "delegation", MONTHS_LATER);
      expect(later.sessions.map((session) => session.id)).toEqual([world.sessions.twMemberTalk, world.sessions.workshop]);
      expect(later.meetings.map((meeting) => meeting.id)).toEqual([world.meetings.twKr]);
      const justBefore = new Date(Date.parse("2011-03-29T22:00:00.000Z") + 29 * 86_400_000);
      const stillThere = await calendarOf(world.users.twMember.userId, "delegation", justBefore);
      expect(stillThere.sessions.map((session) => session.id)).toContain(world.sessions.cancelledTalk);
      expect(stillThere.meetings.map((meeting) => meeting.id)).toContain(world.meetings.twEuCancelled);
    });

    it("has a version that stays while nothing changes and changes when a meeting moves", async () => {
      const moving = await insertFeedWorld(db());
      const result = await createFeedToken(db(), { userId: moving.users.twHead.userId, eventId: moving.event.id, kind: "person", secret: SECRET });
      if (!result.ok) throw new Error(result.problem);
      const feed = await resolved(result.token);
      const before = privateCalendarVersion(await getPrivateCalendar(db(), feed, DURING));
      expect(privateCalendarVersion(await getPrivateCalendar(db(), feed, DURING))).toEqual(before);
      const movedAt = "2027-01-01T00:00:00.000Z";
      await db()
        .updateTable("bilaterals")
        .set((eb) => ({ starts_at: "2011-03-28T21:00:00.000Z", ends_at: "2011-03-28T22:00:00.000Z", updated_at: movedAt, version: eb("version", "+", 1) }))
        .where("id", "=", moving.meetings.twKr)
        .execute();
      const after = privateCalendarVersion(await getPrivateCalendar(db(), feed, DURING));
      expect(after.key).not.toBe(before.key);
      expect(after.lastModified).toBe(movedAt);
      const meeting = (await getPrivateCalendar(db(), feed, DURING)).meetings[0];
      expect([meeting.startsAt, meeting.sequence]).toEqual(["2011-03-28T21:00:00.000Z", 2]);
    });
  });
});
