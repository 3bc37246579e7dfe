import { getFormProps, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { parseSubmission } from "~/utils/form-submission";
import { Form } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { EventKind, EventVisibility } from "../../../db/schema";
import type { SaveEventProblem } from "~/models/event.server";
import { Field, SelectField, TextareaField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { canonicalZone } from "~/utils/agenda-params";
import { localized } from "~/utils/localized";
import { calendarDay, choice, eitherLanguage, optionalId, optionalText } from "./schema-fields";

const EVENT_KINDS = ["conference", "seminar", "workshop", "meeting"] as const satisfies readonly EventKind[];
const EVENT_VISIBILITIES = ["public", "unlisted", "private"] as const satisfies readonly EventVisibility[];
/** Long enough for any conference; short enough that a mistyped year cannot fill the day picker. */
const MAX_EVENT_DAYS = 60;
// "/events/new" is the page that creates events, so no event may live at that address.
const RESERVED_SLUGS = new Set(["new"]);

const eventDays = z.object({ startsOn: calendarDay, endsOn: calendarDay }).superRefine((value, ctx) => {
  if (value.endsOn < value.startsOn) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endsOn"], message: "manage:event.errors.endsBeforeStarts" });
    return;
  }
  const days = DateTime.fromISO(value.endsOn, { zone: "UTC" }).diff(DateTime.fromISO(value.startsOn, { zone: "UTC" }), "days").days + 1;
  if (days > MAX_EVENT_DAYS) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endsOn"], message: "manage:event.errors.tooManyDays" });
});

/** The event form's rules, checked in the browser and again by the server. */
export const eventSchema = z
  .object({
    slug: z
      .string({ required_error: "validation.required" })
      .trim()
      .toLowerCase()
      .min(3, "manage:event.errors.slugFormat")
      .max(60, "manage:event.errors.slugFormat")
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "manage:event.errors.slugFormat")
      .refine((slug) => !RESERVED_SLUGS.has(slug), "manage:event.errors.slugReserved"),
    kind: choice(EVENT_KINDS),
    // Whether it exists is the database's to say (a foreign key): see createEvent and updateEvent.
    hostOrganizationId: optionalId,
    city: optionalText(120),
    venue: optionalText(200),
    timeZone: z
      .string({ required_error: "validation.required" })
      .trim()
      .refine((zone) => canonicalZone(zone) !== undefined, "manage:event.errors.timeZone")
      .transform((zone) => canonicalZone(zone) ?? zone),
    visibility: choice(EVENT_VISIBILITIES),
    descriptionEn: optionalText(5000),
    descriptionZh: optionalText(5000),
  })
  .and(eitherLanguage("titleEn", "titleZh", 200, "manage:event.errors.titleRequired"))
  .and(eventDays);

export type EventFormValues = z.input<typeof eventSchema>;

export interface OrganizationOption {
  id: number;
  name_en: string | null;
  name_zh: string | null;
  country: string | null;
}

export function EventForm({
  id,
  lastResult,
  defaultValue,
  organizations,
  timeZones,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: DefaultValue<EventFormValues>;
  organizations: readonly OrganizationOption[];
  timeZones: readonly string[];
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation("manage");
  const [form, fields] = useValidatedForm<EventFormValues, z.output<typeof eventSchema>>({
    id,
    lastResult,
    defaultValue: { kind: "conference", visibility: "public", ...defaultValue },
    constraint: getZodConstraint(eventSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: eventSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const zoneListId = `${id}-zones`;

  return (
    <Form method="post" {...getFormProps(form)} className="manage-form">
      <ErrorSummary form={form} />
      <fieldset>
        <legend>{t("event.sections.identity")}</legend>
        <Field meta={fields.titleEn} label={t("event.titleEn")} eitherLanguage />
        <Field meta={fields.titleZh} label={t("event.titleZh")} eitherLanguage />
        <Field meta={fields.slug} label={t("event.slug")} hint={t("event.slugHint")} autoComplete="off" />
        <SelectField
          meta={fields.kind}
          label={t("event.kindLabel")}
          options={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`event.kind.${kind}`, { ns: "translation" }) }))}
        />
        <SelectField
          meta={fields.hostOrganizationId}
          label={t("event.host")}
          options={[
            { value: "", label: t("event.noHost") },
            ...organizations.map((organization) => ({
              value: String(organization.id),
              label: localized(organization.name_en, organization.name_zh, i18n.language) + (organization.country ? ` (${organization.country})` : ""),
            })),
          ]}
        />
        <SelectField
          meta={fields.visibility}
          label={t("event.visibilityLabel")}
          options={EVENT_VISIBILITIES.map((visibility) => ({ value: visibility, label: t(`event.visibilityOption.${visibility}`) }))}
        />
      </fieldset>
      <fieldset>
        <legend>{t("event.sections.placeAndTime")}</legend>
        <div className="field-pair">
          <Field meta={fields.city} label={t("event.city")} />
          <Field meta={fields.venue} label={t("event.venue")} />
        </div>
        <Field meta={fields.timeZone} label={t("event.timeZone")} hint={t("event.timeZoneHint")} list={zoneListId} autoComplete="off" />
        <datalist id={zoneListId}>
          {timeZones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="field-pair">
          <Field meta={fields.startsOn} label={t("event.startsOn")} type="date" />
          <Field meta={fields.endsOn} label={t("event.endsOn")} type="date" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("event.sections.description")}</legend>
        <TextareaField meta={fields.descriptionEn} label={t("event.descriptionEn")} rows={5} />
        <TextareaField meta={fields.descriptionZh} label={t("event.descriptionZh")} rows={5} />
      </fieldset>
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}

/** The model's refusal as a message by the field it concerns. */
export function eventProblemMessages(problem: SaveEventProblem): Record<string, string[]> {
  return problem === "slug_taken" ? { slug: ["manage:event.slugTaken"] } : { hostOrganizationId: ["manage:event.errors.unknownOrganization"] };
}
