import { createHash } from "node:crypto";
import { expect, it, vi } from "vitest";
import {
  acceptAccountInvitation,
  createUser,
  findAccountInvitation,
  getPersonAccountStatus,
  INVITATION_DAYS,
  inviteToCreateAccount,
  listMyEvents,
} from "../../../app/models/account.server";
import { listOutbox } from "../../../app/models/mail.server";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { addToAgenda, giveRole, insertEvent, insertUser } from "../../support/app";
import { insertPerson, invitationToken, linkAccount, putInDelegation, registerPerson } from "../../support/people";

// Without SMTP_URL every mail is kept in the outbox, where these tests read the links.
vi.hoisted(() => {
  delete process.env.SMTP_URL;
});

const ORIGIN = "https://plenary.example.test";
const DAY = 86_400_000;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describeEachEngine("account invitations", ({ db }) => {
  let sequence = 0;
  const uniqueEmail = (name: string) => `${name}-${++sequence}-${Date.now()}@example.test`;

  async function admin() {
    const user = await insertUser(db(), { isAdmin: true });
    return { userId: user.id, isAdmin: true };
  }

  /** The token of the newest mail in the outbox to `email`. */
  async function mailedToken(email: string): Promise<string> {
    const { messages } = await listOutbox(db(), { page: 1 });
    const mail = messages.find((message) => message.to === email);
    if (!mail) throw new Error(`No mail to ${email}`);
    return invitationToken(mail.text);
  }

  async function invited(options: { language?: "en" | "zh-TW" | null } = {}) {
    const email = uniqueEmail("invitee");
    const person = await insertPerson(db(), { name: "Wen Wu-yen", email, language: options.language ?? null });
    const outcome = await inviteToCreateAccount(db(), await admin(), person.id, { origin: ORIGIN });
    expect(outcome).toEqual({ ok: true, email, delivery: "outbox" });
    return { person, email, token: await mailedToken(email) };
  }

  async function everyStoredText(database: Db): Promise<string> {
    const tables = ["account_invitations", "audit_log", "users", "person_accounts", "user_sessions"] as const;
    const dumps = await Promise.all(tables.map((table) => database.selectFrom(table).selectAll().execute()));
    return JSON.stringify(dumps);
  }

  it("mails a link whose token the database keeps only as its SHA-256", async () => {
    const { person, email, token } = await invited();
    const { messages } = await listOutbox(db(), { page: 1 });
    const mail = messages.find((message) => message.to === email);
    expect(mail).toMatchObject({ language: "en", subject: "Create your Plenary account" });
    expect(mail?.text).toContain(`${ORIGIN}/welcome/${token}`);
    expect(mail?.html).toContain('<html lang="en">');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await db().selectFrom("account_invitations").selectAll().where("person_id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(row.email).toBe(email);
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(INVITATION_DAYS * DAY);
    // Only the outbox, the mailbox of a Plenary without SMTP, holds the link itself.
    expect(await everyStoredText(db())).not.toContain(token);
  });

  it("writes the mail in the person's language", async () => {
    const { email } = await invited({ language: "zh-TW" });
    const { messages } = await listOutbox(db(), { page: 1 });
    const mail = messages.find((message) => message.to === email);
    expect(mail).toMatchObject({ language: "zh-TW", subject: "建立您的 Plenary 帳號" });
    expect(mail?.text).toContain("Wen Wu-yen 您好");
    expect(mail?.html).toContain('<html lang="zh-TW">');
  });

  it("accepting creates the user, links the person and uses the link up", async () => {
    const { person, email, token } = await invited();
    expect(await findAccountInvitation(db(), token)).toMatchObject({ status: "open", personName: "Wen Wu-yen", email });
    const accepted = await acceptAccountInvitation(db(), { token, password: "a long enough password" });
    expect(accepted).toMatchObject({ ok: true, user: { email, name: "Wen Wu-yen", isAdmin: false } });
    if (!accepted.ok) return;
    const link = await db().selectFrom("person_accounts").selectAll().where("person_id", "=", person.id).executeTakeFirstOrThrow();
    expect(link.user_id).toBe(accepted.user.id);
    const invitation = await db().selectFrom("account_invitations").select("used_at").where("token_hash", "=", sha256(token)).executeTakeFirstOrThrow();
    expect(invitation.used_at).not.toBeNull();

    expect(await acceptAccountInvitation(db(), { token, password: "another long password" })).toEqual({ ok: false, problem: "used" });
    expect(await findAccountInvitation(db(), token)).toEqual({ status: "used" });
    expect(await everyStoredText(db())).not.toContain(token);
  });

  it("two tabs accepting at once make one account", async () => {
    const { person, email, token } = await invited();
    const outcomes = await Promise.all([
      acceptAccountInvitation(db(), { token, password: "first long password" }),
      acceptAccountInvitation(db(), { token, password: "second long password" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, problem: "used" }]);
    const users = await db().selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(1);
    const links = await db().selectFrom("person_accounts").select("user_id").where("person_id", "=", person.id).execute();
    expect(links).toEqual([{ user_id: users[0].id }]);
  });

  it("refuses an expired link, and gives nothing away about it", async () => {
    const { token } = await invited();
    const later = new Date(Date.now() + INVITATION_DAYS * DAY + 60_000);
    expect(await findAccountInvitation(db(), token, later)).toEqual({ status: "expired" });
    expect(await acceptAccountInvitation(db(), { token, password: "a long enough password" }, later)).toEqual({ ok: false, problem: "expired" });
    // Still good the day before it expires.
    expect(await findAccountInvitation(db(), token, new Date(Date.now() + (INVITATION_DAYS - 1) * DAY))).toMatchObject({ status: "open" });
  });

  it("refuses unknown and malformed tokens", async () => {
    const unknown = "A".repeat(43);
    expect(await findAccountInvitation(db(), unknown)).toEqual({ status: "unknown" });
    expect(await acceptAccountInvitation(db(), { token: unknown, password: "a long enough password" })).toEqual({ ok: false, problem: "unknown" });
    expect(await findAccountInvitation(db(), "short")).toEqual({ status: "unknown" });
  });

  it("a person's link makes that person's account only", async () => {
    const first = await invited();
    const second = await invited();
    const accepted = await acceptAccountInvitation(db(), { token: second.token, password: "a long enough password" });
    expect(accepted).toMatchObject({ ok: true, user: { email: second.email } });
    const firstLink = await db().selectFrom("person_accounts").select("user_id").where("person_id", "=", first.person.id).executeTakeFirst();
    expect(firstLink).toBeUndefined();
    expect(await findAccountInvitation(db(), first.token)).toMatchObject({ status: "open", email: first.email });
  });

  it("a new invitation ends the person's older open one", async () => {
    const { person, email, token: older } = await invited();
    expect(await inviteToCreateAccount(db(), await admin(), person.id, { origin: ORIGIN })).toMatchObject({ ok: true });
    const newer = await mailedToken(email);
    expect(newer).not.toBe(older);
    expect(await findAccountInvitation(db(), older)).toEqual({ status: "expired" });
    expect(await acceptAccountInvitation(db(), { token: older, password: "a long enough password" })).toEqual({ ok: false, problem: "expired" });
    expect(await acceptAccountInvitation(db(), { token: newer, password: "a long enough password" })).toMatchObject({ ok: true });
  });

  it("rolls everything back when the email became an account's meanwhile", async () => {
    const { person, email, token } = await invited();
    expect(await createUser(db(), { email, name: "Someone", password: "a long enough password" }, null)).toMatchObject({ ok: true });
    expect(await acceptAccountInvitation(db(), { token, password: "a long enough password" })).toEqual({ ok: false, problem: "email_taken" });
    const invitation = await db().selectFrom("account_invitations").select("used_at").where("person_id", "=", person.id).executeTakeFirstOrThrow();
    expect(invitation.used_at).toBeNull();
    expect(await db().selectFrom("person_accounts").select("user_id").where("person_id", "=", person.id).executeTakeFirst()).toBeUndefined();
  });

  it("refuses people without an email, with an account, or whose email an account uses", async () => {
    const viewer = await admin();
    const withoutEmail = await insertPerson(db(), { email: null });
    expect(await inviteToCreateAccount(db(), viewer, withoutEmail.id, { origin: ORIGIN })).toEqual({ ok: false, problem: "no_email" });

    const linked = await insertPerson(db(), { email: uniqueEmail("linked") });
    await linkAccount(db(), { personId: linked.id, userId: (await insertUser(db())).id });
    expect(await inviteToCreateAccount(db(), viewer, linked.id, { origin: ORIGIN })).toEqual({ ok: false, problem: "has_account" });

    const user = await insertUser(db(), { email: uniqueEmail("user") });
    const sameEmail = await insertPerson(db(), { email: user.email.toUpperCase() });
    expect(await inviteToCreateAccount(db(), viewer, sameEmail.id, { origin: ORIGIN })).toEqual({ ok: false, problem: "email_has_account" });

    expect(await inviteToCreateAccount(db(), viewer, 2_000_000_000, { origin: ORIGIN })).toEqual({ ok: false, problem: "not_found" });
    expect(await db().selectFrom("account_invitations").select("id").where("person_id", "in", [withoutEmail.id, linked.id, sameEmail.id]).execute()).toEqual([]);
  });

  it("organizers of the person's events and administrators may invite; staff and strangers may not", async () => {
    const event = await insertEvent(db());
    const otherEvent = await insertEvent(db());
    const [organizer, staff, stranger, otherOrganizer] = await Promise.all([insertUser(db()), insertUser(db()), insertUser(db()), insertUser(db())]);
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
    const viewerOf = (user: { id: number }) => ({ userId: user.id, isAdmin: false });

    const speaker = await insertPerson(db(), { email: uniqueEmail("speaker") });
    await addToAgenda(db(), event.id, speaker.id);
    const delegate = await insertPerson(db(), { email: uniqueEmail("delegate") });
    await putInDelegation(db(), { eventId: event.id, personId: delegate.id, key: `d${sequence}`, nameEn: "Taiwan" });
    const registrant = await insertPerson(db(), { email: uniqueEmail("registrant") });
    await registerPerson(db(), { eventId: event.id, personId: registrant.id, badgeCode: `B${Date.now()}${sequence}`.slice(0, 12) });

    for (const person of [speaker, delegate, registrant]) {
      for (const refused of [staff, stranger, otherOrganizer]) {
        expect(await inviteToCreateAccount(db(), viewerOf(refused), person.id, { origin: ORIGIN })).toEqual({ ok: false, problem: "forbidden" });
        expect(await getPersonAccountStatus(db(), viewerOf(refused), person.id)).toBeNull();
      }
      expect(await inviteToCreateAccount(db(), viewerOf(organizer), person.id, { origin: ORIGIN })).toMatchObject({ ok: true });
      expect(await getPersonAccountStatus(db(), viewerOf(organizer), person.id)).toMatchObject({ hasAccount: false, pendingInvitation: { email: person.email } });
    }
    expect(await inviteToCreateAccount(db(), await admin(), speaker.id, { origin: ORIGIN })).toMatchObject({ ok: true });
  });
});

describeEachEngine("my events", ({ db }) => {
  it("lists what the user's own person takes part in, and the user's team roles", async () => {
    const conference = await insertEvent(db(), { title_en: "CTPAT 2011" });
    const seminar = await insertEvent(db(), { title_en: "Taipei seminar" });
    const teamEvent = await insertEvent(db(), { title_en: "Staffed event" });
    const user = await insertUser(db());
    const other = await insertUser(db());
    const me = await insertPerson(db(), { name: "Wen Wu-yen" });
    const someoneElse = await insertPerson(db(), { name: "Kim Jai-il" });
    await linkAccount(db(), { personId: me.id, userId: user.id });
    await linkAccount(db(), { personId: someoneElse.id, userId: other.id });

    await registerPerson(db(), { eventId: conference.id, personId: me.id, category: "Foreign customs administration", badgeCode: "ABCDEFGHJKMN" });
    await putInDelegation(db(), { eventId: conference.id, personId: me.id, key: "tw", nameEn: "Taiwan", role: "head" });
    const sessionId = await addToAgenda(db(), seminar.id, me.id);
    await giveRole(db(), user.id, teamEvent.id, "staff");
    // Someone else's part in an event of their own, and in the same event.
    await registerPerson(db(), { eventId: seminar.id, personId: someoneElse.id, badgeCode: "ZZZZZZZZZZZZ" });
    await putInDelegation(db(), { eventId: seminar.id, personId: someoneElse.id, key: "kr", nameEn: "Korea" });

    const mine = await listMyEvents(db(), user.id);
    expect(mine.linked).toBe(true);
    const byTitle = new Map(mine.events.map((event) => [event.titleEn, event]));
    expect([...byTitle.keys()].sort()).toEqual(["CTPAT 2011", "Staffed event", "Taipei seminar"]);
    expect(byTitle.get("CTPAT 2011")).toMatchObject({
      registration: { status: "confirmed", categoryEn: "Foreign customs administration", badgeCode: "ABCDEFGHJKMN" },
      delegation: { key: "tw", nameEn: "Taiwan", role: "head" },
      sessions: [],
      teamRoles: [],
    });
    expect(byTitle.get("Taipei seminar")).toMatchObject({ registration: null, delegation: null, sessions: [{ id: sessionId, role: "speaker" }] });
    expect(byTitle.get("Staffed event")).toMatchObject({ registration: null, delegation: null, sessions: [], teamRoles: ["staff"] });
    expect(JSON.stringify(mine)).not.toContain("ZZZZZZZZZZZZ");
    expect(JSON.stringify(mine)).not.toContain("Korea");
  });

  it("an account without a person sees its team events only", async () => {
    const event = await insertEvent(db());
    const user = await insertUser(db());
    await giveRole(db(), user.id, event.id, "organizer");
    const mine = await listMyEvents(db(), user.id);
    expect(mine).toMatchObject({ linked: false, events: [{ id: event.id, teamRoles: ["organizer"], registration: null }] });
  });

  it("shows no badge code for a cancelled registration", async () => {
    const event = await insertEvent(db());
    const user = await insertUser(db());
    const person = await insertPerson(db());
    await linkAccount(db(), { personId: person.id, userId: user.id });
    await registerPerson(db(), { eventId: event.id, personId: person.id, status: "cancelled", badgeCode: `C${Date.now()}`.slice(0, 12) });
    const mine = await listMyEvents(db(), user.id);
    expect(mine.events[0].registration).toEqual({ status: "cancelled", categoryEn: null, categoryZh: null, badgeCode: null });
  });
});
