import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { action as accountAction } from "../../../app/routes/account";
import { action as loginAction, loader as loginLoader } from "../../../app/routes/login";
import { action as logoutAction, loader as logoutLoader } from "../../../app/routes/logout";
import { action as localeAction } from "../../../app/routes/locale";
import { getUserBySessionToken } from "../../../app/models/account.server";
import { deviceCookie, sessionCookie } from "../../../app/utils/session.server";
import { verifyPassword } from "../../../lib/password.server";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, insertUser, runRoute, serveAppFrom, signedInCookie, TEST_PASSWORD } from "../../support/app";

async function tokenFrom(setCookie: string | null): Promise<string | null> {
  return (await sessionCookie().parse(setCookie)) as string | null;
}

/** The Set-Cookie header that sets the named cookie, if any. */
function setCookieOf(headers: Headers, name: string): string | undefined {
  return headers.getSetCookie().find((header) => header.startsWith(`${name}=`));
}

describeEachEngine("sign-in, sign-out and language routes", ({ db }) => {
  serveAppFrom(db);

  describe("POST /login", () => {
    it("answers 400 with a message by each field and records nothing for malformed input", async () => {
      const outcome = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: "not-an-email", password: "" }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toMatchObject({ email: ["validation.email"], password: ["validation.required"] });
      const attempts = await db().selectFrom("login_attempts").select("id").where("email", "=", "not-an-email").execute();
      expect(attempts).toHaveLength(0);
    });

    it("answers 400 with a form message for a wrong password and sets no cookie", async () => {
      const user = await insertUser(db());
      const outcome = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: "wrong password!" }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)[""]).toEqual(["auth.invalidCredentials"]);
      expect(outcome.headers.get("Set-Cookie")).toBeNull();
    });

    it("signs in, sets an HttpOnly SameSite=Lax cookie and goes to a same-site redirect only", async () => {
      const user = await insertUser(db());
      const outcome = await runRoute(() =>
        loginAction({
          request: formRequest("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "/events/x" }),
          params: {},
          context: { clientIp: "10.1.1.1" },
        }),
      );
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe("/events/x");
      const setCookie = setCookieOf(outcome.headers, "plenary_session") ?? "";
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const token = await tokenFrom(setCookie);
      expect(await getUserBySessionToken(db(), token ?? "")).toEqual(user);

      const offsite = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/" }), params: {}, context: {} }),
      );
      expect(offsite.headers.get("Location")).toBe("/");
    });

    it("answers 429 with the message and the time to wait once the account is slowed from this address", async () => {
      const user = await insertUser(db());
      const context = { clientIp: "10.5.5.5" };
      for (let i = 0; i < 5; i += 1) {
        await runRoute(() => loginAction({ request: formRequest("/login", { email: user.email, password: "wrong password!" }), params: {}, context }));
      }
      const outcome = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }), params: {}, context }),
      );
      expect(outcome.status).toBe(429);
      expect(fieldErrors(outcome.body)[""]).toEqual(["auth.rateLimited"]);
      expect(outcome.body).toMatchObject({ retryAfterMinutes: 1 });
      // 30 seconds after the fifth failure, less the moments since.
      const retryAfter = Number(outcome.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(15);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(outcome.headers.get("Set-Cookie")).toBeNull();
    });

    it("sets a year-long HttpOnly SameSite=Lax device cookie on success, whose token the database keeps only as a hash", async () => {
      const user = await insertUser(db());
      const signIn = (cookie?: string) =>
        runRoute(() => loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }, { cookie }), params: {}, context: { clientIp: "10.5.5.6" } }));
      const outcome = await signIn();
      expect(outcome.status).toBe(302);
      const setDevice = setCookieOf(outcome.headers, "plenary_device") ?? "";
      expect(setDevice).toMatch(/HttpOnly/);
      expect(setDevice).toMatch(/SameSite=Lax/);
      expect(setDevice).toMatch(/Max-Age=31536000/);
      expect(setDevice).toMatch(/Path=\//);
      const tokens = (await deviceCookie().parse(setDevice)) as string[];
      expect(tokens).toHaveLength(1);
      const rows = await db().selectFrom("sign_in_devices").select("token_hash").where("user_id", "=", user.id).execute();
      expect(rows).toEqual([{ token_hash: createHash("sha256").update(tokens[0]).digest("hex") }]);
      // Signing in again from the same browser keeps its token.
      const again = await signIn(setDevice.split(";")[0]);
      expect(await deviceCookie().parse(setCookieOf(again.headers, "plenary_device") ?? "")).toEqual(tokens);
      expect(await db().selectFrom("sign_in_devices").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
    });

    it("lets a browser that signed in before through while strangers' failures slow the account", async () => {
      const user = await insertUser(db());
      const first = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }), params: {}, context: { clientIp: "10.5.5.7" } }),
      );
      const device = (setCookieOf(first.headers, "plenary_device") ?? "").split(";")[0];
      const now = Date.now();
      await db()
        .insertInto("login_attempts")
        .values(Array.from({ length: 12 }, (_, i) => ({ email: user.email, ip: `10.99.0.${i}`, succeeded: 0 as const, attempted_at: new Date(now - (12 - i) * 1000).toISOString() })))
        .execute();
      const stranger = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }), params: {}, context: { clientIp: "10.5.5.8" } }),
      );
      expect(stranger.status).toBe(429);
      const owner = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }, { cookie: device }), params: {}, context: { clientIp: "10.5.5.8" } }),
      );
      expect(owner.status).toBe(302);
    });

    it("sends a signed-in visitor on from the sign-in page", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const outcome = await runRoute(() => loginLoader({ request: getRequest("/login?redirectTo=/account", { cookie }), params: {}, context: {} }));
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe("/account");
    });
  });

  describe("POST /account (change password)", () => {
    const change = (cookie: string, currentPassword: string, clientIp: string) =>
      runRoute(() =>
        accountAction({
          request: formRequest("/account", { intent: "change-password", currentPassword, newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" }, { cookie }),
          params: {},
          context: { clientIp },
        }),
      );

    it("counts a wrong current password as a failed sign-in of the account from the address", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const outcome = await change(cookie, "wrong password!", "10.6.6.5");
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toMatchObject({ currentPassword: ["account.currentPasswordWrong"] });
      const attempts = await db().selectFrom("login_attempts").select(["ip", "succeeded"]).where("email", "=", user.email).execute();
      expect(attempts).toEqual([{ ip: "10.6.6.5", succeeded: 0 }]);
    });

    it("answers 429 with a message by the current-password field when the account is slowed, and changes nothing", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const now = Date.now();
      await db()
        .insertInto("login_attempts")
        .values(Array.from({ length: 5 }, (_, i) => ({ email: user.email, ip: "10.6.6.6", succeeded: 0 as const, attempted_at: new Date(now - (5 - i) * 1000).toISOString() })))
        .execute();
      const outcome = await change(cookie, TEST_PASSWORD, "10.6.6.6");
      expect(outcome.status).toBe(429);
      expect(fieldErrors(outcome.body)).toMatchObject({ currentPassword: ["account.currentPasswordRateLimited"] });
      expect(Number(outcome.headers.get("Retry-After"))).toBeGreaterThan(0);
      const row = await db().selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(await verifyPassword(TEST_PASSWORD, row.password_hash)).toBe(true);
    });
  });

  describe("/logout", () => {
    it("does not sign out on GET", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const outcome = await runRoute(() => Promise.resolve(logoutLoader()));
      expect(outcome.status).toBe(302);
      const token = await sessionCookie().parse(cookie);
      expect(await getUserBySessionToken(db(), token)).toEqual(user);
    });

    it("ends the session in the database on POST", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const token = await sessionCookie().parse(cookie);
      const outcome = await runRoute(() => logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
      expect(await getUserBySessionToken(db(), token)).toBeNull();
    });
  });

  describe("POST /locale", () => {
    it("stores the chosen language in a cookie and returns to the page", async () => {
      const outcome = await runRoute(() =>
        localeAction({ request: formRequest("/locale", { language: "zh-TW", redirectTo: "/events/ctpat-2011" }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe("/events/ctpat-2011");
      expect(outcome.headers.get("Set-Cookie")).toMatch(/^plenary_lng=/);
    });

    it("refuses an unsupported language with 400", async () => {
      const outcome = await runRoute(() => localeAction({ request: formRequest("/locale", { language: "xx" }), params: {}, context: {} }));
      expect(outcome.status).toBe(400);
    });
  });
});
