import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { engineOf, type Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { DelegationRole, EventRoleName, MailLanguage, PersonRole, RegistrationStatus } from "../../db/schema";
import { hashPassword, verifyPassword } from "../../lib/password.server";
import { composeMail } from "../mail/compose";
import { translatorFor } from "../i18n/i18next.server";
import { recordAudit } from "./audit.server";
import type { Viewer } from "./event.server";
import { sendMail } from "./mail.server";
import { editablePeople } from "./person.server";

export const SESSION_DAYS = 30;

/*
 * Sign-in throttling (OWASP ASVS 2.2.1, OWASP Authentication Cheat Sheet). Every attempt that
 * reaches a password check (signing in, or confirming the current password on /account) is first
 * recorded as a failure in login_attempts and turned into a success only once the password
 * matched. Failures count since the account's last success (at most a day back): a success resets
 * the counts of the account that succeeded and nothing else.
 *
 * - A browser holding a device cookie of the account (it signed in to that account before) is
 *   judged by its own failures alone: FREE_FAILURES_PER_DEVICE free, then the delays below.
 * - Any other attempt is judged per (address, account) and per account: after
 *   FREE_FAILURES_PER_EMAIL_AND_IP failures for the account from that address, or
 *   FREE_FAILURES_PER_EMAIL from anywhere, each further attempt waits FIRST_DELAY_SECONDS,
 *   doubling with each failure up to MAX_DELAY_SECONDS, counted from the last failure. The account
 *   is slowed, never locked: strangers cannot keep its owner out for more than MAX_DELAY_SECONDS
 *   after their last guess, and not at all on the owner's own browsers.
 */
export const FREE_FAILURES_PER_EMAIL_AND_IP = 5;
export const FREE_FAILURES_PER_EMAIL = 10;
export const FREE_FAILURES_PER_DEVICE = 5;
export const FIRST_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;
/** Failures older than this no longer count, and their rows are deleted. */
export const FAILURE_MEMORY_HOURS = 24;
/*
 * The one address-wide limit, for attempts without a device cookie. It is deliberately large:
 * the per-account limits alone would let one address try a few passwords against every account
 * (password spraying, credential stuffing) and burn a scrypt hash on each; this bounds that to
 * 20 a minute, while a whole venue behind one address does not mistype 300 passwords in a
 * quarter of an hour, and people who signed in from a browser before are not affected by it.
 */
export const MAX_FAILURES_PER_IP = 300;
export const IP_WINDOW_MINUTES = 15;
/** How long a browser is remembered as one the account signed in from (the device cookie). */
export const DEVICE_DAYS = 365;
/** Device tokens one browser keeps, for as many accounts, most recently signed in first. */
export const MAX_DEVICE_TOKENS = 5;

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
  | { status: "rate_limited"; retryAfterSeconds: number; retryAfterMinutes: number };

type RateLimited = { retryAfterSeconds: number; retryAfterMinutes: number };

/** The wait before the next attempt after `failures` failures, the first `free` of them free. */
export function delayAfterFailures(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - free));
}

function secondsUntil(from: string | null, delaySeconds: number, now: Date): number {
  if (delaySeconds === 0 || from === null) return 0;
  const remaining = new Date(from).getTime() + delaySeconds * 1000 - now.getTime();
  return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
}

function rateLimited(seconds: number): RateLimited {
  return { retryAfterSeconds: seconds, retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) };
}

/** Only well-formed tokens, at most MAX_DEVICE_TOKENS of them. */
function usableDeviceTokens(tokens: readonly string[] | undefined): string[] {
  return (tokens ?? []).filter((token) => /^[A-Za-z0-9_-]{43}$/.test(token)).slice(0, MAX_DEVICE_TOKENS);
}

/** The device of the account that one of the tokens names, if any and not expired. */
async function findDevice(db: Db, userId: number, tokens: readonly string[], now: Date): Promise<number | null> {
  const usable = usableDeviceTokens(tokens);
  if (usable.length === 0) return null;
  const row = await db
    .selectFrom("sign_in_devices")
    .select("id")
    .where("user_id", "=", userId)
    .where("token_hash", "in", usable.map(hashToken))
    .where("expires_at", ">", now.toISOString())
    .orderBy("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Judges the attempt against every limit that applies to it and, when none is reached, records
 * it as a failure before any password is checked, all in one transaction. Concurrent attempts for
 * one email or one address wait for each other (BEGIN IMMEDIATE on SQLite, advisory locks taken
 * in a fixed order on PostgreSQL), so a burst of guesses cannot slip past a limit.
 */
async function reserveAttempt(
  db: Db,
  { email, ip, deviceTokens }: { email: string; ip: string; deviceTokens?: readonly string[] },
  now: Date,
): Promise<{ attemptId: number } | RateLimited> {
  return db.transaction().execute(async (trx) => {
    if (engineOf(trx) === "postgres") {
      await sql`select pg_advisory_xact_lock(1, hashtext(${email}))`.execute(trx);
      await sql`select pg_advisory_xact_lock(2, hashtext(${ip}))`.execute(trx);
    }
    const user = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    const deviceId = user ? await findDevice(trx, user.id, deviceTokens ?? [], now) : null;

    const lastSuccess = await trx
      .selectFrom("login_attempts")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("email", "=", email)
      .where("succeeded", "=", 1)
      .executeTakeFirst();
    const memoryStart = new Date(now.getTime() - FAILURE_MEMORY_HOURS * 3_600_000).toISOString();
    const failures = () =>
      trx
        .selectFrom("login_attempts")
        .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("attempted_at").as("last")])
        .where("email", "=", email)
        .where("succeeded", "=", 0)
        .where("id", ">", lastSuccess?.id ?? 0)
        .where("attempted_at", ">", memoryStart);
    const waitFor = async (query: ReturnType<typeof failures>, free: number) => {
      const row = await query.executeTakeFirstOrThrow();
      return secondsUntil(row.last, delayAfterFailures(Number(row.count), free), now);
    };

    let wait: number;
    if (deviceId !== null) {
      wait = await waitFor(failures().where("device_id", "=", deviceId), FREE_FAILURES_PER_DEVICE);
    } else {
      wait = Math.max(
        await waitFor(failures().where("device_id", "is", null).where("ip", "=", ip), FREE_FAILURES_PER_EMAIL_AND_IP),
        await waitFor(failures().where("device_id", "is", null), FREE_FAILURES_PER_EMAIL),
        await addressWait(trx, ip, now),
      );
    }
    if (wait > 0) return rateLimited(wait);

    await trx.deleteFrom("login_attempts").where("attempted_at", "<", memoryStart).execute();
    const { id } = await trx
      .insertInto("login_attempts")
      .values({ email, ip, succeeded: 0, attempted_at: now.toISOString(), device_id: deviceId })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { attemptId: id };
  });
}

/** Seconds until the address is under MAX_FAILURES_PER_IP failures in the window again. */
async function addressWait(db: Db, ip: string, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000).toISOString();
  const inWindow = () =>
    db
      .selectFrom("login_attempts")
      .where("ip", "=", ip)
      .where("succeeded", "=", 0)
      .where("device_id", "is", null)
      .where("attempted_at", ">", windowStart);
  const { count } = await inWindow().select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  const excess = Number(count) - MAX_FAILURES_PER_IP;
  if (excess < 0) return 0;
  // Once this failure leaves the window, one fewer than the limit remain.
  const leaving = await inWindow().select("attempted_at").orderBy("attempted_at").offset(excess).limit(1).executeTakeFirst();
  return Math.max(1, secondsUntil(leaving?.attempted_at ?? null, IP_WINDOW_MINUTES * 60, now));
}

async function markSucceeded(db: Db, attemptId: number): Promise<void> {
  await db.updateTable("login_attempts").set({ succeeded: 1 }).where("id", "=", attemptId).execute();
}

/**
 * Checks an email and password under the sign-in limits. `deviceTokens` are the tokens of the
 * browser's device cookie (see rememberSignInDevice).
 */
export async function verifyLogin(
  db: Db,
  input: { email: string; password: string; ip: string; deviceTokens?: readonly string[] },
  now = new Date(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const reservation = await reserveAttempt(db, { email, ip: input.ip, deviceTokens: input.deviceTokens }, now);
  if (!("attemptId" in reservation)) return { status: "rate_limited", ...reservation };

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
  await markSucceeded(db, reservation.attemptId);
  return { status: "ok", user: { id: user.id, email: user.email, name: user.name, isAdmin: user.is_admin === 1 } };
}

// A well-formed hash of a random password, compared against when the email is unknown.
const UNKNOWN_USER_HASH = `scrypt$17$8$1$${randomBytes(16).toString("base64")}$${randomBytes(64).toString("base64")}`;

/**
 * After a successful sign-in: makes the browser a known device of the account for DEVICE_DAYS
 * (OWASP's device cookie). Keeps the browser's existing token for this account when it has one,
 * otherwise issues a new one (never trusting a token for another account, which may have been
 * planted); returns the tokens the device cookie should now carry, this account's first.
 */
export async function rememberSignInDevice(
  db: Db,
  { userId, deviceTokens }: { userId: number; deviceTokens?: readonly string[] },
  now = new Date(),
): Promise<string[]> {
  const tokens = usableDeviceTokens(deviceTokens);
  const expiresAt = new Date(now.getTime() + DEVICE_DAYS * 86_400_000).toISOString();
  const token = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("sign_in_devices").where("expires_at", "<=", now.toISOString()).execute();
    const known = await findDevice(trx, userId, tokens, now);
    if (known !== null) {
      const { token_hash: hash } = await trx
        .updateTable("sign_in_devices")
        .set({ last_signed_in_at: now.toISOString(), expires_at: expiresAt })
        .where("id", "=", known)
        .returning("token_hash")
        .executeTakeFirstOrThrow();
      return tokens.find((candidate) => hashToken(candidate) === hash) as string;
    }
    const fresh = randomBytes(32).toString("base64url");
    await trx
      .insertInto("sign_in_devices")
      .values({ token_hash: hashToken(fresh), user_id: userId, created_at: now.toISOString(), last_signed_in_at: now.toISOString(), expires_at: expiresAt })
      .execute();
    return fresh;
  });
  return [token, ...tokens.filter((other) => other !== token)].slice(0, MAX_DEVICE_TOKENS);
}

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

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; reason: "wrong_current_password" }
  | ({ ok: false; reason: "rate_limited" } & RateLimited);

/**
 * Changes the password and ends every other session of the user; the current one stays. The
 * current-password check is a sign-in attempt for the account from `ip` (and the browser's device
 * cookie), under the same limits as the sign-in form.
 */
export async function changePassword(
  db: Db,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    keepSessionToken: string;
    ip: string;
    deviceTokens?: readonly string[];
  },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const user = await db
    .selectFrom("users")
    .select(["email", "password_hash"])
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  const reservation = await reserveAttempt(db, { email: user.email, ip: input.ip, deviceTokens: input.deviceTokens }, now);
  if (!("attemptId" in reservation)) return { ok: false, reason: "rate_limited", ...reservation };
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    return { ok: false, reason: "wrong_current_password" };
  }
  await markSucceeded(db, reservation.attemptId);
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

/*
 * Account invitations. An organizer (or an administrator) invites a person of the directory to
 * create the account that will act as that person. The mailed link carries a random token; the
 * database keeps only its SHA-256, so neither a copy of the database nor the audit log can be
 * turned back into a working link. A link works once, for INVITATION_DAYS; a new invitation of the
 * same person ends the older ones still open.
 */
export const INVITATION_DAYS = 7;
const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type InvitationProblem = "not_found" | "forbidden" | "no_email" | "has_account" | "email_has_account";
export type InviteResult = { ok: true; email: string; delivery: "smtp" | "outbox" } | { ok: false; problem: InvitationProblem };

/** Thrown inside a transaction to roll it back and answer a refusal instead. */
class Refusal<P extends string> extends Error {
  constructor(readonly problem: P) {
    super(problem);
  }
}

/**
 * Invites the person to create their account, if `viewer` may edit the person (the directory's
 * rule: see editablePeople), the person has an email and no account, and no account uses that
 * email. The invitation is stored (superseding older open ones) and audited in one transaction;
 * the mail, in the person's language, goes out after the commit with a link on `origin`.
 */
export async function inviteToCreateAccount(
  db: Db,
  viewer: Viewer,
  personId: number,
  { origin }: { origin: string },
  now = new Date(),
): Promise<InviteResult> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  let invitation: { email: string; name: string; language: MailLanguage; inviter: string };
  try {
    invitation = await db.transaction().execute(async (trx) => {
      let personQuery = trx.selectFrom("people").select(["id", "name", "email", "language"]).where("id", "=", personId);
      // Two invitations of one person at once: the second waits, then supersedes the first.
      if (engineOf(trx) === "postgres") personQuery = personQuery.forUpdate();
      const person = await personQuery.executeTakeFirst();
      if (!person) throw new Refusal("not_found");
      const permitted = await trx.selectFrom("people").select("id").where("id", "=", personId).where("id", "in", editablePeople(trx, viewer)).executeTakeFirst();
      if (!permitted) throw new Refusal("forbidden");
      if (!person.email) throw new Refusal("no_email");
      const linked = await trx.selectFrom("person_accounts").select("user_id").where("person_id", "=", personId).executeTakeFirst();
      if (linked) throw new Refusal("has_account");
      const email = normalizeEmail(person.email);
      const holder = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
      if (holder) throw new Refusal("email_has_account");

      await trx
        .updateTable("account_invitations")
        .set({ expires_at: now.toISOString() })
        .where("person_id", "=", personId)
        .where("used_at", "is", null)
        .where("expires_at", ">", now.toISOString())
        .execute();
      const { id } = await trx
        .insertInto("account_invitations")
        .values({
          person_id: personId,
          token_hash: hashToken(token),
          email,
          invited_by: viewer.userId,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
          used_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId: viewer.userId, action: "account_invitation.create", subjectType: "person", subjectId: personId, details: { invitationId: id } }, now);
      const inviter = await trx.selectFrom("users").select("name").where("id", "=", viewer.userId).executeTakeFirst();
      return { email, name: person.name, language: person.language ?? "en", inviter: inviter?.name ?? "Plenary" };
    });
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem as InvitationProblem };
    throw error;
  }

  const delivery = await sendMail(db, {
    to: invitation.email,
    language: invitation.language,
    ...invitationMail({ ...invitation, url: `${origin}/welcome/${token}`, expiresAt }),
  });
  return { ok: true, email: invitation.email, delivery };
}

function invitationMail({ name, language, inviter, url, expiresAt }: { name: string; language: MailLanguage; inviter: string; url: string; expiresAt: Date }) {
  const t = translatorFor(language, "accounts");
  const expiry = new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(expiresAt);
  return composeMail({
    language,
    subject: t("invitationMail.subject"),
    paragraphs: [t("invitationMail.greeting", { name }), t("invitationMail.body", { inviter }), t("invitationMail.expiry", { date: expiry })],
    action: { label: t("invitationMail.action"), url },
    footer: t("invitationMail.footer"),
  });
}

/** What a person's directory page shows its editors about the account: linked, or invited and waiting. */
export interface PersonAccountStatus {
  hasAccount: boolean;
  pendingInvitation: { email: string; createdAt: string; expiresAt: string } | null;
}

/** The account status of a person `viewer` may edit; null for anyone else. */
export async function getPersonAccountStatus(db: Db, viewer: Viewer, personId: number, now = new Date()): Promise<PersonAccountStatus | null> {
  const person = await db
    .selectFrom("people")
    .leftJoin("person_accounts", "person_accounts.person_id", "people.id")
    .select(["people.id", "person_accounts.user_id"])
    .where("people.id", "=", personId)
    .where("people.id", "in", editablePeople(db, viewer))
    .executeTakeFirst();
  if (!person) return null;
  const pending = await db
    .selectFrom("account_invitations")
    .select(["email", "created_at", "expires_at"])
    .where("person_id", "=", personId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .orderBy("id", "desc")
    .executeTakeFirst();
  return {
    hasAccount: person.user_id !== null,
    pendingInvitation: pending && person.user_id === null ? { email: pending.email, createdAt: pending.created_at, expiresAt: pending.expires_at } : null,
  };
}

export type InvitationLookup =
  | { status: "open"; personName: string; personNameNative: string | null; email: string; expiresAt: string }
  | { status: "unknown" | "used" | "expired" };

/** What the link of `token` leads to. Nothing about the person unless the invitation is still open. */
export async function findAccountInvitation(db: Db, token: string, now = new Date()): Promise<InvitationLookup> {
  if (!INVITATION_TOKEN.test(token)) return { status: "unknown" };
  const row = await db
    .selectFrom("account_invitations")
    .innerJoin("people", "people.id", "account_invitations.person_id")
    .leftJoin("person_accounts", "person_accounts.person_id", "people.id")
    .select([
      "account_invitations.email",
      "account_invitations.expires_at",
      "account_invitations.used_at",
      "people.name",
      "people.name_native",
      "person_accounts.user_id as linked_user_id",
    ])
    .where("account_invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: "unknown" };
  // A person who has an account by now has no use for the link either.
  if (row.used_at !== null || row.linked_user_id !== null) return { status: "used" };
  if (row.expires_at <= now.toISOString()) return { status: "expired" };
  return { status: "open", personName: row.name, personNameNative: row.name_native, email: row.email, expiresAt: row.expires_at };
}

export type AcceptInvitationResult =
  | { ok: true; user: SessionUser }
  | { ok: false; problem: "unknown" | "used" | "expired" | "email_taken" };

/**
 * Creates the account of an invitation: the user (the invitation's email, the person's name, the
 * password given), linked to the person, and the invitation marked used, in one transaction. The
 * invitation is taken by a conditional update (still unused, not expired), so of two tabs
 * accepting at once one gets the account and the other is told the link was used; the unique
 * keys of person_accounts and users.email stand behind it.
 */
export async function acceptAccountInvitation(
  db: Db,
  { token, password }: { token: string; password: string },
  now = new Date(),
): Promise<AcceptInvitationResult> {
  if (!INVITATION_TOKEN.test(token)) return { ok: false, problem: "unknown" };
  const tokenHash = hashToken(token);
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable("account_invitations")
        .set({ used_at: now.toISOString() })
        .where("token_hash", "=", tokenHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now.toISOString())
        .returning(["id", "person_id", "email"])
        .executeTakeFirst();
      if (!taken) {
        const lookup = await findAccountInvitation(trx, token, now);
        throw new Refusal(lookup.status === "open" ? "used" : lookup.status);
      }
      const linked = await trx.selectFrom("person_accounts").select("user_id").where("person_id", "=", taken.person_id).executeTakeFirst();
      if (linked) throw new Refusal("used");
      const person = await trx.selectFrom("people").select("name").where("id", "=", taken.person_id).executeTakeFirstOrThrow();
      const email = normalizeEmail(taken.email);
      const row = await trx
        .insertInto("users")
        .values({ email, name: person.name, password_hash: passwordHash, is_admin: 0, created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning(["id", "email", "name"])
        .executeTakeFirstOrThrow();
      await trx.insertInto("person_accounts").values({ person_id: taken.person_id, user_id: row.id, linked_at: now.toISOString() }).execute();
      await recordAudit(trx, { actorUserId: row.id, action: "user.create", subjectType: "user", subjectId: row.id, details: { email, isAdmin: false } }, now);
      await recordAudit(trx, { actorUserId: row.id, action: "account_invitation.accept", subjectType: "person", subjectId: taken.person_id, details: { invitationId: taken.id, userId: row.id } }, now);
      return { id: row.id, email: row.email, name: row.name, isAdmin: false };
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem as "unknown" | "used" | "expired" };
    // The email became an account's after the invitation (the person's own link is checked above).
    if (isUniqueViolation(error)) {
      const holder = await db.selectFrom("account_invitations").innerJoin("users", "users.email", "account_invitations.email").select("users.id").where("account_invitations.token_hash", "=", tokenHash).executeTakeFirst();
      return { ok: false, problem: holder ? "email_taken" : "used" };
    }
    throw error;
  }
}

/** One event the signed-in user takes part in, with each way they do. */
export interface MyEvent {
  id: number;
  slug: string;
  titleEn: string | null;
  titleZh: string | null;
  startsOn: string;
  endsOn: string;
  /** The event's IANA zone, in which its sessions' times are shown. */
  timeZone: string;
  registration: { status: RegistrationStatus; categoryEn: string | null; categoryZh: string | null; badgeCode: string | null } | null;
  delegation: { key: string; nameEn: string | null; nameZh: string | null; role: DelegationRole } | null;
  sessions: { id: number; titleEn: string | null; titleZh: string | null; role: PersonRole; startsAt: string }[];
  teamRoles: EventRoleName[];
}

export interface MyEvents {
  /** Whether the account is linked to a person of the directory. */
  linked: boolean;
  events: MyEvent[];
}

/**
 * What the user takes part in: as their own person (registrations, delegations, sessions on the
 * agenda) and by their account (event team roles). Every query is filtered to the user's own
 * person or account. Newest events first.
 */
export async function listMyEvents(db: Db, userId: number): Promise<MyEvents> {
  const mine = db.selectFrom("person_accounts").select("person_id").where("user_id", "=", userId);
  const linked = (await mine.executeTakeFirst()) !== undefined;
  const eventColumns = ["events.id as event_id", "events.slug", "events.title_en", "events.title_zh", "events.starts_on", "events.ends_on", "events.time_zone"] as const;

  const [registrations, delegations, sessions, roles] = await Promise.all([
    db
      .selectFrom("registrations")
      .innerJoin("events", "events.id", "registrations.event_id")
      .leftJoin("registration_categories", "registration_categories.id", "registrations.category_id")
      .select([...eventColumns, "registrations.status", "registrations.badge_code", "registration_categories.name_en as category_en", "registration_categories.name_zh as category_zh"])
      .where("registrations.person_id", "in", mine)
      .execute(),
    db
      .selectFrom("delegation_members")
      .innerJoin("delegations", "delegations.id", "delegation_members.delegation_id")
      .innerJoin("events", "events.id", "delegation_members.event_id")
      .select([...eventColumns, "delegations.key", "delegations.name_en", "delegations.name_zh", "delegation_members.role"])
      .where("delegation_members.person_id", "in", mine)
      .execute(),
    db
      .selectFrom("session_people")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .innerJoin("events", "events.id", "sessions.event_id")
      .select([...eventColumns, "sessions.id as session_id", "sessions.title_en as session_title_en", "sessions.title_zh as session_title_zh", "sessions.starts_at", "session_people.role"])
      .where("session_people.person_id", "in", mine)
      .orderBy("sessions.starts_at")
      .orderBy("sessions.id")
      .execute(),
    db
      .selectFrom("event_roles")
      .innerJoin("events", "events.id", "event_roles.event_id")
      .select([...eventColumns, "event_roles.role"])
      .where("event_roles.user_id", "=", userId)
      .orderBy("event_roles.role")
      .execute(),
  ]);

  const events = new Map<number, MyEvent>();
  const eventOf = (row: { event_id: number; slug: string; title_en: string | null; title_zh: string | null; starts_on: string; ends_on: string; time_zone: string }) => {
    let event = events.get(row.event_id);
    if (!event) {
      event = { id: row.event_id, slug: row.slug, titleEn: row.title_en, titleZh: row.title_zh, startsOn: row.starts_on, endsOn: row.ends_on, timeZone: row.time_zone, registration: null, delegation: null, sessions: [], teamRoles: [] };
      events.set(row.event_id, event);
    }
    return event;
  };
  for (const row of registrations) {
    eventOf(row).registration = {
      status: row.status,
      categoryEn: row.category_en,
      categoryZh: row.category_zh,
      // A cancelled registration's badge no longer lets anyone in.
      badgeCode: row.status === "cancelled" ? null : row.badge_code,
    };
  }
  for (const row of delegations) eventOf(row).delegation = { key: row.key, nameEn: row.name_en, nameZh: row.name_zh, role: row.role };
  for (const row of sessions) {
    eventOf(row).sessions.push({ id: row.session_id, titleEn: row.session_title_en, titleZh: row.session_title_zh, role: row.role, startsAt: row.starts_at });
  }
  for (const row of roles) eventOf(row).teamRoles.push(row.role);
  const sorted = [...events.values()].sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.id - b.id);
  return { linked, events: sorted };
}
