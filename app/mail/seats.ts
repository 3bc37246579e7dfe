import type { TFunction } from "i18next";
import { composeMail } from "./compose";

export interface SeatMailInput {
  language: "en" | "zh-TW";
  personName: string;
  eventTitle: string;
  sessionTitle: string;
  /** When the session takes place, written out in the recipient's language and the event's zone. */
  when: string;
  sessionUrl: string;
}

/**
 * The mail telling someone a seat is now theirs (the first on the waiting list when a seat frees,
 * or someone an organizer seated), in their language (`t` is fixed to it and to `seats`).
 */
export function seatGivenMail(t: TFunction, input: SeatMailInput) {
  return composeMail({
    language: input.language,
    subject: t("mail.subject", { session: input.sessionTitle }),
    paragraphs: [
      t("mail.greeting", { name: input.personName }),
      t("mail.seatGiven", { session: input.sessionTitle, event: input.eventTitle, when: input.when }),
      t("mail.cannotCome"),
    ],
    action: { label: t("mail.sessionLink"), url: input.sessionUrl },
    footer: t("mail.footer"),
  });
}
