import { sql } from "kysely";
import { DateTime } from "luxon";
import type { Db } from "../../db/client";
import type { RegistrationStatus } from "../../db/schema";
import { normalizeBadgeCode } from "../../lib/badge-code";
import { daysBetween, utcToLocal } from "../../lib/zoned-time";
import { recordAudit } from "./audit.server";
import { containsText } from "./text-search.server";

/*
 * Check-in at the door (per event day) and at sessions. The partial unique indexes on check_ins
 * keep one live check-in per registration and day, and per registration and session: a second
 * check-in, however simultaneous, finds the first instead of adding a row.
 */

/** The event as check-in needs it: its days are event-local, in its zone. */
export interface CheckInEvent {
  id: number;
  time_zone: string;
  starts_on: string;
  ends_on: string;
}

/** Where people are checked in: at the door on a day, or at a session (on the day it starts). */
export type CheckInPlace = { kind: "door"; day: string } | { kind: "session"; sessionId: number };

/** Why a person is not checked in; the page shows each in large letters. */
export type CheckInProblem = "unknown_code" | "not_registered" | "cancelled" | "pending" | "category_not_allowed" | "no_seat" | "unknown_place";

/** What staff see of a person at the door: no email, no needs. */
export interface Attendee {
  personId: number;
  registrationId: number | null;
  status: RegistrationStatus | null;
  name: string;
  nameNative: string | null;
  /** The person's organization in the directory, in both languages. */
  organizationEn: string | null;
  organizationZh: string | null;
  /** The organization as typed on the registration form, for a person without one in the directory. */
  organizationText: string | null;
  delegationEn: string | null;
  delegationZh: string | null;
  categoryEn: string | null;
  categoryZh: string | null;
}

export type CheckInResult =
  | { ok: true; outcome: "checked_in" | "already_checked_in"; checkInId: number; checkedInAt: string; attendee: Attendee }
  | { ok: false; problem: CheckInProblem; attendee?: Attendee };

/** The event's days and (not cancelled) sessions, for choosing where to check people in. */
export async function listCheckInPlaces(db: Db, event: CheckInEvent) {
  const sessions = await db
    .selectFrom("sessions")
    .select(["id", "title_en", "title_zh", "starts_at", "capacity"])
    .where("event_id", "=", event.id)
    .where("status", "!=", "cancelled")
    .where("type", "!=", "break")
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return {
    days: daysBetween(event.starts_on, event.ends_on),
    sessions: sessions.map((session) => ({ ...session, ...utcToLocal(session.starts_at, event.time_zone) })),
  };
}

/** Today in the event's zone while the event runs, otherwise its first day. */
export function defaultCheckInDay(event: CheckInEvent, now = new Date()): string {
  const today = DateTime.fromJSDate(now).setZone(event.time_zone).toFormat("yyyy-MM-dd");
  return today >= event.starts_on && today <= event.ends_on ? today : event.starts_on;
}

/** The day a check-in at the place counts for, or undefined when the place is not this event's. */
async function dayOfPlace(db: Db, event: CheckInEvent, place: CheckInPlace) {
  if (place.kind === "door") {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(place.day) && place.day >= event.starts_on && place.day <= event.ends_on;
    return valid ? { day: place.day, capacity: null } : undefined;
  }
  const session = await db
    .selectFrom("sessions")
    .select(["starts_at", "capacity"])
    .where("id", "=", place.sessionId)
    .where("event_id", "=", event.id)
    .where("status", "!=", "cancelled")
    .executeTakeFirst();
  return session ? { day: utcToLocal(session.starts_at, event.time_zone).day, capacity: session.capacity } : undefined;
}

/** People of the event as staff see them: registered, or named in one of its delegations. */
function attendeeQuery(db: Db, eventId: number) {
  return db
    .selectFrom("people")
    .leftJoin("registrations", (join) => join.onRef("registrations.person_id", "=", "people.id").on("registrations.event_id", "=", eventId))
    .leftJoin("delegation_members", (join) => join.onRef("delegation_members.person_id", "=", "people.id").on("delegation_members.event_id", "=", eventId))
    .leftJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .leftJoin("registration_categories", "registration_categories.id", "registrations.category_id")
    .leftJoin("organizations", "organizations.id", "people.organization_id")
    .select([
      "people.id as person_id",
      "people.name",
      "people.name_native",
      "registrations.id as registration_id",
      "registrations.status",
      "registrations.organization_text",
      "organizations.name_en as organization_en",
      "organizations.name_zh as organization_zh",
      "delegations.name_en as delegation_en",
      "delegations.name_zh as delegation_zh",
      "registration_categories.name_en as category_en",
      "registration_categories.name_zh as category_zh",
    ]);
}

type AttendeeRow = Awaited<ReturnType<ReturnType<typeof attendeeQuery>["executeTakeFirstOrThrow"]>>;

function toAttendee(row: AttendeeRow): Attendee {
  return {
    personId: row.person_id,
    registrationId: row.registration_id,
    status: row.status,
    name: row.name,
    nameNative: row.name_native,
    organizationEn: row.organization_en,
    organizationZh: row.organization_zh,
    organizationText: row.organization_text,
    delegationEn: row.delegation_en,
    delegationZh: row.delegation_zh,
    categoryEn: row.category_en,
    categoryZh: row.category_zh,
  };
}

/** The registration holding this badge code in this event; a code of another event is unknown here. */
export async function findAttendeeByCode(db: Db, eventId: number, input: string): Promise<Attendee | undefined> {
  const code = normalizeBadgeCode(input);
  if (!code) return undefined;
  const row = await attendeeQuery(db, eventId).where("registrations.badge_code", "=", code).executeTakeFirst();
  return row ? toAttendee(row) : undefined;
}

async function findAttendeeByPerson(db: Db, eventId: number, personId: number): Promise<Attendee | undefined> {
  const row = await attendeeQuery(db, eventId)
    .where("people.id", "=", personId)
    .where((eb) => eb.or([eb("registrations.id", "is not", null), eb("delegation_members.person_id", "is not", null)]))
    .executeTakeFirst();
  return row ? toAttendee(row) : undefined;
}

export const NAME_SEARCH_LIMIT = 25;

/** People of the event whose name, in Latin or native script, contains the text (any case). */
export async function searchAttendees(db: Db, eventId: number, text: string): Promise<Attendee[]> {
  const query = text.trim();
  if (!query) return [];
  const rows = await attendeeQuery(db, eventId)
    .where((eb) => eb.or([eb("registrations.id", "is not", null), eb("delegation_members.person_id", "is not", null)]))
    .where((eb) => eb.or([containsText(eb.ref("people.name"), query), containsText(eb.ref("people.name_native"), query)]))
    .orderBy("people.name")
    .orderBy("people.id")
    .limit(NAME_SEARCH_LIMIT)
    .execute();
  return rows.map(toAttendee);
}

/**
 * Checks the person of a badge code (or a person picked from a name search) in at the place.
 * Checking in twice answers `already_checked_in` with the first check-in's time.
 */
export async function checkIn(
  db: Db,
  {
    event,
    place,
    who,
    actorUserId,
  }: { event: CheckInEvent; place: CheckInPlace; who: { code: string } | { personId: number }; actorUserId: number },
  now = new Date(),
): Promise<CheckInResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<CheckInResult> => {
    const where = await dayOfPlace(trx, event, place);
    if (!where) return { ok: false, problem: "unknown_place" };
    const attendee = "code" in who ? await findAttendeeByCode(trx, event.id, who.code) : await findAttendeeByPerson(trx, event.id, who.personId);
    if (!attendee) return { ok: false, problem: "code" in who ? "unknown_code" : "not_registered" };
    const registrationId = attendee.registrationId;
    if (registrationId === null) return { ok: false, problem: "not_registered", attendee };
    if (attendee.status === "cancelled") return { ok: false, problem: "cancelled", attendee };
    if (attendee.status === "pending") return { ok: false, problem: "pending", attendee };
    const sessionId = place.kind === "session" ? place.sessionId : null;
    if (sessionId !== null && !(await admitsCategoryOf(trx, sessionId, registrationId))) return { ok: false, problem: "category_not_allowed", attendee };
    if (sessionId !== null && where.capacity !== null) {
      // A limited session admits those holding a seat; a place on its waiting list is no seat.
      const seat = await trx
        .selectFrom("seats")
        .select("id")
        .where("session_id", "=", sessionId)
        .where("registration_id", "=", registrationId)
        .where("status", "=", "seated")
        .executeTakeFirst();
      if (!seat) return { ok: false, problem: "no_seat", attendee };
    }
    // Whichever unique index a live check-in already holds, the insert does nothing.
    const inserted = await trx
      .insertInto("check_ins")
      .values({ event_id: event.id, registration_id: registrationId, day: where.day, session_id: sessionId, checked_in_at: at, checked_in_by: actorUserId })
      .onConflict((conflict) => conflict.doNothing())
      .returning(["id", "checked_in_at"])
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(
        trx,
        { actorUserId, eventId: event.id, action: "check_in.create", subjectType: "registration", subjectId: registrationId, details: { day: where.day, sessionId, checkInId: inserted.id } },
        now,
      );
      return { ok: true, outcome: "checked_in", checkInId: inserted.id, checkedInAt: inserted.checked_in_at, attendee };
    }
    let existing = trx
      .selectFrom("check_ins")
      .select(["id", "checked_in_at"])
      .where("registration_id", "=", registrationId)
      .where("undone_at", "is", null);
    existing = sessionId === null ? existing.where("session_id", "is", null).where("day", "=", where.day) : existing.where("session_id", "=", sessionId);
    const first = await existing.executeTakeFirstOrThrow();
    return { ok: true, outcome: "already_checked_in", checkInId: first.id, checkedInAt: first.checked_in_at, attendee };
  });
}

/** Whether a session open only to some registration categories (session_categories) admits this registration's. */
async function admitsCategoryOf(trx: Db, sessionId: number, registrationId: number): Promise<boolean> {
  const refused = await trx
    .selectFrom("session_categories")
    .select("session_categories.category_id")
    .where("session_categories.session_id", "=", sessionId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("session_categories as allowed")
            .innerJoin("registrations", "registrations.category_id", "allowed.category_id")
            .select("allowed.category_id")
            .where("allowed.session_id", "=", sessionId)
            .where("registrations.id", "=", registrationId),
        ),
      ),
    )
    .executeTakeFirst();
  return refused === undefined;
}

/**
 * Undoes a mistaken check-in of this event. Only a live check-in can be undone, once: the update
 * is conditional, so two staff undoing it at once record one undo.
 */
export async function undoCheckIn(
  db: Db,
  { eventId, checkInId, actorUserId }: { eventId: number; checkInId: number; actorUserId: number },
  now = new Date(),
): Promise<{ ok: true; name: string } | { ok: false }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("check_ins")
      .set({ undone_at: now.toISOString(), undone_by: actorUserId })
      .where("id", "=", checkInId)
      .where("event_id", "=", eventId)
      .where("undone_at", "is", null)
      .returning(["registration_id", "day", "session_id"])
      .executeTakeFirst();
    if (!row) return { ok: false };
    await recordAudit(
      trx,
      { actorUserId, eventId, action: "check_in.undo", subjectType: "registration", subjectId: row.registration_id, details: { day: row.day, sessionId: row.session_id, checkInId } },
      now,
    );
    const person = await trx
      .selectFrom("registrations")
      .innerJoin("people", "people.id", "registrations.person_id")
      .select("people.name")
      .where("registrations.id", "=", row.registration_id)
      .executeTakeFirstOrThrow();
    return { ok: true, name: person.name };
  });
}

function livePlace(db: Db, eventId: number, day: string, sessionId: number | null) {
  const query = db.selectFrom("check_ins").where("check_ins.event_id", "=", eventId).where("check_ins.undone_at", "is", null);
  return sessionId === null ? query.where("check_ins.session_id", "is", null).where("check_ins.day", "=", day) : query.where("check_ins.session_id", "=", sessionId);
}

/** The latest live check-ins at the place, newest first, with who they were. */
export async function listRecentCheckIns(db: Db, event: CheckInEvent, place: CheckInPlace, limit = 10) {
  const where = await dayOfPlace(db, event, place);
  if (!where) return [];
  const rows = await livePlace(db, event.id, where.day, place.kind === "session" ? place.sessionId : null)
    .innerJoin("registrations", "registrations.id", "check_ins.registration_id")
    .innerJoin("people", "people.id", "registrations.person_id")
    .select(["check_ins.id", "check_ins.checked_in_at", "people.name", "people.name_native"])
    .orderBy("check_ins.checked_in_at", "desc")
    .orderBy("check_ins.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, checkedInAt: row.checked_in_at, name: row.name, nameNative: row.name_native }));
}

/**
 * How many are expected at the place and how many are in: at the door, the confirmed registrations;
 * at a limited session, its seats; at an open session, the confirmed registrations.
 */
export async function countCheckIns(db: Db, event: CheckInEvent, place: CheckInPlace) {
  const where = await dayOfPlace(db, event, place);
  if (!where) return undefined;
  const sessionId = place.kind === "session" ? place.sessionId : null;
  const expectedQuery =
    sessionId !== null && where.capacity !== null
      ? db.selectFrom("seats").select((eb) => eb.fn.countAll<number>().as("count")).where("session_id", "=", sessionId).where("status", "=", "seated")
      : db.selectFrom("registrations").select((eb) => eb.fn.countAll<number>().as("count")).where("event_id", "=", event.id).where("status", "=", "confirmed");
  const [expected, checkedIn] = await Promise.all([
    expectedQuery.executeTakeFirstOrThrow(),
    livePlace(db, event.id, where.day, sessionId)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { expected: Number(expected.count), checkedIn: Number(checkedIn.count) };
}

/** The badges of an event's confirmed registrations, optionally of one delegation or category. */
export async function listBadges(db: Db, eventId: number, filter: { delegationId?: number | null; categoryId?: number | null } = {}) {
  let query = attendeeQuery(db, eventId)
    .select("registrations.badge_code")
    .where("registrations.status", "=", "confirmed")
    .orderBy(sql`coalesce(delegations.name_en, delegations.name_zh)`)
    .orderBy("people.name")
    .orderBy("people.id");
  if (filter.delegationId) query = query.where("delegations.id", "=", filter.delegationId);
  if (filter.categoryId) query = query.where("registrations.category_id", "=", filter.categoryId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toAttendee(row), badgeCode: row.badge_code ?? "" }));
}

/** The delegations and categories of the event, for filtering badges. */
export async function listBadgeFilters(db: Db, eventId: number) {
  const [delegations, categories] = await Promise.all([
    db.selectFrom("delegations").select(["id", "name_en", "name_zh"]).where("event_id", "=", eventId).orderBy("name_en").orderBy("id").execute(),
    db.selectFrom("registration_categories").select(["id", "name_en", "name_zh"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute(),
  ]);
  return { delegations, categories };
}
