import { describe, expect, it } from "vitest";
import { formatBadgeCode } from "../../../lib/badge-code";
import { listCategories, saveCategory } from "../../../app/models/registration.server";
import DelegationsPage, { loader as listLoader } from "../../../app/routes/events.$slug.delegations._index";
import DelegationPage, { loader as detailLoader } from "../../../app/routes/events.$slug.delegations.$key";
import MembersPage, { action as membersAction, loader as membersLoader } from "../../../app/routes/events.$slug.delegations.$key_.members";
import ManageDelegationsPage, { action as manageAction, loader as manageLoader } from "../../../app/routes/events.$slug.manage.delegations";
import type { EventVisibility } from "../../../db/schema";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, runRoute, serveAppFrom, signedInCookie, type RouteOutcome } from "../../support/app";
import { insertDelegationWorld, register, VIEWER_ROLES, type DelegationWorld, type ViewerRole } from "../../support/delegations";
import { renderRoutePage } from "../../support/render-page";

const VISIBILITIES = ["public", "unlisted", "private"] as const satisfies readonly EventVisibility[];

/** Roles who may read a private event: its team and the people in its delegations. */
const READS_PRIVATE: readonly ViewerRole[] = ["otherMember", "sameMember", "head", "staff", "organizer"];

describeEachEngine("delegation routes", ({ db }) => {
  serveAppFrom(db);

  async function cookieOf(world: DelegationWorld, role: ViewerRole) {
    const user = world.users[role];
    return user ? signedInCookie(db(), user) : undefined;
  }

  async function countRows(table: "delegations" | "delegation_members" | "people" | "registrations") {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;

  function get(loader: Handler, path: string, params: Record<string, string>, cookie: string | undefined) {
    return runRoute(() => loader({ request: getRequest(path, { cookie }), params, context: {} }));
  }

  function post(action: Handler, path: string, params: Record<string, string>, fields: Record<string, string>, cookie: string | undefined) {
    return runRoute(() => action({ request: formRequest(path, fields, { cookie }), params, context: {} }));
  }

  function emailsIn(outcome: RouteOutcome | string, world: DelegationWorld) {
    const text = typeof outcome === "string" ? outcome : JSON.stringify(outcome.body);
    return Object.entries(world.emails)
      .filter(([, email]) => text.includes(email))
      .map(([name]) => name)
      .sort();
  }

  describe("the pages, as each role, on each kind of event", () => {
    for (const visibility of VISIBILITIES) {
      it(`list and detail of a ${visibility} event`, async () => {
        const world = await insertDelegationWorld(db(), visibility);
        const slug = world.event.slug;
        for (const role of VIEWER_ROLES) {
          const cookie = await cookieOf(world, role);
          const readsEvent = visibility !== "private" || READS_PRIVATE.includes(role);
          const seesDelegations = visibility === "public" || READS_PRIVATE.includes(role);
          const list = await get(listLoader, `/events/${slug}/delegations`, { slug }, cookie);
          const tw = await get(detailLoader, `/events/${slug}/delegations/taiwan`, { slug, key: "taiwan" }, cookie);
          const label = `${role} on ${visibility}`;
          if (!readsEvent) {
            expect([list.status, tw.status], label).toEqual([404, 404]);
            expect(emailsIn(list, world).concat(emailsIn(tw, world)), label).toEqual([]);
            continue;
          }
          expect(list.status, label).toBe(200);
          const listBody = list.body as { delegations: Array<{ key: string }>; hidden: boolean };
          expect(listBody.delegations.map((row) => row.key).sort(), label).toEqual(seesDelegations ? ["korea", "taiwan"] : []);
          expect(listBody.hidden, label).toBe(!seesDelegations);
          // The list never carries an email, whoever reads it.
          expect(emailsIn(list, world), label).toEqual([]);
          const listHtml = await renderRoutePage(DelegationsPage, { pattern: "/events/:slug/delegations", path: `/events/${slug}/delegations`, loaderData: list.body });
          if (seesDelegations) {
            expect(listHtml, label).toContain("Wen Wu-yen");
            expect(listHtml, label).toContain("Taiwan (TW)");
            expect(listHtml.indexOf("South Korea (KR)"), label).toBeLessThan(listHtml.indexOf("Taiwan (TW)"));
          } else {
            expect(listHtml, label).toContain("shown only to its organizers");
            expect(listHtml, label).not.toContain("Wen Wu-yen");
          }

          if (!seesDelegations) {
            expect(tw.status, label).toBe(404);
            continue;
          }
          expect(tw.status, label).toBe(200);
          const expectedEmails: Record<ViewerRole, string[]> = {
            anonymous: [],
            otherOrganizer: [],
            otherMember: [],
            staff: ["twContact"],
            sameMember: ["twContact", "twHead", "twMember"],
            head: ["twContact", "twHead", "twMember"],
            organizer: ["twContact", "twHead", "twMember"],
          };
          expect(emailsIn(tw, world), label).toEqual(expectedEmails[role]);
          const html = await renderRoutePage(DelegationPage, { pattern: "/events/:slug/delegations/:key", path: `/events/${slug}/delegations/taiwan`, loaderData: tw.body });
          expect(emailsIn(html, world), label).toEqual(expectedEmails[role]);
          expect(html, label).toContain("Wen Wu-yen");
          const members = (tw.body as { delegation: { members: Array<{ name: string }> } }).delegation.members.map((member) => member.name);
          expect(members, label).toEqual(["staff", "sameMember", "head", "organizer"].includes(role) ? ["Wen Wu-yen", "Chen Mei-ling"] : []);
          expect((tw.body as { mayManage: boolean }).mayManage, label).toBe(role === "head" || role === "organizer");
        }
        const missing = await get(detailLoader, `/events/${slug}/delegations/atlantis`, { slug, key: "atlantis" }, await cookieOf(world, "organizer"));
        expect(missing.status).toBe(404);
      });
    }

    it("lets only the head and organizers manage members, and only organizers manage delegations", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      const expected: Record<ViewerRole, { tw: number; kr: number; manage: number }> = {
        anonymous: { tw: 302, kr: 302, manage: 302 },
        otherMember: { tw: 403, kr: 200, manage: 403 },
        sameMember: { tw: 403, kr: 403, manage: 403 },
        head: { tw: 200, kr: 403, manage: 403 },
        staff: { tw: 403, kr: 403, manage: 403 },
        otherOrganizer: { tw: 403, kr: 403, manage: 403 },
        organizer: { tw: 200, kr: 200, manage: 200 },
      };
      const before = [await countRows("delegations"), await countRows("delegation_members")];
      for (const role of VIEWER_ROLES) {
        const cookie = await cookieOf(world, role);
        const statuses = {
          tw: (await get(membersLoader, `/events/${slug}/delegations/taiwan/members`, { slug, key: "taiwan" }, cookie)).status,
          kr: (await get(membersLoader, `/events/${slug}/delegations/korea/members`, { slug, key: "korea" }, cookie)).status,
          manage: (await get(manageLoader, `/events/${slug}/manage/delegations`, { slug }, cookie)).status,
        };
        expect(statuses, role).toEqual(expected[role]);
        if (role === "organizer" || role === "head") continue;
        // Their actions are refused the same way, and change nothing.
        const removal = await post(membersAction, `/events/${slug}/delegations/taiwan/members`, { slug, key: "taiwan" }, { intent: "remove", personId: String(world.people.twMember) }, cookie);
        expect(removal.status, role).toBe(expected[role].tw);
        const creation = await post(manageAction, `/events/${slug}/manage/delegations`, { slug }, { intent: "save", key: "intruders", nameEn: "Intruders" }, cookie);
        expect(creation.status, role).toBe(expected[role].manage);
      }
      expect([await countRows("delegations"), await countRows("delegation_members")]).toEqual(before);
      const members = await get(membersLoader, `/events/${slug}/delegations/taiwan/members`, { slug, key: "taiwan" }, await cookieOf(world, "head"));
      // A head sees their own delegation's emails, and the directory not at all.
      expect(emailsIn(members, world)).toEqual(["twContact", "twHead", "twMember"]);
      expect((members.body as { people: unknown[] }).people).toEqual([]);
      const membersHtml = await renderRoutePage(MembersPage, { pattern: "/events/:slug/delegations/:key/members", path: `/events/${slug}/delegations/taiwan/members`, loaderData: members.body, language: "zh-TW" });
      expect(membersHtml).toContain("新增人員至代表團");
      expect(membersHtml).toContain("Chen Mei-ling");
      const manage = await get(manageLoader, `/events/${slug}/manage/delegations`, { slug }, await cookieOf(world, "organizer"));
      const manageHtml = await renderRoutePage(ManageDelegationsPage, { pattern: "/events/:slug/manage/delegations", path: `/events/${slug}/manage/delegations`, loaderData: manage.body });
      expect(manageHtml).toContain('value="taiwan"');
      expect(manageHtml).toContain("Add the delegation");
    });

    it("answers 404 for the members page of a private event to those who may not read it", async () => {
      const world = await insertDelegationWorld(db(), "private");
      const slug = world.event.slug;
      for (const role of ["anonymous", "otherOrganizer"] as const) {
        const outcome = await get(membersLoader, `/events/${slug}/delegations/taiwan/members`, { slug, key: "taiwan" }, await cookieOf(world, role));
        expect(outcome.status, role).toBe(404);
        expect(emailsIn(outcome, world)).toEqual([]);
      }
    });
  });

  describe("managing delegations", () => {
    it("creates, edits and deletes a delegation", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      const cookie = await cookieOf(world, "organizer");
      const path = `/events/${slug}/manage/delegations`;
      const before = await countRows("delegations");
      const created = await post(manageAction, path, { slug }, { intent: "save", key: "Japan", nameEn: "Japan", nameZh: "日本", country: "jp", declaredSize: "8" }, cookie);
      expect(created.status).toBe(200);
      const listed = await get(manageLoader, path, { slug }, cookie);
      const japan = (listed.body as { delegations: Array<{ id: number; key: string; country: string; declared_size: number }> }).delegations.find((row) => row.key === "japan");
      expect(japan).toMatchObject({ country: "JP", declared_size: 8 });
      const edited = await post(manageAction, path, { slug }, { intent: "save", delegationId: String(japan?.id), key: "japan", nameEn: "Japan Customs", country: "EU" }, cookie);
      expect(edited.status).toBe(200);
      const taken = await post(manageAction, path, { slug }, { intent: "save", delegationId: String(japan?.id), key: "korea", nameEn: "Japan" }, cookie);
      expect(taken.status).toBe(400);
      expect(fieldErrors(taken.body)).toMatchObject({ key: ["delegations:errors.keyTaken"] });
      const deleted = await post(manageAction, path, { slug }, { intent: "delete", delegationId: String(japan?.id) }, cookie);
      expect(deleted.status).toBe(200);
      expect(await countRows("delegations")).toBe(before);
      const gone = await get(detailLoader, `/events/${slug}/delegations/japan`, { slug, key: "japan" }, cookie);
      expect(gone.status).toBe(404);
    });

    it("refuses bad input with 400 by the field and stores nothing", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      const cookie = await cookieOf(world, "organizer");
      const path = `/events/${slug}/manage/delegations`;
      const before = await countRows("delegations");
      const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
        [{ intent: "save", key: "ok-key" }, { nameEn: ["delegations:errors.nameRequired"] }],
        [{ intent: "save", key: "Not a slug!", nameEn: "X" }, { key: ["delegations:errors.keyFormat"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X", country: "XX" }, { country: ["delegations:errors.country"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X", declaredSize: "0" }, { declaredSize: ["delegations:errors.declaredSize"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X", contactEmail: "not-an-address" }, { contactEmail: ["validation.email"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X", contactPhone: "<script>" }, { contactPhone: ["delegations:errors.phone"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X".repeat(201) }, { nameEn: ["validation.tooLong"] }],
        [{ intent: "save", key: "ok-key", nameEn: "X", organizationId: "2000000000" }, { organizationId: ["delegations:errors.organizationNotFound"] }],
      ];
      for (const [fields, errors] of cases) {
        const outcome = await post(manageAction, path, { slug }, fields, cookie);
        expect(outcome.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
        expect(fieldErrors(outcome.body)).toMatchObject(errors);
      }
      // A 2 MB name never reaches the schema: the body is refused as a whole, with its message.
      const huge = await post(manageAction, path, { slug }, { intent: "save", key: "huge", nameEn: "名".repeat(700_000) }, cookie);
      expect(huge.status).toBe(413);
      expect(huge.body).toEqual({ message: "errors.bodyTooLarge" });
      expect(await countRows("delegations")).toBe(before);
    });

    it("refuses to delete a delegation whose members are registered", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      await register(db(), world.event.id, world.people.twMember);
      const outcome = await post(manageAction, `/events/${slug}/manage/delegations`, { slug }, { intent: "delete", delegationId: String(world.delegations.tw.id) }, await cookieOf(world, "organizer"));
      expect(outcome.status).toBe(400);
      expect((outcome.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["delegations:errors.membersRegistered"]);
      expect(await countRows("delegation_members")).toBeGreaterThan(0);
    });
  });

  describe("managing members", () => {
    it("lets a head add a new person and register them with the delegation's country and a category", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      await saveCategory(db(), { eventId: world.event.id, input: { nameEn: "Foreign customs administration", nameZh: null, public: false, position: 1 }, actorUserId: world.users.organizer!.id });
      const categoryId = (await listCategories(db(), world.event.id))[0].id;
      const cookie = await cookieOf(world, "head");
      const path = `/events/${slug}/delegations/taiwan/members`;
      const params = { slug, key: "taiwan" };

      const before = await countRows("people");
      const blank = await post(membersAction, path, params, { intent: "create", name: "", role: "member" }, cookie);
      expect(blank.status).toBe(400);
      expect(fieldErrors(blank.body)).toMatchObject({ name: ["validation.required"] });
      const directory = await post(membersAction, path, params, { intent: "add", personId: String(world.people.krHead), role: "member" }, cookie);
      expect(directory.status).toBe(403);
      expect(await countRows("people")).toBe(before);

      const created = await post(membersAction, path, params, { intent: "create", name: "Lin Hsiu-chen", nameNative: "林秀珍", email: "lin@customs.example.tw", role: "adviser" }, cookie);
      expect(created.status).toBe(200);
      const lin = await db().selectFrom("people").select("id").where("name", "=", "Lin Hsiu-chen").executeTakeFirstOrThrow();

      const wrongCategory = await post(membersAction, path, params, { intent: "register", personId: String(lin.id), categoryId: "2000000000" }, cookie);
      expect(wrongCategory.status).toBe(400);
      expect(fieldErrors(wrongCategory.body)).toMatchObject({ categoryId: ["delegations:errors.unknownCategory"] });
      const outsider = await post(membersAction, path, params, { intent: "register", personId: String(world.people.krHead), categoryId: String(categoryId) }, cookie);
      expect(outsider.status).toBe(400);
      expect((outsider.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["delegations:errors.memberNotFound"]);
      const registered = await post(membersAction, path, params, { intent: "register", personId: String(lin.id), categoryId: String(categoryId) }, cookie);
      expect(registered.status).toBe(200);
      expect(registered.body).toMatchObject({ notice: { key: "members.notices.registered", name: "Lin Hsiu-chen" } });
      const registration = await db()
        .selectFrom("registrations")
        .select(["source", "country", "category_id", "registered_by"])
        .where("event_id", "=", world.event.id)
        .where("person_id", "=", lin.id)
        .executeTakeFirstOrThrow();
      expect(registration).toEqual({ source: "delegation", country: "TW", category_id: categoryId, registered_by: world.users.head!.id });
      // The new member is mailed the confirmation with their badge code.
      const mailed = await db().selectFrom("outbox").select(["to_address", "text_body"]).where("to_address", "=", "lin@customs.example.tw").execute();
      expect(mailed).toHaveLength(1);
      const { badge_code } = await db().selectFrom("registrations").select("badge_code").where("person_id", "=", lin.id).executeTakeFirstOrThrow();
      expect(mailed[0].text_body).toContain(formatBadgeCode(badge_code));
      const refused = await db().selectFrom("registrations").select("id").where("person_id", "=", world.people.krHead).execute();
      expect(refused).toEqual([]);

      const page = await get(detailLoader, `/events/${slug}/delegations/taiwan`, params, cookie);
      const members = (page.body as { delegation: { members: Array<{ name: string; role: string; registration_status: string | null }> } }).delegation.members;
      expect(members.find((member) => member.name === "Lin Hsiu-chen")).toMatchObject({ role: "adviser", registration_status: "confirmed" });
      // Korea's head reads Taiwan's list without the new member's address.
      const korea = await get(detailLoader, `/events/${slug}/delegations/taiwan`, params, await cookieOf(world, "otherMember"));
      expect(JSON.stringify(korea.body)).not.toContain("lin@customs.example.tw");
    });

    it("keeps a head from giving up their own head role, and lets organizers change it", async () => {
      const world = await insertDelegationWorld(db(), "public");
      const slug = world.event.slug;
      const path = `/events/${slug}/delegations/taiwan/members`;
      const params = { slug, key: "taiwan" };
      const head = await cookieOf(world, "head");
      for (const fields of [
        { intent: "remove", personId: String(world.people.twHead) } as Record<string, string>,
        { intent: "role", personId: String(world.people.twHead), role: "member" },
      ]) {
        const outcome = await post(membersAction, path, params, fields, head);
        expect(outcome.status).toBe(400);
        expect((outcome.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["delegations:errors.cannotRemoveSelf"]);
      }
      const promote = await post(membersAction, path, params, { intent: "role", personId: String(world.people.twMember), role: "head" }, head);
      expect(promote.status).toBe(400);
      expect(fieldErrors(promote.body)).toMatchObject({ role: ["delegations:errors.headTaken"] });
      const organizer = await cookieOf(world, "organizer");
      expect((await post(membersAction, path, params, { intent: "role", personId: String(world.people.twHead), role: "member" }, organizer)).status).toBe(200);
      expect((await post(membersAction, path, params, { intent: "role", personId: String(world.people.twMember), role: "head" }, organizer)).status).toBe(200);
      const roles = await db().selectFrom("delegation_members").select(["person_id", "role"]).where("delegation_id", "=", world.delegations.tw.id).orderBy("person_id").execute();
      expect(roles).toEqual([
        { person_id: world.people.twHead, role: "member" },
        { person_id: world.people.twMember, role: "head" },
      ]);
    });

    it("lets an organizer add a person from the directory, and names the delegation a person is already in", async () => {
      const world = await insertDelegationWorld(db(), "private");
      const slug = world.event.slug;
      const cookie = await cookieOf(world, "organizer");
      const path = `/events/${slug}/delegations/taiwan/members`;
      const params = { slug, key: "taiwan" };
      const taken = await post(membersAction, path, params, { intent: "add", personId: String(world.people.krHead), role: "member" }, cookie);
      expect(taken.status).toBe(400);
      expect(fieldErrors(taken.body)).toMatchObject({ personId: ["delegations:errors.alreadyInNamedDelegation"] });
      expect(taken.body).toMatchObject({ conflict: { key: "korea", name_en: "Korea" } });
      const missing = await post(membersAction, path, params, { intent: "add", personId: "2000000000", role: "member" }, cookie);
      expect(fieldErrors(missing.body)).toMatchObject({ personId: ["delegations:errors.personNotFound"] });
      const bad = await post(membersAction, path, params, { intent: "add", personId: "abc", role: "chief" }, cookie);
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toMatchObject({ personId: ["validation.invalidChoice"], role: ["validation.invalidChoice"] });
      const newcomer = await db()
        .insertInto("people")
        .values({ name: "Newcomer", created_at: new Date().toISOString(), updated_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const added = await post(membersAction, path, params, { intent: "add", personId: String(newcomer.id), role: "liaison" }, cookie);
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ notice: { key: "members.notices.added", name: "Newcomer" } });
    });
  });
});
