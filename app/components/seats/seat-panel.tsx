import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { StatusMessage } from "~/components/ui/status-message";
import type { SessionSeating } from "~/models/seat.server";
import { localized } from "~/utils/localized";
import { listOfNames } from "./seat-refusal";

export type SeatNotice = "seated" | "waiting" | "left";

/**
 * The seats of a session on its public page: whom it is open to, seats left or the waiting list's
 * length (public counts), and for the signed-in person their own state with the button to take or
 * give up a seat. `answer` is the seat route's refusal, shown where the button is.
 */
export function SeatPanel({
  seating,
  sessionUrl,
  cancelled,
  notice,
  answer,
}: {
  seating: SessionSeating;
  sessionUrl: string;
  cancelled: boolean;
  notice: SeatNotice | null;
  answer: ReactNode;
}) {
  const { t, i18n } = useTranslation("seats");
  const language = i18n.language;
  const openTo = seating.openTo.map((category) => localized(category.name_en, category.name_zh, language));
  if (seating.capacity === null && openTo.length === 0) return null;
  const { viewer } = seating;
  const full = seating.seatsLeft === 0;
  return (
    <section aria-labelledby="seats-title" className="seat-panel">
      <h2 id="seats-title">{t("panel.title")}</h2>
      {openTo.length > 0 ? <p className="seat-open-to">{t("panel.openTo", { categories: listOfNames(openTo, language) })}</p> : null}
      {seating.capacity !== null ? (
        <p className="seat-counts">
          {t("panel.capacity", { count: seating.capacity })} · <strong>{full ? t("panel.full") : t("panel.seatsLeft", { count: seating.seatsLeft ?? 0 })}</strong>
          {full || seating.waitingCount > 0 ? <> · {t("panel.waiting", { count: seating.waitingCount })}</> : null}
        </p>
      ) : null}
      <StatusMessage>{notice ? t(`notices.${notice}`) : null}</StatusMessage>
      {seating.capacity === null ? null : cancelled ? (
        <p>{t("panel.cancelled")}</p>
      ) : viewer.kind === "anonymous" ? (
        <p>
          <Link to={`/login?${new URLSearchParams({ redirectTo: sessionUrl })}`}>{t("panel.signIn")}</Link>
        </p>
      ) : viewer.kind === "not_registered" ? (
        <p>{t("panel.notRegistered")}</p>
      ) : viewer.kind === "not_confirmed" ? (
        <p>{t("panel.notConfirmed")}</p>
      ) : (
        <Form method="post" action={`${sessionUrl}/seat`} className="seat-form">
          {viewer.status === "seated" ? <p className="seat-state">{t("panel.seated")}</p> : null}
          {viewer.status === "waiting" ? <p className="seat-state">{t("panel.waitingPosition", { position: viewer.position })}</p> : null}
          {viewer.status === null ? (
            <button type="submit" name="intent" value="take" className="primary">
              {full ? t("panel.join") : t("panel.take")}
            </button>
          ) : (
            <button type="submit" name="intent" value="leave">
              {viewer.status === "seated" ? t("panel.leaveSeat") : t("panel.leaveWaiting")}
            </button>
          )}
        </Form>
      )}
      {answer}
    </section>
  );
}
