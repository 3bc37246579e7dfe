import { createTransport, type Transporter } from "nodemailer";
import type { Db } from "../../db/client";
import type { MailLanguage } from "../../db/schema";
import { getEnv } from "../../lib/env.server";

export interface OutgoingMail {
  to: string;
  language: "en" | "zh-TW";
  eventId?: number | null;
  subject: string;
  text: string;
  html: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: createTransport(url) };
  return transport.transporter;
}

/** What may be logged of a failed delivery: never the body (its links carry single-use tokens), nor the address. */
function deliveryProblem(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const { code, responseCode } = error as Error & { code?: unknown; responseCode?: unknown };
  return [typeof code === "string" ? code : null, typeof responseCode === "number" ? `SMTP ${responseCode}` : null]
    .filter((part) => part !== null)
    .join(", ") || error.name;
}

/**
 * Sends a mail through SMTP when `SMTP_URL` is set, and keeps it in the outbox otherwise (the demo
 * and a fresh clone need no mail server; administrators read it at /admin/outbox).
 *
 * A failed SMTP delivery never undoes what the user did (the invitation, the registration stand):
 * the mail is kept in the outbox instead, where an administrator sees it and can pass it on, and
 * the failure is logged without the body or the recipient. Call it after the change is committed.
 */
export async function sendMail(db: Db, mail: OutgoingMail): Promise<"smtp" | "outbox"> {
  const { SMTP_URL, MAIL_FROM } = getEnv();
  if (SMTP_URL) {
    try {
      await transporterFor(SMTP_URL).sendMail({
        from: MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { "Content-Language": mail.language },
      });
      return "smtp";
    } catch (error) {
      console.error(`Mail delivery failed (${deliveryProblem(error)}); the message is kept in the outbox.`);
    }
  }
  await keepInOutbox(db, mail);
  return "outbox";
}

async function keepInOutbox(db: Db, mail: OutgoingMail): Promise<void> {
  // The outbox is the mailbox of a Plenary without SMTP: the bodies are stored whole, links and
  // their single-use tokens included, and only platform administrators can read them.
  await db
    .insertInto("outbox")
    .values({
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      language: mail.language,
      event_id: mail.eventId ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

export const OUTBOX_PAGE_SIZE = 20;

export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: MailLanguage;
  eventSlug: string | null;
  createdAt: string;
}

export interface OutboxPage {
  messages: OutboxMessage[];
  page: number;
  pageCount: number;
  total: number;
}

/** Newest first. A page past the end gives the last page. */
export async function listOutbox(db: Db, { page }: { page: number }): Promise<OutboxPage> {
  const { count } = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  const total = Number(count);
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .selectFrom("outbox")
    .leftJoin("events", "events.id", "outbox.event_id")
    .select([
      "outbox.id",
      "outbox.to_address",
      "outbox.subject",
      "outbox.text_body",
      "outbox.html_body",
      "outbox.language",
      "outbox.created_at",
      "events.slug as event_slug",
    ])
    .orderBy("outbox.created_at", "desc")
    .orderBy("outbox.id", "desc")
    .limit(OUTBOX_PAGE_SIZE)
    .offset((current - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return {
    messages: rows.map((row) => ({
      id: row.id,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      language: row.language,
      eventSlug: row.event_slug,
      createdAt: row.created_at,
    })),
    page: current,
    pageCount,
    total,
  };
}
