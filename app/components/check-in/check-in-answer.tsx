import { useTranslation } from "react-i18next";
import { StatusMessage } from "~/components/ui/status-message";
import { AttendeeFacts, AttendeeName, type AttendeeView } from "./attendee-details";

export type AnswerKind = "checked_in" | "already_checked_in" | "unknown_code" | "not_registered" | "cancelled" | "pending" | "category_not_allowed" | "no_seat" | "unknown_place";

export interface CheckInAnswerView {
  kind: AnswerKind;
  /** The first check-in's time (HH:mm in the event's zone), for `already_checked_in`. */
  time: string | null;
  attendee: AttendeeView | null;
}

/**
 * The answer to a check-in in large letters, readable across a desk, and announced (a live region):
 * what happened, with a mark that does not rely on colour, and who it was.
 */
export function CheckInAnswer({ answer }: { answer: CheckInAnswerView | null }) {
  const { t } = useTranslation("checkin");
  const ok = answer?.kind === "checked_in" || answer?.kind === "already_checked_in";
  return (
    <StatusMessage className={`check-in-answer ${ok ? "check-in-answer-ok" : "check-in-answer-refused"}`}>
      {answer ? (
        <>
          <p className="check-in-answer-headline">
            <span aria-hidden="true">{ok ? t("answer.okMark") : t("answer.refusedMark")} </span>
            {t(`answer.${answer.kind}`, { time: answer.time ?? "" })}
          </p>
          {answer.attendee ? (
            <>
              <p className="check-in-answer-name">
                <AttendeeName attendee={answer.attendee} />
              </p>
              <AttendeeFacts attendee={answer.attendee} />
            </>
          ) : null}
        </>
      ) : null}
    </StatusMessage>
  );
}
