import { describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "../../../app/routes/account";
import { loader as auditLoader } from "../../../app/routes/admin.audit";
import { action as usersAction, loader as usersLoader } from "../../../app/routes/admin.users";
import { loader as eventLoader } from "../../../app/routes/events.$slug._index";
import { action as teamAction, loader as teamLoader } from "../../../app/routes/events.$slug.team";
import { describeEachEngine } from "../../support/engines";
import {
  fieldErrors,
  formRequest,
  getRequest,
  giveRole,
  insertEvent,
  insertUser,
  runRoute,
  serveAppFrom,
  signedInCookie,
  TEST_PASSWORD,
} from "../../support/app";

describeEachEngine("admin, team and account routes", ({ db }) => {
  serveAppFrom(db);

  async function eventWithTeam() {
    const event = await insertEvent(db(), { visibility: "private" });
    const organizer = await insertUser(db());
    const staff = await insertUser(db());
    const otherOrganizer = await insertUser(db());
    const otherEvent = await insertEvent(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
    return { event, organizer, staff, otherOrganizer };
  }

  describe("/events/:slug/team", () => {
    it("answers a private event's team page with 404 to those who may not read the event, and 403 to its staff", async () => {
      const { event, staff, otherOrganizer } = await eventWithTeam();
      const path = `/events/${event.slug}/team`;
      const visitors: Array<[string | undefined, number]> = [
        [undefined, 404],
        [await signedInCookie(db(), otherOrganizer), 404],
        [await signedInCookie(db(), staff), 403],
      ];
      for (const [cookie, status] of visitors) {
        const read = await runRoute(() => teamLoader({ request: getRequest(path, { cookie }), params: { slug: event.slug }, context: {} }));
        expect(read.status).toBe(status);
        const write = await runRoute(() =>
          teamAction({ request: formRequest(path, { intent: "add", email: staff.email, role: "organizer" }, { cookie }), params: { slug: event.slug }, context: {} }),
        );
        expect(write.status).toBe(status);
      }
      const roles = await db().selectFrom("event_roles").select("user_id").where("event_id", "=", event.id).where("role", "=", "organizer").execute();
      expect(roles).toHaveLength(1);
    });

    it("sends anonymous visitors of a public event's team page to sign in", async () => {
      const event = await insertEvent(db(), { visibility: "public" });
      const path = `/events/${event.slug}/team`;
      const anonymous = await runRoute(() => teamLoader({ request: getRequest(path), params: { slug: event.slug }, context: {} }));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    });

    it("answers 404 for an unknown event", async () => {
      const admin = await insertUser(db(), { isAdmin: true });
      const cookie = await signedInCookie(db(), admin);
      const outcome = await runRoute(() => teamLoader({ request: getRequest("/events/nope/team", { cookie }), params: { slug: "nope" }, context: {} }));
      expect(outcome.status).toBe(404);
    });

    it("validates each field with 400 and stores nothing", async () => {
      const { event, organizer } = await eventWithTeam();
      const cookie = await signedInCookie(db(), organizer);
      const path = `/events/${event.slug}/team`;
      const bad = await runRoute(() =>
        teamAction({ request: formRequest(path, { intent: "add", email: "nope", role: "chair" }, { cookie }), params: { slug: event.slug }, context: {} }),
      );
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toMatchObject({ email: ["validation.email"], role: ["validation.invalidChoice"] });
      const unknown = await runRoute(() =>
        teamAction({ request: formRequest(path, { intent: "add", email: "ghost@example.test", role: "staff" }, { cookie }), params: { slug: event.slug }, context: {} }),
      );
      expect(unknown.status).toBe(400);
      expect(fieldErrors(unknown.body)).toMatchObject({ email: ["team.noSuchUser"] });
      const team = await db().selectFrom("event_roles").select("user_id").where("event_id", "=", event.id).execute();
      expect(team).toHaveLength(2);
    });

    it("lets the organizer add and remove staff, naming them in the notice, and refuses removing the last organizer with 400", async () => {
      const { event, organizer } = await eventWithTeam();
      const newcomer = await insertUser(db(), { name: "Door Staff" });
      const cookie = await signedInCookie(db(), organizer);
      const path = `/events/${event.slug}/team`;
      const added = await runRoute(() =>
        teamAction({ request: formRequest(path, { intent: "add", email: newcomer.email, role: "staff" }, { cookie }), params: { slug: event.slug }, context: {} }),
      );
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ notice: { key: "team.added", name: "Door Staff", role: "staff" } });
      const removed = await runRoute(() =>
        teamAction({
          request: formRequest(path, { intent: "remove", userId: String(newcomer.id), role: "staff" }, { cookie }),
          params: { slug: event.slug },
          context: {},
        }),
      );
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ notice: { key: "team.removed", name: "Door Staff", role: "staff" } });
      const newcomerRoles = await db().selectFrom("event_roles").select("role").where("event_id", "=", event.id).where("user_id", "=", newcomer.id).execute();
      expect(newcomerRoles).toEqual([]);
      const last = await runRoute(() =>
        teamAction({
          request: formRequest(path, { intent: "remove", userId: String(organizer.id), role: "organizer" }, { cookie }),
          params: { slug: event.slug },
          context: {},
        }),
      );
      expect(last.status).toBe(400);
      expect(fieldErrors(last.body)[""]).toEqual(["team.lastOrganizer"]);
    });
  });

  describe("/admin/users and /admin/audit", () => {
    it("refuses everyone but platform admins", async () => {
      const { organizer } = await eventWithTeam();
      const cookie = await signedInCookie(db(), organizer);
      expect((await runRoute(() => usersLoader({ request: getRequest("/admin/users", { cookie }), params: {}, context: {} }))).status).toBe(403);
      expect((await runRoute(() => auditLoader({ request: getRequest("/admin/audit", { cookie }), params: {}, context: {} }))).status).toBe(403);
      const create = await runRoute(() =>
        usersAction({
          request: formRequest("/admin/users", { name: "Sneaky", email: "sneaky@example.test", password: "long enough password" }, { cookie }),
          params: {},
          context: {},
        }),
      );
      expect(create.status).toBe(403);
      expect(await db().selectFrom("users").select("id").where("email", "=", "sneaky@example.test").executeTakeFirst()).toBeUndefined();
      expect((await runRoute(() => usersLoader({ request: getRequest("/admin/users"), params: {}, context: {} }))).status).toBe(302);
    });

    it("validates new accounts with 400 by field and stores nothing", async () => {
      const admin = await insertUser(db(), { isAdmin: true });
      const cookie = await signedInCookie(db(), admin);
      const outcome = await runRoute(() =>
        usersAction({ request: formRequest("/admin/users", { name: "", email: "x@", password: "short" }, { cookie }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toMatchObject({
        name: ["validation.required"],
        email: ["validation.email"],
        password: ["validation.passwordTooShort"],
      });
      const taken = await runRoute(() =>
        usersAction({ request: formRequest("/admin/users", { name: "Copy", email: admin.email, password: "long enough password" }, { cookie }), params: {}, context: {} }),
      );
      expect(taken.status).toBe(400);
      expect(fieldErrors(taken.body)).toMatchObject({ email: ["users.emailTaken"] });
    });

    it("creates an account and the audit log shows who did it", async () => {
      const admin = await insertUser(db(), { isAdmin: true, name: "Platform Admin" });
      const cookie = await signedInCookie(db(), admin);
      const email = `new-${Date.now()}@example.test`;
      const outcome = await runRoute(() =>
        usersAction({ request: formRequest("/admin/users", { name: "New Person", email, password: "long enough password", isAdmin: "on" }, { cookie }), params: {}, context: {} }),
      );
      expect(outcome.status).toBe(200);
      const row = await db().selectFrom("users").select(["name", "is_admin"]).where("email", "=", email).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: "New Person", is_admin: 1 });
      const audit = await runRoute(() => auditLoader({ request: getRequest("/admin/audit", { cookie }), params: {}, context: {} }));
      const entries = (audit.body as { entries: Array<{ action: string; actorName: string | null; details: { email?: string } }> }).entries;
      expect(entries.find((entry) => entry.action === "user.create" && entry.details.email === email)?.actorName).toBe("Platform Admin");
    });
  });

  describe("/account", () => {
    it("requires sign-in", async () => {
      expect((await runRoute(() => accountLoader({ request: getRequest("/account"), params: {}, context: {} }))).status).toBe(302);
    });

    it("validates a password change with 400 by field", async () => {
      const user = await insertUser(db());
      const cookie = await signedInCookie(db(), user);
      const mismatch = await runRoute(() =>
        accountAction({
          request: formRequest("/account", { intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: "a-new-long-password", confirmPassword: "different-password" }, { cookie }),
          params: {},
          context: {},
        }),
      );
      expect(mismatch.status).toBe(400);
      expect(fieldErrors(mismatch.body)).toMatchObject({ confirmPassword: ["validation.passwordsDiffer"] });
      const wrong = await runRoute(() =>
        accountAction({
          request: formRequest("/account", { intent: "change-password", currentPassword: "wrong password!", newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" }, { cookie }),
          params: {},
          context: {},
        }),
      );
      expect(wrong.status).toBe(400);
      expect(fieldErrors(wrong.body)).toMatchObject({ currentPassword: ["account.currentPasswordWrong"] });
    });
  });

  describe("/events/:slug", () => {
    it("hides a private event from outsiders with 404 and shows it to its team", async () => {
      const { event, staff, otherOrganizer } = await eventWithTeam();
      const read = async (cookie?: string) =>
        runRoute(() => eventLoader({ request: getRequest(`/events/${event.slug}`, { cookie }), params: { slug: event.slug }, context: {} }));
      expect((await read()).status).toBe(404);
      expect((await read(await signedInCookie(db(), otherOrganizer))).status).toBe(404);
      expect((await read(await signedInCookie(db(), staff))).status).toBe(200);
    });
  });
});
