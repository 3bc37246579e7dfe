import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";
import type { BilateralPlace } from "~/models/bilateral-setup.server";
import { addPlaceSchema, removePlaceSchema, savePlaceSchema } from "./schemas";

type Result = SubmissionResult<string[]> | undefined;

/**
 * A meeting place to edit (names, tables, position) and remove, or, without `place`, the form
 * adding one. Removal is a form of its own beside it, with its own answer.
 */
export function PlaceEditor({
  place,
  lastResult,
  removeResult,
  nextPosition,
}: {
  place?: BilateralPlace;
  lastResult: Result;
  removeResult?: Result;
  nextPosition: number;
}) {
  const { t, i18n } = useTranslation("bilateralSetup");
  const schema = place ? savePlaceSchema : addPlaceSchema;
  const [form, fields] = useValidatedForm({
    id: place ? `place-${place.id}` : "add-place",
    lastResult,
    defaultValue: place
      ? {
          nameEn: place.name_en ?? "",
          nameZh: place.name_zh ?? "",
          tables: String(place.tables),
          position: String(place.position),
        }
      : { tables: "1", position: String(nextPosition) },
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema }),
    // Checked on submit, not on leaving a field: a message appearing as the pointer leaves a field for the
    // button would push the button away before the click lands.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const name = place ? localized(place.name_en, place.name_zh, i18n.language) : "";
  return (
    <div className="entry-card">
      <Form method="post" {...getFormProps(form)} className="row-form" aria-label={place ? name : t("places.add")}>
        <input type="hidden" name="intent" value={place ? "save-place" : "add-place"} />
        {place ? <input type="hidden" name="placeId" value={place.id} /> : null}
        <ErrorSummary form={form} />
        {place ? <p>{t("places.tablesCount", { count: place.tables })}</p> : null}
        <div className="field-row">
          <Field meta={fields.nameEn} label={t("places.nameEn")} eitherLanguage />
          <Field meta={fields.nameZh} label={t("places.nameZh")} eitherLanguage />
          <Field meta={fields.tables} label={t("places.tables")} type="number" />
          <Field meta={fields.position} label={t("places.position")} type="number" />
        </div>
        {place ? (
          <button type="submit" aria-label={t("places.saveLabel", { name })}>
            {t("places.save")}
          </button>
        ) : (
          <button type="submit" className="primary" id="add-place-button">
            {t("places.addButton")}
          </button>
        )}
      </Form>
      {place ? <RemovePlaceForm placeId={place.id} name={name} lastResult={removeResult} /> : null}
    </div>
  );
}

function RemovePlaceForm({ placeId, name, lastResult }: { placeId: number; name: string; lastResult: Result }) {
  const { t } = useTranslation("bilateralSetup");
  const [form] = useValidatedForm({
    id: `remove-place-${placeId}`,
    lastResult,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: removePlaceSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="row-delete">
      <input type="hidden" name="placeId" value={placeId} />
      <ErrorSummary form={form} />
      <ConfirmButton name="intent" value="remove-place" question={t("places.confirmRemove", { name })} label={t("places.removeLabel", { name })}>
        {t("places.remove")}
      </ConfirmButton>
    </Form>
  );
}
