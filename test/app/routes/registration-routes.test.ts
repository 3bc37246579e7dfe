import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ComponentType } from "react";
import { expect, it } from "vitest";
import CategoriesPage, { action as categoriesAction, loader as categoriesLoader } from "../../../app/routes/events.$slug.manage.categories";
import RegistrationsPage, { action as registrationsAction, loader as registrationsLoader } from "../../../app/routes/events.$slug.manage.registrations";
import ImportPage, { action as importAction, loader as importLoader } from "../../../app/routes/events.$slug.manage.registrations_.import";
import RegisterPage, { action as registerAction, loader as registerLoader } from "../../../app/routes/events.$slug.register";
import { registerPerson } from "../../../app/models/registration.server";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { countRows, insertCategory, insertPerson, outboxFor, registrationsOf, setMode, statusOf } from "../../support/registration";
import { renderRoutePage } from "../../support/render-page";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const HEADER = "name,name_native,email,organization,country,category,language,dietary_needs,access_needs";

describeEachEngine("registration routes", ({ db }) => {
  serveAppFrom(db);

  const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

  /** A public event with an organizer, door staff, a signed-in stranger, another event's organizer, and one registration. */
  async function world() {
    const event = await insertEvent(db());
    const otherEvent = await insertEvent(db());
    const [organizer, staff, stranger, otherOrganizer] = [await insertUser(db()), await insertUser(db()), await insertUser(db()), await insertUser(db())];
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
    const category = await insertCategory(db(), event.id, { nameEn: "Foreign customs administration", nameZh: "外國海關" });
    const personId = await insertPerson(db(), { name: "Wen Wu-yen", nameNative: "溫武彥", email: "wen.secret@example.test" });
    const registered = await registerPerson(db(), { eventId: event.id, personId, categoryId: category, source: "organizer", registeredBy: organizer.id, status: "pending" });
    if (!registered.ok) throw new Error("not registered");
    return {
      event,
      otherEvent,
      category,
      personId,
      registrationId: registered.registrationId,
      params: { slug: event.slug },
      cookies: {
        organizer: await signedInCookie(db(), organizer),
        staff: await signedInCookie(db(), staff),
        stranger: await signedInCookie(db(), stranger),
        otherOrganizer: await signedInCookie(db(), otherOrganizer),
      },
    };
  }

  const pages = (slug: string): Array<{ path: string; loader: Loader; action: Action; fields: Record<string, string> }> => [
    { path: `/events/${slug}/manage/categories`, loader: categoriesLoader, action: categoriesAction, fields: { intent: "save", nameEn: "Intruder category" } },
    { path: `/events/${slug}/manage/registrations`, loader: registrationsLoader, action: registrationsAction, fields: { intent: "mode", mode: "open" } },
    { path: `/events/${slug}/manage/registrations/import`, loader: importLoader, action: importAction, fields: { intent: "import", csv: "name\nIntruder", onlyValid: "on" } },
  ];

  it("lets only the event's organizers use the management pages, and shows others nothing", async () => {
    const w = await world();
    const before = { categories: await countRows(db(), "registration_categories", w.event.id), registrations: await countRows(db(), "registrations", w.event.id) };
    for (const page of pages(w.event.slug)) {
      const anonymous = await call(page.loader, getRequest(page.path), w.params);
      expect(anonymous.status, page.path).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?/);
      expect((await call(page.action, formRequest(page.path, page.fields), w.params)).status).toBe(302);
      for (const who of ["staff", "stranger", "otherOrganizer"] as const) {
        const loaded = await call(page.loader, getRequest(page.path, { cookie: w.cookies[who] }), w.params);
        expect(loaded.status, `${who} ${page.path}`).toBe(403);
        expect(JSON.stringify(loaded.body)).not.toMatch(/Wen Wu-yen|溫武彥|wen\.secret|外國海關/);
        const acted = await call(page.action, formRequest(page.path, page.fields, { cookie: w.cookies[who] }), w.params);
        expect(acted.status, `${who} posts ${page.path}`).toBe(403);
      }
      const organizer = await call(page.loader, getRequest(page.path, { cookie: w.cookies.organizer }), w.params);
      expect(organizer.status, page.path).toBe(200);
      expect(JSON.stringify(organizer.body)).toContain("外國海關");
    }
    expect({ categories: await countRows(db(), "registration_categories", w.event.id), registrations: await countRows(db(), "registrations", w.event.id) }).toEqual(before);
    expect((await db().selectFrom("events").select("registration_mode").where("id", "=", w.event.id).executeTakeFirstOrThrow()).registration_mode).toBe("closed");
  });

  it("lists registrations for organizers without anyone's email, with filters and a directory search", async () => {
    const w = await world();
    const path = `/events/${w.event.slug}/manage/registrations`;
    const list = await call(registrationsLoader, getRequest(`${path}?status=pending&find=Wen`, { cookie: w.cookies.organizer }), w.params);
    expect(list.status).toBe(200);
    const body = list.body as { registrations: Array<{ name: string }>; candidates: Array<{ id: number }> };
    expect(body.registrations.map((row) => row.name)).toEqual(["Wen Wu-yen"]);
    expect(body.candidates.map((row) => row.id)).toContain(w.personId);
    expect(JSON.stringify(body)).not.toContain("wen.secret@example.test");
    // A filter that does not parse is dropped, never a 500.
    const odd = await call(registrationsLoader, getRequest(`${path}?status=nonsense&category=0x10&q=${"x".repeat(300)}`, { cookie: w.cookies.organizer }), w.params);
    expect(odd.status).toBe(200);
    const none = await call(registrationsLoader, getRequest(`${path}?status=cancelled`, { cookie: w.cookies.organizer }), w.params);
    expect((none.body as { registrations: unknown[] }).registrations).toEqual([]);
  });

  it("registers, confirms with a badge mail, changes the category, cancels and sets the public mode", async () => {
    const w = await world();
    const path = `/events/${w.event.slug}/manage/registrations`;
    const post = (fields: Record<string, string>) => call(registrationsAction, formRequest(path, fields, { cookie: w.cookies.organizer }), w.params);

    const foreignCategory = await insertCategory(db(), w.otherEvent.id);
    const newcomer = await insertPerson(db(), { name: "Kim Jai-il", email: "kim.jai-il@example.test" });
    const refused = await post({ intent: "register", personId: String(newcomer), categoryId: String(foreignCategory), status: "confirmed" });
    expect(refused.status).toBe(400);
    expect(fieldErrors(refused.body).categoryId).toEqual(["registration:problems.unknownCategory"]);
    const nobody = await post({ intent: "register", personId: "2000000000", status: "confirmed" });
    expect(fieldErrors(nobody.body).personId).toEqual(["registration:problems.unknownPerson"]);
    const twice = await post({ intent: "register", personId: String(w.personId), status: "confirmed" });
    expect(fieldErrors(twice.body).personId).toEqual(["registration:problems.alreadyRegistered"]);
    const badNumber = await post({ intent: "register", personId: "1e3", status: "maybe" });
    expect(badNumber.status).toBe(400);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(1);
    expect(await outboxFor(db(), "kim.jai-il@example.test")).toEqual([]);
    expect((await post({ intent: "register", personId: String(newcomer), categoryId: "", status: "confirmed" })).status).toBe(200);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(2);
    // Registered by an organizer, the person is mailed the confirmation with the badge.
    const [welcome] = await outboxFor(db(), "kim.jai-il@example.test", w.event.id);
    expect(welcome.subject).toContain("confirmed");
    expect(welcome.html_body).toContain("data:image/png;base64,");

    expect((await post({ intent: "confirm", registrationId: String(w.registrationId) })).status).toBe(200);
    expect(await statusOf(db(), w.registrationId)).toBe("confirmed");
    const [mail] = await outboxFor(db(), "wen.secret@example.test", w.event.id);
    expect(mail.subject).toContain("confirmed");
    expect(mail.html_body).toContain("data:image/png;base64,");
    const again = await post({ intent: "confirm", registrationId: String(w.registrationId) });
    expect(again.status).toBe(400);

    expect((await post({ intent: "category", registrationId: String(w.registrationId), categoryId: String(foreignCategory) })).status).toBe(400);
    expect((await post({ intent: "category", registrationId: String(w.registrationId), categoryId: "" })).status).toBe(200);
    expect((await registrationsOf(db(), w.event.id)).find((row) => row.id === w.registrationId)?.category_id).toBeNull();

    expect((await post({ intent: "cancel", registrationId: String(w.registrationId) })).status).toBe(200);
    expect(await statusOf(db(), w.registrationId)).toBe("cancelled");

    // A registration of another event is not found through this one.
    const elsewhere = await registerPerson(db(), { eventId: w.otherEvent.id, personId: newcomer, categoryId: null, source: "organizer", registeredBy: null });
    if (!elsewhere.ok) throw new Error("not registered");
    expect((await post({ intent: "cancel", registrationId: String(elsewhere.registrationId) })).status).toBe(404);
    expect(await statusOf(db(), elsewhere.registrationId)).toBe("confirmed");

    expect((await post({ intent: "mode", mode: "sometimes" })).status).toBe(400);
    expect((await post({ intent: "mode", mode: "approval" })).status).toBe(200);
    expect((await db().selectFrom("events").select("registration_mode").where("id", "=", w.event.id).executeTakeFirstOrThrow()).registration_mode).toBe("approval");
  });

  it("keeps categories: adds, renames, refuses to delete one in use", async () => {
    const w = await world();
    const path = `/events/${w.event.slug}/manage/categories`;
    const post = (fields: Record<string, string>) => call(categoriesAction, formRequest(path, fields, { cookie: w.cookies.organizer }), w.params);
    const nameless = await post({ intent: "save", nameEn: "", nameZh: "" });
    expect(nameless.status).toBe(400);
    expect(fieldErrors(nameless.body).nameEn).toEqual(["registration:categories.nameRequired"]);
    expect((await post({ intent: "save", nameEn: "<script>alert(1)</script>", public: "on", position: "2" })).status).toBe(200);
    const added = await db().selectFrom("registration_categories").selectAll().where("event_id", "=", w.event.id).where("position", "=", 2).executeTakeFirstOrThrow();
    expect(added).toMatchObject({ name_en: "<script>alert(1)</script>", public: 1 });
    expect((await post({ intent: "save", categoryId: String(added.id), nameEn: "Trade participant", position: "2" })).status).toBe(200);
    expect((await db().selectFrom("registration_categories").select(["name_en", "public"]).where("id", "=", added.id).executeTakeFirstOrThrow())).toEqual({ name_en: "Trade participant", public: 0 });

    const inUse = await post({ intent: "delete", categoryId: String(w.category) });
    expect(inUse.status).toBe(400);
    expect((inUse.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["registration:categories.inUse"]);
    const foreign = await insertCategory(db(), w.otherEvent.id);
    expect((await post({ intent: "delete", categoryId: String(foreign) })).status).toBe(404);
    expect((await post({ intent: "save", categoryId: String(foreign), nameEn: "Taken over" })).status).toBe(404);
    expect((await post({ intent: "delete", categoryId: String(added.id) })).status).toBe(200);
    expect(await countRows(db(), "registration_categories", w.event.id)).toBe(1);
    expect(await countRows(db(), "registration_categories", w.otherEvent.id)).toBe(1);
  });

  it("previews an import row by row, refuses broken rows with 400 and stores nothing until confirmed", async () => {
    const w = await world();
    const path = `/events/${w.event.slug}/manage/registrations/import`;
    const post = (fields: Record<string, string>) => call(importAction, formRequest(path, fields, { cookie: w.cookies.organizer }), w.params);
    const csv = [HEADER, '"=HYPERLINK(""http://evil.test"")",,hyper@example.test,<script>x</script>,TW,外國海關,en,,', "Nameless Row Below,,,,,,,,", ",,,,,,,,", "Astronaut,,,,,Space,,,"].join("\n");
    const before = { people: await countRows(db(), "people"), registrations: await countRows(db(), "registrations", w.event.id) };

    const preview = await post({ intent: "preview", csv });
    expect(preview.status).toBe(400);
    const rows = (preview.body as { preview: { rows: Array<{ line: number; outcome: string; problems: string[] }> } }).preview.rows;
    expect(rows.map((row) => [row.line, row.outcome, row.problems])).toEqual([
      [2, "create", []],
      [3, "create", []],
      [4, "invalid", ["missing_name"]],
      [5, "invalid", ["unknown_category"]],
    ]);
    expect((await post({ intent: "import", csv })).status).toBe(400);
    expect({ people: await countRows(db(), "people"), registrations: await countRows(db(), "registrations", w.event.id) }).toEqual(before);

    const broken = await post({ intent: "preview", csv: `${HEADER}\n"Unclosed,,,,,,,,` });
    expect(broken.status).toBe(400);
    expect(fieldErrors(broken.body).csv).toEqual(["registration:import.fileProblems.brokenCsv"]);
    expect((await post({ intent: "preview", csv: "" })).status).toBe(400);

    const imported = await post({ intent: "import", csv, onlyValid: "on" });
    expect(imported.status).toBe(200);
    expect((imported.body as { imported: unknown }).imported).toEqual({ created: 2, reused: 0, skipped: 2 });
    const stored = await registrationsOf(db(), w.event.id);
    expect(stored.find((row) => row.email === "hyper@example.test")).toMatchObject({ name: '=HYPERLINK("http://evil.test")', organization_text: "<script>x</script>", category_id: w.category, country: "TW" });
  });

  it("reads an uploaded UTF-8 file with a byte order mark, and refuses one that is not UTF-8", async () => {
    const w = await world();
    const path = `http://localhost/events/${w.event.slug}/manage/registrations/import`;
    const upload = (bytes: Uint8Array<ArrayBuffer>) => {
      const body = new FormData();
      body.append("intent", "preview");
      body.append("file", new File([bytes], "people.csv", { type: "text/csv" }));
      return call(importAction, new Request(path, { method: "POST", headers: { Cookie: w.cookies.organizer }, body }), w.params);
    };
    const good = await upload(new TextEncoder().encode("\uFEFFname,name_native\r\nChen Li,陳立\r\n"));
    expect(good.status).toBe(200);
    expect((good.body as { preview: { rows: Array<{ name: string; nameNative: string }> } }).preview.rows).toEqual([expect.objectContaining({ name: "Chen Li", nameNative: "陳立" })]);
    const latin1 = await upload(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a]));
    expect(latin1.status).toBe(400);
    expect(fieldErrors(latin1.body).csv).toEqual(["registration:import.notUtf8"]);
  });

  it("offers the public form only while registration is open, on events the visitor may read", async () => {
    const w = await world();
    const path = `/events/${w.event.slug}/register`;
    const fields = { name: "Jane Public", email: "jane.public@example.test", language: "en" };
    const closedPage = await call(registerLoader, getRequest(path), w.params);
    expect(closedPage.status).toBe(200);
    expect((closedPage.body as { event: { registrationMode: string }; categories: unknown[] }).event.registrationMode).toBe("closed");
    expect((closedPage.body as { categories: unknown[] }).categories).toEqual([]);
    const closed = await call(registerAction, formRequest(path, fields), w.params);
    expect(closed.status).toBe(400);
    expect((closed.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(["registration:public.closed"]);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(1);

    const privateEvent = await insertEvent(db(), { visibility: "private" });
    await setMode(db(), privateEvent.id, "open");
    expect((await call(registerLoader, getRequest(`/events/${privateEvent.slug}/register`), { slug: privateEvent.slug })).status).toBe(404);
    expect((await call(registerAction, formRequest(`/events/${privateEvent.slug}/register`, fields), { slug: privateEvent.slug })).status).toBe(404);

    await setMode(db(), w.event.id, "open");
    const publicCategory = await insertCategory(db(), w.event.id, { nameEn: "Trade participant", isPublic: true });
    const openPage = await call(registerLoader, getRequest(path), w.params);
    const offered = (openPage.body as { categories: Array<{ id: number }> }).categories.map((category) => category.id);
    expect(offered).toEqual([publicCategory]);
    expect(JSON.stringify(openPage.body)).not.toMatch(/Wen Wu-yen|wen\.secret/);
  });

  it("registers the public, answers the same for a known address, and refuses bad input with 4xx", async () => {
    const w = await world();
    await setMode(db(), w.event.id, "open");
    const path = `/events/${w.event.slug}/register`;
    const post = (fields: Record<string, string>) => call(registerAction, formRequest(path, fields), w.params);
    const hostile = {
      name: "=HYPERLINK(\"http://evil.test\")",
      nameNative: "<script>alert(1)</script>",
      organization: "<img src=x onerror=alert(1)>",
      email: "Hostile@Example.test",
      country: "tw",
      language: "zh-TW",
      dietaryNeeds: "=1+1",
    };
    const first = await post(hostile);
    expect(first.status).toBe(200);
    const stored = (await registrationsOf(db(), w.event.id)).find((row) => row.email === "hostile@example.test");
    expect(stored).toMatchObject({ name: hostile.name, organization_text: hostile.organization, country: "TW", status: "confirmed", source: "public" });
    const person = await db().selectFrom("people").select(["name_native", "language"]).where("id", "=", stored?.person_id ?? -1).executeTakeFirstOrThrow();
    expect(person).toEqual({ name_native: hostile.nameNative, language: "zh-TW" });

    // The same address again, and the address of someone the organizers registered: the same answer.
    const repeated = await post(hostile);
    const known = await post({ ...hostile, email: "wen.secret@example.test" });
    expect(repeated).toEqual(first);
    expect(known.status).toBe(first.status);
    expect(JSON.stringify(known.body)).not.toMatch(/Wen Wu-yen|pending/);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(2);
    expect(await outboxFor(db(), "hostile@example.test")).toHaveLength(2);
    // Told in the language the form asked for, about the registration as it stands.
    const [toWen] = await outboxFor(db(), "wen.secret@example.test", w.event.id);
    expect(toWen.text_body).toContain("此地址已報名");
    expect(toWen.subject).toContain("已收到報名");

    const hiddenCategory = await post({ ...hostile, email: "other@example.test", categoryId: String(w.category) });
    expect(hiddenCategory.status).toBe(400);
    expect(fieldErrors(hiddenCategory.body).categoryId).toEqual(["registration:problems.unknownCategory"]);
    const badCountry = await post({ ...hostile, email: "other@example.test", country: "XX" });
    expect(fieldErrors(badCountry.body).country).toEqual(["validation.invalidChoice"]);
    const badEmail = await post({ ...hostile, email: "not an email" });
    expect(fieldErrors(badEmail.body).email).toEqual(["validation.email"]);
    const longName = await post({ ...hostile, email: "other@example.test", name: "N".repeat(300_000) });
    expect(longName.status).toBe(400);
    expect(fieldErrors(longName.body).name).toEqual(["validation.tooLong"]);
    const hugeName = await post({ ...hostile, email: "other@example.test", name: "N".repeat(2 * 1024 * 1024) });
    expect(hugeName.status).toBeGreaterThanOrEqual(400);
    expect(hugeName.status).toBeLessThan(500);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(2);

    // A bot filling the hidden field is thanked and stores nothing.
    const bot = await post({ ...hostile, email: "bot@example.test", website: "http://spam.test" });
    expect(bot.status).toBe(200);
    expect(await outboxFor(db(), "bot@example.test")).toEqual([]);
    expect(await countRows(db(), "registrations", w.event.id)).toBe(2);
  });

  it("keeps a public registration pending while the organizers approve them", async () => {
    const w = await world();
    await setMode(db(), w.event.id, "approval");
    const outcome = await call(registerAction, formRequest(`/events/${w.event.slug}/register`, { name: "Pat Pending", email: "pat@example.test", language: "en" }), w.params);
    expect(outcome.status).toBe(200);
    expect((outcome.body as { submitted: { mode: string } }).submitted).toEqual({ mode: "approval" });
    const row = (await registrationsOf(db(), w.event.id)).find((registration) => registration.email === "pat@example.test");
    expect(row?.status).toBe("pending");
    const [mail] = await outboxFor(db(), "pat@example.test", w.event.id);
    expect(mail.subject).toContain("Registration received");
    expect(mail.html_body).not.toContain("<img");
  });

  it("renders every page in both languages with hostile text escaped", async () => {
    const w = await world();
    await setMode(db(), w.event.id, "open");
    await insertCategory(db(), w.event.id, { nameEn: "<script>alert('category')</script>", isPublic: true });
    const hostilePerson = await insertPerson(db(), { name: "<script>alert('name')</script>", nameNative: "<img src=x onerror=alert(1)>" });
    await registerPerson(db(), { eventId: w.event.id, personId: hostilePerson, categoryId: null, source: "import", registeredBy: null, organizationText: "=HYPERLINK(\"http://evil.test\")", country: "TW" });
    const base = `/events/${w.event.slug}`;
    const load = async (loader: Loader, path: string, cookie?: string) => (await call(loader, getRequest(path, { cookie }), w.params)).body;
    const preview = (await call(importAction, formRequest(`${base}/manage/registrations/import`, { intent: "preview", csv: "name,email\n<script>alert('row')</script>,bad\nGood,good@example.test" }, { cookie: w.cookies.organizer }), w.params)).body;
    const pagesToRender: Array<[ComponentType, string, unknown, unknown]> = [
      [CategoriesPage, `${base}/manage/categories`, await load(categoriesLoader, `${base}/manage/categories`, w.cookies.organizer), undefined],
      [RegistrationsPage, `${base}/manage/registrations`, await load(registrationsLoader, `${base}/manage/registrations?find=script`, w.cookies.organizer), undefined],
      [ImportPage, `${base}/manage/registrations/import`, await load(importLoader, `${base}/manage/registrations/import`, w.cookies.organizer), preview],
      [RegisterPage, `${base}/register`, await load(registerLoader, `${base}/register`), undefined],
    ];
    for (const language of ["en", "zh-TW"] as const) {
      for (const [Component, path, loaderData, actionData] of pagesToRender) {
        const html = await renderRoutePage(Component, { pattern: path, path, loaderData, actionData, language });
        expect(html, path).not.toMatch(/<script>alert|<img src=x/);
        expect(html, path).toContain("<h1");
      }
    }
    const list = await renderRoutePage(RegistrationsPage, { pattern: `${base}/manage/registrations`, path: `${base}/manage/registrations`, loaderData: pagesToRender[1][2], language: "zh-TW" });
    expect(list).toContain("&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;");
    expect(list).toContain(new Intl.DisplayNames(["zh-TW"], { type: "region" }).of("TW"));
    expect(list).toContain("待審核");
    const importPage = await renderRoutePage(ImportPage, { pattern: `${base}/manage/registrations/import`, path: `${base}/manage/registrations/import`, loaderData: pagesToRender[2][2], actionData: preview, language: "en" });
    expect(importPage).toContain("The email address is not valid.");
    expect(importPage).toContain("New person in the directory");
    const form = await renderRoutePage(RegisterPage, { pattern: `${base}/register`, path: `${base}/register`, loaderData: pagesToRender[3][2], language: "zh-TW" });
    expect(form).toContain("日本");
    expect(form).not.toContain("Wen Wu-yen");
  });
});
