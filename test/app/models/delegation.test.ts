import { beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  changeMemberRole,
  createDelegation,
  createMemberPerson,
  deleteDelegation,
  getDelegation,
  getDelegationStanding,
  listDelegations,
  removeMember,
  updateDelegation,
  type DelegationViewer,
} from "../../../app/models/delegation.server";
import type { EventVisibility } from "../../../db/schema";
import { describeEachEngine } from "../../support/engines";
import { insertEvent, insertUser } from "../../support/app";
import { insertDelegationWorld, insertOrganization, insertPerson, register, scopeOf, VIEWER_ROLES, type DelegationWorld, type ViewerRole } from "../../support/delegations";

const ORGANIZER: DelegationViewer = { kind: "organizer" };

/** What each role may see of the world's delegations: on a public event, and on an unlisted or private one. */
const EXPECTED: Record<ViewerRole, { listed: { public: boolean; hidden: boolean }; whole: "all" | "tw" | "kr" | "none"; emails: "all" | "tw" | "kr" | "none" }> = {
  anonymous: { listed: { public: true, hidden: false }, whole: "none", emails: "none" },
  otherOrganizer: { listed: { public: true, hidden: false }, whole: "none", emails: "none" },
  otherMember: { listed: { public: true, hidden: true }, whole: "kr", emails: "kr" },
  sameMember: { listed: { public: true, hidden: true }, whole: "tw", emails: "tw" },
  head: { listed: { public: true, hidden: true }, whole: "tw", emails: "tw" },
  staff: { listed: { public: true, hidden: true }, whole: "all", emails: "none" },
  organizer: { listed: { public: true, hidden: true }, whole: "all", emails: "all" },
};

describeEachEngine("delegations", ({ db }) => {
  async function countRows(table: "delegations" | "delegation_members" | "people") {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function aDelegation(eventId: number, key: string, actorUserId: number, overrides: Partial<Parameters<typeof createDelegation>[1]["input"]> = {}) {
    const created = await createDelegation(db(), {
      eventId,
      actorUserId,
      input: { key, nameEn: key, nameZh: null, country: null, organizationId: null, declaredSize: null, contactEmail: null, contactPhone: null, ...overrides },
    });
    if (!created.ok) throw new Error(created.problem);
    return created.id;
  }

  describe("who sees what", () => {
    for (const visibility of ["public", "unlisted", "private"] as const satisfies readonly EventVisibility[]) {
      describe(`on a ${visibility} event`, () => {
        let world: DelegationWorld;
        beforeAll(async () => {
          world = await insertDelegationWorld(db(), visibility);
        });

        for (const role of VIEWER_ROLES) {
          it(`shows ${role} what they may see, and no email they may not`, async () => {
            const expected = EXPECTED[role];
            const scope = await scopeOf(db(), world, role);
            const listedAtAll = visibility === "public" ? expected.listed.public : expected.listed.hidden;
            const list = await listDelegations(db(), world.event.id, scope);
            const tw = await getDelegation(db(), world.event.id, "taiwan", scope);
            const kr = await getDelegation(db(), world.event.id, "korea", scope);
            if (!listedAtAll) {
              expect(list).toEqual([]);
              expect(tw).toBeUndefined();
              expect(kr).toBeUndefined();
              return;
            }
            // Names, country, head and size, for everyone who may list them.
            expect(list.map((row) => [row.key, row.country, row.head_name, row.size])).toEqual([
              ["korea", "KR", "Kim Jai-il", 8],
              ["taiwan", "TW", "Wen Wu-yen", 2],
            ]);
            const whole = { tw: ["all", "tw"].includes(expected.whole), kr: ["all", "kr"].includes(expected.whole) };
            expect(tw?.seenWhole).toBe(whole.tw);
            expect(kr?.seenWhole).toBe(whole.kr);
            expect(tw?.members.map((member) => member.name)).toEqual(whole.tw ? ["Wen Wu-yen", "Chen Mei-ling"] : []);
            expect(tw?.contact_email).toBe(whole.tw ? world.emails.twContact : null);
            expect(tw?.contact_phone).toBe(whole.tw ? "+886 2 1234 5678" : null);
            expect(kr?.members.map((member) => member.name)).toEqual(whole.kr ? ["Kim Jai-il"] : []);

            const returned = JSON.stringify({ list, tw, kr });
            const emailsShown = { tw: ["all", "tw"].includes(expected.emails), kr: ["all", "kr"].includes(expected.emails) };
            for (const email of [world.emails.twHead, world.emails.twMember]) expect(returned.includes(email)).toBe(emailsShown.tw);
            expect(returned.includes(world.emails.krHead)).toBe(emailsShown.kr);
            if (!whole.tw) expect(returned).not.toContain(world.emails.twContact);
          });
        }
      });
    }

    it("sizes a delegation by its named members unless a size is declared", async () => {
      const organizer = await insertUser(db());
      const event = await insertEvent(db());
      const delegationId = await aDelegation(event.id, "canada", organizer.id);
      const target = { eventId: event.id, delegationId, actorUserId: organizer.id };
      const sizeOf = async () => (await getDelegation(db(), event.id, "canada", ORGANIZER))?.size;
      expect(await sizeOf()).toBe(0);
      for (const name of ["A", "B", "C"]) await addMember(db(), target, { personId: await insertPerson(db(), { name }), role: "member" }, ORGANIZER);
      expect(await sizeOf()).toBe(3);
      const update = await updateDelegation(db(), {
        ...target,
        input: { key: "canada", nameEn: "Canada", nameZh: null, country: "ca", organizationId: null, declaredSize: 7, contactEmail: null, contactPhone: null },
      });
      expect(update).toEqual({ ok: true, id: delegationId, key: "canada" });
      expect(await sizeOf()).toBe(7);
      expect((await getDelegation(db(), event.id, "canada", ORGANIZER))?.country).toBe("CA");
    });
  });

  describe("delegations", () => {
    it("keeps keys unique per event (lower-cased), refuses an organization that does not exist, and stores nothing then", async () => {
      const organizer = await insertUser(db());
      const event = await insertEvent(db());
      const other = await insertEvent(db());
      await aDelegation(event.id, "japan", organizer.id);
      const before = await countRows("delegations");
      const again = await createDelegation(db(), {
        eventId: event.id,
        actorUserId: organizer.id,
        input: { key: " JAPAN ", nameEn: "Japan", nameZh: null, country: "JP", organizationId: null, declaredSize: 8, contactEmail: null, contactPhone: null },
      });
      expect(again).toEqual({ ok: false, problem: "key_taken" });
      const missingOrganization = await createDelegation(db(), {
        eventId: event.id,
        actorUserId: organizer.id,
        input: { key: "eu", nameEn: "European Union", nameZh: null, country: "eu", organizationId: 2_000_000_000, declaredSize: null, contactEmail: null, contactPhone: null },
      });
      expect(missingOrganization).toEqual({ ok: false, problem: "organization_not_found" });
      expect(await countRows("delegations")).toBe(before);
      await aDelegation(other.id, "japan", organizer.id);
      expect(await countRows("delegations")).toBe(before + 1);
    });

    it("refuses to delete a delegation while a member is registered, and deletes it with its memberships otherwise", async () => {
      const organizer = await insertUser(db());
      const event = await insertEvent(db());
      const delegationId = await aDelegation(event.id, "mexico", organizer.id);
      const target = { eventId: event.id, delegationId, actorUserId: organizer.id };
      const personId = await insertPerson(db(), { name: "Delegate" });
      await addMember(db(), target, { personId, role: "head" }, ORGANIZER);
      await register(db(), event.id, personId);
      expect(await deleteDelegation(db(), target)).toEqual({ ok: false, problem: "members_registered" });
      await db().updateTable("registrations").set({ status: "cancelled" }).where("person_id", "=", personId).execute();
      expect(await deleteDelegation(db(), target)).toEqual({ ok: true });
      expect(await db().selectFrom("delegation_members").select("person_id").where("delegation_id", "=", delegationId).execute()).toEqual([]);
      expect(await deleteDelegation(db(), target)).toEqual({ ok: false, problem: "not_found" });
    });

    it("deletes only a delegation of the given event", async () => {
      const organizer = await insertUser(db());
      const event = await insertEvent(db());
      const other = await insertEvent(db());
      const delegationId = await aDelegation(other.id, "peru", organizer.id);
      expect(await deleteDelegation(db(), { eventId: event.id, delegationId, actorUserId: organizer.id })).toEqual({ ok: false, problem: "not_found" });
      expect(await getDelegation(db(), other.id, "peru", ORGANIZER)).toBeDefined();
    });
  });

  describe("members", () => {
    async function twoDelegations() {
      const organizer = await insertUser(db());
      const event = await insertEvent(db());
      const a = await aDelegation(event.id, "alpha", organizer.id, { nameEn: "Alpha" });
      const b = await aDelegation(event.id, "beta", organizer.id, { nameEn: "Beta" });
      const target = (delegationId: number) => ({ eventId: event.id, delegationId, actorUserId: organizer.id });
      return { organizer, event, a: target(a), b: target(b) };
    }

    it("puts a person in at most one delegation of an event, naming the other only to a viewer who may see it", async () => {
      const { a, b } = await twoDelegations();
      const personId = await insertPerson(db(), { name: "Only Once" });
      expect(await addMember(db(), a, { personId, role: "member" }, ORGANIZER)).toEqual({ ok: true });
      expect(await addMember(db(), b, { personId, role: "adviser" }, ORGANIZER)).toEqual({
        ok: false,
        problem: "already_in_a_delegation",
        delegation: { key: "alpha", name_en: "Alpha", name_zh: null },
      });
      expect(await addMember(db(), b, { personId, role: "member" }, { kind: "nobody" })).toEqual({ ok: false, problem: "already_in_a_delegation", delegation: null });
      expect(await addMember(db(), a, { personId, role: "liaison" }, ORGANIZER)).toMatchObject({ ok: false, problem: "already_in_a_delegation" });
      // In another event, the same person may join a delegation.
      const other = await twoDelegations();
      expect(await addMember(db(), other.a, { personId, role: "member" }, ORGANIZER)).toEqual({ ok: true });
    });

    it("lets exactly one of two simultaneous additions of a person to two delegations succeed", async () => {
      for (let round = 0; round < 5; round++) {
        const { a, b, event } = await twoDelegations();
        const personId = await insertPerson(db(), { name: `Racer ${round}` });
        const outcomes = await Promise.all([
          addMember(db(), a, { personId, role: "member" }, ORGANIZER),
          addMember(db(), b, { personId, role: "member" }, ORGANIZER),
        ]);
        expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
        expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([expect.objectContaining({ problem: "already_in_a_delegation" })]);
        const rows = await db().selectFrom("delegation_members").select("delegation_id").where("event_id", "=", event.id).where("person_id", "=", personId).execute();
        expect(rows).toHaveLength(1);
      }
    });

    it("keeps one head per delegation, when adding and when changing roles, under concurrency too", async () => {
      const { a } = await twoDelegations();
      const [first, second, third] = [await insertPerson(db(), { name: "First" }), await insertPerson(db(), { name: "Second" }), await insertPerson(db(), { name: "Third" })];
      const outcomes = await Promise.all([
        addMember(db(), a, { personId: first, role: "head" }, ORGANIZER),
        addMember(db(), a, { personId: second, role: "head" }, ORGANIZER),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.find((outcome) => !outcome.ok)).toEqual({ ok: false, problem: "head_taken" });
      await addMember(db(), a, { personId: third, role: "member" }, ORGANIZER);
      expect(await changeMemberRole(db(), a, { personId: third, role: "head", acting: null })).toEqual({ ok: false, problem: "head_taken" });
      const heads = await db().selectFrom("delegation_members").select("person_id").where("delegation_id", "=", a.delegationId).where("role", "=", "head").execute();
      expect(heads).toHaveLength(1);
    });

    it("lets a head change others but not give up their own head role; organizers may", async () => {
      const { a } = await twoDelegations();
      const head = await insertPerson(db(), { name: "Head" });
      const member = await insertPerson(db(), { name: "Member" });
      await addMember(db(), a, { personId: head, role: "head" }, ORGANIZER);
      await addMember(db(), a, { personId: member, role: "member" }, ORGANIZER);
      expect(await changeMemberRole(db(), a, { personId: member, role: "liaison", acting: head })).toEqual({ ok: true });
      expect(await changeMemberRole(db(), a, { personId: head, role: "member", acting: head })).toEqual({ ok: false, problem: "cannot_remove_self" });
      expect(await removeMember(db(), a, { personId: head, acting: head })).toEqual({ ok: false, problem: "cannot_remove_self" });
      expect(await changeMemberRole(db(), a, { personId: head, role: "head", acting: head })).toEqual({ ok: true });
      expect(await removeMember(db(), a, { personId: member, acting: head })).toEqual({ ok: true });
      expect(await removeMember(db(), a, { personId: member, acting: head })).toEqual({ ok: false, problem: "not_found" });
      expect(await changeMemberRole(db(), a, { personId: head, role: "adviser", acting: null })).toEqual({ ok: true });
      expect(await removeMember(db(), a, { personId: head, acting: null })).toEqual({ ok: true });
      expect(await getDelegation(db(), a.eventId, "alpha", ORGANIZER)).toMatchObject({ members: [], head_name: null });
    });

    it("answers a person that does not exist", async () => {
      const { a } = await twoDelegations();
      expect(await addMember(db(), a, { personId: 2_000_000_000, role: "member" }, ORGANIZER)).toEqual({ ok: false, problem: "person_not_found" });
    });

    it("lets a head enter a new person as a member, with the delegation's organizations only, storing nothing on a refusal", async () => {
      const { a, b } = await twoDelegations();
      const ownOrganization = await insertOrganization(db(), "Own Customs");
      const foreignOrganization = await insertOrganization(db(), "Someone Else's Customs");
      await db().updateTable("delegations").set({ organization_id: ownOrganization }).where("id", "=", a.delegationId).execute();
      const head = await insertPerson(db(), { name: "Head" });
      await addMember(db(), a, { personId: head, role: "head" }, ORGANIZER);
      const scope: DelegationViewer = { kind: "member", delegationId: a.delegationId };
      const person = { name: " Lin Hsiu-chen ", nameNative: "林秀珍", titleEn: "Officer", titleZh: null, email: "Lin@Example.TW", organizationId: ownOrganization };
      const [people, members] = [await countRows("people"), await countRows("delegation_members")];
      expect(await createMemberPerson(db(), a, { person: { ...person, organizationId: foreignOrganization }, role: "member" }, scope)).toEqual({
        ok: false,
        problem: "organization_not_found",
      });
      expect(await createMemberPerson(db(), a, { person, role: "head" }, scope)).toEqual({ ok: false, problem: "head_taken" });
      expect([await countRows("people"), await countRows("delegation_members")]).toEqual([people, members]);

      expect(await createMemberPerson(db(), a, { person, role: "adviser" }, scope)).toEqual({ ok: true });
      const details = await getDelegation(db(), a.eventId, "alpha", scope);
      expect(details?.members.map((member) => [member.name, member.name_native, member.role, member.email, member.organization_name_en])).toEqual([
        ["Head", null, "head", null, null],
        ["Lin Hsiu-chen", "林秀珍", "adviser", "lin@example.tw", "Own Customs"],
      ]);
      // The person they entered is in their delegation only.
      const other = await getDelegation(db(), b.eventId, "beta", ORGANIZER);
      expect(other?.members).toEqual([]);
    });

    it("tells a viewer their delegation and role", async () => {
      const { a } = await twoDelegations();
      const user = await insertUser(db());
      const personId = await insertPerson(db(), { name: "Account Holder" });
      expect(await getDelegationStanding(db(), a.eventId, user.id)).toEqual({ personId: null, delegation: null });
      await db().insertInto("person_accounts").values({ person_id: personId, user_id: user.id, linked_at: new Date().toISOString() }).execute();
      expect(await getDelegationStanding(db(), a.eventId, user.id)).toEqual({ personId, delegation: null });
      await addMember(db(), a, { personId, role: "liaison" }, ORGANIZER);
      expect(await getDelegationStanding(db(), a.eventId, user.id)).toEqual({ personId, delegation: { id: a.delegationId, key: "alpha", role: "liaison" } });
    });
  });
});
