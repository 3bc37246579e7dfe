import { createHash, createHmac, randomBytes } from "node:crypto";
import { expressionBuilder, sql, type Expression } from "kysely";
import { engineOf, type Db } from "../../db/client";
import type { Database, FeedKind } from "../../db/schema";
import type { Bilingual, CalendarEventInfo, CalendarMeeting, CalendarSession } from "../calendar/types";
import type { ContentVersion } from "../utils/http-cache.server";
import { cancelledCutoff, getCalendarEventInfo, loadCalendarSessions } from "./calendar.server";

/*
 * The secret addresses of private calendar feeds: a person's own schedule in an event, or their
 * delegation's. A token is an HMAC of a random nonce under the server's secret: the database keeps
 * the nonce (so the owner's page can show the address again) and the token's hash (for the
 * lookup), so a copy of the database alone opens no feed. Whether the owner may have the feed is
 * decided in SQL, when it is made and again on every request, so leaving a delegation or the
 * event closes its feeds without anyone revoking them.
 */

/** How many unrevoked feeds one account may hold in one event. */
export const MAX_FEED_TOKENS_PER_EVENT = 10;

/** base64url of a SHA-256 HMAC, unpadded. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** last_used_at is written at most this often, so a polling calendar app does not write on every request. */
const LAST_USED_PRECISION_MS = 3600 * 1000;

const eb = expressionBuilder<Database, never>();

function deriveToken(secret: string, nonce: string): string {
  return createHmac("sha256", secret).update(`calendar-feed:${nonce}`).digest("base64url");
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether the person takes part in the event: on its agenda, registered (not cancelled), or in one of its delegations. */
function takesPart(personId: Expression<number>, eventId: Expression<number>) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom("session_people")
        .innerJoin("sessions", "sessions.id", "session_people.session_id")
        .select("session_people.session_id")
        .where("session_people.person_id", "=", personId)
        .where("sessions.event_id", "=", eventId),
    ),
    eb.exists(
      eb
        .selectFrom("registrations")
        .select("registrations.id")
        .where("registrations.person_id", "=", personId)
        .where("registrations.event_id", "=", eventId)
        .where("registrations.status", "!=", "cancelled"),
    ),
    eb.exists(
      eb
        .selectFrom("delegation_members")
        .select("delegation_members.person_id")
        .where("delegation_members.person_id", "=", personId)
        .where("delegation_members.event_id", "=", eventId),
    ),
  ]);
}

/** Whether the owner of the feed_tokens row in scope may still read its feed: the same rule as when it was made. */
function ownerStillEntitled() {
  const userId = sql.ref<number>("feed_tokens.user_id");
  const eventId = sql.ref<number>("feed_tokens.event_id");
  const personId = sql.ref<number>("feed_tokens.person_id");
  return eb.or([
    eb.and([
      eb(sql.ref("feed_tokens.kind"), "=", "person"),
      eb.exists(
        eb
          .selectFrom("person_accounts")
          .select("person_accounts.person_id")
          .where("person_accounts.user_id", "=", userId)
          .where("person_accounts.person_id", "=", personId),
      ),
      takesPart(personId, eventId),
    ]),
    eb.and([
      eb(sql.ref("feed_tokens.kind"), "=", "delegation"),
      eb.exists(
        eb
          .selectFrom("person_accounts")
          .innerJoin("delegation_members", "delegation_members.person_id", "person_accounts.person_id")
          .select("delegation_members.person_id")
          .where("person_accounts.user_id", "=", userId)
          .where("delegation_members.delegation_id", "=", sql.ref<number>("feed_tokens.delegation_id"))
          .where("delegation_members.event_id", "=", eventId),
      ),
    ]),
  ]);
}

/** Whose schedule a feed is: a person (their name, and in their own script) or a delegation. */
export type FeedSubject = { kind: "person"; name: string; nameNative: string | null } | { kind: "delegation"; name: Bilingual };

export type CreateFeedTokenResult = { ok: true; id: number; token: string } | { ok: false; problem: "not_entitled" | "too_many" };

/**
 * A new feed for the user in the event: of their own person when that person takes part in it, or
 * of the delegation that person is a member of there (found from the membership, never from the
 * request). At most MAX_FEED_TOKENS_PER_EVENT unrevoked feeds per account and event.
 */
export async function createFeedToken(
  db: Db,
  { userId, eventId, kind, secret }: { userId: number; eventId: number; kind: FeedKind; secret: string },
  now = new Date(),
): Promise<CreateFeedTokenResult> {
  return db.transaction().execute(async (trx): Promise<CreateFeedTokenResult> => {
    // Two creations at once must not both pass the limit: PostgreSQL holds the user's row for the
    // transaction; SQLite's write transaction already runs alone.
    if (engineOf(trx) === "postgres") await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
    const subject = await trx
      .selectFrom("person_accounts")
      .leftJoin("delegation_members", (join) =>
        join.onRef("delegation_members.person_id", "=", "person_accounts.person_id").on("delegation_members.event_id", "=", eventId),
      )
      .select((inner) => [
        "person_accounts.person_id",
        "delegation_members.delegation_id",
        inner
          .selectFrom("feed_tokens")
          .select((count) => count.fn.countAll<number>().as("count"))
          .where("feed_tokens.user_id", "=", userId)
          .where("feed_tokens.event_id", "=", eventId)
          .where("feed_tokens.revoked_at", "is", null)
          .as("unrevoked"),
      ])
      .where("person_accounts.user_id", "=", userId)
      .where(takesPart(sql.ref<number>("person_accounts.person_id"), sql.val(eventId)))
      .$if(kind === "delegation", (query) => query.where("delegation_members.delegation_id", "is not", null))
      .executeTakeFirst();
    if (!subject) return { ok: false, problem: "not_entitled" };
    if (Number(subject.unrevoked) >= MAX_FEED_TOKENS_PER_EVENT) return { ok: false, problem: "too_many" };

    const nonce = randomBytes(18).toString("base64url");
    const token = deriveToken(secret, nonce);
    const row = await trx
      .insertInto("feed_tokens")
      .values({
        user_id: userId,
        event_id: eventId,
        kind,
        person_id: kind === "person" ? subject.person_id : null,
        delegation_id: kind === "delegation" ? subject.delegation_id : null,
        nonce,
        token_hash: hashToken(token),
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id, token };
  });
}

export interface FeedTokenListItem {
  id: number;
  event: { id: number; slug: string; title: Bilingual; timeZone: string };
  kind: FeedKind;
  subject: FeedSubject;
  createdAt: string;
  lastUsedAt: string | null;
  /** False once the owner no longer takes part (left the delegation or the event): the address answers 404 then. */
  active: boolean;
  /**
   * The secret itself, derived again from the nonce: only ever shown to its owner. Null when
   * SESSION_SECRET changed since it was made (the old address still answers; it can only be revoked).
   */
  token: string | null;
}

/** The token again, or null when the server's secret has changed since (the address that works can no longer be shown). */
function shownToken(secret: string, row: { nonce: string; token_hash: string }): string | null {
  const token = deriveToken(secret, row.nonce);
  return hashToken(token) === row.token_hash ? token : null;
}

/** The user's unrevoked feeds, newest event first, each with its address's token. */
export async function listFeedTokens(db: Db, { userId, secret }: { userId: number; secret: string }): Promise<FeedTokenListItem[]> {
  const rows = await db
    .selectFrom("feed_tokens")
    .innerJoin("events", "events.id", "feed_tokens.event_id")
    .leftJoin("people", "people.id", "feed_tokens.person_id")
    .leftJoin("delegations", "delegations.id", "feed_tokens.delegation_id")
    .select([
      "feed_tokens.id",
      "feed_tokens.kind",
      "feed_tokens.nonce",
      "feed_tokens.token_hash",
      "feed_tokens.created_at",
      "feed_tokens.last_used_at",
      "events.id as event_id",
      "events.slug",
      "events.title_en",
      "events.title_zh",
      "events.time_zone",
      "people.name as person_name",
      "people.name_native as person_name_native",
      "delegations.name_en as delegation_name_en",
      "delegations.name_zh as delegation_name_zh",
    ])
    .select(ownerStillEntitled().as("active"))
    .where("feed_tokens.user_id", "=", userId)
    .where("feed_tokens.revoked_at", "is", null)
    .orderBy("events.starts_on", "desc")
    .orderBy("feed_tokens.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    event: { id: row.event_id, slug: row.slug, title: { en: row.title_en, zh: row.title_zh }, timeZone: row.time_zone },
    kind: row.kind,
    subject:
      row.kind === "person"
        ? { kind: "person", name: row.person_name ?? "", nameNative: row.person_name_native }
        : { kind: "delegation", name: { en: row.delegation_name_en, zh: row.delegation_name_zh } },
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    active: Boolean(row.active),
    token: shownToken(secret, row),
  }));
}

export interface FeedChoice {
  event: { id: number; slug: string; title: Bilingual };
  /** The user's own person, whose schedule a person feed shows. */
  person: { name: string; nameNative: string | null };
  /** The delegation the person belongs to in the event, if any. */
  delegation: { id: number; name: Bilingual } | null;
}

/** The feeds the user may make: per event their person takes part in, their own and their delegation's. Newest event first. */
export async function listFeedChoices(db: Db, userId: number): Promise<FeedChoice[]> {
  const rows = await db
    .selectFrom("person_accounts")
    .innerJoin("people", "people.id", "person_accounts.person_id")
    .innerJoin("events", (join) => join.on(takesPart(sql.ref<number>("person_accounts.person_id"), sql.ref<number>("events.id"))))
    .leftJoin("delegation_members", (join) =>
      join.onRef("delegation_members.person_id", "=", "person_accounts.person_id").onRef("delegation_members.event_id", "=", "events.id"),
    )
    .leftJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .select([
      "events.id as event_id",
      "events.slug",
      "events.title_en",
      "events.title_zh",
      "people.name",
      "people.name_native",
      "delegations.id as delegation_id",
      "delegations.name_en as delegation_name_en",
      "delegations.name_zh as delegation_name_zh",
    ])
    .where("person_accounts.user_id", "=", userId)
    .orderBy("events.starts_on", "desc")
    .orderBy("events.id")
    .execute();
  return rows.map((row) => ({
    event: { id: row.event_id, slug: row.slug, title: { en: row.title_en, zh: row.title_zh } },
    person: { name: row.name, nameNative: row.name_native },
    delegation: row.delegation_id === null ? null : { id: row.delegation_id, name: { en: row.delegation_name_en, zh: row.delegation_name_zh } },
  }));
}

/** Revokes one of the user's own unrevoked feeds; false when there is no such feed. */
export async function revokeFeedToken(db: Db, { userId, tokenId }: { userId: number; tokenId: number }, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable("feed_tokens")
    .set({ revoked_at: now.toISOString() })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

interface ResolvedFeedBase {
  id: number;
  eventId: number;
  userId: number;
}
/** A feed whose address answers: unrevoked, and its owner still takes part as when it was made. */
export type ResolvedFeed =
  | (ResolvedFeedBase & { kind: "person"; personId: number; delegationId: null })
  | (ResolvedFeedBase & { kind: "delegation"; personId: null; delegationId: number });

/** The feed behind a token from a URL, or undefined (malformed, unknown, revoked, or its owner no longer entitled). */
export async function resolveFeedToken(db: Db, token: string, now = new Date()): Promise<ResolvedFeed | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await db
    .selectFrom("feed_tokens")
    .select(["id", "kind", "event_id", "user_id", "person_id", "delegation_id", "last_used_at"])
    .where("token_hash", "=", hashToken(token))
    .where("revoked_at", "is", null)
    .where(ownerStillEntitled())
    .executeTakeFirst();
  if (!row) return undefined;
  const staleBefore = new Date(now.getTime() - LAST_USED_PRECISION_MS).toISOString();
  if (row.last_used_at === null || Date.parse(row.last_used_at) < Date.parse(staleBefore)) {
    await db
      .updateTable("feed_tokens")
      .set({ last_used_at: now.toISOString() })
      .where("id", "=", row.id)
      .where((inner) => inner.or([inner("last_used_at", "is", null), inner("last_used_at", "<", staleBefore)]))
      .execute();
  }
  const base = { id: row.id, eventId: row.event_id, userId: row.user_id };
  if (row.kind === "person" && row.person_id !== null) return { ...base, kind: "person", personId: row.person_id, delegationId: null };
  if (row.kind === "delegation" && row.delegation_id !== null) return { ...base, kind: "delegation", personId: null, delegationId: row.delegation_id };
  return undefined;
}

export interface PrivateCalendar {
  event: CalendarEventInfo;
  sessions: CalendarSession[];
  meetings: CalendarMeeting[];
  subject: FeedSubject;
}

/**
 * What a private feed shows. A person's: the sessions they take part in or hold a seat in, and the
 * booked meetings they attend. A delegation's: the sessions its members take part in or hold a
 * seat in, and all its booked meetings. Cancelled sessions and meetings stay, as cancelled, for
 * CANCELLED_KEPT_DAYS after their end. A meeting is read as when, where and with whom: never its
 * minutes, notes, action items or attendees.
 */
export async function getPrivateCalendar(db: Db, feed: ResolvedFeed, now = new Date()): Promise<PrivateCalendar> {
  const cutoff = cancelledCutoff(now);
  const people =
    feed.kind === "person"
      ? [feed.personId]
      : eb.selectFrom("delegation_members").select("delegation_members.person_id").where("delegation_members.delegation_id", "=", feed.delegationId);

  const [event, sessions, meetings, subject] = await Promise.all([
    getCalendarEventInfo(db, feed.eventId),
    loadCalendarSessions(db, (where) =>
      where.and([
        where("sessions.event_id", "=", feed.eventId),
        where.or([where("sessions.status", "!=", "cancelled"), where("sessions.ends_at", ">=", cutoff)]),
        where.or([
          where("sessions.id", "in", where.selectFrom("session_people").select("session_people.session_id").where("session_people.person_id", "in", people)),
          where(
            "sessions.id",
            "in",
            where
              .selectFrom("seats")
              .innerJoin("registrations", "registrations.id", "seats.registration_id")
              .select("seats.session_id")
              .where("seats.status", "=", "seated")
              .where("registrations.status", "!=", "cancelled")
              .where("registrations.event_id", "=", feed.eventId)
              .where("registrations.person_id", "in", people),
          ),
        ]),
      ]),
    ),
    loadMeetings(db, feed, cutoff),
    loadSubject(db, feed),
  ]);
  return { event, sessions, meetings, subject };
}

async function loadMeetings(db: Db, feed: ResolvedFeed, cutoff: string): Promise<CalendarMeeting[]> {
  const rows = await db
    .selectFrom("bilaterals")
    .innerJoin("delegations as requester", "requester.id", "bilaterals.requester_id")
    .innerJoin("delegations as recipient", "recipient.id", "bilaterals.recipient_id")
    .leftJoin("bilateral_places as place", "place.id", "bilaterals.place_id")
    .select([
      "bilaterals.id",
      "bilaterals.status",
      "bilaterals.starts_at",
      "bilaterals.ends_at",
      "bilaterals.version",
      "bilaterals.created_at",
      "bilaterals.updated_at",
      "bilaterals.topic",
      "bilaterals.place_id",
      "bilaterals.table_number",
      "place.name_en as place_name_en",
      "place.name_zh as place_name_zh",
      "requester.name_en as requester_name_en",
      "requester.name_zh as requester_name_zh",
      "recipient.name_en as recipient_name_en",
      "recipient.name_zh as recipient_name_zh",
    ])
    .where("bilaterals.event_id", "=", feed.eventId)
    .where("bilaterals.starts_at", "is not", null)
    .where("bilaterals.ends_at", "is not", null)
    .where((where) =>
      where.or([
        where("bilaterals.status", "=", "booked"),
        where.and([where("bilaterals.status", "=", "cancelled"), where("bilaterals.ends_at", ">=", cutoff)]),
      ]),
    )
    .where((where) =>
      feed.kind === "person"
        ? where(
            "bilaterals.id",
            "in",
            where.selectFrom("bilateral_attendees").select("bilateral_attendees.bilateral_id").where("bilateral_attendees.person_id", "=", feed.personId),
          )
        : where.or([where("bilaterals.requester_id", "=", feed.delegationId), where("bilaterals.recipient_id", "=", feed.delegationId)]),
    )
    .orderBy("bilaterals.starts_at")
    .orderBy("bilaterals.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status === "cancelled" ? "cancelled" : "booked",
    startsAt: row.starts_at as string,
    endsAt: row.ends_at as string,
    sequence: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    topic: row.topic,
    place: row.place_id === null ? null : { en: row.place_name_en, zh: row.place_name_zh },
    tableNumber: row.table_number,
    requester: { en: row.requester_name_en, zh: row.requester_name_zh },
    recipient: { en: row.recipient_name_en, zh: row.recipient_name_zh },
  }));
}

async function loadSubject(db: Db, feed: ResolvedFeed): Promise<FeedSubject> {
  if (feed.kind === "person") {
    const person = await db.selectFrom("people").select(["name", "name_native"]).where("id", "=", feed.personId).executeTakeFirstOrThrow();
    return { kind: "person", name: person.name, nameNative: person.name_native };
  }
  const delegation = await db.selectFrom("delegations").select(["name_en", "name_zh"]).where("id", "=", feed.delegationId).executeTakeFirstOrThrow();
  return { kind: "delegation", name: { en: delegation.name_en, zh: delegation.name_zh } };
}

/**
 * The version of a loaded private feed: a hash of everything it was built from, so any change a
 * client could see (a moved meeting, a renamed room, a session that left) changes the ETag; and
 * the latest change time among its sessions and meetings.
 */
export function privateCalendarVersion(loaded: PrivateCalendar): ContentVersion {
  const times = [...loaded.sessions.map((session) => session.updatedAt), ...loaded.meetings.map((meeting) => meeting.updatedAt)];
  return {
    key: createHash("sha256").update(JSON.stringify(loaded)).digest("base64url"),
    lastModified: times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b)),
  };
}
