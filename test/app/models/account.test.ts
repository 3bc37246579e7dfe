import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changePassword, createUser, createUserSession, endAllUserSessions, endUserSession, getUserBySessionToken, rememberSignInDevice, verifyLogin } from "../../../app/models/account.server";
import { grantEventRole, listEventRolesOfUser, listEventTeam, revokeEventRole } from "../../../app/models/event-team.server";
import { verifyPassword } from "../../../lib/password.server";
import { describeEachEngine } from "../../support/engines";
import { giveRole, insertEvent, insertUser, TEST_PASSWORD } from "../../support/app";

describeEachEngine("accounts", ({ db }) => {
  describe("createUser", () => {
    it("stores a normalized email, a scrypt hash and an audit entry", async () => {
      const result = await createUser(db(), { email: "  Wen@Customs.Example ", name: "Wen Wu-yen", password: "a-long-password-1" }, null);
      expect(result.ok).toBe(true);
      const row = await db().selectFrom("users").selectAll().where("email", "=", "wen@customs.example").executeTakeFirstOrThrow();
      expect(row.name).toBe("Wen Wu-yen");
      expect(row.password_hash).toMatch(/^scrypt\$17\$8\$1\$/);
      expect(row.password_hash).not.toContain("a-long-password-1");
      const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "user.create").where("subject_id", "=", String(row.id)).execute();
      expect(audit).toHaveLength(1);
    });

    it("refuses a second account with the same email in any letter case and stores nothing", async () => {
      await insertUser(db(), { email: "dup@example.test" });
      const before = await db().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const result = await createUser(db(), { email: "DUP@example.test", name: "Other", password: "another-long-password" }, null);
      expect(result).toEqual({ ok: false, reason: "email_taken" });
      const users = await db().selectFrom("users").select("id").where("email", "=", "dup@example.test").execute();
      expect(users).toHaveLength(1);
      const after = await db().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });
  });

  describe("verifyLogin", () => {
    const WRONG = "wrong password!";
    const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);

    /** Failed attempts as the limiter records them, without paying for a password hash each. */
    async function seedFailures(rows: Array<{ email: string; ip: string; at: Date; deviceId?: number }>) {
      await db()
        .insertInto("login_attempts")
        .values(rows.map((row) => ({ email: row.email, ip: row.ip, succeeded: 0 as const, attempted_at: row.at.toISOString(), device_id: row.deviceId ?? null })))
        .execute();
    }

    it("accepts the right password and refuses a wrong one or an unknown email", async () => {
      const user = await insertUser(db());
      const ok = await verifyLogin(db(), { email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: "10.0.0.1" });
      expect(ok).toEqual({ status: "ok", user });
      expect(await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.0.1" })).toEqual({ status: "invalid" });
      expect(await verifyLogin(db(), { email: "nobody@example.test", password: TEST_PASSWORD, ip: "10.0.0.1" })).toEqual({ status: "invalid" });
    });

    it("slows one address after 5 failures for an account, even for the right password, while the owner elsewhere gets in", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-10T10:00:00Z");
      for (let i = 0; i < 5; i += 1) {
        expect((await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.0.2" }, at(start, i))).status).toBe("invalid");
      }
      // The fifth failure was at +4 s: the next attempt from that address waits 30 s from it.
      const slowed = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.2" }, at(start, 10));
      expect(slowed).toEqual({ status: "rate_limited", retryAfterSeconds: 24, retryAfterMinutes: 1 });
      const owner = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.3" }, at(start, 11));
      expect(owner.status).toBe("ok");
      // The owner's success started the account's count afresh, for every address.
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.2" }, at(start, 12))).status).toBe("ok");
    });

    it("doubles the wait with each failure against an account from anywhere: 10 free, then 30 s, 1, 2, 4, 8 minutes, capped at 15", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-13T10:00:00Z");
      let address = 0;
      const from = () => `10.20.0.${(address += 1)}`;
      await seedFailures(Array.from({ length: 10 }, (_, i) => ({ email: user.email, ip: from(), at: at(start, i) })));
      let last = at(start, 9);
      for (const delay of [30, 60, 120, 240, 480, 900, 900]) {
        const early = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: from() }, at(last, delay - 1));
        expect(early).toEqual({ status: "rate_limited", retryAfterSeconds: 1, retryAfterMinutes: 1 });
        last = at(last, delay);
        expect((await verifyLogin(db(), { email: user.email, password: WRONG, ip: from() }, last)).status).toBe("invalid");
      }
      const next = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: from() }, at(last, 1));
      expect(next).toEqual({ status: "rate_limited", retryAfterSeconds: 899, retryAfterMinutes: 15 });
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: from() }, at(last, 900))).status).toBe("ok");
    });

    it("forgets attempts older than a day", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-20T10:00:00Z");
      await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.8.1" }, start);
      await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.8.1" }, new Date(start.getTime() + 25 * 3_600_000));
      const rows = await db().selectFrom("login_attempts").select("attempted_at").where("email", "=", user.email).execute();
      expect(rows.map((row) => row.attempted_at)).toEqual(["2026-01-21T11:00:00.000Z"]);
    });

    it("lets exactly the allowed number of a burst of concurrent guesses reach the password check", async () => {
      const user = await insertUser(db());
      const first = new Date("2026-01-14T10:00:00Z");
      // From one address: 5.
      const fromOne = await Promise.all(
        Array.from({ length: 12 }, () => verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.9.9" }, first)),
      );
      expect(fromOne.filter((result) => result.status === "invalid")).toHaveLength(5);
      expect(fromOne.filter((result) => result.status === "rate_limited")).toHaveLength(7);
      // From many addresses, once the per-address waits are over: up to 10 for the account.
      const second = new Date("2026-01-14T11:00:00Z");
      const fromMany = await Promise.all(
        Array.from({ length: 12 }, (_, i) => verifyLogin(db(), { email: user.email, password: WRONG, ip: `10.0.10.${i}` }, second)),
      );
      expect(fromMany.filter((result) => result.status === "invalid")).toHaveLength(5);
      expect(fromMany.filter((result) => result.status === "rate_limited")).toHaveLength(7);
      const recorded = await db().selectFrom("login_attempts").select("id").where("email", "=", user.email).execute();
      expect(recorded).toHaveLength(10);
    });

    it("counts only the account's failures after its last success", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-11T10:00:00Z");
      for (let i = 0; i < 4; i += 1) {
        await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.1.1" }, at(start, i));
      }
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.1.1" }, at(start, 10))).status).toBe("ok");
      expect((await verifyLogin(db(), { email: user.email, password: WRONG, ip: "10.0.1.1" }, at(start, 11))).status).toBe("invalid");
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.1.1" }, at(start, 12))).status).toBe("ok");
    });

    it("never lets one's own success clear the failures counted against others", async () => {
      const attacker = await insertUser(db());
      const victim = await insertUser(db());
      const start = new Date("2026-01-15T10:00:00Z");
      // Guesses from one address: 294 spread over other accounts, then 5 against the victim.
      await seedFailures([
        ...Array.from({ length: 294 }, (_, i) => ({ email: `sprayed${i}@example.test`, ip: "10.66.0.1", at: at(start, i) })),
        ...Array.from({ length: 5 }, (_, i) => ({ email: victim.email, ip: "10.66.0.1", at: at(start, 294 + i) })),
      ]);
      const own = await verifyLogin(db(), { email: attacker.email, password: TEST_PASSWORD, ip: "10.66.0.1" }, at(start, 300));
      expect(own.status).toBe("ok");
      // Still slowed against the victim from there …
      expect((await verifyLogin(db(), { email: victim.email, password: WRONG, ip: "10.66.0.1" }, at(start, 301))).status).toBe("rate_limited");
      // … and the address still holds its 299 failures: one more reaches the address-wide cap of 300.
      expect((await verifyLogin(db(), { email: "sprayed-last@example.test", password: WRONG, ip: "10.66.0.1" }, at(start, 302))).status).toBe("invalid");
      const capped = await verifyLogin(db(), { email: "another@example.test", password: WRONG, ip: "10.66.0.1" }, at(start, 303));
      // The first seeded failure (at +0 s) leaves the 15-minute window at +900 s.
      expect(capped).toEqual({ status: "rate_limited", retryAfterSeconds: 597, retryAfterMinutes: 10 });
    });

    it("gives a shared address a budget per account: failures for some accounts do not slow the others", async () => {
      const start = new Date("2026-01-16T10:00:00Z");
      const guessed = await insertUser(db());
      const colleague = await insertUser(db());
      // A venue network: 40 people mistype once, someone guesses one account 5 times.
      await seedFailures([
        ...Array.from({ length: 40 }, (_, i) => ({ email: `delegate${i}@example.test`, ip: "10.77.0.1", at: at(start, i) })),
        ...Array.from({ length: 5 }, (_, i) => ({ email: guessed.email, ip: "10.77.0.1", at: at(start, 40 + i) })),
      ]);
      expect((await verifyLogin(db(), { email: colleague.email, password: TEST_PASSWORD, ip: "10.77.0.1" }, at(start, 50))).status).toBe("ok");
      expect((await verifyLogin(db(), { email: "delegate0@example.test", password: WRONG, ip: "10.77.0.1" }, at(start, 51))).status).toBe("invalid");
      expect((await verifyLogin(db(), { email: guessed.email, password: TEST_PASSWORD, ip: "10.77.0.1" }, at(start, 52))).status).toBe("rate_limited");
    });
  });

  describe("device cookies", () => {
    const WRONG = "wrong password!";
    const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);

    async function seedStrangers(email: string, count: number, start: Date) {
      await db()
        .insertInto("login_attempts")
        .values(Array.from({ length: count }, (_, i) => ({ email, ip: `10.88.${i}.1`, succeeded: 0 as const, attempted_at: at(start, i).toISOString() })))
        .execute();
    }

    it("lets the owner's known browser in while strangers' failures slow everyone else", async () => {
      const owner = await insertUser(db());
      const start = new Date("2026-02-10T10:00:00Z");
      const tokens = await rememberSignInDevice(db(), { userId: owner.id }, start);
      expect(tokens).toHaveLength(1);
      await seedStrangers(owner.email, 20, at(start, 60));
      const last = at(start, 79);
      const elsewhere = await verifyLogin(db(), { email: owner.email, password: TEST_PASSWORD, ip: "10.0.4.1" }, at(last, 5));
      expect(elsewhere.status).toBe("rate_limited");
      // A token of another account's device does not help; nor does a made-up one.
      const other = await insertUser(db());
      const othersTokens = await rememberSignInDevice(db(), { userId: other.id }, start);
      const borrowed = await verifyLogin(db(), { email: owner.email, password: TEST_PASSWORD, ip: "10.0.4.1", deviceTokens: [...othersTokens, "x".repeat(43)] }, at(last, 6));
      expect(borrowed.status).toBe("rate_limited");
      const known = await verifyLogin(db(), { email: owner.email, password: TEST_PASSWORD, ip: "10.0.4.1", deviceTokens: tokens }, at(last, 7));
      expect(known.status).toBe("ok");
    });

    it("judges a known browser by its own failures: 5 free, then the same doubling waits", async () => {
      const owner = await insertUser(db());
      const start = new Date("2026-02-11T10:00:00Z");
      const tokens = await rememberSignInDevice(db(), { userId: owner.id }, start);
      for (let i = 0; i < 5; i += 1) {
        expect((await verifyLogin(db(), { email: owner.email, password: WRONG, ip: "10.0.5.1", deviceTokens: tokens }, at(start, i))).status).toBe("invalid");
      }
      const slowed = await verifyLogin(db(), { email: owner.email, password: TEST_PASSWORD, ip: "10.0.5.1", deviceTokens: tokens }, at(start, 5));
      expect(slowed).toEqual({ status: "rate_limited", retryAfterSeconds: 29, retryAfterMinutes: 1 });
      // Its failures are its own: a browser without the cookie, from the same address, is not slowed by them.
      expect((await verifyLogin(db(), { email: owner.email, password: WRONG, ip: "10.0.5.1" }, at(start, 6))).status).toBe("invalid");
      const recorded = await db().selectFrom("login_attempts").select("device_id").where("email", "=", owner.email).orderBy("id").execute();
      expect(recorded.filter((row) => row.device_id !== null)).toHaveLength(5);
      expect((await verifyLogin(db(), { email: owner.email, password: TEST_PASSWORD, ip: "10.0.5.1", deviceTokens: tokens }, at(start, 34))).status).toBe("ok");
    });

    it("stores only a hash of each token, keeps one token per account and browser, and forgets a device after a year", async () => {
      const first = await insertUser(db());
      const second = await insertUser(db());
      const start = new Date("2026-02-12T10:00:00Z");
      const tokens = await rememberSignInDevice(db(), { userId: first.id }, start);
      const again = await rememberSignInDevice(db(), { userId: first.id, deviceTokens: tokens }, at(start, 60));
      expect(again).toEqual(tokens);
      const both = await rememberSignInDevice(db(), { userId: second.id, deviceTokens: tokens }, at(start, 120));
      expect(both).toHaveLength(2);
      expect(both[1]).toBe(tokens[0]);
      const rows = await db().selectFrom("sign_in_devices").select(["token_hash", "user_id", "expires_at"]).where("user_id", "in", [first.id, second.id]).orderBy("id").execute();
      expect(rows).toEqual([
        { token_hash: createHash("sha256").update(tokens[0]).digest("hex"), user_id: first.id, expires_at: "2027-02-12T10:01:00.000Z" },
        { token_hash: createHash("sha256").update(both[0]).digest("hex"), user_id: second.id, expires_at: "2027-02-12T10:02:00.000Z" },
      ]);
      // A year after its last sign-in the browser is a stranger again.
      await seedStrangers(first.email, 10, new Date("2027-02-12T10:01:00Z"));
      const expired = await verifyLogin(db(), { email: first.email, password: TEST_PASSWORD, ip: "10.0.6.1", deviceTokens: both }, new Date("2027-02-12T10:01:15Z"));
      expect(expired.status).toBe("rate_limited");
    });
  });

  describe("sessions", () => {
    it("finds the user by token until the session ends or expires", async () => {
      const user = await insertUser(db());
      const token = await createUserSession(db(), { userId: user.id, userAgent: "test" });
      expect(await getUserBySessionToken(db(), token)).toEqual(user);
      expect(await getUserBySessionToken(db(), `${token}x`)).toBeNull();
      expect(await getUserBySessionToken(db(), token, new Date(Date.now() + 31 * 86_400_000))).toBeNull();
      await endUserSession(db(), token, user.id);
      expect(await getUserBySessionToken(db(), token)).toBeNull();
    });

    it("stores only a hash of the token", async () => {
      const user = await insertUser(db());
      const token = await createUserSession(db(), { userId: user.id, userAgent: null });
      const rows = await db().selectFrom("user_sessions").select("id_hash").where("user_id", "=", user.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].id_hash).not.toBe(token);
      expect(rows[0].id_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("clears expired sessions when a new one starts", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-02-01T10:00:00Z");
      await createUserSession(db(), { userId: user.id, userAgent: null }, start);
      await createUserSession(db(), { userId: user.id, userAgent: null }, new Date(start.getTime() + 31 * 86_400_000));
      const rows = await db().selectFrom("user_sessions").select("created_at").where("user_id", "=", user.id).execute();
      expect(rows.map((row) => row.created_at)).toEqual(["2026-03-04T10:00:00.000Z"]);
    });

    it("signs out everywhere", async () => {
      const user = await insertUser(db());
      const first = await createUserSession(db(), { userId: user.id, userAgent: null });
      const second = await createUserSession(db(), { userId: user.id, userAgent: null });
      await endAllUserSessions(db(), user.id);
      expect(await getUserBySessionToken(db(), first)).toBeNull();
      expect(await getUserBySessionToken(db(), second)).toBeNull();
    });
  });

  describe("changePassword", () => {
    it("refuses a wrong current password and changes nothing", async () => {
      const user = await insertUser(db());
      const token = await createUserSession(db(), { userId: user.id, userAgent: null });
      const before = await db().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
      const result = await changePassword(db(), { userId: user.id, currentPassword: "not the password", newPassword: "a-brand-new-password", keepSessionToken: token, ip: "10.0.2.1" });
      expect(result).toEqual({ ok: false, reason: "wrong_current_password" });
      const after = await db().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(after.password_hash).toBe(before.password_hash);
    });

    it("changes the password and ends the other sessions only", async () => {
      const user = await insertUser(db());
      const current = await createUserSession(db(), { userId: user.id, userAgent: null });
      const other = await createUserSession(db(), { userId: user.id, userAgent: null });
      const result = await changePassword(db(), { userId: user.id, currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-password", keepSessionToken: current, ip: "10.0.3.1" });
      expect(result).toEqual({ ok: true });
      expect(await getUserBySessionToken(db(), current)).toEqual(user);
      expect(await getUserBySessionToken(db(), other)).toBeNull();
      expect((await verifyLogin(db(), { email: user.email, password: "a-brand-new-password", ip: "10.0.3.1" })).status).toBe("ok");
    });

    it("checks the current password under the sign-in limits of the account and the address", async () => {
      const user = await insertUser(db());
      const token = await createUserSession(db(), { userId: user.id, userAgent: null });
      const start = new Date("2026-03-01T10:00:00Z");
      const change = (currentPassword: string, seconds: number) =>
        changePassword(db(), { userId: user.id, currentPassword, newPassword: "a-brand-new-password", keepSessionToken: token, ip: "10.0.12.1" }, new Date(start.getTime() + seconds * 1000));
      for (let i = 0; i < 5; i += 1) expect(await change("not the password", i)).toEqual({ ok: false, reason: "wrong_current_password" });
      expect(await change(TEST_PASSWORD, 10)).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 24, retryAfterMinutes: 1 });
      const before = await db().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(await verifyPassword(TEST_PASSWORD, before.password_hash)).toBe(true);
      // The same count as the sign-in form: it is slowed there too.
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.12.1" }, new Date(start.getTime() + 11_000))).status).toBe("rate_limited");
      expect(await change(TEST_PASSWORD, 34)).toEqual({ ok: true });
    });
  });

  describe("event roles", () => {
    it("grants a role by email once and lists it", async () => {
      const organizer = await insertUser(db());
      const staff = await insertUser(db(), { name: "Door Staff" });
      const event = await insertEvent(db());
      await giveRole(db(), organizer.id, event.id, "organizer");
      const granted = await grantEventRole(db(), { eventId: event.id, email: staff.email.toUpperCase(), role: "staff", actorUserId: organizer.id });
      expect(granted).toEqual({ ok: true, name: "Door Staff" });
      expect(await grantEventRole(db(), { eventId: event.id, email: staff.email, role: "staff", actorUserId: organizer.id })).toEqual({ ok: false, reason: "already_has_role" });
      expect(await grantEventRole(db(), { eventId: event.id, email: "nobody@example.test", role: "staff", actorUserId: organizer.id })).toEqual({ ok: false, reason: "no_such_user" });
      const team = await listEventTeam(db(), event.id);
      expect(team.map((member) => [member.userId, member.role])).toEqual([
        [organizer.id, "organizer"],
        [staff.id, "staff"],
      ]);
      expect((await listEventRolesOfUser(db(), staff.id)).map((role) => [role.slug, role.role])).toEqual([[event.slug, "staff"]]);
      const audit = await db().selectFrom("audit_log").select(["action", "actor_user_id"]).where("event_id", "=", event.id).execute();
      expect(audit).toEqual([{ action: "event_role.grant", actor_user_id: organizer.id }]);
    });

    it("never removes the last organizer, even when two organizers remove each other at once", async () => {
      const event = await insertEvent(db());
      const first = await insertUser(db());
      const second = await insertUser(db());
      await giveRole(db(), first.id, event.id, "organizer");
      await giveRole(db(), second.id, event.id, "organizer");
      const results = await Promise.all([
        revokeEventRole(db(), { eventId: event.id, userId: first.id, role: "organizer", actorUserId: second.id }),
        revokeEventRole(db(), { eventId: event.id, userId: second.id, role: "organizer", actorUserId: first.id }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "last_organizer" }]);
      const organizers = await db().selectFrom("event_roles").select("user_id").where("event_id", "=", event.id).where("role", "=", "organizer").execute();
      expect(organizers).toHaveLength(1);
    });

    it("removes staff freely and reports a role that is not there", async () => {
      const event = await insertEvent(db());
      const organizer = await insertUser(db());
      const staff = await insertUser(db());
      await giveRole(db(), organizer.id, event.id, "organizer");
      await giveRole(db(), staff.id, event.id, "staff");
      expect(await revokeEventRole(db(), { eventId: event.id, userId: staff.id, role: "staff", actorUserId: organizer.id })).toEqual({ ok: true });
      expect(await revokeEventRole(db(), { eventId: event.id, userId: staff.id, role: "staff", actorUserId: organizer.id })).toEqual({ ok: false, reason: "not_found" });
    });
  });
});
