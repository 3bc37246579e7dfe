import type { TFunction } from "i18next";
import { formatBadgeCode } from "../../lib/badge-code";
import { composeMail } from "./compose";

/** What a registration mail says: the registration as it now stands, and whether it was asked for again. */
export interface RegistrationMailInput {
  language: "en" | "zh-TW";
  personName: string;
  eventTitle: string;
  eventUrl: string;
  status: "pending" | "confirmed" | "cancelled";
  badgeCode: string;
  /** The QR code of the badge code, as a `data:image/png` URL. */
  qrDataUrl: string;
  /** The address asked to register again while a registration stood (the public form's privacy answer). */
  repeated: boolean;
}

/**
 * The mail about a registration, in the recipient's language (`t` is fixed to it and to the
 * `registration` namespace): received and pending approval, confirmed with the badge code and its
 * QR code, or (only when asked for again) cancelled.
 */
export function registrationMail(t: TFunction, input: RegistrationMailInput) {
  const paragraphs = [t("mail.greeting", { name: input.personName })];
  if (input.repeated) paragraphs.push(t("mail.repeated", { event: input.eventTitle }));
  if (input.status === "confirmed") {
    paragraphs.push(t("mail.confirmed", { event: input.eventTitle }), t("mail.badge", { code: formatBadgeCode(input.badgeCode) }));
  } else if (input.status === "pending") {
    paragraphs.push(t("mail.pending", { event: input.eventTitle }));
  } else {
    paragraphs.push(t("mail.cancelled", { event: input.eventTitle }));
  }
  return composeMail({
    language: input.language,
    subject: t(`mail.subject.${input.status}`, { event: input.eventTitle }),
    paragraphs,
    image: input.status === "confirmed" ? { src: input.qrDataUrl, alt: t("mail.qrAlt", { code: formatBadgeCode(input.badgeCode) }) } : undefined,
    action: { label: t("mail.eventLink"), url: input.eventUrl },
    footer: t("mail.footer"),
  });
}
