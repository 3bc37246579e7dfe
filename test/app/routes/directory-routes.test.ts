import { describe, expect, it } from "vitest";
import { createOrganization, createPerson } from "../../../app/models/person.server";
import { loader as rootLoader } from "../../../app/root";
import { loader as directoryLoader } from "../../../app/routes/directory._index";
import { action as editOrganizationAction, loader as organizationLoader } from "../../../app/routes/directory.organizations.$organizationId";
import { action as newOrganizationAction, loader as newOrganizationLoader } from "../../../app/routes/directory.organizations.new";
import { action as editPersonAction, loader as personLoader } from "../../../app/routes/directory.people.$personId";
import { action as newPersonAction, loader as newPersonLoader } from "../../../app/routes/directory.people.new";
import { describeEachEngine } from "../../support/engines";
import {
  addToAgenda,
  fieldErrors,
  formRequest,
  getRequest,
  giveRole,
  insertEvent,
  insertUser,
  runRoute,
  serveAppFrom,
  signedInCookie,
} from "../../support/app";

describeEachEngine("directory routes", ({ db }) => {
  serveAppFrom(db);

  async function countRows(table: "people" | "organizations") {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function organizerCookie() {
    const organizer = await insertUser(db());
    const event = await insertEvent(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    return { organizer, cookie: await signedInCookie(db(), organizer) };
  }

  async function anOrganization() {
    return (await createOrganization(db(), { nameEn: "Korea Customs Service", nameZh: "韓國海關", country: "KR", kind: "customs" }, null)).id;
  }

  async function aPerson(organizationId: number | null, email: string | null = null) {
    const created = await createPerson(db(), { name: "Kim Jai-il", titleEn: "Director", email, organizationId }, null);
    if (!created.ok) throw new Error(created.reason);
    return created.id;
  }

  /** Every loader and action of the directory, called as `user` (or anonymously). */
  async function everyRoute(cookie: string | undefined, ids: { personId: number; organizationId: number }) {
    const personPath = `/directory/people/${ids.personId}`;
    const organizationPath = `/directory/organizations/${ids.organizationId}`;
    const personParams = { personId: String(ids.personId) };
    const organizationParams = { organizationId: String(ids.organizationId) };
    const personFields = { name: "Intruder", email: `intruder-${ids.personId}@example.test` };
    const organizationFields = { nameEn: "Intruder Inc.", kind: "company" };
    return {
      "GET /directory": await runRoute(() => directoryLoader({ request: getRequest("/directory", { cookie }), params: {}, context: {} })),
      "GET /directory/people/new": await runRoute(() =>
        newPersonLoader({ request: getRequest("/directory/people/new", { cookie }), params: {}, context: {} }),
      ),
      "POST /directory/people/new": await runRoute(() =>
        newPersonAction({ request: formRequest("/directory/people/new", personFields, { cookie }), params: {}, context: {} }),
      ),
      "GET person": await runRoute(() => personLoader({ request: getRequest(personPath, { cookie }), params: personParams, context: {} })),
      "POST person": await runRoute(() =>
        editPersonAction({ request: formRequest(personPath, { name: "Intruder" }, { cookie }), params: personParams, context: {} }),
      ),
      "GET /directory/organizations/new": await runRoute(() =>
        newOrganizationLoader({ request: getRequest("/directory/organizations/new", { cookie }), params: {}, context: {} }),
      ),
      "POST /directory/organizations/new": await runRoute(() =>
        newOrganizationAction({ request: formRequest("/directory/organizations/new", organizationFields, { cookie }), params: {}, context: {} }),
      ),
      "GET organization": await runRoute(() =>
        organizationLoader({ request: getRequest(organizationPath, { cookie }), params: organizationParams, context: {} }),
      ),
      "POST organization": await runRoute(() =>
        editOrganizationAction({ request: formRequest(organizationPath, organizationFields, { cookie }), params: organizationParams, context: {} }),
      ),
    };
  }

  /** Whether every route answered `status`; the failure message names the ones that did not. */
  function expectEveryStatus(outcomes: Record<string, { status: number }>, status: number) {
    const actual = Object.fromEntries(Object.entries(outcomes).map(([route, outcome]) => [route, outcome.status]));
    expect(actual).toEqual(Object.fromEntries(Object.keys(outcomes).map((route) => [route, status])));
  }

  describe("who may use it", () => {
    it("sends anonymous visitors to sign in, and changes nothing", async () => {
      const organizationId = await anOrganization();
      const personId = await aPerson(organizationId);
      const [people, organizations] = [await countRows("people"), await countRows("organizations")];
      const outcomes = await everyRoute(undefined, { personId, organizationId });
      expectEveryStatus(outcomes, 302);
      for (const outcome of Object.values(outcomes)) expect(outcome.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fdirectory/);
      expect(outcomes["GET person"].headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/directory/people/${personId}`)}`);
      expect([await countRows("people"), await countRows("organizations")]).toEqual([people, organizations]);
    });

    it("refuses signed-in users who organize no event (staff included) with 403, and changes nothing", async () => {
      const organizationId = await anOrganization();
      const personId = await aPerson(organizationId);
      const staff = await insertUser(db());
      await giveRole(db(), staff.id, (await insertEvent(db())).id, "staff");
      const [people, organizations] = [await countRows("people"), await countRows("organizations")];
      for (const user of [await insertUser(db()), staff]) {
        const outcomes = await everyRoute(await signedInCookie(db(), user), { personId, organizationId });
        expectEveryStatus(outcomes, 403);
      }
      expect([await countRows("people"), await countRows("organizations")]).toEqual([people, organizations]);
      expect(await db().selectFrom("people").select("name").where("id", "=", personId).executeTakeFirstOrThrow()).toEqual({ name: "Kim Jai-il" });
    });

    it("lets an organizer of any event and a platform admin in", async () => {
      const { cookie } = await organizerCookie();
      const admin = await insertUser(db(), { isAdmin: true });
      for (const userCookie of [cookie, await signedInCookie(db(), admin)]) {
        const organizationId = await anOrganization();
        const personId = await aPerson(organizationId);
        const outcomes = await everyRoute(userCookie, { personId, organizationId });
        expectEveryStatus(outcomes, 200);
      }
    });
  });

  describe("/directory", () => {
    it("searches people and organizations, and ignores filters that do not parse", async () => {
      const { cookie } = await organizerCookie();
      const organizationId = (await createOrganization(db(), { nameEn: "Directorate General of Customs", nameZh: "財政部關稅總局", country: "TW", kind: "customs" }, null)).id;
      const created = await createPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", organizationId }, null);
      if (!created.ok) throw new Error(created.reason);
      const search = async (query: string) => {
        const outcome = await runRoute(() => directoryLoader({ request: getRequest(`/directory?${query}`, { cookie }), params: {}, context: {} }));
        expect(outcome.status).toBe(200);
        return outcome.body as {
          people: { people: Array<{ id: number }> };
          organizations: { organizations: Array<{ id: number }> };
          filters: Record<string, string | undefined>;
        };
      };
      const byName = await search(new URLSearchParams({ q: "溫武彥" }).toString());
      expect(byName.people.people.map((person) => person.id)).toEqual([created.id]);
      const byOrganization = await search(new URLSearchParams({ q: "財政部關稅總局", kind: "customs", country: "tw" }).toString());
      expect(byOrganization.organizations.organizations.map((organization) => organization.id)).toEqual([organizationId]);
      expect(byOrganization.people.people.map((person) => person.id)).toEqual([created.id]);
      const otherKind = await search(new URLSearchParams({ q: "財政部關稅總局", kind: "company" }).toString());
      expect(otherKind.organizations.organizations).toEqual([]);
      expect(otherKind.people.people).toEqual([]);
      const junk = await search(new URLSearchParams({ q: "溫武彥", kind: "pirate", country: "Taiwan" }).toString());
      expect(junk.filters).toEqual({ q: "溫武彥" });
      expect(junk.people.people.map((person) => person.id)).toEqual([created.id]);
    });
  });

  describe("/directory/people/new", () => {
    it("answers 400 with a message per field and stores nothing", async () => {
      const { cookie } = await organizerCookie();
      const before = await countRows("people");
      const post = (fields: Record<string, string>) =>
        runRoute(() => newPersonAction({ request: formRequest("/directory/people/new", fields, { cookie }), params: {}, context: {} }));

      const bad = await post({ name: "   ", email: "not-an-email", titleEn: "x".repeat(301), organizationId: "abc" });
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toMatchObject({
        name: ["validation.required"],
        email: ["validation.email"],
        titleEn: ["validation.tooLong"],
        organizationId: ["directory:validation.organizationUnknown"],
      });
      const missingOrganization = await post({ name: "Lost Person", organizationId: "999999" });
      expect(missingOrganization.status).toBe(400);
      expect(fieldErrors(missingOrganization.body)).toMatchObject({ organizationId: ["directory:validation.organizationUnknown"] });
      expect(await countRows("people")).toBe(before);
    });

    // The holder is on no agenda yet, so every organizer sees their entry and email: the refusal may say so.
    it("refuses an email a person the organizer can see holds, in another letter case, with a link to them", async () => {
      const { cookie } = await organizerCookie();
      const holder = await aPerson(null, "kim.jaiil@customs.example");
      const before = await countRows("people");
      const outcome = await runRoute(() =>
        newPersonAction({
          request: formRequest("/directory/people/new", { name: "Someone Else", email: "KIM.JaiIl@Customs.Example" }, { cookie }),
          params: {},
          context: {},
        }),
      );
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toMatchObject({ email: ["directory:person.emailTaken"] });
      expect(outcome.body).toMatchObject({ created: null, emailTakenBy: { id: holder, name: "Kim Jai-il" } });
      expect(await countRows("people")).toBe(before);
    });

    it("adds a person, stores hostile text as typed, and says so", async () => {
      const { organizer, cookie } = await organizerCookie();
      const organizationId = await anOrganization();
      const outcome = await runRoute(() =>
        newPersonAction({
          request: formRequest(
            "/directory/people/new",
            { name: "<script>alert(1)</script>", nameNative: "李喆勛", email: " Lee.Hunny@Customs.Example ", organizationId: String(organizationId) },
            { cookie },
          ),
          params: {},
          context: {},
        }),
      );
      expect(outcome.status).toBe(200);
      const created = (outcome.body as { created: { id: number; name: string } }).created;
      expect(created.name).toBe("<script>alert(1)</script>");
      const row = await db().selectFrom("people").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: "<script>alert(1)</script>", name_native: "李喆勛", email: "lee.hunny@customs.example", organization_id: organizationId });
      const audit = await db().selectFrom("audit_log").select("actor_user_id").where("action", "=", "person.create").where("subject_id", "=", String(created.id)).execute();
      expect(audit).toEqual([{ actor_user_id: organizer.id }]);
    });
  });

  describe("/directory/people/:personId", () => {
    it("answers 404 for an unknown or malformed id", async () => {
      const { cookie } = await organizerCookie();
      for (const personId of ["999999", "abc", "1.5"]) {
        const read = await runRoute(() => personLoader({ request: getRequest(`/directory/people/${personId}`, { cookie }), params: { personId }, context: {} }));
        expect(read.status).toBe(404);
      }
      const write = await runRoute(() =>
        editPersonAction({ request: formRequest("/directory/people/999999", { name: "Nobody" }, { cookie }), params: { personId: "999999" }, context: {} }),
      );
      expect(write.status).toBe(404);
    });

    it("shows the person with their organization", async () => {
      const { cookie } = await organizerCookie();
      const organizationId = await anOrganization();
      const personId = await aPerson(organizationId);
      const outcome = await runRoute(() =>
        personLoader({ request: getRequest(`/directory/people/${personId}`, { cookie }), params: { personId: String(personId) }, context: {} }),
      );
      expect(outcome.body).toMatchObject({
        person: { id: personId, name: "Kim Jai-il", organization: { id: organizationId, name_en: "Korea Customs Service" } },
        organizations: expect.arrayContaining([expect.objectContaining({ id: organizationId })]),
      });
    });

    it("answers 400 by field and changes nothing on bad input or another person's email", async () => {
      const { cookie } = await organizerCookie();
      const holder = await aPerson(null, "taken@customs.example");
      const personId = await aPerson(null, "mine@customs.example");
      const post = (fields: Record<string, string>) =>
        runRoute(() =>
          editPersonAction({ request: formRequest(`/directory/people/${personId}`, fields, { cookie }), params: { personId: String(personId) }, context: {} }),
        );
      const bad = await post({ name: "", email: "@", organizationId: "999999" });
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toMatchObject({ name: ["validation.required"], email: ["validation.email"] });
      const taken = await post({ name: "Renamed", email: "TAKEN@customs.example" });
      expect(taken.status).toBe(400);
      expect(fieldErrors(taken.body)).toMatchObject({ email: ["directory:person.emailTaken"] });
      expect(taken.body).toMatchObject({ saved: false, emailTakenBy: { id: holder, name: "Kim Jai-il" } });
      const missingOrganization = await post({ name: "Renamed", organizationId: "999999" });
      expect(missingOrganization.status).toBe(400);
      expect(fieldErrors(missingOrganization.body)).toMatchObject({ organizationId: ["directory:validation.organizationUnknown"] });
      const row = await db().selectFrom("people").select(["name", "email", "organization_id"]).where("id", "=", personId).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: "Kim Jai-il", email: "mine@customs.example", organization_id: null });
    });

    it("saves changes, clears emptied fields and says so", async () => {
      const { cookie } = await organizerCookie();
      const organizationId = await anOrganization();
      const personId = await aPerson(organizationId, "kim@customs.example");
      const outcome = await runRoute(() =>
        editPersonAction({
          request: formRequest(`/directory/people/${personId}`, { name: "Kim Jai-il", titleZh: "稽核政策科科長", email: "", organizationId: "" }, { cookie }),
          params: { personId: String(personId) },
          context: {},
        }),
      );
      expect(outcome.status).toBe(200);
      expect(outcome.body).toMatchObject({ saved: true });
      const row = await db().selectFrom("people").select(["title_en", "title_zh", "email", "organization_id"]).where("id", "=", personId).executeTakeFirstOrThrow();
      expect(row).toEqual({ title_en: null, title_zh: "稽核政策科科長", email: null, organization_id: null });
    });
  });

  describe("/directory/organizations/new", () => {
    it("answers 400 with a message per field and stores nothing", async () => {
      const { cookie } = await organizerCookie();
      const before = await countRows("organizations");
      const post = (fields: Record<string, string>) =>
        runRoute(() => newOrganizationAction({ request: formRequest("/directory/organizations/new", fields, { cookie }), params: {}, context: {} }));

      const badFields = await post({ nameEn: "Korea Customs Service", country: "KOR", kind: "pirates" });
      expect(badFields.status).toBe(400);
      expect(fieldErrors(badFields.body)).toMatchObject({ country: ["directory:validation.country"], kind: ["validation.invalidChoice"] });
      const noKind = await post({ nameEn: "Korea Customs Service", country: "K1" });
      expect(noKind.status).toBe(400);
      expect(fieldErrors(noKind.body)).toMatchObject({ country: ["directory:validation.country"], kind: ["validation.required"] });
      const noName = await post({ nameEn: "  ", nameZh: "", country: "KR", kind: "customs" });
      expect(noName.status).toBe(400);
      expect(fieldErrors(noName.body)).toMatchObject({ nameEn: ["directory:validation.nameRequired"] });
      expect(await countRows("organizations")).toBe(before);
    });

    it("adds an organization with an upper-case country, or none for an international body", async () => {
      const { cookie } = await organizerCookie();
      const post = (fields: Record<string, string>) =>
        runRoute(() => newOrganizationAction({ request: formRequest("/directory/organizations/new", fields, { cookie }), params: {}, context: {} }));
      const national = await post({ nameZh: "財政部關稅總局", country: "tw", kind: "customs" });
      expect(national.status).toBe(200);
      const created = (national.body as { created: { id: number; nameZh: string } }).created;
      expect(created.nameZh).toBe("財政部關稅總局");
      expect(await db().selectFrom("organizations").select(["name_en", "country"]).where("id", "=", created.id).executeTakeFirstOrThrow()).toEqual({
        name_en: null,
        country: "TW",
      });
      const international = await post({ nameEn: "World Customs Organization", country: "", kind: "international" });
      const internationalId = (international.body as { created: { id: number } }).created.id;
      expect((await db().selectFrom("organizations").select("country").where("id", "=", internationalId).executeTakeFirstOrThrow()).country).toBeNull();
    });
  });

  describe("/directory/organizations/:organizationId", () => {
    it("answers 404 for an unknown organization", async () => {
      const { cookie } = await organizerCookie();
      const read = await runRoute(() =>
        organizationLoader({ request: getRequest("/directory/organizations/999999", { cookie }), params: { organizationId: "999999" }, context: {} }),
      );
      expect(read.status).toBe(404);
      const write = await runRoute(() =>
        editOrganizationAction({
          request: formRequest("/directory/organizations/999999", { nameEn: "Ghost", kind: "company" }, { cookie }),
          params: { organizationId: "999999" },
          context: {},
        }),
      );
      expect(write.status).toBe(404);
    });

    it("shows the organization with its people", async () => {
      const { cookie } = await organizerCookie();
      const organizationId = await anOrganization();
      const personId = await aPerson(organizationId);
      const outcome = await runRoute(() =>
        organizationLoader({ request: getRequest(`/directory/organizations/${organizationId}`, { cookie }), params: { organizationId: String(organizationId) }, context: {} }),
      );
      expect(outcome.body).toMatchObject({
        organization: { id: organizationId, name_zh: "韓國海關", country: "KR" },
        members: { people: [{ id: personId, name: "Kim Jai-il" }], hasMore: false },
      });
    });

    it("answers 400 by field and changes nothing on bad input, and saves good input", async () => {
      const { cookie } = await organizerCookie();
      const organizationId = await anOrganization();
      const post = (fields: Record<string, string>) =>
        runRoute(() =>
          editOrganizationAction({
            request: formRequest(`/directory/organizations/${organizationId}`, fields, { cookie }),
            params: { organizationId: String(organizationId) },
            context: {},
          }),
        );
      const bad = await post({ nameEn: "Renamed", country: "Korea", kind: "" });
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toMatchObject({ country: ["directory:validation.country"], kind: ["validation.required"] });
      const noName = await post({ country: "KR", kind: "customs" });
      expect(noName.status).toBe(400);
      expect(fieldErrors(noName.body)).toMatchObject({ nameEn: ["directory:validation.nameRequired"] });
      const unchanged = await db().selectFrom("organizations").select(["name_en", "name_zh", "country", "kind"]).where("id", "=", organizationId).executeTakeFirstOrThrow();
      expect(unchanged).toEqual({ name_en: "Korea Customs Service", name_zh: "韓國海關", country: "KR", kind: "customs" });

      const saved = await post({ nameEn: "Korea Customs Service", nameZh: "", country: "kr", kind: "government" });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ saved: true });
      const row = await db().selectFrom("organizations").select(["name_zh", "country", "kind"]).where("id", "=", organizationId).executeTakeFirstOrThrow();
      expect(row).toEqual({ name_zh: null, country: "KR", kind: "government" });
    });
  });
  describe("who sees emails and may edit", () => {
    /** A person with an email on the agenda of an event organized by `organizer`, and an organizer of another event. */
    async function speakerOfOneEvent() {
      const { organizer, cookie } = await organizerCookie();
      const event = await db().selectFrom("event_roles").select("event_id").where("user_id", "=", organizer.id).executeTakeFirstOrThrow();
      const organizationId = await anOrganization();
      const name = `Speaker ${organizer.id}`;
      const email = `speaker-${organizer.id}@customs.example`;
      const created = await createPerson(db(), { name, titleEn: "Director", email, organizationId }, null);
      if (!created.ok) throw new Error(created.reason);
      await addToAgenda(db(), event.event_id, created.id);
      const other = await organizerCookie();
      return { eventId: event.event_id, organizationId, personId: created.id, name, email, cookie, otherCookie: other.cookie };
    }

    const personPage = (personId: number, cookie: string) =>
      runRoute(() => personLoader({ request: getRequest(`/directory/people/${personId}`, { cookie }), params: { personId: String(personId) }, context: {} }));
    const savePerson = (personId: number, cookie: string, fields: Record<string, string>) =>
      runRoute(() =>
        editPersonAction({ request: formRequest(`/directory/people/${personId}`, fields, { cookie }), params: { personId: String(personId) }, context: {} }),
      );
    const organizationPage = (organizationId: number, cookie: string) =>
      runRoute(() =>
        organizationLoader({
          request: getRequest(`/directory/organizations/${organizationId}`, { cookie }),
          params: { organizationId: String(organizationId) },
          context: {},
        }),
      );
    const saveOrganization = (organizationId: number, cookie: string, fields: Record<string, string>) =>
      runRoute(() =>
        editOrganizationAction({
          request: formRequest(`/directory/organizations/${organizationId}`, fields, { cookie }),
          params: { organizationId: String(organizationId) },
          context: {},
        }),
      );
    const searchEmails = async (cookie: string, q: string) => {
      const outcome = await runRoute(() => directoryLoader({ request: getRequest(`/directory?${new URLSearchParams({ q })}`, { cookie }), params: {}, context: {} }));
      expect(outcome.status).toBe(200);
      return (outcome.body as { people: { people: Array<{ id: number; email: string | null }> } }).people.people.map((person) => [person.id, person.email]);
    };

    it("gives an organizer of another event the person's name but not their email, nor the edit form", async () => {
      const { personId, name, email, otherCookie } = await speakerOfOneEvent();
      expect(await searchEmails(otherCookie, name)).toEqual([[personId, null]]);
      expect(await searchEmails(otherCookie, email)).toEqual([]);
      const page = await personPage(personId, otherCookie);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ person: { id: personId, name, title_en: "Director", email: null, can_edit: false } });
      expect(JSON.stringify(page.body)).not.toContain(email);
    });

    it("shows the email to the organizer of the person's event and to a platform admin", async () => {
      const { personId, email, cookie } = await speakerOfOneEvent();
      const adminCookie = await signedInCookie(db(), await insertUser(db(), { isAdmin: true }));
      for (const userCookie of [cookie, adminCookie]) {
        expect(await searchEmails(userCookie, email)).toEqual([[personId, email]]);
        expect((await personPage(personId, userCookie)).body).toMatchObject({ person: { email, can_edit: true } });
      }
    });

    it("answers 403 to an organizer of another event saving the person, even with bad input, and changes nothing", async () => {
      const { personId, cookie, otherCookie } = await speakerOfOneEvent();
      const before = await db().selectFrom("people").selectAll().where("id", "=", personId).executeTakeFirstOrThrow();
      expect((await savePerson(personId, otherCookie, { name: "Intruder", email: "intruder@example.test" })).status).toBe(403);
      expect((await savePerson(personId, otherCookie, { name: "", email: "@" })).status).toBe(403);
      expect(await db().selectFrom("people").selectAll().where("id", "=", personId).executeTakeFirstOrThrow()).toEqual(before);

      const saved = await savePerson(personId, cookie, { name: before.name, titleEn: "Commissioner" });
      expect(saved.status).toBe(200);
      expect((await db().selectFrom("people").select("title_en").where("id", "=", personId).executeTakeFirstOrThrow()).title_en).toBe("Commissioner");
    });

    it("lets any organizer edit a person on no agenda yet", async () => {
      const personId = await aPerson(null, "fresh@customs.example");
      const { cookie } = await organizerCookie();
      expect((await personPage(personId, cookie)).body).toMatchObject({ person: { email: "fresh@customs.example", can_edit: true } });
      expect((await savePerson(personId, cookie, { name: "Kim Jai-il", titleEn: "Adviser" })).status).toBe(200);
      expect((await db().selectFrom("people").select("title_en").where("id", "=", personId).executeTakeFirstOrThrow()).title_en).toBe("Adviser");
    });

    it("answers 403 to an organizer of another event saving an organization an event uses, and changes nothing", async () => {
      const { eventId, organizationId, cookie, otherCookie } = await speakerOfOneEvent();
      const host = await anOrganization();
      await db().updateTable("events").set({ host_organization_id: host }).where("id", "=", eventId).execute();
      for (const id of [organizationId, host]) {
        const page = await organizationPage(id, otherCookie);
        expect(page.status).toBe(200);
        expect(page.body).toMatchObject({ organization: { id, can_edit: false } });
        const before = await db().selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        expect((await saveOrganization(id, otherCookie, { nameEn: "Intruder Inc.", kind: "company" })).status).toBe(403);
        expect((await saveOrganization(id, otherCookie, { nameEn: "", kind: "pirates" })).status).toBe(403);
        expect(await db().selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);

        expect((await organizationPage(id, cookie)).body).toMatchObject({ organization: { id, can_edit: true } });
        expect((await saveOrganization(id, cookie, { nameEn: "Korea Customs Service", country: "KR", kind: "government" })).status).toBe(200);
        expect((await db().selectFrom("organizations").select("kind").where("id", "=", id).executeTakeFirstOrThrow()).kind).toBe("government");
      }
      // Its members are listed for everyone, their emails only where allowed.
      const members = (await organizationPage(organizationId, otherCookie)).body as { members: { people: Array<{ email: string | null }> } };
      expect(members.members.people.map((person) => person.email)).toEqual([null]);
    });

    it("lets any organizer edit an organization no event uses yet", async () => {
      const organizationId = await anOrganization();
      await aPerson(organizationId);
      const { cookie } = await organizerCookie();
      expect((await saveOrganization(organizationId, cookie, { nameEn: "Korea Customs Service", kind: "government" })).status).toBe(200);
      expect((await db().selectFrom("organizations").select("kind").where("id", "=", organizationId).executeTakeFirstOrThrow()).kind).toBe("government");
    });

    /**
     * Organizer B's private event with a guest (email and organization of their own); organizer A,
     * signed in as `cookie`, with an event of their own (`ownEventId`).
     */
    async function guestOfPrivateEvent() {
      const { organizer, cookie } = await organizerCookie();
      const own = await db().selectFrom("event_roles").select("event_id").where("user_id", "=", organizer.id).executeTakeFirstOrThrow();
      const other = await insertUser(db());
      const privateEvent = await insertEvent(db(), { visibility: "private" });
      await giveRole(db(), other.id, privateEvent.id, "organizer");
      const organizationId = (await createOrganization(db(), { nameEn: `Guest Agency ${other.id}`, kind: "government" }, null)).id;
      const name = `Private Guest ${other.id}`;
      const email = `guest-${other.id}@private.example`;
      const created = await createPerson(db(), { name, titleEn: "Director", email, organizationId }, null);
      if (!created.ok) throw new Error(created.reason);
      await addToAgenda(db(), privateEvent.id, created.id);
      return { ownEventId: own.event_id, cookie, otherCookie: await signedInCookie(db(), other), personId: created.id, organizationId, name, email };
    }

    const addPerson = (cookie: string, fields: Record<string, string>) =>
      runRoute(() => newPersonAction({ request: formRequest("/directory/people/new", fields, { cookie }), params: {}, context: {} }));
    const holdersOf = async (email: string) =>
      (await db().selectFrom("people").select("id").where("email", "=", email).orderBy("id").execute()).map((row) => row.id);

    it("gives an organizer nothing over a guest of another organizer's private event whom they add to their own session", async () => {
      const guest = await guestOfPrivateEvent();
      expect((await personPage(guest.personId, guest.otherCookie)).body).toMatchObject({ person: { email: guest.email, can_edit: true } });
      // The session form's people picker lists every name in the directory.
      await addToAgenda(db(), guest.ownEventId, guest.personId);

      const page = await personPage(guest.personId, guest.cookie);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ person: { id: guest.personId, name: guest.name, email: null, can_edit: false }, organizations: [] });
      expect(JSON.stringify(page.body)).not.toContain(guest.email);
      expect(await searchEmails(guest.cookie, guest.name)).toEqual([[guest.personId, null]]);
      expect(await searchEmails(guest.cookie, guest.email)).toEqual([]);
      const search = await runRoute(() =>
        directoryLoader({ request: getRequest(`/directory?${new URLSearchParams({ q: guest.name })}`, { cookie: guest.cookie }), params: {}, context: {} }),
      );
      expect(JSON.stringify(search.body)).not.toContain(guest.email);
      const organization = await organizationPage(guest.organizationId, guest.cookie);
      expect(organization.body).toMatchObject({
        organization: { id: guest.organizationId, can_edit: false },
        members: { people: [{ id: guest.personId, email: null }] },
      });
      expect(JSON.stringify(organization.body)).not.toContain(guest.email);

      const personBefore = await db().selectFrom("people").selectAll().where("id", "=", guest.personId).executeTakeFirstOrThrow();
      const organizationBefore = await db().selectFrom("organizations").selectAll().where("id", "=", guest.organizationId).executeTakeFirstOrThrow();
      const attempts: Array<Record<string, string>> = [
        { name: "Intruder", email: "intruder@example.test" },
        { name: guest.name, email: guest.email, titleEn: "Adviser" },
      ];
      for (const fields of attempts) {
        const refused = await savePerson(guest.personId, guest.cookie, fields);
        expect(refused.status).toBe(403);
        expect(JSON.stringify(refused.body)).not.toContain(guest.email);
      }
      expect((await saveOrganization(guest.organizationId, guest.cookie, { nameEn: "Intruder Inc.", kind: "company" })).status).toBe(403);
      expect(await db().selectFrom("people").selectAll().where("id", "=", guest.personId).executeTakeFirstOrThrow()).toEqual(personBefore);
      expect(await db().selectFrom("organizations").selectAll().where("id", "=", guest.organizationId).executeTakeFirstOrThrow()).toEqual(organizationBefore);

      // The entry is now in two organizers' events: neither alone manages it, an admin does.
      expect((await personPage(guest.personId, guest.otherCookie)).body).toMatchObject({ person: { email: null, can_edit: false } });
      const adminCookie = await signedInCookie(db(), await insertUser(db(), { isAdmin: true }));
      expect((await personPage(guest.personId, adminCookie)).body).toMatchObject({ person: { email: guest.email, can_edit: true } });
    });

    it("accepts an email held only by an entry hidden from the organizer, answering exactly as for an unused one", async () => {
      const guest = await guestOfPrivateEvent();
      const before = await countRows("people");
      const accepted = await addPerson(guest.cookie, { name: "Newcomer", email: ` ${guest.email.toUpperCase()} ` });
      const unused = await addPerson(guest.cookie, { name: "Newcomer", email: `unused-${guest.personId}@example.test` });
      expect([accepted.status, unused.status]).toEqual([200, 200]);
      const body = accepted.body as { result: unknown; created: { id: number; name: string }; emailTakenBy: unknown };
      const unusedBody = unused.body as typeof body;
      expect(body).toEqual({ ...unusedBody, created: { id: body.created.id, name: "Newcomer" } });
      expect(body.emailTakenBy).toBeNull();
      const text = JSON.stringify(body);
      for (const secret of [guest.name, guest.email, `"id":${guest.personId}`, "person.emailTaken"]) expect(text).not.toContain(secret);
      expect(await countRows("people")).toBe(before + 2);
      expect(await holdersOf(guest.email)).toEqual([guest.personId, body.created.id]);

      // The same when an entry the organizer manages is given such an address (another guest's:
      // the newcomer now holds this one, and the organizer sees the newcomer).
      const other = await guestOfPrivateEvent();
      const own = await aPerson(null, `own-${other.personId}@customs.example`);
      const saved = await savePerson(own, other.cookie, { name: "Kim Jai-il", email: other.email.toUpperCase() });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ saved: true, emailTakenBy: null });
      for (const secret of [other.name, `"id":${other.personId}`, "person.emailTaken"]) expect(JSON.stringify(saved.body)).not.toContain(secret);
      expect(await holdersOf(other.email)).toEqual([other.personId, own]);
    });

    it("refuses a duplicate of an entry the organizer can see with a field message and a link to that entry only, storing nothing", async () => {
      const guest = await guestOfPrivateEvent();
      // The organizer's own speaker, visible to them, shares the address with the hidden guest.
      const copy = await addPerson(guest.cookie, { name: "Visible Copy", email: guest.email });
      const copyId = (copy.body as { created: { id: number } }).created.id;
      await addToAgenda(db(), guest.ownEventId, copyId);
      const mine = await aPerson(null, `mine-${guest.personId}@customs.example`);
      const [people, rowBefore] = [await countRows("people"), await db().selectFrom("people").selectAll().where("id", "=", mine).executeTakeFirstOrThrow()];

      const refusals = [
        await addPerson(guest.cookie, { name: "Third", email: guest.email.toUpperCase() }),
        await savePerson(mine, guest.cookie, { name: "Renamed", email: guest.email }),
      ];
      for (const refused of refusals) {
        expect(refused.status).toBe(400);
        expect(fieldErrors(refused.body)).toEqual({ email: ["directory:person.emailTaken"] });
        expect(refused.body).toMatchObject({ emailTakenBy: { id: copyId, name: "Visible Copy" } });
        expect(JSON.stringify(refused.body)).not.toContain(guest.name);
        expect(JSON.stringify(refused.body)).not.toContain(`"id":${guest.personId}`);
      }
      expect(await countRows("people")).toBe(people);
      expect(await db().selectFrom("people").selectAll().where("id", "=", mine).executeTakeFirstOrThrow()).toEqual(rowBefore);
    });
  });

  describe("the header's Directory link", () => {
    it("is offered to platform admins and organizers of some event only", async () => {
      const flag = async (cookie: string | undefined) => {
        const outcome = await runRoute(() => rootLoader({ request: getRequest("/", { cookie }), params: {}, context: {} }));
        expect(outcome.status).toBe(200);
        return (outcome.body as { canUseDirectory: boolean }).canUseDirectory;
      };
      const staff = await insertUser(db());
      await giveRole(db(), staff.id, (await insertEvent(db())).id, "staff");
      const { cookie: organizer } = await organizerCookie();
      expect(await flag(undefined)).toBe(false);
      expect(await flag(await signedInCookie(db(), await insertUser(db())))).toBe(false);
      expect(await flag(await signedInCookie(db(), staff))).toBe(false);
      expect(await flag(organizer)).toBe(true);
      expect(await flag(await signedInCookie(db(), await insertUser(db(), { isAdmin: true })))).toBe(true);
    });
  });
});
