import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BILATERAL_PRIORITIES } from "../../../../db/schema";
import { ErrorSummary } from "~/components/ui/error-summary";
import { CheckboxField, Field, SelectField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";
import { zoneName } from "../../../../lib/zoned-time";
import { useTimeOptions, type FreeStart } from "./answer-forms";
import { AttendeeChoice, PreferredStartsChoice, TimeChoice, type MemberChoice, type MessageValues } from "./choice-fields";
import { requestSchema, selfBookSchema } from "./schemas";

type Result = SubmissionResult<string[]> | undefined;

/** Another delegation of the event, as the forms offer it. */
export interface OtherDelegation {
  id: number;
  key: string;
  name_en: string | null;
  name_zh: string | null;
  selfBooking: boolean;
}

/** The event's frame for a new meeting: its slot length, the lengths allowed (in slots), and the zone times are shown in. */
export interface MeetingFrame {
  timeZone: string;
  slotMinutes: number;
  lengths: number[];
}

function useDelegationName() {
  const { i18n } = useTranslation();
  return (delegation: OtherDelegation) => localized(delegation.name_en, delegation.name_zh, i18n.language) || delegation.key;
}

function useLengthOptions(frame: MeetingFrame) {
  const { t } = useTranslation("bilaterals");
  return frame.lengths.map((slots) => ({ value: String(slots), label: t("minutes", { count: slots * frame.slotMinutes }) }));
}

function usePriorityOptions() {
  const { t } = useTranslation("bilaterals");
  return BILATERAL_PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }));
}

/** Asking another delegation for a meeting. */
export function RequestForm({
  delegations,
  frame,
  starts,
  members,
  defaultAttendees,
  lastResult,
}: {
  delegations: readonly OtherDelegation[];
  frame: MeetingFrame;
  /** The grid's slot starts a meeting can begin at, for the preferred times. */
  starts: readonly string[];
  members: readonly MemberChoice[];
  defaultAttendees: readonly number[];
  lastResult: Result;
}) {
  const { t, i18n } = useTranslation("bilaterals");
  const nameOf = useDelegationName();
  const lengthOptions = useLengthOptions(frame);
  const priorityOptions = usePriorityOptions();
  const [form, fields] = useValidatedForm({
    id: "request",
    lastResult,
    defaultValue: { lengthSlots: String(frame.lengths[0] ?? ""), priority: "normal", attendeeIds: defaultAttendees.map(String) },
    constraint: getZodConstraint(requestSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: requestSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const delegationOptions = [
    { value: "", label: t("request.chooseDelegation") },
    ...delegations.map((delegation) => ({ value: String(delegation.id), label: nameOf(delegation) })),
  ];
  const zone = starts.length > 0 ? zoneName(frame.timeZone, i18n.language, starts[0]) : frame.timeZone;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="request" />
      <ErrorSummary form={form} />
      <SelectField meta={fields.recipientId} label={t("request.delegation")} options={delegationOptions} />
      <Field meta={fields.topic} label={t("request.topic")} />
      <div className="field-row">
        <SelectField meta={fields.lengthSlots} label={t("request.length")} options={lengthOptions} />
        <SelectField meta={fields.priority} label={t("request.priority")} options={priorityOptions} />
      </div>
      <CheckboxField meta={fields.mustMeet} label={t("request.mustMeet")} />
      {starts.length > 0 ? (
        <PreferredStartsChoice
          meta={fields.preferredStarts}
          legend={t("request.preferredTimes")}
          hint={t("request.preferredTimesHint", { zone })}
          starts={starts}
          timeZone={frame.timeZone}
        />
      ) : (
        <p className="muted">{t("request.noWindows")}</p>
      )}
      {members.length > 0 ? <AttendeeChoice meta={fields.attendeeIds} legend={t("request.attendees")} members={members} /> : null}
      <button type="submit" className="primary">
        {t("request.submit")}
      </button>
    </Form>
  );
}

/**
 * Choosing the delegation and the length to book directly: a GET form, after which the page lists
 * the common free times for them.
 */
export function DirectBookingFinder({
  delegations,
  frame,
  chosen,
}: {
  delegations: readonly OtherDelegation[];
  frame: MeetingFrame;
  chosen: { recipientId: number; lengthSlots: number } | null;
}) {
  const { t } = useTranslation("bilaterals");
  const nameOf = useDelegationName();
  const lengthOptions = useLengthOptions(frame);
  return (
    <Form method="get" className="field-row">
      <div className="field">
        <label htmlFor="direct-with">{t("request.delegation")}</label>
        <select id="direct-with" name="with" defaultValue={chosen ? String(chosen.recipientId) : undefined}>
          {delegations.map((delegation) => (
            <option key={delegation.id} value={delegation.id}>
              {nameOf(delegation)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="direct-length">{t("request.length")}</label>
        <select id="direct-length" name="length" defaultValue={chosen ? String(chosen.lengthSlots) : undefined}>
          {lengthOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t("direct.find")}</button>
    </Form>
  );
}

/** Booking a common free time directly with a delegation that accepts direct bookings, as ours does. */
export function SelfBookForm({
  delegation,
  lengthSlots,
  freeStarts,
  frame,
  members,
  defaultAttendees,
  lastResult,
  messageValues,
}: {
  delegation: OtherDelegation;
  lengthSlots: number;
  freeStarts: readonly FreeStart[];
  frame: MeetingFrame;
  members: readonly MemberChoice[];
  defaultAttendees: readonly number[];
  lastResult: Result;
  messageValues: MessageValues;
}) {
  const { t } = useTranslation("bilaterals");
  const name = useDelegationName()(delegation);
  const priorityOptions = usePriorityOptions();
  const timeOptions = useTimeOptions(freeStarts, frame.timeZone);
  const [form, fields] = useValidatedForm({
    id: "self-book",
    lastResult,
    defaultValue: { priority: "normal", attendeeIds: defaultAttendees.map(String) },
    constraint: getZodConstraint(selfBookSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: selfBookSchema }),
    shouldValidate: "onSubmit",
  });
  const minutes = lengthSlots * frame.slotMinutes;
  if (freeStarts.length === 0) return <p>{t("direct.noFreeTime", { delegation: name, minutes })}</p>;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="self-book" />
      <input type="hidden" name="recipientId" value={delegation.id} />
      <input type="hidden" name="lengthSlots" value={lengthSlots} />
      <ErrorSummary form={form} messageValues={messageValues} />
      <p>{t("direct.bookingWith", { delegation: name, minutes })}</p>
      <Field meta={fields.topic} label={t("request.topic")} />
      <SelectField meta={fields.priority} label={t("request.priority")} options={priorityOptions} />
      <TimeChoice meta={fields.startsAt} legend={t("direct.time")} options={timeOptions} values={messageValues} />
      {members.length > 0 ? <AttendeeChoice meta={fields.attendeeIds} legend={t("request.attendees")} members={members} values={messageValues} /> : null}
      <button type="submit" className="primary">
        {t("direct.submit")}
      </button>
    </Form>
  );
}
