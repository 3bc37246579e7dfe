import type { Db } from "../../db/client";
import { engineOf } from "../../db/client";
import type { MailLanguage, SeatStatus } from "../../db/schema";
import { zoneName } from "../../lib/zoned-time";
import { translatorFor } from "../i18n/i18next.server";
import { seatGivenMail } from "../mail/seats";
import { formatInstant, localized } from "../utils/localized";
import { recordAudit } from "./audit.server";
import { sendMail } from "./mail.server";

// Seats in sessions with a capacity, and their waiting lists.
//
// The guard against overbooking lives in the database. Every change to a session's seats first
// locks the session row (`select … for update` on PostgreSQL; on SQLite the driver's BEGIN
// IMMEDIATE serialises whole write transactions, across processes too), then moves the counter
// `sessions.seats_taken` with a conditional update (`… where seats_taken < capacity`) whose
// affected-row count decides between a seat and the waiting list. PostgreSQL also keeps
// `seats_taken <= capacity` as a CHECK. Because seat ids are drawn under that lock, their order is
// the order in which the requests ran: the waiting list is the seats in `waiting` by id.
//
// Locks are always taken in the same order, the session first and then registrations, so two of
// these transactions cannot wait on each other in a circle. A transaction that promotes from a
// waiting list may still meet one that locked registrations in the other order (PostgreSQL then
// aborts one of them as a deadlock): transactions these functions own are retried.

/** Why a seat cannot be taken, left or moved; routes turn these into messages. */
export type SeatProblem =
  | "session_not_found"
  | "not_registered"
  | "registration_not_confirmed"
  | "no_capacity"
  | "session_cancelled"
  | "category_not_allowed"
  | "overlaps_seat"
  | "not_in_session"
  | "session_full";

/** A name in both languages, as stored (either may be missing). */
export interface BilingualName {
  name_en: string | null;
  name_zh: string | null;
}

export interface SessionRef {
  id: number;
  title_en: string | null;
  title_zh: string | null;
}

export type SeatRefusal =
  | { ok: false; problem: "category_not_allowed"; allowedCategories: BilingualName[] }
  | { ok: false; problem: "overlaps_seat"; otherSession: SessionRef }
  | { ok: false; problem: Exclude<SeatProblem, "category_not_allowed" | "overlaps_seat"> };

/** Someone who has just been given a seat (from the waiting list, or by an organizer), for the mail. */
export interface SeatPromotion {
  sessionId: number;
  registrationId: number;
  personId: number;
  name: string;
  nameNative: string | null;
  email: string | null;
  language: MailLanguage;
}

export type TakeSeatResult =
  | {
      ok: true;
      status: SeatStatus;
      /** 1 for the first on the waiting list; null when seated. */
      position: number | null;
      /** False when the registration already held this state (asking twice changes nothing). */
      created: boolean;
    }
  | SeatRefusal;

export type LeaveSeatResult = { ok: true; left: SeatStatus; promoted: SeatPromotion | null } | { ok: false; problem: "session_not_found" | "not_in_session" };

const PG_DEADLOCK_DETECTED = "40P01";
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === PG_DEADLOCK_DETECTED;
}

/** One transaction of our own (retried when PostgreSQL picks it as a deadlock's victim), or the caller's. */
async function inSeatTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
    }
  }
}

const isPostgres = (db: Db) => engineOf(db) === "postgres";

/** The session row, locked until the transaction ends (PostgreSQL; SQLite holds the whole database already). */
async function lockSession(trx: Db, eventId: number, sessionId: number) {
  return trx
    .selectFrom("sessions")
    .select(["id", "event_id", "title_en", "title_zh", "capacity", "seats_taken", "status"])
    .where("id", "=", sessionId)
    .where("event_id", "=", eventId)
    .$if(isPostgres(trx), (query) => query.forUpdate())
    .executeTakeFirst();
}

/** The registration row, locked: one person's concurrent requests for overlapping sessions then run one after the other. */
async function lockRegistration(trx: Db, eventId: number, registrationId: number) {
  return trx
    .selectFrom("registrations")
    .select(["id", "status", "category_id", "person_id"])
    .where("id", "=", registrationId)
    .where("event_id", "=", eventId)
    .$if(isPostgres(trx), (query) => query.forUpdate())
    .executeTakeFirst();
}

/** A seat (not a waiting place) the registration holds in another live session that overlaps this one in time. */
async function overlappingSeat(trx: Db, registrationId: number, sessionId: number): Promise<SessionRef | undefined> {
  return trx
    .selectFrom("seats")
    .innerJoin("sessions as other", "other.id", "seats.session_id")
    .innerJoin("sessions as target", (join) => join.on("target.id", "=", sessionId))
    .select(["other.id", "other.title_en", "other.title_zh"])
    .where("seats.registration_id", "=", registrationId)
    .where("seats.status", "=", "seated")
    .where("other.id", "<>", sessionId)
    .where("other.status", "<>", "cancelled")
    .whereRef("other.starts_at", "<", "target.ends_at")
    .whereRef("other.ends_at", ">", "target.starts_at")
    .orderBy("other.starts_at")
    .executeTakeFirst();
}

/** The categories a restricted session admits; empty when it is open to every registration. */
async function allowedCategoriesOf(db: Db, sessionId: number) {
  return db
    .selectFrom("session_categories")
    .innerJoin("registration_categories", "registration_categories.id", "session_categories.category_id")
    .select(["registration_categories.id", "registration_categories.name_en", "registration_categories.name_zh"])
    .where("session_categories.session_id", "=", sessionId)
    .orderBy("registration_categories.position")
    .orderBy("registration_categories.id")
    .execute();
}

async function waitingPosition(db: Db, sessionId: number, seatId: number): Promise<number> {
  const { n } = await db
    .selectFrom("seats")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("session_id", "=", sessionId)
    .where("status", "=", "waiting")
    .where("id", "<=", seatId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Counts one more seat if one is free; false when the session is full. The guard of the whole race. */
async function claimSeat(trx: Db, sessionId: number): Promise<boolean> {
  const result = await trx
    .updateTable("sessions")
    .set((eb) => ({ seats_taken: eb("seats_taken", "+", 1) }))
    .where("id", "=", sessionId)
    .whereRef("seats_taken", "<", "capacity")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function releaseCountedSeat(trx: Db, sessionId: number): Promise<void> {
  await trx
    .updateTable("sessions")
    .set((eb) => ({ seats_taken: eb("seats_taken", "-", 1) }))
    .where("id", "=", sessionId)
    .where("seats_taken", ">", 0)
    .execute();
}

async function promotionOf(trx: Db, sessionId: number, registrationId: number): Promise<SeatPromotion> {
  const person = await trx
    .selectFrom("registrations")
    .innerJoin("people", "people.id", "registrations.person_id")
    .select(["people.id", "people.name", "people.name_native", "people.email", "people.language"])
    .where("registrations.id", "=", registrationId)
    .executeTakeFirstOrThrow();
  return {
    sessionId,
    registrationId,
    personId: person.id,
    name: person.name,
    nameNative: person.name_native,
    email: person.email,
    language: person.language ?? "en",
  };
}

/**
 * A seat has just been given up (its row deleted) in a session whose row this transaction has
 * locked: the first on the waiting list who is still confirmed and holds no seat in an overlapping
 * session takes it (the counter stays as it is); those skipped keep their place. With nobody to
 * promote, the counter goes down.
 */
async function passSeatOn(trx: Db, session: { id: number; event_id: number }, now: Date): Promise<SeatPromotion | null> {
  const waiting = await trx
    .selectFrom("seats")
    .select(["id", "registration_id"])
    .where("session_id", "=", session.id)
    .where("status", "=", "waiting")
    .orderBy("id")
    .execute();
  for (const entry of waiting) {
    const registration = await lockRegistration(trx, session.event_id, entry.registration_id);
    if (registration?.status !== "confirmed") continue;
    if (await overlappingSeat(trx, entry.registration_id, session.id)) continue;
    await trx.updateTable("seats").set({ status: "seated", seated_at: now.toISOString() }).where("id", "=", entry.id).execute();
    return promotionOf(trx, session.id, entry.registration_id);
  }
  await releaseCountedSeat(trx, session.id);
  return null;
}

/**
 * Takes a seat in a session with a capacity for a confirmed registration of the event, or a place
 * at the end of the waiting list when the session is full. Asking again returns the state held.
 */
export async function takeSeat(
  db: Db,
  { eventId, sessionId, registrationId }: { eventId: number; sessionId: number; registrationId: number },
  now = new Date(),
): Promise<TakeSeatResult> {
  return inSeatTransaction(db, async (trx): Promise<TakeSeatResult> => {
    const session = await lockSession(trx, eventId, sessionId);
    if (!session) return { ok: false, problem: "session_not_found" };
    const registration = await lockRegistration(trx, eventId, registrationId);
    if (!registration) return { ok: false, problem: "not_registered" };
    if (registration.status !== "confirmed") return { ok: false, problem: "registration_not_confirmed" };

    const held = await trx
      .selectFrom("seats")
      .select(["id", "status"])
      .where("session_id", "=", sessionId)
      .where("registration_id", "=", registrationId)
      .executeTakeFirst();
    if (held) {
      const position = held.status === "waiting" ? await waitingPosition(trx, sessionId, held.id) : null;
      return { ok: true, status: held.status, position, created: false };
    }

    if (session.capacity === null) return { ok: false, problem: "no_capacity" };
    if (session.status === "cancelled") return { ok: false, problem: "session_cancelled" };
    const allowed = await allowedCategoriesOf(trx, sessionId);
    if (allowed.length > 0 && !allowed.some((category) => category.id === registration.category_id)) {
      return { ok: false, problem: "category_not_allowed", allowedCategories: allowed.map(({ name_en, name_zh }) => ({ name_en, name_zh })) };
    }
    const other = await overlappingSeat(trx, registrationId, sessionId);
    if (other) return { ok: false, problem: "overlaps_seat", otherSession: other };

    const seated = await claimSeat(trx, sessionId);
    const at = now.toISOString();
    const inserted = await trx
      .insertInto("seats")
      .values({ session_id: sessionId, registration_id: registrationId, status: seated ? "seated" : "waiting", requested_at: at, seated_at: seated ? at : null })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (seated) return { ok: true, status: "seated", position: null, created: true };
    return { ok: true, status: "waiting", position: await waitingPosition(trx, sessionId, inserted.id), created: true };
  });
}

/** Removes one registration's seat or waiting place in a locked session, passing a freed seat on. */
async function leaveLockedSession(trx: Db, session: { id: number; event_id: number }, registrationId: number, now: Date) {
  const removed = await trx
    .deleteFrom("seats")
    .where("session_id", "=", session.id)
    .where("registration_id", "=", registrationId)
    .returning("status")
    .executeTakeFirst();
  if (!removed) return undefined;
  const promoted = removed.status === "seated" ? await passSeatOn(trx, session, now) : null;
  return { left: removed.status, promoted };
}

/**
 * Gives up a seat or a place on the waiting list. A freed seat goes to the first on the list who
 * can take it; they are returned so the caller can tell them (after the commit).
 */
export async function leaveSeat(
  db: Db,
  { eventId, sessionId, registrationId }: { eventId: number; sessionId: number; registrationId: number },
  now = new Date(),
): Promise<LeaveSeatResult> {
  return inSeatTransaction(db, async (trx): Promise<LeaveSeatResult> => {
    const session = await lockSession(trx, eventId, sessionId);
    if (!session) return { ok: false, problem: "session_not_found" };
    const left = await leaveLockedSession(trx, session, registrationId, now);
    if (!left) return { ok: false, problem: "not_in_session" };
    return { ok: true, ...left };
  });
}

/**
 * Gives up every seat and waiting place of a registration (when it is cancelled), in the caller's
 * transaction, passing each freed seat on. Sessions are locked in id order, like everywhere else;
 * call it before changing the registration row itself, so that the locks follow the house order
 * (sessions, then registrations). Returns who was promoted, to be mailed after the commit.
 */
export async function releaseSeatsOfRegistration(trx: Db, registrationId: number, now = new Date()): Promise<SeatPromotion[]> {
  const held = await trx
    .selectFrom("seats")
    .innerJoin("sessions", "sessions.id", "seats.session_id")
    .select(["sessions.id", "sessions.event_id"])
    .where("seats.registration_id", "=", registrationId)
    .orderBy("sessions.id")
    .execute();
  const promotions: SeatPromotion[] = [];
  for (const { id, event_id } of held) {
    const session = await lockSession(trx, event_id, id);
    if (!session) continue;
    const left = await leaveLockedSession(trx, session, registrationId, now);
    if (left?.promoted) promotions.push(left.promoted);
  }
  return promotions;
}

// Organizers' changes to a session's lists.

export type MoveResult =
  | { ok: true; promoted: SeatPromotion | null }
  | { ok: false; problem: "overlaps_seat"; otherSession: SessionRef }
  | { ok: false; problem: "session_not_found" | "not_in_session" | "session_full" };

interface OrganizerMove {
  eventId: number;
  sessionId: number;
  registrationId: number;
  actorUserId: number;
}

async function auditMove(trx: Db, { eventId, sessionId, registrationId, actorUserId }: OrganizerMove, action: string, now: Date) {
  await recordAudit(trx, { actorUserId, eventId, action, subjectType: "session", subjectId: sessionId, details: { registrationId } }, now);
}

/**
 * Gives a seat to someone on the waiting list, ahead of those before them. Never beyond the
 * capacity (`session_full`: raise the capacity first), never into a seat that overlaps another of
 * theirs. `promoted` is the person seated, for the mail.
 */
export async function moveToSeat(db: Db, move: OrganizerMove, now = new Date()): Promise<MoveResult> {
  return inSeatTransaction(db, async (trx): Promise<MoveResult> => {
    const session = await lockSession(trx, move.eventId, move.sessionId);
    if (!session) return { ok: false, problem: "session_not_found" };
    await lockRegistration(trx, move.eventId, move.registrationId);
    const entry = await trx
      .selectFrom("seats")
      .select("id")
      .where("session_id", "=", move.sessionId)
      .where("registration_id", "=", move.registrationId)
      .where("status", "=", "waiting")
      .executeTakeFirst();
    if (!entry) return { ok: false, problem: "not_in_session" };
    const other = await overlappingSeat(trx, move.registrationId, move.sessionId);
    if (other) return { ok: false, problem: "overlaps_seat", otherSession: other };
    if (!(await claimSeat(trx, move.sessionId))) return { ok: false, problem: "session_full" };
    await trx.updateTable("seats").set({ status: "seated", seated_at: now.toISOString() }).where("id", "=", entry.id).execute();
    await auditMove(trx, move, "seat.move_to_seat", now);
    return { ok: true, promoted: await promotionOf(trx, move.sessionId, move.registrationId) };
  });
}

/**
 * Sends a seated person to the END of the waiting list (a new entry, so a new id: the list's order
 * is the ids'). Their seat is passed on first, to the first on the list who can take it, so moving
 * someone back never hands the seat straight back to them. `promoted` is who got the seat.
 */
export async function moveToWaitingList(db: Db, move: OrganizerMove, now = new Date()): Promise<MoveResult> {
  return inSeatTransaction(db, async (trx): Promise<MoveResult> => {
    const session = await lockSession(trx, move.eventId, move.sessionId);
    if (!session) return { ok: false, problem: "session_not_found" };
    const removed = await trx
      .deleteFrom("seats")
      .where("session_id", "=", move.sessionId)
      .where("registration_id", "=", move.registrationId)
      .where("status", "=", "seated")
      .returning("requested_at")
      .executeTakeFirst();
    if (!removed) return { ok: false, problem: "not_in_session" };
    const promoted = await passSeatOn(trx, session, now);
    await trx
      .insertInto("seats")
      .values({ session_id: move.sessionId, registration_id: move.registrationId, status: "waiting", requested_at: now.toISOString(), seated_at: null })
      .execute();
    await auditMove(trx, move, "seat.move_to_waiting_list", now);
    return { ok: true, promoted };
  });
}

/** Takes someone off a session's lists altogether; a freed seat is passed on. */
export async function removeFromSession(db: Db, move: OrganizerMove, now = new Date()): Promise<MoveResult> {
  return inSeatTransaction(db, async (trx): Promise<MoveResult> => {
    const session = await lockSession(trx, move.eventId, move.sessionId);
    if (!session) return { ok: false, problem: "session_not_found" };
    const left = await leaveLockedSession(trx, session, move.registrationId, now);
    if (!left) return { ok: false, problem: "not_in_session" };
    await auditMove(trx, move, "seat.remove", now);
    return { ok: true, promoted: left.promoted };
  });
}

// Reading the lists.

/** The registration (whatever its status) of the signed-in user's person in the event, if any. */
export async function findRegistrationOfUser(db: Db, { eventId, userId }: { eventId: number; userId: number }) {
  return db
    .selectFrom("registrations")
    .innerJoin("person_accounts", "person_accounts.person_id", "registrations.person_id")
    .select(["registrations.id", "registrations.status"])
    .where("person_accounts.user_id", "=", userId)
    .where("registrations.event_id", "=", eventId)
    .executeTakeFirst();
}

export type ViewerSeating =
  | { kind: "anonymous" }
  | { kind: "not_registered" }
  | { kind: "not_confirmed" }
  | { kind: "registered"; status: SeatStatus | null; position: number | null };

/**
 * What the public session page shows about seats: the counts (public), the categories a restricted
 * session is open to, and the signed-in viewer's own state. Undefined when the session is not the
 * event's.
 */
export async function getSessionSeating(db: Db, { eventId, sessionId, userId }: { eventId: number; sessionId: number; userId: number | null }) {
  const session = await db
    .selectFrom("sessions")
    .select((eb) => [
      "capacity",
      "seats_taken",
      eb
        .selectFrom("seats")
        .select((inner) => inner.fn.countAll<number | string>().as("n"))
        .whereRef("seats.session_id", "=", "sessions.id")
        .where("seats.status", "=", "waiting")
        .as("waiting_count"),
    ])
    .where("id", "=", sessionId)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (!session) return undefined;
  const openTo = (await allowedCategoriesOf(db, sessionId)).map(({ name_en, name_zh }) => ({ name_en, name_zh }));
  let viewer: ViewerSeating = { kind: "anonymous" };
  if (userId !== null) {
    const registration = await findRegistrationOfUser(db, { eventId, userId });
    if (!registration || registration.status === "cancelled") viewer = { kind: "not_registered" };
    else {
      const held = await db
        .selectFrom("seats")
        .select(["id", "status"])
        .where("session_id", "=", sessionId)
        .where("registration_id", "=", registration.id)
        .executeTakeFirst();
      if (!held && registration.status !== "confirmed") viewer = { kind: "not_confirmed" };
      else {
        const position = held?.status === "waiting" ? await waitingPosition(db, sessionId, held.id) : null;
        viewer = { kind: "registered", status: held?.status ?? null, position };
      }
    }
  }
  const capacity = session.capacity;
  return {
    capacity,
    seatsLeft: capacity === null ? null : Math.max(0, capacity - session.seats_taken),
    waitingCount: Number(session.waiting_count ?? 0),
    openTo,
    viewer,
  };
}

export type SessionSeating = NonNullable<Awaited<ReturnType<typeof getSessionSeating>>>;

/**
 * A session's seated people (in the order they were seated) and its waiting list (in order, with
 * positions), with what organizers print: names in both scripts, organization, delegation and
 * category. For the event's organizers only (the route's policy).
 */
export async function listSessionSeats(db: Db, { eventId, sessionId }: { eventId: number; sessionId: number }) {
  const session = await db
    .selectFrom("sessions")
    .leftJoin("rooms", "rooms.id", "sessions.room_id")
    .select([
      "sessions.id",
      "sessions.title_en",
      "sessions.title_zh",
      "sessions.starts_at",
      "sessions.ends_at",
      "sessions.capacity",
      "sessions.seats_taken",
      "sessions.status",
      "rooms.name_en as room_name_en",
      "rooms.name_zh as room_name_zh",
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.event_id", "=", eventId)
    .executeTakeFirst();
  if (!session) return undefined;
  const rows = await db
    .selectFrom("seats")
    .innerJoin("registrations", "registrations.id", "seats.registration_id")
    .innerJoin("people", "people.id", "registrations.person_id")
    .leftJoin("organizations", "organizations.id", "people.organization_id")
    .leftJoin("registration_categories", "registration_categories.id", "registrations.category_id")
    .leftJoin("delegation_members", (join) =>
      join.onRef("delegation_members.person_id", "=", "registrations.person_id").onRef("delegation_members.event_id", "=", "registrations.event_id"),
    )
    .leftJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .select([
      "seats.id as seat_id",
      "seats.status",
      "seats.requested_at",
      "seats.seated_at",
      "registrations.id as registration_id",
      "people.name",
      "people.name_native",
      "organizations.name_en as organization_name_en",
      "organizations.name_zh as organization_name_zh",
      "registrations.organization_text",
      "delegations.name_en as delegation_name_en",
      "delegations.name_zh as delegation_name_zh",
      "registration_categories.name_en as category_name_en",
      "registration_categories.name_zh as category_name_zh",
    ])
    .where("seats.session_id", "=", sessionId)
    .orderBy("seats.id")
    .execute();
  const seated = rows
    .filter((row) => row.status === "seated")
    .sort((a, b) => (a.seated_at ?? "").localeCompare(b.seated_at ?? "") || a.seat_id - b.seat_id);
  const waiting = rows.filter((row) => row.status === "waiting").map((row, index) => ({ ...row, position: index + 1 }));
  return { session, seated, waiting };
}

export type SessionSeatList = NonNullable<Awaited<ReturnType<typeof listSessionSeats>>>;

// Telling people a seat is theirs.

/**
 * Mails each person given a seat, in their own language (English unless their directory entry
 * says otherwise), with a link to the session. Call it after the change is committed; people
 * without an email get nothing. Returns how many mails went out.
 */
export async function sendSeatGivenMails(db: Db, promotions: readonly SeatPromotion[], { origin }: { origin: string }): Promise<number> {
  let sent = 0;
  for (const promotion of promotions) {
    if (!promotion.email) continue;
    const session = await db
      .selectFrom("sessions")
      .innerJoin("events", "events.id", "sessions.event_id")
      .select(["sessions.title_en", "sessions.title_zh", "sessions.starts_at", "events.id as event_id", "events.slug", "events.title_en as event_title_en", "events.title_zh as event_title_zh", "events.time_zone"])
      .where("sessions.id", "=", promotion.sessionId)
      .executeTakeFirst();
    if (!session) continue;
    const language = promotion.language;
    const when = `${formatInstant(session.starts_at, language, session.time_zone)} (${zoneName(session.time_zone, language, session.starts_at)})`;
    const mail = seatGivenMail(translatorFor(language, "seats"), {
      language,
      personName: promotion.nameNative && language === "zh-TW" ? promotion.nameNative : promotion.name,
      eventTitle: localized(session.event_title_en, session.event_title_zh, language),
      sessionTitle: localized(session.title_en, session.title_zh, language),
      when,
      sessionUrl: `${origin}/events/${encodeURIComponent(session.slug)}/sessions/${promotion.sessionId}`,
    });
    await sendMail(db, { to: promotion.email, language, eventId: session.event_id, ...mail });
    sent += 1;
  }
  return sent;
}
