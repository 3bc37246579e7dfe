import { getCollectionProps, getFieldsetProps, getFormProps, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { getZodConstraint } from "@conform-to/zod";
import { parseSubmission } from "~/utils/form-submission";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PERSON_ROLES, SESSION_STATUSES, SESSION_TYPES } from "../../../db/schema";
import { Field, FieldErrors, SelectField, TextareaField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { BilingualText } from "~/components/ui/bilingual-text";
import { useFocusAfterRemoval } from "~/components/ui/use-focus-after-removal";
import { localized } from "~/utils/localized";
import { dayWithWeekday } from "./calendar-labels";
import { calendarDay, choice, eitherLanguage, optionalId, optionalText, optionalWholeNumber, requiredId } from "./schema-fields";
import type { getSessionForEditing, SessionProblem, SessionProblems } from "~/models/session.server";

// As <input type="time"> sends it, in the event's own zone.
const clockTime = z
  .string({ required_error: "validation.required" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "manage:session.errors.invalidTime");

const titles = eitherLanguage("titleEn", "titleZh", 300, "manage:session.errors.titleRequired");

const itemSchema = z.object({ startTime: clockTime, endTime: clockTime }).and(titles);

const personSchema = z.object({
  personId: requiredId,
  role: choice(PERSON_ROLES),
  itemIndex: optionalWholeNumber(0, 99, "validation.invalidChoice"),
});

/**
 * The session form, shaped as the model's SessionInput. The model checks what needs the event:
 * times that exist in its zone, its days, its rooms and tracks, items within the session.
 */
export const sessionSchema = z
  .object({
    type: choice(SESSION_TYPES),
    descriptionEn: optionalText(10000),
    descriptionZh: optionalText(10000),
    trackId: optionalId,
    roomId: optionalId,
    day: calendarDay,
    startTime: clockTime,
    endTime: clockTime,
    capacity: optionalWholeNumber(1, 100000, "manage:validation.capacity"),
    audienceNoteEn: optionalText(300),
    audienceNoteZh: optionalText(300),
    status: choice(SESSION_STATUSES),
    items: z.array(itemSchema).max(50, "validation.tooLong").default([]),
    people: z.array(personSchema).max(100, "validation.tooLong").default([]),
    // The registration categories a restricted session admits; none ticked: open to everyone.
    categoryIds: z.array(requiredId).max(100, "validation.tooLong").default([]),
  })
  .and(titles);

export type SessionFormValues = z.input<typeof sessionSchema>;

type Named = { id: number; name_en: string | null; name_zh: string | null };

export interface SessionFormOptions {
  /** The event's days, plus the session's own when it lies outside them. */
  days: readonly string[];
  rooms: readonly Named[];
  tracks: readonly Named[];
  /** The event's registration categories, to restrict the session's seats to some of them. */
  categories: readonly Named[];
  people: ReadonlyArray<{ id: number; name: string; name_native: string | null; organization_name_en: string | null; organization_name_zh: string | null }>;
  /** Names the event's zone next to the time inputs, e.g. "America/Los_Angeles (Pacific Time)". */
  zoneLabel: string;
}

export function SessionForm({
  id,
  lastResult,
  defaultValue,
  options,
  submitLabel,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: DefaultValue<SessionFormValues>;
  options: SessionFormOptions;
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation("manage");
  const language = i18n.language;
  const [form, fields] = useValidatedForm<SessionFormValues, z.output<typeof sessionSchema>>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(sessionSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: sessionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const items = fields.items.getFieldList();
  const people = fields.people.getFieldList();
  const itemRemoved = useFocusAfterRemoval(items.length, (index) => `${form.id}-items[${index}]`, `${form.id}-add-item`);
  const personRemoved = useFocusAfterRemoval(people.length, (index) => `${form.id}-people[${index}]`, `${form.id}-add-person`);
  const none = { value: "", label: t("session.none") };
  const named = (rows: readonly Named[]) => rows.map((row) => ({ value: String(row.id), label: localized(row.name_en, row.name_zh, language) }));
  const itemChoices = items.map((item, index) => {
    const { titleEn, titleZh } = item.getFieldset();
    const title = localized(titleEn.value, titleZh.value, language);
    return { value: String(index), label: t("session.itemChoice", { number: index + 1, title: title || t("session.untitledItem") }) };
  });
  const personChoices = options.people.map((person) => {
    const organization = localized(person.organization_name_en, person.organization_name_zh, language);
    const name = person.name_native ? `${person.name} (${person.name_native})` : person.name;
    return { value: String(person.id), label: organization ? `${name} — ${organization}` : name };
  });

  return (
    <Form method="post" {...getFormProps(form)} className="manage-form wide">
      {/* The edit page's action serves several forms; this one saves the session. */}
      <input type="hidden" name="intent" value="save-session" />
      {/* Enter in a text field presses the form's first submit button: make that Save, not "Remove item". */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {submitLabel}
      </button>
      <ErrorSummary form={form} />

      <fieldset>
        <legend>{t("session.sections.what")}</legend>
        <SelectField
          meta={fields.type}
          label={t("session.type")}
          options={SESSION_TYPES.map((type) => ({ value: type, label: t(`sessionType.${type}`, { ns: "agenda" }) }))}
        />
        <div className="field-pair">
          <Field meta={fields.titleEn} label={t("session.titleEn")} eitherLanguage />
          <Field meta={fields.titleZh} label={t("session.titleZh")} eitherLanguage />
        </div>
        <div className="field-pair">
          <TextareaField meta={fields.descriptionEn} label={t("session.descriptionEn")} />
          <TextareaField meta={fields.descriptionZh} label={t("session.descriptionZh")} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("session.sections.when")}</legend>
        <SelectField meta={fields.day} label={t("session.day")} options={options.days.map((day) => ({ value: day, label: dayWithWeekday(day, language) }))} />
        <div className="field-pair">
          <Field meta={fields.startTime} label={t("session.startTime")} type="time" hint={options.zoneLabel} />
          <Field meta={fields.endTime} label={t("session.endTime")} type="time" hint={options.zoneLabel} />
        </div>
        <div className="field-pair">
          <SelectField meta={fields.roomId} label={t("session.room")} options={[none, ...named(options.rooms)]} />
          <SelectField meta={fields.trackId} label={t("session.track")} options={[none, ...named(options.tracks)]} />
        </div>
        <Field meta={fields.capacity} label={t("session.capacity")} type="number" hint={t("session.capacityHint")} />
      </fieldset>

      <fieldset>
        <legend>{t("session.sections.audience")}</legend>
        <SelectField
          meta={fields.status}
          label={t("session.status")}
          options={SESSION_STATUSES.map((status) => ({ value: status, label: t(`sessionStatus.${status}`, { ns: "agenda" }) }))}
        />
        <div className="field-pair">
          <Field meta={fields.audienceNoteEn} label={t("session.audienceNoteEn")} hint={t("session.audienceNoteHint")} />
          <Field meta={fields.audienceNoteZh} label={t("session.audienceNoteZh")} />
        </div>
        {options.categories.length > 0 ? (
          <fieldset aria-describedby={`${fields.categoryIds.id}-hint`}>
            <legend>{t("session.openTo")}</legend>
            <p id={`${fields.categoryIds.id}-hint`} className="field-hint">
              {t("session.openToHint")}
            </p>
            {getCollectionProps(fields.categoryIds, { type: "checkbox", options: options.categories.map((category) => String(category.id)) }).map(
              ({ key, ...inputProps }, index) => (
                <div className="field field-checkbox" key={key}>
                  <input {...inputProps} />
                  <label htmlFor={inputProps.id}>
                    <BilingualText en={options.categories[index].name_en} zh={options.categories[index].name_zh} language={language} />
                  </label>
                </div>
              ),
            )}
            <FieldErrors id={fields.categoryIds.errorId} errors={fields.categoryIds.errors} />
          </fieldset>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t("session.sections.items")}</legend>
        <p className="field-hint">{t("session.itemsHint")}</p>
        <FieldErrors id={fields.items.errorId} errors={fields.items.errors} />
        {items.map((item, index) => {
          const itemFields = item.getFieldset();
          return (
            <fieldset key={item.key} {...getFieldsetProps(item)} className="list-entry">
              <legend>{t("session.itemNumber", { number: index + 1 })}</legend>
              <div className="field-pair">
                <Field meta={itemFields.titleEn} label={t("session.titleEn")} eitherLanguage />
                <Field meta={itemFields.titleZh} label={t("session.titleZh")} eitherLanguage />
              </div>
              <div className="field-pair">
                <Field meta={itemFields.startTime} label={t("session.startTime")} type="time" />
                <Field meta={itemFields.endTime} label={t("session.endTime")} type="time" />
              </div>
              <button {...form.remove.getButtonProps({ name: fields.items.name, index })} onClick={() => itemRemoved(index)} className="link-button">
                {t("session.removeItem", { number: index + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          id={`${form.id}-add-item`}
          {...form.insert.getButtonProps({
            name: fields.items.name,
            defaultValue: { startTime: fields.startTime.value, endTime: fields.endTime.value },
          })}
        >
          {t("session.addItem")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("session.sections.people")}</legend>
        {options.people.length === 0 ? <p className="field-hint">{t("session.noPeopleInDirectory")}</p> : null}
        <FieldErrors id={fields.people.errorId} errors={fields.people.errors} />
        {people.map((person, index) => {
          const personFields = person.getFieldset();
          return (
            <fieldset key={person.key} {...getFieldsetProps(person)} className="list-entry">
              <legend>{t("session.personNumber", { number: index + 1 })}</legend>
              <SelectField
                meta={personFields.personId}
                label={t("session.person")}
                options={[{ value: "", label: t("session.choosePerson") }, ...personChoices]}
              />
              <div className="field-pair">
                <SelectField
                  meta={personFields.role}
                  label={t("session.role")}
                  options={PERSON_ROLES.map((role) => ({ value: role, label: t(`personRole.${role}`, { ns: "agenda" }) }))}
                />
                <SelectField
                  meta={personFields.itemIndex}
                  label={t("session.inItem")}
                  options={[{ value: "", label: t("session.wholeSession") }, ...itemChoices]}
                />
              </div>
              <button {...form.remove.getButtonProps({ name: fields.people.name, index })} onClick={() => personRemoved(index)} className="link-button">
                {t("session.removePerson", { number: index + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button id={`${form.id}-add-person`} {...form.insert.getButtonProps({ name: fields.people.name, defaultValue: { role: "speaker" } })}>
          {t("session.addPerson")}
        </button>
      </fieldset>

      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </Form>
  );
}

type EditedSession = NonNullable<Awaited<ReturnType<typeof getSessionForEditing>>>;

/** A stored session as the form's fields hold it: text, with "" for none. */
export function sessionFormDefaults(session: EditedSession) {
  const text = (value: string | null) => value ?? "";
  const id = (value: number | null) => (value === null ? "" : String(value));
  return {
    type: session.type,
    titleEn: text(session.title_en),
    titleZh: text(session.title_zh),
    descriptionEn: text(session.description_en),
    descriptionZh: text(session.description_zh),
    trackId: id(session.track_id),
    roomId: id(session.room_id),
    day: session.day,
    startTime: session.startTime,
    endTime: session.endTime,
    capacity: id(session.capacity),
    audienceNoteEn: text(session.audience_note_en),
    audienceNoteZh: text(session.audience_note_zh),
    status: session.status,
    items: session.items.map((item) => ({ titleEn: text(item.title_en), titleZh: text(item.title_zh), startTime: item.startTime, endTime: item.endTime })),
    people: session.people.map((person) => ({ personId: String(person.personId), role: person.role, itemIndex: id(person.itemIndex) })),
    categoryIds: session.categoryIds.map(String),
  };
}

const SESSION_PROBLEM_MESSAGES: Record<SessionProblem, string> = {
  invalid_time: "manage:session.errors.invalidTime",
  nonexistent_time: "manage:session.errors.nonexistentTime",
  outside_event_days: "manage:session.errors.outsideEventDays",
  end_not_after_start: "manage:session.errors.endNotAfterStart",
  item_outside_session: "manage:session.errors.itemOutsideSession",
  unknown_room: "manage:session.errors.unknownRoom",
  unknown_track: "manage:session.errors.unknownTrack",
  unknown_person: "manage:session.errors.unknownPerson",
  duplicate_role: "manage:session.errors.duplicateRole",
  unknown_item: "manage:session.errors.unknownItem",
  unknown_category: "manage:session.errors.unknownCategory",
  capacity_below_seats: "manage:session.errors.capacityBelowSeats",
  capacity_removed_with_seats: "manage:session.errors.capacityRemovedWithSeats",
};

/** The model's problems as the form's messages, field by field. */
export function sessionProblemMessages(problems: SessionProblems): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).map(([field, codes]) => [field, codes.map((code) => SESSION_PROBLEM_MESSAGES[code])]));
}
