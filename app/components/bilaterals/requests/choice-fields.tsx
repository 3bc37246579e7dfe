import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NativeName } from "~/components/ui/bilingual-text";
import { formatMeetingDay } from "~/utils/meeting-time";
import { formatClock, utcToLocal } from "../../../../lib/zoned-time";

/** Values for messages that name something, e.g. the attendee who is busy then. */
export type MessageValues = Record<string, Record<string, unknown>>;

/** A field's errors (translation keys), with the values their messages name. */
export function MessageErrors({ id, errors, values = {} }: { id: string; errors: string[] | undefined; values?: MessageValues }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{t(error, values[error])}</li>
      ))}
    </ul>
  );
}

/** The legend of a group that must be answered, marked as the single fields' labels are. */
function Legend({ children, required }: { children: ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <legend>
      {children}
      {required ? <span className="required-mark"> {t("validation.requiredMark")}</span> : null}
    </legend>
  );
}

type ChoiceMeta = FieldMetadata<string | string[] | undefined>;

/** The ids that describe a group: its hint and, while it has any, its errors. */
function describedBy(meta: ChoiceMeta, hintId: string | null): string | undefined {
  return [hintId, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

/**
 * One of several times (radio buttons), in a fieldset named by its legend. The fieldset carries
 * the field's id, so the error summary's link takes focus to the group.
 */
export function TimeChoice({
  meta,
  legend,
  options,
  hint,
  values,
}: {
  meta: ChoiceMeta;
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  hint?: string;
  values?: MessageValues;
}) {
  const hintId = `${meta.id}-hint`;
  const inputs = getCollectionProps(meta, { type: "radio", options: options.map((option) => option.value) });
  return (
    <fieldset id={meta.id} aria-describedby={describedBy(meta, hint ? hintId : null)} tabIndex={-1}>
      <Legend required>{legend}</Legend>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {inputs.map(({ key, ...inputProps }, index) => (
        <div className="field field-checkbox" key={key}>
          <input {...inputProps} />
          <label htmlFor={inputProps.id}>{options[index].label}</label>
        </div>
      ))}
      <MessageErrors id={meta.errorId} errors={meta.errors} values={values} />
    </fieldset>
  );
}

export interface MemberChoice {
  personId: number;
  name: string;
  nameNative: string | null;
}

/** Who attends for the acting delegation: checkboxes of its members. */
export function AttendeeChoice({
  meta,
  legend,
  members,
  values,
}: {
  meta: ChoiceMeta;
  legend: string;
  members: readonly MemberChoice[];
  values?: MessageValues;
}) {
  const { i18n } = useTranslation();
  const inputs = getCollectionProps(meta, { type: "checkbox", options: members.map((member) => String(member.personId)) });
  return (
    <fieldset id={meta.id} aria-describedby={describedBy(meta, null)} tabIndex={-1}>
      <Legend>{legend}</Legend>
      {inputs.map(({ key, ...inputProps }, index) => {
        const member = members[index];
        return (
          <div className="field field-checkbox" key={key}>
            <input {...inputProps} />
            <label htmlFor={inputProps.id}>
              {member.name}
              {member.nameNative ? (
                <>
                  {" ("}
                  <NativeName name={member.nameNative} language={i18n.language} />
                  {")"}
                </>
              ) : null}
            </label>
          </div>
        );
      })}
      <MessageErrors id={meta.errorId} errors={meta.errors} values={values} />
    </fieldset>
  );
}

/** Preferred starts: checkboxes of the grid's starts, a fieldset per day of the event's zone. */
export function PreferredStartsChoice({
  meta,
  legend,
  hint,
  starts,
  timeZone,
}: {
  meta: ChoiceMeta;
  legend: string;
  hint: string;
  starts: readonly string[];
  timeZone: string;
}) {
  const { i18n } = useTranslation();
  const hintId = `${meta.id}-hint`;
  const inputs = getCollectionProps(meta, { type: "checkbox", options: [...starts] });
  const days = new Map<string, Array<{ input: (typeof inputs)[number]; start: string }>>();
  inputs.forEach((input, index) => {
    const day = utcToLocal(starts[index], timeZone).day;
    days.set(day, [...(days.get(day) ?? []), { input, start: starts[index] }]);
  });
  return (
    <fieldset id={meta.id} aria-describedby={describedBy(meta, hintId)} tabIndex={-1}>
      <Legend>{legend}</Legend>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      {[...days].map(([day, entries]) => (
        <fieldset key={day}>
          <legend>{formatMeetingDay(day, i18n.language)}</legend>
          {entries.map(({ input: { key, ...inputProps }, start }) => (
            <div className="field field-checkbox" key={key}>
              <input {...inputProps} />
              <label htmlFor={inputProps.id}>{formatClock(start, timeZone)}</label>
            </div>
          ))}
        </fieldset>
      ))}
      <MessageErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
