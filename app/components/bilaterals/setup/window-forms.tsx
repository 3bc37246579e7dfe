import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { ErrorSummary } from "~/components/ui/error-summary";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { addWindowSchema, removeWindowSchema } from "./schemas";
import { SpanFields } from "./span-fields";
import { zonedSpanParts } from "./zoned-span";

type Result = SubmissionResult<string[]> | undefined;

export interface WindowRow {
  id: number;
  startsAt: string;
  endsAt: string;
  /** Slots of the current length that fit in it. */
  slots: number;
}

/** One open window, in the event's zone, with its removal. */
export function WindowItem({ window, zone, lastResult }: { window: WindowRow; zone: string; lastResult: Result }) {
  const { t, i18n } = useTranslation("bilateralSetup");
  const [form] = useValidatedForm({
    id: `window-${window.id}`,
    lastResult,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: removeWindowSchema }),
    shouldValidate: "onSubmit",
  });
  const time = t("windowTime", zonedSpanParts(window, zone, i18n.language));
  return (
    <Form method="post" {...getFormProps(form)} className="row-form">
      <input type="hidden" name="windowId" value={window.id} />
      <ErrorSummary form={form} />
      <p>
        {time} · {t("windows.slots", { count: window.slots })}
      </p>
      <ConfirmButton name="intent" value="remove-window" question={t("windows.confirmRemove", { time })} label={t("windows.removeLabel", { time })}>
        {t("windows.remove")}
      </ConfirmButton>
    </Form>
  );
}

/** Opens a window on one of the event's days. */
export function AddWindowForm({ days, zoneLabel, lastResult }: { days: readonly string[]; zoneLabel: string; lastResult: Result }) {
  const { t } = useTranslation("bilateralSetup");
  const [form, fields] = useValidatedForm({
    id: "add-window",
    lastResult,
    defaultValue: { day: days[0] ?? "" },
    constraint: getZodConstraint(addWindowSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: addWindowSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-window" />
      <ErrorSummary form={form} />
      <SpanFields
        fields={fields}
        days={days}
        zoneLabel={zoneLabel}
        labels={{
          day: t("windows.day"),
          startTime: t("windows.startTime"),
          endTime: t("windows.endTime"),
        }}
      />
      <button type="submit" className="primary" id="add-window-button">
        {t("windows.addButton")}
      </button>
    </Form>
  );
}
