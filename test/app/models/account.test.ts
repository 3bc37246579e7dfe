import { describe, expect, it } from "vitest";
import { changePassword, createUser, createUserSession, endAllUserSessions, endUserSession, getUserBySessionToken, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_EMAIL_AND_IP, MAX_FAILURES_PER_IP, verifyLogin } from "../../../app/models/account.server";
import { grantEventRole, listEventRolesOfUser, listEventTeam, revokeEventRole } from "../../../app/models/event-team.server";
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
    it("accepts the right password and refuses a wrong one or an unknown email", async () => {
      const user = await insertUser(db());
      const ok = await verifyLogin(db(), { email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: "10.0.0.1" });
      expect(ok).toEqual({ status: "ok", user });
      expect(await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.0.1" })).toEqual({ status: "invalid" });
      expect(await verifyLogin(db(), { email: "nobody@example.test", password: TEST_PASSWORD, ip: "10.0.0.1" })).toEqual({ status: "invalid" });
    });

    it(`locks an email from one address after ${MAX_FAILURES_PER_EMAIL_AND_IP} failures, even for the right password, until the window passes`, async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-10T10:00:00Z");
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP; i += 1) {
        const at = new Date(start.getTime() + i * 1000);
        expect((await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.0.2" }, at)).status).toBe("invalid");
      }
      const locked = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.2" }, new Date(start.getTime() + 60_000));
      expect(locked).toEqual({ status: "rate_limited", retryAfterMinutes: 14 });
      // Someone guessing from elsewhere cannot lock the owner out.
      const owner = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.3" }, new Date(start.getTime() + 61_000));
      expect(owner.status).toBe("ok");
      const later = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.2" }, new Date(start.getTime() + 16 * 60_000));
      expect(later.status).toBe("ok");
    });

    it(`locks an email after ${MAX_FAILURES_PER_EMAIL} failures from any addresses`, async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-13T10:00:00Z");
      const attempts = Array.from({ length: MAX_FAILURES_PER_EMAIL }, (_, i) => ({
        email: user.email,
        ip: `10.20.${Math.floor(i / 200)}.${i % 200}`,
        succeeded: 0 as const,
        attempted_at: new Date(start.getTime() + i * 1000).toISOString(),
      }));
      await db().insertInto("login_attempts").values(attempts).execute();
      const result = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.30.0.1" }, new Date(start.getTime() + 200_000));
      expect(result.status).toBe("rate_limited");
    });

    it("forgets attempts older than a day", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-20T10:00:00Z");
      await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.8.1" }, start);
      await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.8.1" }, new Date(start.getTime() + 25 * 3_600_000));
      const rows = await db().selectFrom("login_attempts").select("attempted_at").where("email", "=", user.email).execute();
      expect(rows.map((row) => row.attempted_at)).toEqual(["2026-01-21T11:00:00.000Z"]);
    });

    it("lets exactly the allowed number of a burst of concurrent guesses reach the password check", async () => {
      const user = await insertUser(db());
      const at = new Date("2026-01-14T10:00:00Z");
      const results = await Promise.all(
        Array.from({ length: 12 }, () => verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.9.9" }, at)),
      );
      expect(results.filter((result) => result.status === "invalid")).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_IP);
      expect(results.filter((result) => result.status === "rate_limited")).toHaveLength(12 - MAX_FAILURES_PER_EMAIL_AND_IP);
      const recorded = await db().selectFrom("login_attempts").select("id").where("email", "=", user.email).execute();
      expect(recorded).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_IP);
    });

    it("counts only the failures after the last success", async () => {
      const user = await insertUser(db());
      const start = new Date("2026-01-11T10:00:00Z");
      const tick = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_IP - 1; i += 1) {
        await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.1.1" }, tick(i));
      }
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.1.1" }, tick(10))).status).toBe("ok");
      expect((await verifyLogin(db(), { email: user.email, password: "wrong password!", ip: "10.0.1.1" }, tick(11))).status).toBe("invalid");
      expect((await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.0.1.1" }, tick(12))).status).toBe("ok");
    });

    it(`locks an address after ${MAX_FAILURES_PER_IP} failures across many emails`, async () => {
      const start = new Date("2026-01-12T10:00:00Z");
      const attempts = Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => ({
        email: `guess${i}@example.test`,
        ip: "10.9.9.9",
        succeeded: 0 as const,
        attempted_at: new Date(start.getTime() + i * 1000).toISOString(),
      }));
      await db().insertInto("login_attempts").values(attempts).execute();
      const user = await insertUser(db());
      const result = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.9.9.9" }, new Date(start.getTime() + 120_000));
      expect(result.status).toBe("rate_limited");
      const elsewhere = await verifyLogin(db(), { email: user.email, password: TEST_PASSWORD, ip: "10.9.9.10" }, new Date(start.getTime() + 120_000));
      expect(elsewhere.status).toBe("ok");
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
      const result = await changePassword(db(), { userId: user.id, currentPassword: "not the password", newPassword: "a-brand-new-password", keepSessionToken: token });
      expect(result).toEqual({ ok: false, reason: "wrong_current_password" });
      const after = await db().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(after.password_hash).toBe(before.password_hash);
    });

    it("changes the password and ends the other sessions only", async () => {
      const user = await insertUser(db());
      const current = await createUserSession(db(), { userId: user.id, userAgent: null });
      const other = await createUserSession(db(), { userId: user.id, userAgent: null });
      const result = await changePassword(db(), { userId: user.id, currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-password", keepSessionToken: current });
      expect(result).toEqual({ ok: true });
      expect(await getUserBySessionToken(db(), current)).toEqual(user);
      expect(await getUserBySessionToken(db(), other)).toBeNull();
      expect((await verifyLogin(db(), { email: user.email, password: "a-brand-new-password", ip: "10.0.3.1" })).status).toBe("ok");
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
