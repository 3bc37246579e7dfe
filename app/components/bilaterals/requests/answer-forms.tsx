import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/ui/error-summary";
import { TextareaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { formatMeetingTime } from "~/utils/meeting-time";
import { AttendeeChoice, TimeChoice, type MemberChoice, type MessageValues } from "./choice-fields";
import { acceptSchema, cancelSchema, declineSchema, LEAVE_TO_SCHEDULER, proposeSchema } from "./schemas";

type Result = SubmissionResult<string[]> | undefined;

/** A common free time of both sides, marked when the requester asked for it. */
export interface FreeStart {
  startsAt: string;
  endsAt: string;
  preferred: boolean;
}

/** The request a form acts on, as of the version the page was made from. */
export interface FormTarget {
  id: number;
  version: number;
  /** The id of the card's heading, which gives the buttons their context for screen readers. */
  titleId: string;
}

function TargetFields({ target, intent }: { target: FormTarget; intent: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="bilateralId" value={target.id} />
      <input type="hidden" name="version" value={target.version} />
    </>
  );
}

/** The free times as radio options, the requester's preferred ones marked. */
export function useTimeOptions(starts: readonly FreeStart[], timeZone: string) {
  const { t, i18n } = useTranslation("bilaterals");
  return starts.map((start) => {
    const time = formatMeetingTime(start.startsAt, start.endsAt, i18n.language, timeZone);
    return { value: start.startsAt, label: start.preferred ? t("answer.preferredTime", { time }) : time };
  });
}

/**
 * Accepting: at one of the common free times (the requester's preferred ones first), or leaving
 * the time to the scheduler; for a proposal, at the proposed time. With the side's attendees.
 */
export function AcceptForm({
  target,
  freeStarts,
  proposedStart,
  timeZone,
  members,
  defaultAttendees,
  lastResult,
  messageValues,
}: {
  target: FormTarget;
  freeStarts: readonly FreeStart[];
  /** Set when answering a proposal: that time is the one accepted. */
  proposedStart: string | null;
  timeZone: string;
  members: readonly MemberChoice[];
  defaultAttendees: readonly number[];
  lastResult: Result;
  messageValues: MessageValues;
}) {
  const { t } = useTranslation("bilaterals");
  const timeOptions = useTimeOptions(freeStarts, timeZone);
  const [form, fields] = useValidatedForm({
    id: `accept-${target.id}`,
    lastResult,
    defaultValue: { attendeeIds: defaultAttendees.map(String) },
    constraint: getZodConstraint(acceptSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: acceptSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <TargetFields target={target} intent="accept" />
      <ErrorSummary form={form} messageValues={messageValues} />
      {proposedStart ? (
        <input type="hidden" name="startsAt" value={proposedStart} />
      ) : (
        <TimeChoice
          meta={fields.startsAt}
          legend={t("answer.time")}
          hint={freeStarts.length === 0 ? t("answer.noFreeTime") : t("answer.timeHint")}
          options={[...timeOptions, { value: LEAVE_TO_SCHEDULER, label: t("answer.leaveToScheduler") }]}
          values={messageValues}
        />
      )}
      {members.length > 0 ? <AttendeeChoice meta={fields.attendeeIds} legend={t("answer.ourAttendees")} members={members} values={messageValues} /> : null}
      <button type="submit" className="primary" aria-describedby={target.titleId}>
        {proposedStart ? t("answer.acceptProposal") : t("answer.accept")}
      </button>
    </Form>
  );
}

/** Proposing another time, from the common free times. */
export function ProposeForm({
  target,
  freeStarts,
  timeZone,
  lastResult,
  messageValues,
}: {
  target: FormTarget;
  freeStarts: readonly FreeStart[];
  timeZone: string;
  lastResult: Result;
  messageValues: MessageValues;
}) {
  const { t } = useTranslation("bilaterals");
  const timeOptions = useTimeOptions(freeStarts, timeZone);
  const [form, fields] = useValidatedForm({
    id: `propose-${target.id}`,
    lastResult,
    constraint: getZodConstraint(proposeSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: proposeSchema }),
    shouldValidate: "onSubmit",
  });
  if (freeStarts.length === 0) return <p>{t("answer.noTimeToPropose")}</p>;
  return (
    <Form method="post" {...getFormProps(form)}>
      <TargetFields target={target} intent="propose" />
      <ErrorSummary form={form} messageValues={messageValues} />
      <TimeChoice meta={fields.startsAt} legend={t("answer.proposedTime")} options={timeOptions} values={messageValues} />
      <button type="submit" aria-describedby={target.titleId}>
        {t("answer.propose")}
      </button>
    </Form>
  );
}

/** Declining or cancelling, with the reason the other side will read. */
export function ReasonForm({ target, intent, lastResult }: { target: FormTarget; intent: "decline" | "cancel"; lastResult: Result }) {
  const { t } = useTranslation("bilaterals");
  const schema = intent === "decline" ? declineSchema : cancelSchema;
  const [form, fields] = useValidatedForm({
    id: `${intent}-${target.id}`,
    lastResult,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <TargetFields target={target} intent={intent} />
      <ErrorSummary form={form} />
      <TextareaField meta={fields.reason} label={t(`answer.${intent}Reason`)} rows={3} />
      <button type="submit" className="danger" aria-describedby={target.titleId}>
        {t(`answer.${intent}`)}
      </button>
    </Form>
  );
}
