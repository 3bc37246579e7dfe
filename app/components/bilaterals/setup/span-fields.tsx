import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/ui/field";
import { dayWithWeekday } from "~/components/manage/calendar-labels";

/** A day of the event and a start and end time on it, in the event's zone (named in the hint). */
export function SpanFields({
  fields,
  days,
  zoneLabel,
  labels,
}: {
  fields: {
    day: FieldMetadata<string | undefined>;
    startTime: FieldMetadata<string | undefined>;
    endTime: FieldMetadata<string | undefined>;
  };
  days: readonly string[];
  zoneLabel: string;
  labels: { day: string; startTime: string; endTime: string };
}) {
  const { i18n } = useTranslation();
  return (
    <div className="field-row">
      <SelectField
        meta={fields.day}
        label={labels.day}
        options={days.map((day) => ({
          value: day,
          label: dayWithWeekday(day, i18n.language),
        }))}
      />
      <Field meta={fields.startTime} label={labels.startTime} type="time" hint={zoneLabel} />
      <Field meta={fields.endTime} label={labels.endTime} type="time" hint={zoneLabel} />
    </div>
  );
}
