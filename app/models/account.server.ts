import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { engineOf, type Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { hashPassword, verifyPassword } from "../../lib/password.server";
import { recordAudit } from "./audit.server";

export const SESSION_DAYS = 30;
export const LOGIN_WINDOW_MINUTES = 15;
/** Failures allowed per window: for one email from one address, from one address, and for one email. */
export const MAX_FAILURES_PER_EMAIL_AND_IP = 5;
export const MAX_FAILURES_PER_IP = 30;
// Higher, so that someone elsewhere cannot lock an account out with a handful of guesses.
export const MAX_FAILURES_PER_EMAIL = 100;

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function minutesBefore(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

export type CreateUserResult = { ok: true; user: SessionUser } | { ok: false; reason: "email_taken" };

export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; isAdmin?: boolean },
  actorUserId: number | null,
  now = new Date(),
): Promise<CreateUserResult> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("users")
        .values({
          email,
          name: input.name.trim(),
          password_hash: passwordHash,
          is_admin: input.isAdmin ? 1 : 0,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning(["id", "email", "name", "is_admin"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId,
        action: "user.create",
        subjectType: "user",
        subjectId: row.id,
        details: { email, isAdmin: Boolean(input.isAdmin) },
      }, now);
      return row;
    });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, isAdmin: user.is_admin === 1 } };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "email_taken" };
    throw error;
  }
}

export async function listUsers(db: Db) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "is_admin", "created_at"])
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export type LoginResult =
  | { status: "ok"; user: SessionUser }
  | { status: "invalid" }
  | { status: "rate_limited"; retryAfterMinutes: number };

type AttemptKey = { email?: string; ip?: string };

/** Failures since the last success inside the window, for one email, one address, or both. */
async function recentFailures(db: Db, key: AttemptKey, now: Date) {
  const windowStart = minutesBefore(now, LOGIN_WINDOW_MINUTES);
  const matching = () => {
    let query = db.selectFrom("login_attempts");
    if (key.email !== undefined) query = query.where("email", "=", key.email);
    if (key.ip !== undefined) query = query.where("ip", "=", key.ip);
    return query;
  };
  const lastSuccess = await matching()
    .select((eb) => eb.fn.max("attempted_at").as("at"))
    .where("succeeded", "=", 1)
    .where("attempted_at", ">=", windowStart)
    .executeTakeFirst();
  const since = lastSuccess?.at && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
  const failures = await matching()
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.min("attempted_at").as("oldest")])
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", since)
    .executeTakeFirstOrThrow();
  return { count: Number(failures.count), oldest: failures.oldest };
}

function minutesUntilRetry(oldest: string | null, now: Date): number {
  const reopens = (oldest ? new Date(oldest).getTime() : now.getTime()) + LOGIN_WINDOW_MINUTES * 60_000;
  return Math.max(1, Math.ceil((reopens - now.getTime()) / 60_000));
}

/**
 * Counts the recent failures and, when under every limit, records this attempt as a failure
 * before any password is checked, all in one transaction. Concurrent attempts for one email or
 * address wait for each other (BEGIN IMMEDIATE on SQLite, advisory locks on PostgreSQL), so a
 * burst of guesses cannot slip past the limit.
 */
async function reserveAttempt(
  db: Db,
  { email, ip }: { email: string; ip: string },
  now: Date,
): Promise<{ attemptId: number } | { retryAfterMinutes: number }> {
  return db.transaction().execute(async (trx) => {
    if (engineOf(trx) === "postgres") {
      await sql`select pg_advisory_xact_lock(1, hashtext(${email}))`.execute(trx);
      await sql`select pg_advisory_xact_lock(2, hashtext(${ip}))`.execute(trx);
    }
    const limits: Array<[AttemptKey, number]> = [
      [{ email, ip }, MAX_FAILURES_PER_EMAIL_AND_IP],
      [{ ip }, MAX_FAILURES_PER_IP],
      [{ email }, MAX_FAILURES_PER_EMAIL],
    ];
    for (const [key, limit] of limits) {
      const failures = await recentFailures(trx, key, now);
      if (failures.count >= limit) return { retryAfterMinutes: minutesUntilRetry(failures.oldest, now) };
    }
    // Attempts older than a day no longer count towards anything.
    await trx.deleteFrom("login_attempts").where("attempted_at", "<", minutesBefore(now, 24 * 60)).execute();
    const { id } = await trx
      .insertInto("login_attempts")
      .values({ email, ip, succeeded: 0, attempted_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { attemptId: id };
  });
}

export async function verifyLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const reservation = await reserveAttempt(db, { email, ip: input.ip }, now);
  if ("retryAfterMinutes" in reservation) return { status: "rate_limited", retryAfterMinutes: reservation.retryAfterMinutes };

  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "is_admin", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  // Unknown emails still cost one hash, so timing does not reveal which accounts exist.
  const valid = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, UNKNOWN_USER_HASH).then(() => false);
  if (!valid || !user) return { status: "invalid" };
  await db.updateTable("login_attempts").set({ succeeded: 1 }).where("id", "=", reservation.attemptId).execute();
  return { status: "ok", user: { id: user.id, email: user.email, name: user.name, isAdmin: user.is_admin === 1 } };
}

// A well-formed hash of a random password, compared against when the email is unknown.
const UNKNOWN_USER_HASH = `scrypt$17$8$1$${randomBytes(16).toString("base64")}$${randomBytes(64).toString("base64")}`;

export async function createUserSession(
  db: Db,
  { userId, userAgent }: { userId: number; userAgent: string | null },
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("user_sessions").where("expires_at", "<=", now.toISOString()).execute();
    await trx
      .insertInto("user_sessions")
      .values({
        id_hash: hashToken(token),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
        user_agent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await recordAudit(trx, { actorUserId: userId, action: "session.sign_in", subjectType: "user", subjectId: userId }, now);
  });
  return token;
}

export async function getUserBySessionToken(db: Db, token: string, now = new Date()): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("user_sessions")
    .innerJoin("users", "users.id", "user_sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.is_admin"])
    .where("user_sessions.id_hash", "=", hashToken(token))
    .where("user_sessions.expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row ? { id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin === 1 } : null;
}

export async function countUserSessions(db: Db, userId: number, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom("user_sessions")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function endUserSession(db: Db, token: string, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("user_sessions").where("id_hash", "=", hashToken(token)).execute();
    await recordAudit(trx, { actorUserId: userId, action: "session.sign_out", subjectType: "user", subjectId: userId });
  });
}

export async function endAllUserSessions(db: Db, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("user_sessions").where("user_id", "=", userId).execute();
    await recordAudit(trx, { actorUserId: userId, action: "session.sign_out_everywhere", subjectType: "user", subjectId: userId });
  });
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: "wrong_current_password" };

/** Changes the password and ends every other session of the user; the current one stays. */
export async function changePassword(
  db: Db,
  input: { userId: number; currentPassword: string; newPassword: string; keepSessionToken: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const user = await db
    .selectFrom("users")
    .select(["password_hash"])
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    return { ok: false, reason: "wrong_current_password" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, updated_at: now.toISOString() })
      .where("id", "=", input.userId)
      .execute();
    await trx
      .deleteFrom("user_sessions")
      .where("user_id", "=", input.userId)
      .where("id_hash", "!=", hashToken(input.keepSessionToken))
      .execute();
    await recordAudit(trx, { actorUserId: input.userId, action: "user.change_password", subjectType: "user", subjectId: input.userId }, now);
  });
  return { ok: true };
}
