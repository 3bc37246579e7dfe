import type { TFunction } from "i18next";
import type { BilateralChange } from "../models/bilateral-mail.server";
import { composeMail } from "./compose";

export interface BilateralMailInput {
  language: "en" | "zh-TW";
  personName: string;
  eventTitle: string;
  change: BilateralChange;
  /** The delegation that made the change, and the recipient's own. */
  actingDelegation: string;
  ownDelegation: string;
  topic: string;
  lengthMinutes: number;
  /** The meeting's time (booked) or the proposed one, written out in the event's zone with the zone named. */
  when: string | null;
  /** The requester's preferred times, written out the same way (a new request). */
  preferredTimes: string[];
  /** Place and table, when booked. */
  place: { name: string; table: number } | null;
  /** Why it was declined or cancelled. */
  reason: string | null;
  url: string;
}

/**
 * The mail telling one person of the other side what a delegation did with a bilateral request, in
 * the recipient's language (`t` is fixed to it and to `bilaterals`). User text (topic, reason,
 * names) goes in as plain text: composeMail escapes it for the HTML part.
 */
export function bilateralChangeMail(t: TFunction, input: BilateralMailInput) {
  const paragraphs = [
    t("mail.greeting", { name: input.personName }),
    t(`mail.change.${input.change}`, { delegation: input.actingDelegation, own: input.ownDelegation, event: input.eventTitle }),
    t("mail.topic", { topic: input.topic }),
  ];
  if (input.change === "requested") {
    paragraphs.push(t("mail.length", { minutes: input.lengthMinutes }));
    if (input.preferredTimes.length > 0) paragraphs.push(`${t("mail.preferredTimes")}\n${input.preferredTimes.map((time) => `- ${time}`).join("\n")}`);
  }
  if (input.when) paragraphs.push(t(input.change === "proposed" ? "mail.proposedTime" : "mail.time", { when: input.when }));
  if (input.place) paragraphs.push(t("mail.place", { place: input.place.name, table: input.place.table }));
  if (input.reason) paragraphs.push(t("mail.reason", { reason: input.reason }));
  paragraphs.push(t(`mail.next.${input.change}`));
  return composeMail({
    language: input.language,
    subject: t(`mail.subject.${input.change}`, { delegation: input.actingDelegation, topic: input.topic }),
    paragraphs,
    action: { label: t("mail.link"), url: input.url },
    footer: t("mail.footer"),
  });
}
