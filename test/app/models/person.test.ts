import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
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
import { describeEachEngine } from "../../support/engines";
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
        actor.id,
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

    it("refuses an email already in the directory in any letter case, and stores nothing", async () => {
      const email = `dup.${uniqueWord()}@example.test`;
      await newPerson({ name: "First Holder", email });
      const [people, audit] = [await countRows("people"), await countRows("audit_log")];
      expect(await createPerson(db(), { name: "Second Holder", email: ` ${email.toUpperCase()} ` }, null)).toEqual({ ok: false, reason: "email_taken" });
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
      await newPerson({ name: "Email Owner", email: taken });
      const id = await newPerson({ name: "Kim Jai-il", email: `kim.${word}@example.test` });

      const updated = await updatePerson(db(), await admin(), id, { name: "Kim Jai-il", titleEn: "Director", email: `KIM.${word}@example.test` });
      expect(updated).toEqual({ ok: true });
      expect((await getPerson(db(), await admin(), id))?.title_en).toBe("Director");
      const audit = await auditEntries("person.update", id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].details)).toEqual({ changed: ["title_en"] });

      const auditCount = await countRows("audit_log");
      expect(await updatePerson(db(), await admin(), id, { name: "Renamed", email: taken.toUpperCase() })).toEqual({ ok: false, reason: "email_taken" });
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
     * a person on the first event's agenda and a fresh person on no agenda, both with an email.
     */
    async function twoEvents() {
      const word = uniqueWord();
      const [ours, theirs] = [await insertEvent(db()), await insertEvent(db())];
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
