import { randomBytes } from "node:crypto";
import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { migrations } from "../../../db/migrations/index";
import {
  createOrganization,
  createPerson,
  getOrganization,
  getOrganizationForViewer,
  getPerson,
  listPeopleForPicker,
  searchOrganizations,
  searchPeople,
  updateOrganization,
  updatePerson,
  type Viewer,
} from "../../../app/models/person.server";
import { isOrganizerOfAnyEvent } from "../../../app/models/event-team.server";
import { createTestDatabase, describeEachEngine, ENGINES, postgresEnabled } from "../../support/engines";
import { addToAgenda, giveRole, insertEvent, insertUser } from "../../support/app";

/** A word no other test uses, so searches in the shared suite database see only this test's rows. */
function uniqueWord(): string {
  return `zq${randomBytes(4).toString("hex")}`;
}

describeEachEngine("directory of people and organizations", ({ db }) => {
  let adminViewer: Viewer | undefined;
  /** A platform admin, who sees and may edit everything: for tests about storage rather than permission. */
  async function admin(): Promise<Viewer> {
    adminViewer ??= { userId: (await insertUser(db(), { isAdmin: true })).id, isAdmin: true };
    return adminViewer;
  }

  async function countRows(table: "people" | "organizations" | "audit_log") {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function auditEntries(action: string, subjectId: number) {
    return db()
      .selectFrom("audit_log")
      .select(["actor_user_id", "details"])
      .where("action", "=", action)
      .where("subject_id", "=", String(subjectId))
      .execute();
  }

  async function newOrganization(nameEn: string, extra: { nameZh?: string; country?: string; kind?: "customs" | "international" } = {}) {
    const created = await createOrganization(db(), { nameEn, nameZh: extra.nameZh, country: extra.country ?? "US", kind: extra.kind ?? "customs" }, null);
    return created.id;
  }

  async function newPerson(input: Parameters<typeof createPerson>[1]) {
    const created = await createPerson(db(), input, null);
    if (!created.ok) throw new Error(`could not create ${input.name}: ${created.reason}`);
    return created.id;
  }

  describe("organizations", () => {
    it("stores trimmed names, an upper-case country, null for blanks, and an audit entry", async () => {
      const actor = await insertUser(db());
      const created = await createOrganization(db(), { nameEn: "  Korea Customs Service ", nameZh: "  ", country: "kr", kind: "customs" }, actor.id);
      expect(created.ok).toBe(true);
      expect(await getOrganization(db(), created.id)).toMatchObject({
        name_en: "Korea Customs Service",
        name_zh: null,
        country: "KR",
        kind: "customs",
      });
      const audit = await auditEntries("organization.create", created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_user_id).toBe(actor.id);
    });

    it("stores no country for international bodies", async () => {
      const created = await createOrganization(db(), { nameEn: "World Customs Organization", country: "", kind: "international" }, null);
      expect((await getOrganization(db(), created.id))?.country).toBeNull();
    });

    it("updates an organization and records which columns changed", async () => {
      const id = await newOrganization("Directorate General of Customs", { country: "TW" });
      const result = await updateOrganization(db(), await admin(), id, { nameEn: "Directorate General of Customs", nameZh: "財政部關稅總局", country: "tw", kind: "customs" });
      expect(result).toEqual({ ok: true });
      expect((await getOrganization(db(), id))?.name_zh).toBe("財政部關稅總局");
      const audit = await auditEntries("organization.update", id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].details)).toEqual({ changed: ["name_zh"] });
    });

    it("answers not_found for an unknown organization and records nothing", async () => {
      const before = await countRows("audit_log");
      expect(await updateOrganization(db(), await admin(), 999_999, { nameEn: "Ghost", kind: "company" })).toEqual({ ok: false, reason: "not_found" });
      expect(await countRows("audit_log")).toBe(before);
      expect(await getOrganization(db(), 999_999)).toBeUndefined();
    });

    it("searches names case-insensitively and filters by kind and country", async () => {
      const word = uniqueWord();
      const customs = await newOrganization(`${word} Customs Service`, { nameZh: `${word}海關`, country: "KR" });
      const international = await newOrganization(`${word} Customs Organization`, { kind: "international", country: "" });
      await newPerson({ name: `${word} Officer`, organizationId: customs });

      const all = await searchOrganizations(db(), { query: `${word.toUpperCase()} CUSTOMS` });
      expect(all.organizations.map((row) => row.id)).toEqual([international, customs]);
      expect(all.organizations.find((row) => row.id === customs)?.people_count).toBe(1);
      expect(all.hasMore).toBe(false);
      expect((await searchOrganizations(db(), { query: `${word}海關` })).organizations.map((row) => row.id)).toEqual([customs]);
      expect((await searchOrganizations(db(), { query: word, kind: "international" })).organizations.map((row) => row.id)).toEqual([international]);
      expect((await searchOrganizations(db(), { query: word, country: "kr" })).organizations.map((row) => row.id)).toEqual([customs]);
    });
  });

  describe("people", () => {
    it("stores a trimmed, lower-cased email, the organization and an audit entry", async () => {
      const organizationId = await newOrganization("Directorate General of Customs", { nameZh: "財政部關稅總局", country: "TW" });
      const actor = await insertUser(db());
      const word = uniqueWord();
      const created = await createPerson(
        db(),
        {
          name: " Wen Wu-yen ",
          nameNative: "溫武彥",
          titleEn: "Section Officer",
          titleZh: "徵課處科員",
          email: `  Wen.${word}@Customs.Example `,
          organizationId,
        },
        { userId: actor.id, isAdmin: false },
      );
      if (!created.ok) throw new Error(created.reason);
      const person = await getPerson(db(), await admin(), created.id);
      expect(person).toMatchObject({
        name: "Wen Wu-yen",
        name_native: "溫武彥",
        title_en: "Section Officer",
        title_zh: "徵課處科員",
        email: `wen.${word}@customs.example`,
        organization: { id: organizationId, name_en: "Directorate General of Customs", name_zh: "財政部關稅總局", country: "TW", kind: "customs" },
      });
      const audit = await auditEntries("person.create", created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_user_id).toBe(actor.id);
    });

    it("keeps a person without organization or email", async () => {
      const id = await newPerson({ name: "Independent Expert", email: "  " });
      expect(await getPerson(db(), await admin(), id)).toMatchObject({ email: null, organization_id: null, organization: null });
      expect(await getPerson(db(), await admin(), 999_999)).toBeUndefined();
    });

    it("stores hostile text as it was typed", async () => {
      const id = await newPerson({ name: "<script>alert(1)</script>", titleEn: "=HYPERLINK(\"x\")" });
      expect(await getPerson(db(), await admin(), id)).toMatchObject({ name: "<script>alert(1)</script>", title_en: "=HYPERLINK(\"x\")" });
    });

    // Admins (and the system, acting for no one) see every entry, so every duplicate is one they see.
    it("refuses admins and the system an email another person holds in any letter case, names the holder, and stores nothing", async () => {
      const email = `dup.${uniqueWord()}@example.test`;
      const holder = await newPerson({ name: "First Holder", email });
      const [people, audit] = [await countRows("people"), await countRows("audit_log")];
      for (const actor of [null, await admin()]) {
        expect(await createPerson(db(), { name: "Second Holder", email: ` ${email.toUpperCase()} ` }, actor)).toEqual({
          ok: false,
          reason: "email_taken",
          holder: { id: holder, name: "First Holder" },
        });
      }
      expect(await countRows("people")).toBe(people);
      expect(await countRows("audit_log")).toBe(audit);
    });

    it("refuses an organization that does not exist, and stores nothing", async () => {
      const people = await countRows("people");
      expect(await createPerson(db(), { name: "Lost Person", organizationId: 999_999 }, null)).toEqual({ ok: false, reason: "organization_not_found" });
      expect(await countRows("people")).toBe(people);
    });

    it("updates a person, records the changed columns, and refuses another person's email", async () => {
      const word = uniqueWord();
      const taken = `taken.${word}@example.test`;
      const owner = await newPerson({ name: "Email Owner", email: taken });
      const id = await newPerson({ name: "Kim Jai-il", email: `kim.${word}@example.test` });

      const updated = await updatePerson(db(), await admin(), id, { name: "Kim Jai-il", titleEn: "Director", email: `KIM.${word}@example.test` });
      expect(updated).toEqual({ ok: true });
      expect((await getPerson(db(), await admin(), id))?.title_en).toBe("Director");
      const audit = await auditEntries("person.update", id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].details)).toEqual({ changed: ["title_en"] });

      const auditCount = await countRows("audit_log");
      expect(await updatePerson(db(), await admin(), id, { name: "Renamed", email: taken.toUpperCase() })).toEqual({
        ok: false,
        reason: "email_taken",
        holder: { id: owner, name: "Email Owner" },
      });
      expect(await getPerson(db(), await admin(), id)).toMatchObject({ name: "Kim Jai-il", email: `kim.${word}@example.test` });
      expect(await countRows("audit_log")).toBe(auditCount);
      expect(await updatePerson(db(), await admin(), id, { name: "Kim Jai-il", organizationId: 999_999 })).toEqual({ ok: false, reason: "organization_not_found" });
      expect(await updatePerson(db(), await admin(), 999_999, { name: "Nobody" })).toEqual({ ok: false, reason: "not_found" });
    });
  });

  describe("searchPeople", () => {
    it("matches name, native name, titles, email and organization names regardless of letter case", async () => {
      const word = uniqueWord();
      const cbp = await newOrganization(`${word} Customs and Border Protection`, { nameZh: `${word}美國海關暨邊境保護署` });
      const skinner = await newPerson({ name: `Bradd M. Skinner ${word}`, titleEn: "Director, C-TPAT", organizationId: cbp });
      const wen = await newPerson({ name: `Wen Wu-yen ${word}`, nameNative: "溫武彥", titleZh: "徵課處科員", email: `wen.${word}@customs.example` });
      const ids = async (query: string) => (await searchPeople(db(), await admin(), { query })).people.map((row) => row.id);

      expect(await ids(`SKINNER ${word}`)).toEqual([skinner]);
      expect(await ids(`skinner ${word.toUpperCase()}`)).toEqual([skinner]);
      expect(await ids(`溫 ${word}`)).toEqual([wen]);
      expect(await ids(`徵課處 ${word}`)).toEqual([wen]);
      expect(await ids(`c-tpat ${word}`)).toEqual([skinner]);
      expect(await ids(`WEN.${word.toUpperCase()}@CUSTOMS`)).toEqual([wen]);
      expect(await ids(`border ${word}`)).toEqual([skinner]);
      expect(await ids(`美國海關 ${word}`)).toEqual([skinner]);
      expect(await ids(word)).toEqual([skinner, wen]);
      expect(await ids(`nobody ${word}`)).toEqual([]);
    });

    it("takes %, _ and backslash in the query literally", async () => {
      const word = uniqueWord();
      const percent = await newPerson({ name: `${word} 100% Compliance` });
      const underscore = await newPerson({ name: `${word} a_b` });
      const backslash = await newPerson({ name: `${word} c\\d` });
      await newPerson({ name: `${word} 1000 Compliance` });
      await newPerson({ name: `${word} axb` });
      await newPerson({ name: `${word} cd` });
      const ids = async (query: string) => (await searchPeople(db(), await admin(), { query })).people.map((row) => row.id);

      expect(await ids(`${word} %`)).toEqual([percent]);
      expect(await ids(`${word} 100%`)).toEqual([percent]);
      expect(await ids(`${word} a_b`)).toEqual([underscore]);
      expect(await ids(`${word} _`)).toEqual([underscore]);
      expect(await ids(`${word} c\\d`)).toEqual([backslash]);
    });

    it("filters by organization, orders by name and reports when the list is cut short", async () => {
      const word = uniqueWord();
      const organizationId = await newOrganization(`${word} Korea Customs Service`, { country: "KR" });
      const jo = await newPerson({ name: "Jo Hong-Young", organizationId });
      const kim = await newPerson({ name: "kim Jai-il", organizationId });
      const lee = await newPerson({ name: "Lee Chul-hun", nameNative: "李喆勛", organizationId });
      await newPerson({ name: `${word} Elsewhere` });

      const inOrganization = await searchPeople(db(), await admin(), { organizationId });
      expect(inOrganization.people.map((row) => row.id)).toEqual([jo, kim, lee]);
      expect(inOrganization.people[0]).toMatchObject({ organization_name_en: `${word} Korea Customs Service` });
      expect((await searchPeople(db(), await admin(), { organizationId, query: "李" })).people.map((row) => row.id)).toEqual([lee]);

      const manyWord = uniqueWord();
      for (let i = 0; i < 101; i += 1) await newPerson({ name: `${manyWord} ${String(i).padStart(3, "0")}` });
      const many = await searchPeople(db(), await admin(), { query: manyWord });
      expect(many.people).toHaveLength(100);
      expect(many.hasMore).toBe(true);
      expect(many.people[0].name).toBe(`${manyWord} 000`);
    });
  });

  it("lists people for pickers with their organization's names", async () => {
    const word = uniqueWord();
    const organizationId = await newOrganization(`${word} Taichung Customs Office`, { nameZh: "臺中關稅局", country: "TW" });
    const id = await newPerson({ name: `${word} Chang Mei-fang`, nameNative: "張美芳", email: `chang.${word}@example.test`, organizationId });
    const entry = (await listPeopleForPicker(db())).find((row) => row.id === id);
    expect(entry).toEqual({
      id,
      name: `${word} Chang Mei-fang`,
      name_native: "張美芳",
      organization_name_en: `${word} Taichung Customs Office`,
      organization_name_zh: "臺中關稅局",
    });
  });

  describe("who sees an email and may edit", () => {
    /**
     * Two events with an organizer each (and a staff member on the first, who organizes nothing),
     * a person on the first event's agenda and a fresh person on no agenda, both with an email. The
     * second event is private.
     */
    async function twoEvents() {
      const word = uniqueWord();
      const [ours, theirs] = [await insertEvent(db()), await insertEvent(db(), { visibility: "private" })];
      const [organizer, otherOrganizer, staff] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
      await giveRole(db(), organizer.id, ours.id, "organizer");
      await giveRole(db(), otherOrganizer.id, theirs.id, "organizer");
      await giveRole(db(), staff.id, ours.id, "staff");
      const speaker = await newPerson({ name: `${word} Speaker`, email: `speaker.${word}@example.test` });
      await addToAgenda(db(), ours.id, speaker);
      const fresh = await newPerson({ name: `${word} Fresh`, email: `fresh.${word}@example.test` });
      const viewer = (user: { id: number }): Viewer => ({ userId: user.id, isAdmin: false });
      return {
        word,
        ours,
        theirs,
        speaker,
        fresh,
        organizer: viewer(organizer),
        otherOrganizer: viewer(otherOrganizer),
        staff: viewer(staff),
      };
    }

    it("selects a person's email only for admins, organizers of their event, and anyone while they are on no agenda", async () => {
      const { word, speaker, fresh, organizer, otherOrganizer, staff } = await twoEvents();
      const emails = async (viewer: Viewer) =>
        Object.fromEntries((await searchPeople(db(), viewer, { query: word })).people.map((row) => [row.id, row.email]));

      expect(await emails(organizer)).toEqual({ [speaker]: `speaker.${word}@example.test`, [fresh]: `fresh.${word}@example.test` });
      expect(await emails(await admin())).toEqual({ [speaker]: `speaker.${word}@example.test`, [fresh]: `fresh.${word}@example.test` });
      expect(await emails(otherOrganizer)).toEqual({ [speaker]: null, [fresh]: `fresh.${word}@example.test` });
      // Staff organize nothing: the directory is not theirs, and the query gives them no email at all.
      expect(await emails(staff)).toEqual({ [speaker]: null, [fresh]: null });

      expect(await getPerson(db(), organizer, speaker)).toMatchObject({ email: `speaker.${word}@example.test`, can_edit: true });
      expect(await getPerson(db(), await admin(), speaker)).toMatchObject({ email: `speaker.${word}@example.test`, can_edit: true });
      const hidden = await getPerson(db(), otherOrganizer, speaker);
      expect(hidden).toMatchObject({ name: `${word} Speaker`, email: null, can_edit: false });
      expect(await getPerson(db(), otherOrganizer, fresh)).toMatchObject({ email: `fresh.${word}@example.test`, can_edit: true });
    });

    it("does not find a person by an email the viewer may not see", async () => {
      const { word, speaker, organizer, otherOrganizer } = await twoEvents();
      const ids = async (viewer: Viewer) => (await searchPeople(db(), viewer, { query: `speaker.${word}@` })).people.map((row) => row.id);
      expect(await ids(organizer)).toEqual([speaker]);
      expect(await ids(otherOrganizer)).toEqual([]);
    });

    it("lets the organizer of a person's event edit them, refuses an organizer of another event, and changes nothing then", async () => {
      const { word, speaker, fresh, organizer, otherOrganizer } = await twoEvents();
      const before = await db().selectFrom("people").selectAll().where("id", "=", speaker).executeTakeFirstOrThrow();
      const audit = await countRows("audit_log");

      expect(await updatePerson(db(), otherOrganizer, speaker, { name: "Renamed", email: `taken.${word}@example.test` })).toEqual({
        ok: false,
        reason: "forbidden",
      });
      expect(await db().selectFrom("people").selectAll().where("id", "=", speaker).executeTakeFirstOrThrow()).toEqual(before);
      expect(await countRows("audit_log")).toBe(audit);
      // Refused before the unique email is checked: the answer says nothing about who holds an address.
      expect(await updatePerson(db(), otherOrganizer, speaker, { name: "Renamed", email: `fresh.${word}@example.test` })).toEqual({
        ok: false,
        reason: "forbidden",
      });

      expect(await updatePerson(db(), organizer, speaker, { name: `${word} Speaker`, titleEn: "Director" })).toEqual({ ok: true });
      expect((await getPerson(db(), organizer, speaker))?.title_en).toBe("Director");
      const entries = await auditEntries("person.update", speaker);
      expect(entries.map((entry) => entry.actor_user_id)).toEqual([organizer.userId]);

      // A fresh entry is anyone's to prepare, until it is on an agenda.
      expect(await updatePerson(db(), otherOrganizer, fresh, { name: `${word} Fresh`, titleEn: "Adviser" })).toEqual({ ok: true });
      expect((await getPerson(db(), otherOrganizer, fresh))?.title_en).toBe("Adviser");
      expect(await updatePerson(db(), await admin(), speaker, { name: `${word} Speaker`, titleEn: "Commissioner" })).toEqual({ ok: true });
    });

    it("lets organizers edit the organizations their events use, and anyone those no event uses yet", async () => {
      const { ours, speaker, organizer, otherOrganizer } = await twoEvents();
      const host = await newOrganization("Host Agency");
      const employer = await newOrganization("Speaker's Employer");
      const unused = await newOrganization("Not Yet Involved");
      await db().updateTable("events").set({ host_organization_id: host }).where("id", "=", ours.id).execute();
      await db().updateTable("people").set({ organization_id: employer }).where("id", "=", speaker).execute();
      await newPerson({ name: "Member on no agenda", organizationId: unused });
      const canEdit = async (viewer: Viewer, id: number) => (await getOrganizationForViewer(db(), viewer, id))?.can_edit;

      expect([await canEdit(organizer, host), await canEdit(organizer, employer), await canEdit(organizer, unused)]).toEqual([true, true, true]);
      expect([await canEdit(otherOrganizer, host), await canEdit(otherOrganizer, employer), await canEdit(otherOrganizer, unused)]).toEqual([
        false,
        false,
        true,
      ]);
      expect([await canEdit(await admin(), host), await canEdit(await admin(), employer)]).toEqual([true, true]);

      const audit = await countRows("audit_log");
      for (const id of [host, employer]) {
        const before = await getOrganization(db(), id);
        expect(await updateOrganization(db(), otherOrganizer, id, { nameEn: "Taken Over", kind: "company" })).toEqual({ ok: false, reason: "forbidden" });
        expect(await getOrganization(db(), id)).toEqual(before);
      }
      expect(await countRows("audit_log")).toBe(audit);

      expect(await updateOrganization(db(), otherOrganizer, unused, { nameEn: "Now Involved", kind: "company" })).toEqual({ ok: true });
      expect(await updateOrganization(db(), organizer, host, { nameEn: "Host Agency", nameZh: "主辦機關", kind: "customs" })).toEqual({ ok: true });
      expect(await updateOrganization(db(), organizer, employer, { nameEn: "Employer", kind: "customs" })).toEqual({ ok: true });
      expect((await getOrganization(db(), host))?.name_zh).toBe("主辦機關");
      expect(await updateOrganization(db(), organizer, 999_999, { nameEn: "Ghost", kind: "company" })).toEqual({ ok: false, reason: "not_found" });
    });

    it("grants an organizer nothing over a person of another organizer's private event whom they add to their own session", async () => {
      const { word, ours, theirs, organizer, otherOrganizer } = await twoEvents();
      const employer = await newOrganization(`${word} Employer`);
      const email = `guest.${word}@example.test`;
      const guest = await newPerson({ name: `${word} Guest`, email, organizationId: employer });
      await addToAgenda(db(), theirs.id, guest);
      expect(await getPerson(db(), otherOrganizer, guest)).toMatchObject({ email, can_edit: true });

      // The session form lists every name in the directory: the organizer schedules the guest.
      await addToAgenda(db(), ours.id, guest);

      expect(await getPerson(db(), organizer, guest)).toMatchObject({ name: `${word} Guest`, email: null, can_edit: false });
      expect((await searchPeople(db(), organizer, { query: word })).people.map((row) => [row.id, row.email])).toContainEqual([guest, null]);
      expect((await searchPeople(db(), organizer, { query: email })).people).toEqual([]);
      expect((await getOrganizationForViewer(db(), organizer, employer))?.can_edit).toBe(false);

      const personBefore = await db().selectFrom("people").selectAll().where("id", "=", guest).executeTakeFirstOrThrow();
      const organizationBefore = await getOrganization(db(), employer);
      const audit = await countRows("audit_log");
      expect(await updatePerson(db(), organizer, guest, { name: "Taken Over", email: `mine.${word}@example.test` })).toEqual({ ok: false, reason: "forbidden" });
      expect(await updateOrganization(db(), organizer, employer, { nameEn: "Taken Over", kind: "company" })).toEqual({ ok: false, reason: "forbidden" });
      expect(await db().selectFrom("people").selectAll().where("id", "=", guest).executeTakeFirstOrThrow()).toEqual(personBefore);
      expect(await getOrganization(db(), employer)).toEqual(organizationBefore);
      expect(await countRows("audit_log")).toBe(audit);

      // Now in two organizers' events, the entry is shared: neither organizer alone manages it (the
      // other one lost it too); whoever organizes both events does, and admins do.
      expect(await getPerson(db(), otherOrganizer, guest)).toMatchObject({ email: null, can_edit: false });
      const both = await insertUser(db());
      await giveRole(db(), both.id, ours.id, "organizer");
      await giveRole(db(), both.id, theirs.id, "organizer");
      for (const viewer of [{ userId: both.id, isAdmin: false }, await admin()]) {
        expect(await getPerson(db(), viewer, guest)).toMatchObject({ email, can_edit: true });
        expect((await getOrganizationForViewer(db(), viewer, employer))?.can_edit).toBe(true);
      }
      expect(await updatePerson(db(), { userId: both.id, isAdmin: false }, guest, { name: `${word} Guest`, email, titleEn: "Adviser" })).toEqual({ ok: true });
    });

    it("lets an organizer edit an organization only while every event using it, as host or through its people, is theirs", async () => {
      const { word, ours, theirs, organizer, otherOrganizer } = await twoEvents();
      const host = await newOrganization(`${word} Host`);
      await db().updateTable("events").set({ host_organization_id: host }).where("id", "=", theirs.id).execute();
      const canEdit = async (viewer: Viewer) => (await getOrganizationForViewer(db(), viewer, host))?.can_edit;
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, true]);

      // A person of the organizer's own making, from that organization, on their own agenda: the
      // person is theirs, the organization (hosting someone else's event) is not.
      const member = await newPerson({ name: `${word} Member`, organizationId: host });
      await addToAgenda(db(), ours.id, member);
      expect((await getPerson(db(), organizer, member))?.can_edit).toBe(true);
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, false]);
      const before = await getOrganization(db(), host);
      expect(await updateOrganization(db(), organizer, host, { nameEn: "Taken Over", kind: "company" })).toEqual({ ok: false, reason: "forbidden" });
      expect(await updateOrganization(db(), otherOrganizer, host, { nameEn: "Taken Over", kind: "company" })).toEqual({ ok: false, reason: "forbidden" });
      expect(await getOrganization(db(), host)).toEqual(before);

      await db().deleteFrom("session_people").where("person_id", "=", member).execute();
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, true]);
    });

    it("counts an organization's people registered for, or in a delegation of, an event, and the delegations it represents", async () => {
      const { word, theirs, organizer, otherOrganizer } = await twoEvents();
      const customs = await newOrganization(`${word} Customs`);
      const canEdit = async (viewer: Viewer) => (await getOrganizationForViewer(db(), viewer, customs))?.can_edit;
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([true, true]);
      const at = new Date().toISOString();

      const member = await newPerson({ name: `${word} Delegate`, organizationId: customs });
      await db()
        .insertInto("registrations")
        .values({ event_id: theirs.id, person_id: member, status: "confirmed", source: "organizer", badge_code: `R${word}`, created_at: at, updated_at: at })
        .execute();
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, true]);
      await db().deleteFrom("registrations").where("person_id", "=", member).execute();

      const delegation = await db()
        .insertInto("delegations")
        .values({ event_id: theirs.id, key: `d-${word}`.toLowerCase(), name_en: `${word} Delegation`, created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("delegation_members").values({ delegation_id: delegation.id, event_id: theirs.id, person_id: member, role: "member", created_at: at }).execute();
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, true]);
      await db().deleteFrom("delegation_members").where("person_id", "=", member).execute();
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([true, true]);

      await db().updateTable("delegations").set({ organization_id: customs }).where("id", "=", delegation.id).execute();
      expect([await canEdit(organizer), await canEdit(otherOrganizer)]).toEqual([false, true]);
    });
  });

  describe("duplicate emails", () => {
    /** An organizer of one event, and a person with an email on another organizer's private event only. */
    async function hiddenHolder() {
      const word = uniqueWord();
      const [ours, theirs] = [await insertEvent(db()), await insertEvent(db(), { visibility: "private" })];
      const [organizer, otherOrganizer] = [await insertUser(db()), await insertUser(db())];
      await giveRole(db(), organizer.id, ours.id, "organizer");
      await giveRole(db(), otherOrganizer.id, theirs.id, "organizer");
      const email = `hidden.${word}@example.test`;
      const hidden = await newPerson({ name: `${word} Hidden`, email });
      await addToAgenda(db(), theirs.id, hidden);
      const viewer: Viewer = { userId: organizer.id, isAdmin: false };
      expect((await getPerson(db(), viewer, hidden))?.email).toBeNull();
      return { word, ours, theirs, email, hidden, organizer: viewer };
    }

    const holdersOf = async (email: string) =>
      (await db().selectFrom("people").select("id").where("email", "=", email).orderBy("id").execute()).map((row) => row.id);

    it("accepts an email held only by an entry the organizer may not see, answering as for an unused one", async () => {
      const { word, ours, theirs, email, hidden, organizer } = await hiddenHolder();
      const created = await createPerson(db(), { name: `${word} Newcomer`, email: ` ${email.toUpperCase()} ` }, organizer);
      expect(created).toEqual({ ok: true, id: expect.any(Number) });
      if (!created.ok) throw new Error(created.reason);
      expect(await holdersOf(email)).toEqual([hidden, created.id]);
      expect(await getPerson(db(), organizer, created.id)).toMatchObject({ email, can_edit: true });

      // The same on an edit of a person of the organizer's own event.
      const own = await newPerson({ name: `${word} Own`, email: `own.${word}@example.test` });
      await addToAgenda(db(), ours.id, own);
      const other = `other.${word}@example.test`;
      const otherHidden = await newPerson({ name: `${word} Other Hidden`, email: other });
      await addToAgenda(db(), theirs.id, otherHidden);
      expect(await updatePerson(db(), organizer, own, { name: `${word} Own`, email: other.toUpperCase() })).toEqual({ ok: true });
      expect(await holdersOf(other)).toEqual([own, otherHidden]);
    });

    it("refuses a duplicate of an entry the organizer may see, naming that entry only, and stores nothing", async () => {
      const { word, ours, email, organizer } = await hiddenHolder();
      // Visible to the organizer: a person on no agenda, and one on their own event's agenda.
      const fresh = await newPerson({ name: `${word} Fresh`, email: `fresh.${word}@example.test` });
      const speaker = await newPerson({ name: `${word} Speaker`, email: `speaker.${word}@example.test` });
      await addToAgenda(db(), ours.id, speaker);
      const [people, audit] = [await countRows("people"), await countRows("audit_log")];

      expect(await createPerson(db(), { name: "Copy", email: `FRESH.${word}@example.test` }, organizer)).toEqual({
        ok: false,
        reason: "email_taken",
        holder: { id: fresh, name: `${word} Fresh` },
      });
      expect(await updatePerson(db(), organizer, speaker, { name: "Renamed", email: `fresh.${word}@example.test` })).toEqual({
        ok: false,
        reason: "email_taken",
        holder: { id: fresh, name: `${word} Fresh` },
      });
      expect(await getPerson(db(), organizer, speaker)).toMatchObject({ name: `${word} Speaker`, email: `speaker.${word}@example.test` });
      expect([await countRows("people"), await countRows("audit_log")]).toEqual([people, audit]);

      // An address held by a hidden entry and a visible one: the refusal names the visible one only.
      const visibleCopy = await createPerson(db(), { name: `${word} Visible Copy`, email }, organizer);
      if (!visibleCopy.ok) throw new Error(visibleCopy.reason);
      expect(await createPerson(db(), { name: "Third", email }, organizer)).toEqual({
        ok: false,
        reason: "email_taken",
        holder: { id: visibleCopy.id, name: `${word} Visible Copy` },
      });
    });

    it("does not refuse an edit that leaves the email as it was, duplicates or not", async () => {
      const { word, email, hidden, organizer } = await hiddenHolder();
      // The organizer, who cannot see the first holder, makes a second one.
      const copy = await createPerson(db(), { name: `${word} Copy`, email }, organizer);
      if (!copy.ok) throw new Error(copy.reason);
      // An admin sees both: editing either without changing the address (in any letter case) is fine.
      expect(await updatePerson(db(), await admin(), copy.id, { name: `${word} Copy`, email, titleEn: "Adviser" })).toEqual({ ok: true });
      expect(await updatePerson(db(), await admin(), hidden, { name: `${word} Hidden`, email: email.toUpperCase(), titleEn: "Adviser" })).toEqual({ ok: true });
      // Moving the address away and back again is a change, and the admin sees the other holder.
      expect(await updatePerson(db(), await admin(), hidden, { name: `${word} Hidden`, email: `moved.${word}@example.test` })).toEqual({ ok: true });
      expect(await updatePerson(db(), await admin(), hidden, { name: `${word} Hidden`, email })).toEqual({
        ok: false,
        reason: "email_taken",
        holder: { id: copy.id, name: `${word} Copy` },
      });
    });
  });

  it("knows who organizes at least one event", async () => {
    const organizer = await insertUser(db());
    const staff = await insertUser(db());
    const event = await insertEvent(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    expect(await isOrganizerOfAnyEvent(db(), organizer.id)).toBe(true);
    expect(await isOrganizerOfAnyEvent(db(), staff.id)).toBe(false);
  });
});

/**
 * The migration that made directory emails non-unique, on a database that holds people already:
 * every row, id and agenda entry survives (SQLite rebuilds the table with foreign keys off, so the
 * drop of the old table cascades nowhere), ids are not reused, and the way back restores the
 * unique constraint.
 */
describe("migration 2026-11-30-02-directory-emails", () => {
  const name = "2026-11-30-02-directory-emails";
  const names = Object.keys(migrations).sort();
  const previous = names[names.indexOf(name) - 1];

  for (const engine of ENGINES) {
    it.skipIf(engine === "postgres" && !postgresEnabled())(`keeps the people and their agenda, and is reversible [${engine}]`, async () => {
      const test = await createTestDatabase(engine, { migrate: false });
      try {
        const db = test.db;
        const migrator = new Migrator({
          db,
          provider: { getMigrations: async () => migrations },
          migrationTableSchema: engine === "postgres" ? await currentSchema(db) : undefined,
        });
        const to = async (target: string) => {
          const { error } = await migrator.migrateTo(target);
          if (error) throw error;
        };
        await to(previous);
        const at = new Date().toISOString();
        const organization = await db
          .insertInto("organizations")
          .values({ name_en: "Korea Customs Service", kind: "customs", created_at: at, updated_at: at })
          .returning("id")
          .executeTakeFirstOrThrow();
        const person = (email: string | null, key: string | null = null) => ({
          key,
          name: `Holder of ${email}`,
          email,
          organization_id: organization.id,
          created_at: at,
          updated_at: at,
        });
        const kept = await db.insertInto("people").values([person("kim@customs.example", "kim"), person(null), person("lee@customs.example")]).returning("id").execute();
        const deleted = await db.insertInto("people").values(person("gone@customs.example")).returning("id").executeTakeFirstOrThrow();
        await db.deleteFrom("people").where("id", "=", deleted.id).execute();
        const event = await insertEvent(db);
        await addToAgenda(db, event.id, kept[0].id);
        await expect(db.insertInto("people").values(person("kim@customs.example")).execute()).rejects.toThrow();
        const before = await db.selectFrom("people").selectAll().orderBy("id").execute();

        await to(name);
        expect(await db.selectFrom("people").selectAll().orderBy("id").execute()).toEqual(before);
        expect(await db.selectFrom("session_people").select("person_id").execute()).toEqual([{ person_id: kept[0].id }]);
        const duplicate = await db.insertInto("people").values(person("kim@customs.example")).returning("id").executeTakeFirstOrThrow();
        expect(duplicate.id).toBeGreaterThan(deleted.id);
        // What stays: the unique key, the foreign keys (and their cascade), the indexes.
        await expect(db.insertInto("people").values(person("other@customs.example", "kim")).execute()).rejects.toThrow();
        await expect(db.insertInto("people").values({ ...person(null), organization_id: 999_999 }).execute()).rejects.toThrow();
        await expect(
          db.insertInto("session_people").values({ session_id: 999_999, person_id: kept[1].id, role: "speaker", position: 0, item_id: null }).execute(),
        ).rejects.toThrow();
        await db.deleteFrom("people").where("id", "=", kept[0].id).execute();
        expect(await db.selectFrom("session_people").select("person_id").execute()).toEqual([]);
        expect(await indexNames(db, engine)).toEqual(expect.arrayContaining(["people_email", "people_organization_id"]));

        // Back: refused, changing nothing, while two people share an address; then the constraint returns.
        const copy = await db.insertInto("people").values(person("lee@customs.example")).returning("id").executeTakeFirstOrThrow();
        await expect(to(previous)).rejects.toThrow(/share an email/);
        expect(await indexNames(db, engine)).toContain("people_email");
        await db.deleteFrom("people").where("id", "=", copy.id).execute();
        await to(previous);
        expect(await db.selectFrom("people").select("id").orderBy("id").execute()).toEqual([{ id: kept[1].id }, { id: kept[2].id }, { id: duplicate.id }]);
        await expect(db.insertInto("people").values(person("lee@customs.example")).execute()).rejects.toThrow();
        expect(await indexNames(db, engine)).not.toContain("people_email");
      } finally {
        await test.cleanup();
      }
    });
  }
});

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0].schema;
}

/** The names of the indexes on people. */
async function indexNames(db: Db, engine: string): Promise<string[]> {
  const { rows } =
    engine === "postgres"
      ? await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'people' and schemaname = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'people'`.execute(db);
  return rows.map((row) => row.name);
}
