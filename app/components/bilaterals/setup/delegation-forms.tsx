import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { CheckboxField, Field, TextareaField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import type { BusyBlock } from "~/models/bilateral-setup.server";
import { addBlockSchema, delegationOptionsSchema, removeBlockSchema } from "./schemas";
import { SpanFields } from "./span-fields";
import { zonedSpanParts } from "./zoned-span";

type Result = SubmissionResult<string[]> | undefined;

/** How many meetings the delegation holds at once, and whether it takes direct bookings. */
export function DelegationOptionsForm({ teams, selfBooking, lastResult }: { teams: number; selfBooking: boolean; lastResult: Result }) {
  const { t } = useTranslation("bilateralSetup");
  const [form, fields] = useValidatedForm({
    id: "bilateral-options",
    lastResult,
    defaultValue: {
      teams: String(teams),
      selfBooking: selfBooking ? "on" : undefined,
    },
    constraint: getZodConstraint(delegationOptionsSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: delegationOptionsSchema }),
    // Checked on submit, not on leaving a field: a message appearing as the pointer leaves a field for the
    // button would push the button away before the click lands.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} aria-labelledby="bilateral-options-title">
      <h2 id="bilateral-options-title">{t("availability.optionsTitle")}</h2>
      <input type="hidden" name="intent" value="options" />
      <ErrorSummary form={form} />
      <Field meta={fields.teams} label={t("availability.teams")} type="number" hint={t("availability.teamsHint")} />
      <CheckboxField meta={fields.selfBooking} label={t("availability.selfBooking")} />
      <button type="submit" className="primary">
        {t("availability.saveOptions")}
      </button>
    </Form>
  );
}

/** One marked time, in the event's zone, with its note and its removal. */
export function BusyBlockItem({ block, zone, lastResult }: { block: BusyBlock; zone: string; lastResult: Result }) {
  const { t, i18n } = useTranslation("bilateralSetup");
  const [form] = useValidatedForm({
    id: `block-${block.id}`,
    lastResult,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: removeBlockSchema }),
    shouldValidate: "onSubmit",
  });
  const time = t("windowTime", zonedSpanParts(block, zone, i18n.language));
  return (
    <Form method="post" {...getFormProps(form)} className="row-form">
      <input type="hidden" name="blockId" value={block.id} />
      <ErrorSummary form={form} />
      <p>
        {time}
        {/* The note is the head's own words, in whichever language they wrote it. */}
        {block.note ? <> · {block.note}</> : null}
      </p>
      <ConfirmButton
        name="intent"
        value="remove-block"
        question={t("availability.confirmRemoveBlock", { time })}
        label={t("availability.removeBlockLabel", { time })}
      >
        {t("availability.removeBlock")}
      </ConfirmButton>
    </Form>
  );
}

/** Marks a time on one of the event's days when the delegation cannot meet. */
export function AddBusyBlockForm({ days, zoneLabel, lastResult }: { days: readonly string[]; zoneLabel: string; lastResult: Result }) {
  const { t } = useTranslation("bilateralSetup");
  const [form, fields] = useValidatedForm({
    id: "add-block",
    lastResult,
    defaultValue: { day: days[0] ?? "" },
    constraint: getZodConstraint(addBlockSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: addBlockSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-block" />
      <ErrorSummary form={form} />
      <SpanFields
        fields={fields}
        days={days}
        zoneLabel={zoneLabel}
        labels={{
          day: t("availability.day"),
          startTime: t("availability.startTime"),
          endTime: t("availability.endTime"),
        }}
      />
      <TextareaField meta={fields.note} label={t("availability.note")} rows={2} />
      <button type="submit" className="primary" id="add-block-button">
        {t("availability.addBlockButton")}
      </button>
    </Form>
  );
}
