import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listOutbox, OUTBOX_PAGE_SIZE, sendMail } from "../../../app/models/mail.server";
import { action as personAction } from "../../../app/routes/directory.people.$personId";
import { action as welcomeAction, loader as welcomeLoader } from "../../../app/routes/welcome.$token";
import { parseEnv } from "../../../lib/env.server";
import { describeEachEngine } from "../../support/engines";
import { formRequest, getRequest, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { invitationToken, insertPerson } from "../../support/people";
import { REFUSING_DOMAIN, startSmtpInbox, type SmtpInbox } from "../../support/smtp-inbox";

// The server starts before anything reads the environment (getEnv() keeps what it read first), so
// every sendMail of this file's static imports delivers through it.
let inbox: SmtpInbox;
const previousSmtpUrl = process.env.SMTP_URL;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  process.env.SMTP_URL = inbox.url;
});
afterAll(async () => {
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
  await inbox.close();
});
beforeEach(() => {
  inbox.mails.length = 0;
});

describe("the mail settings", () => {
  it("takes smtp:// and smtps:// URLs, and nothing else", () => {
    const secret = "s".repeat(32);
    expect(parseEnv({ SESSION_SECRET: secret, SMTP_URL: "smtps://user:pass@mail.example.test:465" }).SMTP_URL).toBe("smtps://user:pass@mail.example.test:465");
    expect(parseEnv({ SESSION_SECRET: secret, SMTP_URL: "" }).SMTP_URL).toBeUndefined();
    expect(() => parseEnv({ SESSION_SECRET: secret, SMTP_URL: "http://mail.example.test" })).toThrow(/SMTP_URL must be an smtp/);
    expect(() => parseEnv({ SESSION_SECRET: secret, SMTP_URL: "not a url" })).toThrow(/SMTP_URL/);
    expect(parseEnv({ SESSION_SECRET: secret }).MAIL_FROM).toBe("Plenary <no-reply@plenary.test>");
    expect(() => parseEnv({ SESSION_SECRET: secret, MAIL_FROM: "a@b.test\r\nBcc: c@d.test" })).toThrow(/MAIL_FROM must be one line/);
  });
});

describeEachEngine("sendMail", ({ db }) => {
  serveAppFrom(db);

  it("delivers through SMTP: sender, recipient, UTF-8 Chinese subject, text and HTML parts", async () => {
    const delivery = await sendMail(db(), {
      to: "wen@customs.example.test",
      language: "zh-TW",
      subject: "建立您的 Plenary 帳號",
      text: "溫武彥 您好：\n\n請設定密碼。\n",
      html: '<!DOCTYPE html><html lang="zh-TW"><body><p>溫武彥 您好：</p></body></html>',
    });
    expect(delivery).toBe("smtp");
    expect(inbox.mails).toHaveLength(1);
    const [mail] = inbox.mails;
    expect(mail.to).toEqual(["wen@customs.example.test"]);
    expect(mail.from).toBe("no-reply@plenary.test");
    expect(mail.headers.get("from")).toBe("Plenary <no-reply@plenary.test>");
    expect(mail.headers.get("content-language")).toBe("zh-TW");
    // Encoded for the header (ASCII only), decoded back to the same Chinese text.
    expect(mail.headers.get("subject")).toMatch(/^=\?UTF-8\?/i);
    expect(mail.subject).toBe("建立您的 Plenary 帳號");
    expect(mail.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    expect(mail.text).toBe("溫武彥 您好：\n\n請設定密碼。\n");
    expect(mail.html).toContain('<html lang="zh-TW">');
    expect(mail.html).toContain("<p>溫武彥 您好：</p>");
    expect((await listOutbox(db(), { page: 1 })).total).toBe(0);
  });

  it("keeps a mail the SMTP server refuses in the outbox, logging neither its body nor its recipient", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const delivery = await sendMail(db(), {
        to: `someone@${REFUSING_DOMAIN}`,
        language: "en",
        subject: "Create your Plenary account",
        text: "Secret link: https://plenary.test/welcome/SECRET-TOKEN",
        html: "<p>https://plenary.test/welcome/SECRET-TOKEN</p>",
      });
      expect(delivery).toBe("outbox");
      const logged = errors.mock.calls.flat().map(String).join("\n");
      expect(errors).toHaveBeenCalledTimes(1);
      expect(logged).toMatch(/Mail delivery failed/);
      expect(logged).not.toContain("SECRET-TOKEN");
      expect(logged).not.toContain(REFUSING_DOMAIN);
    } finally {
      errors.mockRestore();
    }
    const { messages } = await listOutbox(db(), { page: 1 });
    expect(messages[0]).toMatchObject({ to: `someone@${REFUSING_DOMAIN}`, subject: "Create your Plenary account", language: "en" });
    expect(inbox.mails).toHaveLength(0);
  });

  it("an account invitation arrives by mail in the person's language; its link creates the linked account", async () => {
    const admin = await insertUser(db(), { isAdmin: true, name: "Admin Lin" });
    const person = await insertPerson(db(), { name: "Wen Wu-yen", email: `wen-${Date.now()}@customs.example.test`, language: "zh-TW" });
    const invited = await runRoute(() =>
      personAction({
        request: formRequest(`/directory/people/${person.id}`, { intent: "invite" }, {}),
        params: { personId: String(person.id) },
        context: {},
      }),
    );
    // Not signed in: sent to sign in, and nothing is mailed.
    expect(invited.status).toBe(302);
    expect(inbox.mails).toHaveLength(0);

    const cookie = await signedInCookie(db(), admin);
    const outboxBefore = (await listOutbox(db(), { page: 1 })).total;
    const sent = await runRoute(() =>
      personAction({ request: formRequest(`/directory/people/${person.id}`, { intent: "invite" }, { cookie }), params: { personId: String(person.id) }, context: {} }),
    );
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ invitation: { sentTo: person.email, delivery: "smtp" } });
    expect(inbox.mails).toHaveLength(1);
    const [mail] = inbox.mails;
    expect(mail.to).toEqual([person.email]);
    expect(mail.subject).toBe("建立您的 Plenary 帳號");
    expect(mail.text).toContain("Wen Wu-yen 您好");
    expect(mail.text).toContain("Admin Lin");
    expect(mail.html).toContain('<html lang="zh-TW">');
    const token = invitationToken(mail.text);
    expect(mail.text).toContain(`http://localhost/welcome/${token}`);
    expect(mail.html).toContain(`href="http://localhost/welcome/${token}"`);
    expect((await listOutbox(db(), { page: 1 })).total).toBe(outboxBefore);

    const page = await runRoute(() => welcomeLoader({ request: getRequest(`/welcome/${token}`), params: { token }, context: {} }));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ invitation: { personName: "Wen Wu-yen", email: person.email } });

    const created = await runRoute(() =>
      welcomeAction({
        request: formRequest(`/welcome/${token}`, { password: "a long enough password", confirmPassword: "a long enough password" }),
        params: { token },
        context: {},
      }),
    );
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/my-events");
    expect(created.headers.get("Set-Cookie")).toMatch(/plenary_session=/);
    const account = await db()
      .selectFrom("person_accounts")
      .innerJoin("users", "users.id", "person_accounts.user_id")
      .select(["users.email", "users.name"])
      .where("person_accounts.person_id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ email: person.email, name: "Wen Wu-yen" });
  });
});

describeEachEngine("sendMail without SMTP_URL", ({ db }) => {
  let withoutSmtp: { sendMail: typeof sendMail; listOutbox: typeof listOutbox };
  let smtpUrl: string | undefined;
  beforeAll(async () => {
    // A fresh copy of the module (and of the environment it reads), without SMTP_URL.
    smtpUrl = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    vi.resetModules();
    withoutSmtp = await import("../../../app/models/mail.server");
  });
  afterAll(() => {
    process.env.SMTP_URL = smtpUrl;
  });

  it("keeps the mail in the outbox, newest first, a page at a time", async () => {
    for (let index = 1; index <= OUTBOX_PAGE_SIZE + 1; index++) {
      const delivery = await withoutSmtp.sendMail(db(), {
        to: `person${index}@example.test`,
        language: index % 2 === 0 ? "zh-TW" : "en",
        subject: `Message ${index}`,
        text: `Text ${index}`,
        html: `<p>HTML ${index}</p>`,
      });
      expect(delivery).toBe("outbox");
    }
    expect(inbox.mails).toHaveLength(0);
    const first = await withoutSmtp.listOutbox(db(), { page: 1 });
    expect(first.total).toBe(OUTBOX_PAGE_SIZE + 1);
    expect(first.pageCount).toBe(2);
    expect(first.messages).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first.messages[0]).toMatchObject({ to: `person${OUTBOX_PAGE_SIZE + 1}@example.test`, subject: `Message ${OUTBOX_PAGE_SIZE + 1}`, text: `Text ${OUTBOX_PAGE_SIZE + 1}` });
    const second = await withoutSmtp.listOutbox(db(), { page: 2 });
    expect(second.messages.map((message) => message.subject)).toEqual(["Message 1"]);
    expect(second.messages[0]).toMatchObject({ language: "en", html: "<p>HTML 1</p>", eventSlug: null });
    // Past the end: the last page.
    expect((await withoutSmtp.listOutbox(db(), { page: 99 })).page).toBe(2);
  });
});
