import { createHash } from "node:crypto";
import { expect, it, vi } from "vitest";
import { inviteToCreateAccount } from "../../../app/models/account.server";
import { listOutbox, sendMail } from "../../../app/models/mail.server";
import OutboxPage, { loader as outboxLoader } from "../../../app/routes/admin.outbox";
import PersonPage, { action as personAction, loader as personLoader } from "../../../app/routes/directory.people.$personId";
import MyEventsPage, { loader as myEventsLoader } from "../../../app/routes/my-events";
import WelcomePage, { action as welcomeAction, headers as welcomeHeaders, loader as welcomeLoader } from "../../../app/routes/welcome.$token";
import { describeEachEngine } from "../../support/engines";
import { addToAgenda, fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { insertPerson, invitationToken, linkAccount, putInDelegation, registerPerson } from "../../support/people";
import { renderRoutePage } from "../../support/render-page";

// Without SMTP_URL every mail is kept in the outbox, where these tests read the links.
vi.hoisted(() => {
  delete process.env.SMTP_URL;
});

const PASSWORD = "a long enough password";

describeEachEngine("account invitation routes", ({ db }) => {
  serveAppFrom(db);
  let sequence = 0;
  const uniqueEmail = (name: string) => `${name}-${++sequence}-${Date.now()}@example.test`;

  async function invitedPerson(name = "Wen Wu-yen") {
    const admin = await insertUser(db(), { isAdmin: true });
    const email = uniqueEmail("invitee");
    const person = await insertPerson(db(), { name, email });
    const outcome = await inviteToCreateAccount(db(), { userId: admin.id, isAdmin: true }, person.id, { origin: "http://localhost" });
    expect(outcome.ok).toBe(true);
    const mail = (await listOutbox(db(), { page: 1 })).messages.find((message) => message.to === email);
    return { person, email, token: invitationToken(mail?.text ?? "") };
  }

  const welcome = {
    get: (token: string) => runRoute(() => welcomeLoader({ request: getRequest(`/welcome/${token}`), params: { token }, context: {} })),
    post: (token: string, fields: Record<string, string>) =>
      runRoute(() => welcomeAction({ request: formRequest(`/welcome/${token}`, fields), params: { token }, context: {} })),
    render: (token: string, loaderData: unknown, actionData?: unknown) =>
      renderRoutePage(WelcomePage, { pattern: "/welcome/:token", path: `/welcome/${token}`, loaderData, actionData }),
  };

  it("/welcome/:token shows whom the open invitation is for and keeps the address out of Referer headers", async () => {
    const { email, token } = await invitedPerson();
    const page = await welcome.get(token);
    expect(page.status).toBe(200);
    const html = await welcome.render(token, page.body);
    expect(html).toContain("Wen Wu-yen");
    expect(html).toContain(email);
    expect(html).toContain('autoComplete="new-password"');
    const headers = new Headers(welcomeHeaders({} as Parameters<typeof welcomeHeaders>[0]) as HeadersInit);
    expect(headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(headers.get("Cache-Control")).toBe("no-store");
  });

  it("/welcome/:token answers 404 for an unknown link and 410 for a used or replaced one, naming no one", async () => {
    const unknown = await welcome.get("A".repeat(43));
    expect(unknown.status).toBe(404);
    expect(await welcome.post("nonsense", { password: PASSWORD, confirmPassword: PASSWORD })).toMatchObject({ status: 404 });

    const { person, email, token } = await invitedPerson("Kim Jai-il");
    expect((await welcome.post(token, { password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(302);
    const used = await welcome.get(token);
    expect(used.status).toBe(410);
    const again = await welcome.post(token, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(again.status).toBe(410);
    for (const outcome of [used, again]) {
      const html = await welcome.render(token, outcome.body);
      expect(html).toContain("This invitation link has already been used");
      expect(html).not.toContain("Kim Jai-il");
      expect(html).not.toContain(email);
      expect(JSON.stringify(outcome.body)).not.toContain(email);
    }
    expect(person.id).toBeGreaterThan(0);

    const replaced = await invitedPerson("Replaced Person");
    const admin = await insertUser(db(), { isAdmin: true });
    await inviteToCreateAccount(db(), { userId: admin.id, isAdmin: true }, replaced.person.id, { origin: "http://localhost" });
    const expired = await welcome.get(replaced.token);
    expect(expired.status).toBe(410);
    expect(await welcome.render(replaced.token, expired.body)).toContain("expired or was replaced");
  });

  it("/welcome/:token refuses a short password or a different repetition by the field, and creates nothing", async () => {
    const { person, email, token } = await invitedPerson();
    const short = await welcome.post(token, { password: "short", confirmPassword: "short" });
    expect(short.status).toBe(400);
    expect(fieldErrors(short.body).password).toEqual(["validation.passwordTooShort"]);
    const different = await welcome.post(token, { password: PASSWORD, confirmPassword: `${PASSWORD}!` });
    expect(different.status).toBe(400);
    expect(fieldErrors(different.body).confirmPassword).toEqual(["validation.passwordsDiffer"]);
    // The passwords are not sent back.
    expect(JSON.stringify(short.body)).not.toContain("short\"");
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    const invitation = await db().selectFrom("account_invitations").select("used_at").where("person_id", "=", person.id).executeTakeFirstOrThrow();
    expect(invitation.used_at).toBeNull();
  });

  it("accepting signs the new account in and leads to its events", async () => {
    const event = await insertEvent(db(), { title_en: "CTPAT 2011" });
    const { person, token } = await invitedPerson();
    await registerPerson(db(), { eventId: event.id, personId: person.id, badgeCode: "ABCDEFGHJKMN" });
    const accepted = await welcome.post(token, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/my-events");
    const cookie = (accepted.headers.get("Set-Cookie") ?? "").match(/plenary_session=[^;]+/)?.[0];
    expect(cookie).toBeDefined();
    const mine = await runRoute(() => myEventsLoader({ request: getRequest("/my-events", { cookie }), params: {}, context: {} }));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ linked: true, events: [{ id: event.id, registration: { badgeCode: "ABCDEFGHJKMN" } }] });
  });

  it("/my-events is for signed-in users and shows only the viewer's own", async () => {
    const anonymous = await runRoute(() => myEventsLoader({ request: getRequest("/my-events"), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fmy-events/);

    const event = await insertEvent(db(), { title_en: "CTPAT 2011" });
    const secret = await insertEvent(db(), { title_en: "Someone else's seminar", visibility: "private" });
    const [user, other] = await Promise.all([insertUser(db()), insertUser(db())]);
    const [me, them] = await Promise.all([insertPerson(db(), { name: "Wen Wu-yen" }), insertPerson(db(), { name: "Kim Jai-il" })]);
    await linkAccount(db(), { personId: me.id, userId: user.id });
    await linkAccount(db(), { personId: them.id, userId: other.id });
    await registerPerson(db(), { eventId: event.id, personId: me.id, category: "Foreign customs administration", badgeCode: "MNPQRSTVWXYZ" });
    await putInDelegation(db(), { eventId: event.id, personId: me.id, key: "tw", nameEn: "Taiwan delegation", role: "head" });
    await registerPerson(db(), { eventId: secret.id, personId: them.id, badgeCode: "ZZZZZZZZZZZZ" });
    await putInDelegation(db(), { eventId: event.id, personId: them.id, key: "kr", nameEn: "Korea delegation" });

    const cookie = await signedInCookie(db(), user);
    const page = await runRoute(() => myEventsLoader({ request: getRequest("/my-events", { cookie }), params: {}, context: {} }));
    expect(page.status).toBe(200);
    const html = await renderRoutePage(MyEventsPage, { pattern: "/my-events", path: "/my-events", loaderData: page.body });
    expect(html).toContain("CTPAT 2011");
    expect(html).toContain("MNPQ-RSTV-WXYZ");
    expect(html).toContain("Foreign customs administration");
    expect(html).toContain(`href="/events/${event.slug}/delegations/tw"`);
    expect(html).toContain("Head of delegation");
    expect(html).not.toContain("Someone else");
    expect(html).not.toContain("ZZZZ");
    expect(html).not.toContain("Korea delegation");
    expect(html).not.toContain("not linked");

    const unlinked = await insertUser(db());
    const teamEvent = await insertEvent(db(), { title_en: "Door duty" });
    await giveRole(db(), unlinked.id, teamEvent.id, "staff");
    const unlinkedCookie = await signedInCookie(db(), unlinked);
    const unlinkedPage = await runRoute(() => myEventsLoader({ request: getRequest("/my-events", { cookie: unlinkedCookie }), params: {}, context: {} }));
    const unlinkedHtml = await renderRoutePage(MyEventsPage, { pattern: "/my-events", path: "/my-events", loaderData: unlinkedPage.body, language: "zh-TW" });
    expect(unlinkedHtml).toContain("您的帳號尚未連結到名錄中的人員");
    expect(unlinkedHtml).toContain("Door duty");
    expect(unlinkedHtml).toContain("工作人員");
  });

  it("/admin/outbox is for administrators and shows hostile text escaped", async () => {
    const anonymous = await runRoute(() => outboxLoader({ request: getRequest("/admin/outbox"), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    for (const user of [await insertUser(db()), await insertUser(db())]) {
      const event = await insertEvent(db());
      await giveRole(db(), user.id, event.id, "organizer");
      const userCookie = await signedInCookie(db(), user);
      const refused = await runRoute(() => outboxLoader({ request: getRequest("/admin/outbox", { cookie: userCookie }), params: {}, context: {} }));
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain("@");
    }

    const hostile = `<img src=x onerror=alert(1)>"subject"`;
    await sendMail(db(), { to: "victim@example.test", language: "zh-TW", subject: hostile, text: `<script>alert(2)</script>`, html: `<p onclick="alert(3)">HTML body</p>` });
    const admin = await insertUser(db(), { isAdmin: true });
    const adminCookie = await signedInCookie(db(), admin);
    const page = await runRoute(() => outboxLoader({ request: getRequest("/admin/outbox?page=1", { cookie: adminCookie }), params: {}, context: {} }));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1 });
    expect((page.body as { messages: unknown[] }).messages[0]).toMatchObject({ subject: hostile, to: "victim@example.test" });
    const html = await renderRoutePage(OutboxPage, { pattern: "/admin/outbox", path: "/admin/outbox", loaderData: page.body });
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(2)");
    // The HTML body only ever inside an empty sandbox, as an attribute's escaped value.
    expect(html).toMatch(/<iframe sandbox="" srcDoc="&lt;p onclick=&quot;alert\(3\)&quot;&gt;HTML body&lt;\/p&gt;"/i);
    expect(html).not.toContain('<p onclick="alert(3)">');
    expect(html).toContain('lang="zh-TW"');
    expect(html).toContain("victim@example.test");

    const junk = await runRoute(() => outboxLoader({ request: getRequest("/admin/outbox?page=-3", { cookie: adminCookie }), params: {}, context: {} }));
    expect(junk.body).toMatchObject({ page: 1 });
  });

  it("the directory person page invites organizers' and admins' people, and shows the account's state", async () => {
    const event = await insertEvent(db());
    const [organizer, staff, otherOrganizer] = await Promise.all([insertUser(db()), insertUser(db()), insertUser(db())]);
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, (await insertEvent(db())).id, "organizer");
    const email = uniqueEmail("speaker");
    const person = await insertPerson(db(), { name: "Speaker Chen", email });
    await addToAgenda(db(), event.id, person.id);
    const path = `/directory/people/${person.id}`;
    const params = { personId: String(person.id) };
    const invite = async (cookie: string | undefined) => runRoute(() => personAction({ request: formRequest(path, { intent: "invite" }, { cookie }), params, context: {} }));
    const view = async (cookie: string) => runRoute(() => personLoader({ request: getRequest(path, { cookie }), params, context: {} }));

    expect((await invite(undefined)).status).toBe(302);
    expect((await invite(await signedInCookie(db(), staff))).status).toBe(403);
    expect((await invite(await signedInCookie(db(), otherOrganizer))).status).toBe(403);
    expect((await view(await signedInCookie(db(), otherOrganizer))).body).toMatchObject({ account: null });
    expect(await db().selectFrom("account_invitations").select("id").where("person_id", "=", person.id).execute()).toEqual([]);

    const cookie = await signedInCookie(db(), organizer);
    const before = await view(cookie);
    expect(before.body).toMatchObject({ account: { hasAccount: false, pendingInvitation: null } });
    const beforeHtml = await renderRoutePage(PersonPage, { pattern: "/directory/people/:personId", path, loaderData: before.body });
    expect(beforeHtml).toContain("Invite to create an account");

    const sent = await invite(cookie);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ invitation: { sentTo: email, delivery: "outbox" } });
    const after = await view(cookie);
    expect(after.body).toMatchObject({ account: { hasAccount: false, pendingInvitation: { email } } });
    const afterHtml = await renderRoutePage(PersonPage, { pattern: "/directory/people/:personId", path, loaderData: after.body, actionData: sent.body });
    expect(afterHtml).toContain(`Invitation kept in the outbox for ${email}`);
    expect(afterHtml).toContain(`Invitation sent to ${email}, waiting for an answer`);
    expect(afterHtml).toContain("Send a new invitation");

    const token = invitationToken((await listOutbox(db(), { page: 1 })).messages.find((message) => message.to === email)?.text ?? "");
    expect(createHash("sha256").update(token).digest("hex")).toHaveLength(64);
    expect((await welcome.post(token, { password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(302);
    expect((await view(cookie)).body).toMatchObject({ account: { hasAccount: true, pendingInvitation: null } });
    const again = await invite(cookie);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ invitation: { problem: "has_account" } });
  });

  it("the person form sets the language of the person's mail", async () => {
    const admin = await insertUser(db(), { isAdmin: true });
    const cookie = await signedInCookie(db(), admin);
    const person = await insertPerson(db(), { name: "Wen Wu-yen" });
    const path = `/directory/people/${person.id}`;
    const params = { personId: String(person.id) };
    const save = (language: string) => runRoute(() => personAction({ request: formRequest(path, { name: "Wen Wu-yen", language }, { cookie }), params, context: {} }));
    expect((await save("zh-TW")).status).toBe(200);
    expect(await db().selectFrom("people").select("language").where("id", "=", person.id).executeTakeFirstOrThrow()).toEqual({ language: "zh-TW" });
    const refused = await save("fr");
    expect(refused.status).toBe(400);
    expect(fieldErrors(refused.body).language).toEqual(["validation.invalidChoice"]);
    expect((await save("")).status).toBe(200);
    expect(await db().selectFrom("people").select("language").where("id", "=", person.id).executeTakeFirstOrThrow()).toEqual({ language: null });
  });
});
