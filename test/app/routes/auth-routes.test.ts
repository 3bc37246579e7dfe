import { describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "../../../app/routes/login";
import { action as logoutAction, loader as logoutLoader } from "../../../app/routes/logout";
import { action as localeAction } from "../../../app/routes/locale";
import { getUserBySessionToken } from "../../../app/models/account.server";
import { sessionCookie } from "../../../app/utils/session.server";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, insertUser, runRoute, serveAppFrom, signedInCookie, TEST_PASSWORD } from "../../support/app";

async function tokenFrom(setCookie: string | null): Promise<string | null> {
  return (await sessionCookie().parse(setCookie)) as string | null;
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
      const setCookie = outcome.headers.get("Set-Cookie") ?? "";
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const token = await tokenFrom(setCookie);
      expect(await getUserBySessionToken(db(), token ?? "")).toEqual(user);

      const offsite = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/" }), params: {}, context: {} }),
      );
      expect(offsite.headers.get("Location")).toBe("/");
    });

    it("answers 429 with the minutes to wait once the email is locked", async () => {
      const user = await insertUser(db());
      for (let i = 0; i < 5; i += 1) {
        await runRoute(() => loginAction({ request: formRequest("/login", { email: user.email, password: "wrong password!" }), params: {}, context: {} }));
      }
      const outcome = await runRoute(() =>
        loginAction({ request: formRequest("/login", { email: user.email, password: TEST_PASSWORD }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(429);
      expect(outcome.body).toMatchObject({ retryAfterMinutes: 15 });
      expect(outcome.headers.get("Retry-After")).toBe("900");
    });

    it("sends a signed-in visitor on from the sign-in page", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const outcome = await runRoute(() => loginLoader({ request: getRequest("/login?redirectTo=/account", { cookie }), params: {}, context: {} }));
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe("/account");
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
