import { sql, type Expression, type SqlBool } from "kysely";
import type { Db } from "../../db/client";
import { daysBetween, utcToLocal } from "../../lib/zoned-time";

/*
 * Attendance figures for organizers, counted by the database (GROUP BY) on both engines. Only live
 * check-ins count (an undone one never happened); "registered" means a confirmed registration.
 */

export interface AttendanceEvent {
  id: number;
  time_zone: string;
  starts_on: string;
  ends_on: string;
}

export interface DayFigures {
  day: string;
  registered: number;
  checkedIn: number;
  noShows: number;
}

export interface SessionFigures {
  sessionId: number;
  titleEn: string | null;
  titleZh: string | null;
  day: string;
  time: string;
  capacity: number | null;
  seated: number;
  waiting: number;
  checkedIn: number;
  /** Seated but not checked in at the session. */
  noShows: number;
  /** Seated / capacity, from 0 to 1; null for a session without a capacity. */
  fillRate: number | null;
}

/** Registered people of one group (a delegation, country or category) and how many came at all. */
export interface GroupFigures {
  key: string | null;
  nameEn: string | null;
  nameZh: string | null;
  registered: number;
  /** Checked in at least once, at the door or at a session. */
  attended: number;
  noShows: number;
}

function isLive(alias: "check_ins"): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.undone_at`)} is null`;
}

export async function attendanceByDay(db: Db, event: AttendanceEvent): Promise<DayFigures[]> {
  const [registered, rows] = await Promise.all([
    db
      .selectFrom("registrations")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("event_id", "=", event.id)
      .where("status", "=", "confirmed")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("check_ins")
      .innerJoin("registrations", "registrations.id", "check_ins.registration_id")
      .select((eb) => [
        "check_ins.day",
        eb.fn.countAll<number>().as("checked_in"),
        eb.fn.sum<number>(sql`case when registrations.status = 'confirmed' then 1 else 0 end`).as("confirmed_in"),
      ])
      .where("check_ins.event_id", "=", event.id)
      .where("check_ins.session_id", "is", null)
      .where(isLive("check_ins"))
      .groupBy("check_ins.day")
      .execute(),
  ]);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const total = Number(registered.count);
  return daysBetween(event.starts_on, event.ends_on).map((day) => {
    const row = byDay.get(day);
    return { day, registered: total, checkedIn: Number(row?.checked_in ?? 0), noShows: total - Number(row?.confirmed_in ?? 0) };
  });
}

export async function attendanceBySession(db: Db, event: AttendanceEvent): Promise<SessionFigures[]> {
  const seatCounts = db
    .selectFrom("seats")
    .select((eb) => [
      "seats.session_id",
      eb.fn.sum<number>(sql`case when seats.status = 'seated' then 1 else 0 end`).as("seated"),
      eb.fn.sum<number>(sql`case when seats.status = 'waiting' then 1 else 0 end`).as("waiting"),
      // A seat holder counts as present once checked in at the session itself.
      eb.fn
        .sum<number>(
          sql`case when seats.status = 'seated' and exists (select 1 from check_ins where check_ins.session_id = seats.session_id and check_ins.registration_id = seats.registration_id and check_ins.undone_at is null) then 1 else 0 end`,
        )
        .as("seated_in"),
    ])
    .where("seats.session_id", "in", db.selectFrom("sessions").select("sessions.id").where("sessions.event_id", "=", event.id))
    .groupBy("seats.session_id")
    .as("seat_counts");
  const checkInCounts = db
    .selectFrom("check_ins")
    .select((eb) => ["check_ins.session_id", eb.fn.countAll<number>().as("checked_in")])
    .where("check_ins.event_id", "=", event.id)
    .where("check_ins.session_id", "is not", null)
    .where(isLive("check_ins"))
    .groupBy("check_ins.session_id")
    .as("check_in_counts");
  const rows = await db
    .selectFrom("sessions")
    .leftJoin(seatCounts, "seat_counts.session_id", "sessions.id")
    .leftJoin(checkInCounts, "check_in_counts.session_id", "sessions.id")
    .select([
      "sessions.id",
      "sessions.title_en",
      "sessions.title_zh",
      "sessions.starts_at",
      "sessions.capacity",
      "seat_counts.seated",
      "seat_counts.waiting",
      "seat_counts.seated_in",
      "check_in_counts.checked_in",
    ])
    .where("sessions.event_id", "=", event.id)
    .where("sessions.status", "!=", "cancelled")
    .where("sessions.type", "!=", "break")
    .orderBy("sessions.starts_at")
    .orderBy("sessions.id")
    .execute();
  return rows.map((row) => {
    const seated = Number(row.seated ?? 0);
    const local = utcToLocal(row.starts_at, event.time_zone);
    return {
      sessionId: row.id,
      titleEn: row.title_en,
      titleZh: row.title_zh,
      day: local.day,
      time: local.time,
      capacity: row.capacity,
      seated,
      waiting: Number(row.waiting ?? 0),
      checkedIn: Number(row.checked_in ?? 0),
      noShows: seated - Number(row.seated_in ?? 0),
      fillRate: row.capacity ? seated / row.capacity : null,
    };
  });
}

/** Confirmed registrations with their delegation (if any), the rows every grouping counts. */
function confirmedRegistrations(db: Db, eventId: number) {
  return db
    .selectFrom("registrations")
    .leftJoin("delegation_members", (join) =>
      join.onRef("delegation_members.person_id", "=", "registrations.person_id").onRef("delegation_members.event_id", "=", "registrations.event_id"),
    )
    .leftJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .where("registrations.event_id", "=", eventId)
    .where("registrations.status", "=", "confirmed");
}

const attendedSum = sql<number>`sum(case when exists (select 1 from check_ins where check_ins.registration_id = registrations.id and check_ins.undone_at is null) then 1 else 0 end)`;

function toGroup(row: { key: string | number | null; name_en: string | null; name_zh: string | null; registered: number; attended: number | null }): GroupFigures {
  const registered = Number(row.registered);
  const attended = Number(row.attended ?? 0);
  return { key: row.key === null ? null : String(row.key), nameEn: row.name_en, nameZh: row.name_zh, registered, attended, noShows: registered - attended };
}

/** Per delegation (people in none form one group with a null key), by delegation name. */
export async function attendanceByDelegation(db: Db, eventId: number): Promise<GroupFigures[]> {
  const rows = await confirmedRegistrations(db, eventId)
    .select((eb) => [
      "delegations.key",
      "delegations.name_en",
      "delegations.name_zh",
      eb.fn.countAll<number>().as("registered"),
      attendedSum.as("attended"),
    ])
    .groupBy(["delegations.id", "delegations.key", "delegations.name_en", "delegations.name_zh"])
    .execute();
  return sortGroups(rows.map(toGroup));
}

/** Per country: the one the registrant declared, else their delegation's (null: neither). */
export async function attendanceByCountry(db: Db, eventId: number): Promise<GroupFigures[]> {
  const country = sql<string | null>`coalesce(registrations.country, delegations.country)`;
  const rows = await confirmedRegistrations(db, eventId)
    .select((eb) => [country.as("key"), eb.fn.countAll<number>().as("registered"), attendedSum.as("attended")])
    .groupBy(country)
    .execute();
  return sortGroups(rows.map((row) => toGroup({ ...row, name_en: row.key, name_zh: null })));
}

/** Per registration category (null: none given). */
export async function attendanceByCategory(db: Db, eventId: number): Promise<GroupFigures[]> {
  const rows = await confirmedRegistrations(db, eventId)
    .leftJoin("registration_categories", "registration_categories.id", "registrations.category_id")
    .select((eb) => [
      "registration_categories.id as key",
      "registration_categories.name_en",
      "registration_categories.name_zh",
      eb.fn.countAll<number>().as("registered"),
      attendedSum.as("attended"),
    ])
    .groupBy(["registration_categories.id", "registration_categories.name_en", "registration_categories.name_zh"])
    .execute();
  return sortGroups(rows.map(toGroup));
}

/** Named groups by name (English, else Chinese), the group of none last: the same order on both engines. */
function sortGroups(groups: GroupFigures[]): GroupFigures[] {
  const name = (group: GroupFigures) => group.nameEn ?? group.nameZh ?? "";
  return groups.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
    return name(a).localeCompare(name(b), "en") || a.key.localeCompare(b.key);
  });
}

export const ATTENDANCE_TABLES = ["days", "sessions", "delegations", "countries", "categories"] as const;
export type AttendanceTable = (typeof ATTENDANCE_TABLES)[number];

/** Every figure of the attendance page. */
export async function getAttendance(db: Db, event: AttendanceEvent) {
  const [days, sessions, delegations, countries, categories] = await Promise.all([
    attendanceByDay(db, event),
    attendanceBySession(db, event),
    attendanceByDelegation(db, event.id),
    attendanceByCountry(db, event.id),
    attendanceByCategory(db, event.id),
  ]);
  return { days, sessions, delegations, countries, categories };
}
