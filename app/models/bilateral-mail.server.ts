import type { Db } from "../../db/client";
import type { MailLanguage } from "../../db/schema";
import { bilateralChangeMail } from "../mail/bilateral";
import { translatorFor } from "../i18n/i18next.server";
import { localized } from "../utils/localized";
import { formatMeetingTime } from "../utils/meeting-time";
import { sendMail } from "./mail.server";

/** What happened to a bilateral request: one side's change, told to the other side, or the organizers' scheduler giving it a time, told to both. */
export type BilateralChange = "requested" | "accepted" | "booked" | "proposed" | "declined" | "cancelled" | "self_booked" | "scheduled";

const MINUTE = 60_000;

interface Recipient {
  name: string;
  nameNative: string | null;
  email: string;
  language: MailLanguage;
}

/**
 * Mails the other side of the change (the side that did not make it), or both sides when no
 * delegation made it (`actingDelegationId` null: the scheduler): each side's head and its
 * attendees of this meeting who have an email, each once, in their own language (English unless
 * their directory entry says otherwise), with a link to the delegation's bilateral page on
 * `origin`. Call it after the change is committed. Returns how many mails went out.
 */
export async function mailBilateralChange(
  db: Db,
  input: { eventId: number; bilateralId: number; change: BilateralChange; actingDelegationId: number | null; origin: string },
): Promise<number> {
  const meeting = await db
    .selectFrom("bilaterals as b")
    .innerJoin("events as e", "e.id", "b.event_id")
    .leftJoin("bilateral_places as p", "p.id", "b.place_id")
    .select([
      "b.requester_id",
      "b.recipient_id",
      "b.topic",
      "b.length_slots",
      "b.status",
      "b.proposed_start",
      "b.starts_at",
      "b.ends_at",
      "b.table_number",
      "b.closing_reason",
      "p.name_en as place_name_en",
      "p.name_zh as place_name_zh",
      "e.slug",
      "e.title_en",
      "e.title_zh",
      "e.time_zone",
      "e.bilateral_slot_minutes",
    ])
    .where("b.id", "=", input.bilateralId)
    .where("b.event_id", "=", input.eventId)
    .executeTakeFirst();
  if (!meeting) return 0;
  const sides = [meeting.requester_id, meeting.recipient_id];
  if (input.actingDelegationId !== null && !sides.includes(input.actingDelegationId)) return 0;
  // Each side told, with the delegation it hears about: the one that acted, or its partner in the meeting.
  const told = sides
    .filter((side) => side !== input.actingDelegationId)
    .map((side) => ({ side, about: input.actingDelegationId ?? sides.find((other) => other !== side) ?? side }));

  const delegations = await db.selectFrom("delegations").select(["id", "key", "name_en", "name_zh"]).where("id", "in", sides).execute();
  const nameOf = (id: number, language: string) => {
    const delegation = delegations.find((row) => row.id === id);
    return delegation ? localized(delegation.name_en, delegation.name_zh, language) || delegation.key : "";
  };
  const preferredStarts =
    input.change === "requested"
      ? (
          await db.selectFrom("bilateral_preferred_starts").select("starts_at").where("bilateral_id", "=", input.bilateralId).orderBy("starts_at").execute()
        ).map((row) => row.starts_at)
      : [];
  const lengthMinutes = meeting.length_slots * meeting.bilateral_slot_minutes;
  const endOf = (start: string) => new Date(Date.parse(start) + lengthMinutes * MINUTE).toISOString();
  // A declined or cancelled meeting holds no time any more; a booked one says when and where.
  const booked = meeting.status === "booked";
  const closed = input.change === "declined" || input.change === "cancelled";

  let sent = 0;
  for (const { side, about } of told) {
    for (const recipient of await recipientsOf(db, input.bilateralId, side)) {
      const language = recipient.language;
      const when = (start: string, end: string) => formatMeetingTime(start, end, language, meeting.time_zone);
      const mail = bilateralChangeMail(translatorFor(language, "bilaterals"), {
        language,
        // A Chinese letter greets the person by the name in their own script, when there is one.
        personName: language === "zh-TW" && recipient.nameNative ? recipient.nameNative : recipient.name,
        eventTitle: localized(meeting.title_en, meeting.title_zh, language),
        change: input.change,
        actingDelegation: nameOf(about, language),
        ownDelegation: nameOf(side, language),
        topic: meeting.topic,
        lengthMinutes,
        when:
          input.change === "proposed" && meeting.proposed_start
            ? when(meeting.proposed_start, endOf(meeting.proposed_start))
            : booked && meeting.starts_at && meeting.ends_at
              ? when(meeting.starts_at, meeting.ends_at)
              : null,
        preferredTimes: preferredStarts.map((start) => when(start, endOf(start))),
        place:
          booked && meeting.table_number !== null
            ? { name: localized(meeting.place_name_en, meeting.place_name_zh, language), table: meeting.table_number }
            : null,
        reason: closed ? meeting.closing_reason : null,
        url: `${input.origin}/events/${encodeURIComponent(meeting.slug)}/bilaterals`,
      });
      await sendMail(db, { to: recipient.email, language, eventId: input.eventId, ...mail });
      sent += 1;
    }
  }
  return sent;
}

/** The side's head and its attendees of the meeting, each once, those with an email only. */
async function recipientsOf(db: Db, bilateralId: number, delegationId: number): Promise<Recipient[]> {
  const head = db.selectFrom("delegation_members").select("person_id").where("delegation_id", "=", delegationId).where("role", "=", "head");
  const attendees = db.selectFrom("bilateral_attendees").select("person_id").where("bilateral_id", "=", bilateralId).where("delegation_id", "=", delegationId);
  const rows = await db
    .selectFrom("people")
    .select(["id", "name", "name_native", "email", "language"])
    .where((eb) => eb.or([eb("id", "in", head), eb("id", "in", attendees)]))
    .where("email", "is not", null)
    .orderBy("id")
    .execute();
  // One mail per address, even when two directory entries share one.
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const row of rows) {
    const address = (row.email ?? "").trim();
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    recipients.push({ name: row.name, nameNative: row.name_native, email: address, language: row.language ?? "en" });
  }
  return recipients;
}
