import { expect, it } from "vitest";
import { normalizeBadgeCode, formatBadgeCode } from "../../../lib/badge-code";
import {
  cancelRegistration,
  changeRegistrationCategory,
  confirmRegistration,
  deleteCategory,
  importRegistrations,
  listRegistrations,
  previewImport,
  registerFromPublicForm,
  registerPerson,
  sendRegistrationMail,
  type PublicRegistrationInput,
} from "../../../app/models/registration.server";
import type { Viewer } from "../../../app/models/person.server";
import { normalizeCountryCode } from "../../../app/utils/countries";
import { describeEachEngine } from "../../support/engines";
import { addToAgenda, giveRole, insertEvent, insertUser } from "../../support/app";
import { countRows, insertCategory, insertPerson, linkAccount, outboxFor, registrationsOf, setMode, statusOf } from "../../support/registration";

describeEachEngine("registrations", ({ db }) => {
  async function organizerOf(eventId: number): Promise<Viewer> {
    const user = await insertUser(db());
    await giveRole(db(), user.id, eventId, "organizer");
    return { userId: user.id, isAdmin: false };
  }

  const register = (eventId: number, personId: number, extra: Partial<Parameters<typeof registerPerson>[1]> = {}) =>
    registerPerson(db(), { eventId, personId, categoryId: null, source: "organizer", registeredBy: null, ...extra });

  it("registers a person once per event, confirmed unless told otherwise", async () => {
    const event = await insertEvent(db());
    const personId = await insertPerson(db());
    const first = await register(event.id, personId);
    expect(first).toMatchObject({ ok: true, created: true, reactivated: false });
    const again = await register(event.id, personId, { status: "pending" });
    expect(again).toEqual({ ok: true, registrationId: first.ok ? first.registrationId : -1, created: false, reactivated: false });
    const rows = await registrationsOf(db(), event.id);
    expect(rows).toHaveLength(1);
    // The second call changed nothing.
    expect(rows[0].status).toBe("confirmed");

    const pending = await register(event.id, await insertPerson(db()), { status: "pending" });
    expect(pending.ok && (await statusOf(db(), pending.registrationId))).toBe("pending");
  });

  it("re-activates a cancelled registration, keeping its badge code", async () => {
    const event = await insertEvent(db());
    const viewer = await organizerOf(event.id);
    const personId = await insertPerson(db());
    const first = await register(event.id, personId);
    if (!first.ok) throw new Error("not registered");
    const [before] = await registrationsOf(db(), event.id);
    expect(await cancelRegistration(db(), { eventId: event.id, registrationId: first.registrationId, actorUserId: viewer.userId })).toEqual({ ok: true, promoted: [] });
    const back = await register(event.id, personId, { status: "pending" });
    expect(back).toEqual({ ok: true, registrationId: first.registrationId, created: false, reactivated: true });
    const [after] = await registrationsOf(db(), event.id);
    expect(after.status).toBe("pending");
    expect(after.badge_code).toBe(before.badge_code);
  });

  it("refuses a category of another event and a person who does not exist, storing nothing", async () => {
    const event = await insertEvent(db());
    const other = await insertEvent(db());
    const foreignCategory = await insertCategory(db(), other.id);
    const personId = await insertPerson(db());
    expect(await register(event.id, personId, { categoryId: foreignCategory })).toEqual({ ok: false, problem: "unknown_category" });
    expect(await register(event.id, personId, { categoryId: 2_000_000_000 })).toEqual({ ok: false, problem: "unknown_category" });
    expect(await register(event.id, 2_000_000_000)).toEqual({ ok: false, problem: "unknown_person" });
    expect(await countRows(db(), "registrations", event.id)).toBe(0);

    const ownCategory = await insertCategory(db(), event.id);
    const done = await register(event.id, personId, { categoryId: ownCategory });
    expect(done.ok).toBe(true);
    expect((await registrationsOf(db(), event.id))[0].category_id).toBe(ownCategory);
  });

  it("works inside the caller's transaction, and rolls back with it", async () => {
    const event = await insertEvent(db());
    const personId = await insertPerson(db());
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          const inside = await registerPerson(trx, { eventId: event.id, personId, categoryId: null, source: "delegation", registeredBy: null });
          expect(inside).toMatchObject({ ok: true, created: true });
          // Registered already, inside the same transaction: no constraint error escapes.
          expect(await registerPerson(trx, { eventId: event.id, personId, categoryId: null, source: "delegation", registeredBy: null })).toMatchObject({ ok: true, created: false });
          throw new Error("roll back");
        }),
    ).rejects.toThrow("roll back");
    expect(await countRows(db(), "registrations", event.id)).toBe(0);
  });

  it("gives every registration a unique, well-formed badge code", async () => {
    const event = await insertEvent(db());
    for (let index = 0; index < 40; index++) expect((await register(event.id, await insertPerson(db(), { name: `Badge ${index}` }))).ok).toBe(true);
    const codes = (await registrationsOf(db(), event.id)).map((row) => row.badge_code);
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) {
      expect(normalizeBadgeCode(code)).toBe(code);
      expect(formatBadgeCode(code)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
  });

  it("moves between statuses only along pending → confirmed → cancelled, guarded by the update", async () => {
    const event = await insertEvent(db());
    const other = await insertEvent(db());
    const viewer = await organizerOf(event.id);
    const registered = await register(event.id, await insertPerson(db(), { email: "pending@example.test" }), { status: "pending" });
    if (!registered.ok) throw new Error("not registered");
    const change = { eventId: event.id, registrationId: registered.registrationId, actorUserId: viewer.userId };

    expect(await confirmRegistration(db(), { ...change, eventId: other.id })).toEqual({ ok: false, problem: "not_found" });
    const confirmed = await confirmRegistration(db(), change);
    expect(confirmed).toMatchObject({ ok: true, mail: { status: "confirmed", email: "pending@example.test" } });
    expect(await confirmRegistration(db(), change)).toEqual({ ok: false, problem: "wrong_status" });
    expect(await cancelRegistration(db(), { ...change, eventId: other.id })).toEqual({ ok: false, problem: "not_found" });
    expect(await cancelRegistration(db(), change)).toEqual({ ok: true, promoted: [] });
    expect(await cancelRegistration(db(), change)).toEqual({ ok: false, problem: "wrong_status" });
    expect(await confirmRegistration(db(), change)).toEqual({ ok: false, problem: "wrong_status" });
    expect(await statusOf(db(), registered.registrationId)).toBe("cancelled");
  });

  it("changes the category only to one of the event's own", async () => {
    const event = await insertEvent(db());
    const other = await insertEvent(db());
    const viewer = await organizerOf(event.id);
    const registered = await register(event.id, await insertPerson(db()));
    if (!registered.ok) throw new Error("not registered");
    const change = { eventId: event.id, registrationId: registered.registrationId, actorUserId: viewer.userId };
    expect(await changeRegistrationCategory(db(), { ...change, categoryId: await insertCategory(db(), other.id) })).toEqual({ ok: false, problem: "unknown_category" });
    const own = await insertCategory(db(), event.id);
    expect(await changeRegistrationCategory(db(), { ...change, categoryId: own })).toEqual({ ok: true });
    expect((await registrationsOf(db(), event.id))[0].category_id).toBe(own);
    expect(await changeRegistrationCategory(db(), { ...change, categoryId: null })).toEqual({ ok: true });
    expect((await registrationsOf(db(), event.id))[0].category_id).toBeNull();
  });

  it("cancelling releases the person's seats and passes them on to the first waiting", async () => {
    const event = await insertEvent(db());
    const viewer = await organizerOf(event.id);
    const at = new Date().toISOString();
    const session = await db()
      .insertInto("sessions")
      .values({ event_id: event.id, type: "workshop", title_en: "Workshop", starts_at: "2011-03-28T16:00:00.000Z", ends_at: "2011-03-28T17:00:00.000Z", capacity: 1, seats_taken: 1, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const seated = await register(event.id, await insertPerson(db(), { name: "Seated" }));
    const waiting = await register(event.id, await insertPerson(db(), { name: "Waiting", email: "waiting@example.test" }));
    if (!seated.ok || !waiting.ok) throw new Error("not registered");
    await db().insertInto("seats").values({ session_id: session.id, registration_id: seated.registrationId, status: "seated", requested_at: at, seated_at: at }).execute();
    await db().insertInto("seats").values({ session_id: session.id, registration_id: waiting.registrationId, status: "waiting", requested_at: at, seated_at: null }).execute();

    const cancelled = await cancelRegistration(db(), { eventId: event.id, registrationId: seated.registrationId, actorUserId: viewer.userId });
    expect(cancelled).toMatchObject({ ok: true, promoted: [{ registrationId: waiting.registrationId, email: "waiting@example.test" }] });
    const seats = await db().selectFrom("seats").select(["registration_id", "status"]).where("session_id", "=", session.id).execute();
    expect(seats).toEqual([{ registration_id: waiting.registrationId, status: "seated" }]);
  });

  it("deletes a category only while no registration uses it and no session is restricted to it", async () => {
    const event = await insertEvent(db());
    const other = await insertEvent(db());
    const viewer = await organizerOf(event.id);
    const used = await insertCategory(db(), event.id, { nameEn: "Used" });
    const restricting = await insertCategory(db(), event.id, { nameEn: "Restricting" });
    const free = await insertCategory(db(), event.id, { nameEn: "Free" });
    const registered = await register(event.id, await insertPerson(db()), { categoryId: used });
    if (!registered.ok) throw new Error("not registered");
    await cancelRegistration(db(), { eventId: event.id, registrationId: registered.registrationId, actorUserId: viewer.userId });
    const sessionId = await addToAgenda(db(), event.id, await insertPerson(db()));
    await db().insertInto("session_categories").values({ session_id: sessionId, category_id: restricting }).execute();

    const remove = (categoryId: number, eventId = event.id) => deleteCategory(db(), { eventId, categoryId, actorUserId: viewer.userId });
    expect(await remove(used)).toEqual({ ok: false, problem: "category_in_use" });
    expect(await remove(restricting)).toEqual({ ok: false, problem: "category_restricts_sessions" });
    expect(await remove(free, other.id)).toEqual({ ok: false, problem: "not_found" });
    expect(await remove(free)).toEqual({ ok: true });
    const left = await db().selectFrom("registration_categories").select("id").where("event_id", "=", event.id).orderBy("id").execute();
    expect(left.map((row) => row.id)).toEqual([used, restricting]);
  });

  it("lists the event's registrations with filters, and no email", async () => {
    const event = await insertEvent(db());
    const category = await insertCategory(db(), event.id, { nameEn: "Customs" });
    await register(event.id, await insertPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", email: "wen@example.test" }), { categoryId: category });
    await register(event.id, await insertPerson(db(), { name: "Kim Jai-il" }), { status: "pending", organizationText: "Korea Customs Service" });
    await register((await insertEvent(db())).id, await insertPerson(db(), { name: "Elsewhere" }));

    const all = await listRegistrations(db(), event.id);
    expect(all.registrations.map((row) => row.name)).toEqual(["Kim Jai-il", "Wen Wu-yen"]);
    expect(JSON.stringify(all)).not.toContain("wen@example.test");
    expect((await listRegistrations(db(), event.id, { status: "pending" })).registrations.map((row) => row.name)).toEqual(["Kim Jai-il"]);
    expect((await listRegistrations(db(), event.id, { categoryId: category })).registrations.map((row) => row.name)).toEqual(["Wen Wu-yen"]);
    expect((await listRegistrations(db(), event.id, { query: "korea" })).registrations.map((row) => row.name)).toEqual(["Kim Jai-il"]);
    expect((await listRegistrations(db(), event.id, { query: "溫" })).registrations.map((row) => row.name)).toEqual(["Wen Wu-yen"]);
  });

  it("knows the ISO country codes", () => {
    expect(normalizeCountryCode(" tw ")).toBe("TW");
    expect(normalizeCountryCode("XX")).toBeNull();
    expect(normalizeCountryCode("EU")).toBeNull();
    expect(normalizeCountryCode("TWN")).toBeNull();
  });

  describe_import();

  function describe_import() {
    const header = "name,name_native,email,organization,country,category,language,dietary_needs,access_needs";

    it("checks an import row by row without storing anything", async () => {
      const event = await insertEvent(db());
      const viewer = await organizerOf(event.id);
      await insertCategory(db(), event.id, { nameEn: "Foreign customs administration", nameZh: "外國海關" });
      const known = await insertPerson(db(), { name: "Known Person", email: "known@example.test" });
      const registered = await insertPerson(db(), { name: "Registered Person", email: "registered@example.test" });
      await register(event.id, registered);
      const csv = [
        `\uFEFF${header}`,
        "Wen Wu-yen,溫武彥,WEN@example.test,Customs Administration,tw,外國海關,zh-TW,vegetarian,",
        "Known Again,,known@example.test,,,,en,,",
        ",,nameless@example.test,,,,,,",
        "Bad Mail,,not-an-email,,,,,,",
        "Unknown Category,,,,,Astronauts,,,",
        "Unknown Country,,,,XX,,,,",
        "Unknown Language,,,,,,fr,,",
        "Wen Again,,wen@example.test,,,,,,",
        "Registered Person,,registered@example.test,,,,,,",
        "Short Row,,",
        `Long Cell,,,${"x".repeat(501)},,,,,`,
        '"=HYPERLINK(""http://evil.test"",""x"")",<script>alert(1)</script>,,"multi\nline org",,,,,',
      ].join("\r\n");
      const before = { people: await countRows(db(), "people"), registrations: await countRows(db(), "registrations", event.id) };
      const preview = await previewImport(db(), viewer, event.id, csv);
      if (!preview.ok) throw new Error(`file refused: ${preview.problem}`);
      expect(preview.rows.map((row) => [row.line, row.outcome, row.problems])).toEqual([
        [2, "create", []],
        [3, "reuse", []],
        [4, "invalid", ["missing_name"]],
        [5, "invalid", ["bad_email"]],
        [6, "invalid", ["unknown_category"]],
        [7, "invalid", ["unknown_country"]],
        [8, "invalid", ["unknown_language"]],
        [9, "invalid", ["duplicate_row"]],
        [10, "invalid", ["already_registered"]],
        [11, "invalid", ["wrong_cell_count"]],
        [12, "invalid", ["cell_too_long"]],
        [13, "create", []],
      ]);
      expect(preview.rows[1].existingPerson).toEqual({ id: known, name: "Known Person" });
      expect(preview).toMatchObject({ valid: 3, invalid: 9 });
      expect({ people: await countRows(db(), "people"), registrations: await countRows(db(), "registrations", event.id) }).toEqual(before);

      // All or nothing: with invalid rows and no choice made, nothing is stored.
      const refused = await importRegistrations(db(), { viewer, eventId: event.id, text: csv, onlyValid: false });
      expect(refused).toMatchObject({ ok: false, problem: "rows_invalid" });
      expect({ people: await countRows(db(), "people"), registrations: await countRows(db(), "registrations", event.id) }).toEqual(before);

      // Only the valid rows, each whole.
      expect(await importRegistrations(db(), { viewer, eventId: event.id, text: csv, onlyValid: true })).toEqual({ ok: true, created: 2, reused: 1, skipped: 9 });
      const rows = await registrationsOf(db(), event.id);
      expect(rows).toHaveLength(4);
      const wen = rows.find((row) => row.name === "Wen Wu-yen");
      expect(wen).toMatchObject({ email: "wen@example.test", country: "TW", source: "import", status: "confirmed", organization_text: "Customs Administration" });
      expect(rows.find((row) => row.person_id === known)).toBeTruthy();
      // Hostile text is stored as typed.
      const hostile = rows.find((row) => row.name.startsWith("=HYPERLINK"));
      expect(hostile).toMatchObject({ name: '=HYPERLINK("http://evil.test","x")', organization_text: "multi\nline org" });
      const native = await db().selectFrom("people").select(["name_native", "language"]).where("id", "=", wen?.person_id ?? -1).executeTakeFirstOrThrow();
      expect(native).toEqual({ name_native: "溫武彥", language: "zh-TW" });

      // The same file again: the imported people are now registered already (row 9 repeats row 2's address).
      const second = await previewImport(db(), viewer, event.id, csv);
      expect(second.ok && second.rows.filter((row) => row.problems.includes("already_registered")).map((row) => row.line)).toEqual([2, 3, 9, 10]);
    });

    it("refuses broken, empty, too long and badly headed files as a whole", async () => {
      const event = await insertEvent(db());
      const viewer = await organizerOf(event.id);
      expect(await previewImport(db(), viewer, event.id, `${header}\n"Unclosed,,,,,,,,\n`)).toMatchObject({ ok: false, problem: "broken_csv", line: 2 });
      expect(await previewImport(db(), viewer, event.id, "")).toEqual({ ok: false, problem: "empty" });
      expect(await previewImport(db(), viewer, event.id, "email\nsomeone@example.test\n")).toEqual({ ok: false, problem: "missing_name_column" });
      expect(await previewImport(db(), viewer, event.id, "name,e-mail\nA,a@example.test\n")).toEqual({ ok: false, problem: "unknown_column", column: "e-mail" });
      expect(await previewImport(db(), viewer, event.id, "name,name\nA,B\n")).toEqual({ ok: false, problem: "duplicate_column", column: "name" });
      const rows = Array.from({ length: 2001 }, (_, index) => `Person ${index}`);
      expect(await previewImport(db(), viewer, event.id, ["name", ...rows].join("\n"))).toEqual({ ok: false, problem: "too_many_rows" });
      const fits = await previewImport(db(), viewer, event.id, ["name", ...rows.slice(0, 2000)].join("\n"));
      expect(fits.ok && fits.valid).toBe(2000);
      expect(await importRegistrations(db(), { viewer, eventId: event.id, text: `${header}\n"Unclosed`, onlyValid: true })).toMatchObject({ ok: false, problem: "broken_csv" });
      expect(await countRows(db(), "registrations", event.id)).toBe(0);
    });

    it("matches emails only to directory people whose email the organizer may see", async () => {
      const event = await insertEvent(db());
      const otherEvent = await insertEvent(db());
      const viewer = await organizerOf(event.id);
      await organizerOf(otherEvent.id);
      // A speaker of someone else's event: this organizer may not see their email.
      const hidden = await insertPerson(db(), { name: "Hidden Speaker", email: "hidden@example.test" });
      await addToAgenda(db(), otherEvent.id, hidden);
      const preview = await previewImport(db(), viewer, event.id, "name,email\nTyped Name,hidden@example.test\n");
      expect(preview.ok && preview.rows.map((row) => [row.outcome, row.existingPerson])).toEqual([["create", null]]);
      expect(JSON.stringify(preview)).not.toContain("Hidden Speaker");
    });
  }

  describe_public();

  function describe_public() {
    const form = (overrides: Partial<PublicRegistrationInput> = {}): PublicRegistrationInput => ({
      name: "Jane Public",
      nameNative: null,
      organization: "Port Authority",
      email: "jane@example.test",
      country: "US",
      categoryId: null,
      language: "en",
      dietaryNeeds: null,
      accessNeeds: null,
      ...overrides,
    });

    it("refuses while closed, and offers only public categories", async () => {
      const event = await insertEvent(db());
      const hiddenCategory = await insertCategory(db(), event.id, { nameEn: "ISA member" });
      expect(await registerFromPublicForm(db(), { eventId: event.id, input: form(), userId: null })).toEqual({ ok: false, problem: "registration_closed" });
      await setMode(db(), event.id, "open");
      expect(await registerFromPublicForm(db(), { eventId: event.id, input: form({ categoryId: hiddenCategory }), userId: null })).toEqual({ ok: false, problem: "unknown_category" });
      expect(await countRows(db(), "registrations", event.id)).toBe(0);
    });

    it("confirms when open, waits for approval otherwise", async () => {
      const open = await insertEvent(db());
      const approval = await insertEvent(db());
      await setMode(db(), open.id, "open");
      await setMode(db(), approval.id, "approval");
      const publicCategory = await insertCategory(db(), open.id, { isPublic: true });
      const a = await registerFromPublicForm(db(), { eventId: open.id, input: form({ email: "Open@Example.test", categoryId: publicCategory }), userId: null });
      const b = await registerFromPublicForm(db(), { eventId: approval.id, input: form({ email: "approval@example.test" }), userId: null });
      expect(a).toMatchObject({ ok: true, outcome: "registered", mail: { status: "confirmed", email: "open@example.test" } });
      expect(b).toMatchObject({ ok: true, outcome: "registered", mail: { status: "pending" } });
      expect(await registrationsOf(db(), open.id)).toEqual([expect.objectContaining({ source: "public", category_id: publicCategory, organization_text: "Port Authority", country: "US" })]);
    });

    it("never takes over or reveals a known address", async () => {
      const event = await insertEvent(db());
      await setMode(db(), event.id, "open");
      const user = await insertUser(db());
      const withAccount = await insertPerson(db(), { name: "Has Account", email: "account@example.test" });
      await linkAccount(db(), withAccount, user.id);
      const directoryOnly = await insertPerson(db(), { name: "Directory Entry", email: "directory@example.test" });

      // An address linked to an account: a new person, the account's person stays unregistered.
      const first = await registerFromPublicForm(db(), { eventId: event.id, input: form({ name: "Impostor", email: "account@example.test" }), userId: null });
      expect(first).toMatchObject({ ok: true, outcome: "registered" });
      const rows = await registrationsOf(db(), event.id);
      expect(rows.map((row) => row.person_id)).not.toContain(withAccount);
      expect(rows[0].name).toBe("Impostor");

      // An address of a directory person without an account, not registered here: that person, unchanged.
      const reused = await registerFromPublicForm(db(), { eventId: event.id, input: form({ name: "Someone Else", email: "directory@example.test" }), userId: null });
      expect(reused).toMatchObject({ ok: true, outcome: "registered" });
      expect((await registrationsOf(db(), event.id)).map((row) => row.person_id)).toContain(directoryOnly);
      expect((await db().selectFrom("people").select("name").where("id", "=", directoryOnly).executeTakeFirstOrThrow()).name).toBe("Directory Entry");

      // The same address again: nothing new, and the outcome carries only what the mail needs.
      const people = await countRows(db(), "people");
      const repeated = await registerFromPublicForm(db(), { eventId: event.id, input: form({ name: "Third Try", email: "directory@example.test" }), userId: null });
      expect(repeated).toMatchObject({ ok: true, outcome: "already_registered", mail: { email: "directory@example.test", personName: "Directory Entry" } });
      expect(await countRows(db(), "people")).toBe(people);
      expect(await countRows(db(), "registrations", event.id)).toBe(2);
    });

    it("mails the badge with its QR code when confirmed, and no badge while pending", async () => {
      const event = await insertEvent(db(), { title_en: "Mail Conference" });
      await setMode(db(), event.id, "approval");
      const outcome = await registerFromPublicForm(db(), { eventId: event.id, input: form({ email: "mailme@example.test", name: "<b>Mal</b>", language: "zh-TW" }), userId: null });
      if (!outcome.ok) throw new Error("refused");
      await sendRegistrationMail(db(), outcome.mail, { origin: "http://localhost" });
      const viewer = await organizerOf(event.id);
      const confirmed = await confirmRegistration(db(), { eventId: event.id, registrationId: outcome.mail.registrationId, actorUserId: viewer.userId });
      if (!confirmed.ok) throw new Error("not confirmed");
      await sendRegistrationMail(db(), confirmed.mail, { origin: "http://localhost" });

      const [pending, badge] = await outboxFor(db(), "mailme@example.test");
      expect(pending.language).toBe("zh-TW");
      expect(pending.subject).toContain("已收到報名");
      expect(pending.html_body).not.toContain("<img");
      expect(pending.html_body).not.toContain("<b>Mal</b>");
      expect(pending.html_body).toContain("&lt;b&gt;Mal&lt;/b&gt;");
      const code = formatBadgeCode(confirmed.mail.badgeCode);
      expect(badge.subject).toContain("報名已確認");
      expect(badge.text_body).toContain(code);
      expect(badge.html_body).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
      expect(badge.html_body).toContain(code);
    });
  }
});
