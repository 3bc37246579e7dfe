import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { REGISTRATION_MODES, REGISTRATION_STATUSES } from "../../db/schema";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { choice, optionalId, requiredId } from "~/components/manage/schema-fields";
import { MODE_LABELS, PROBLEM_MESSAGES, SOURCE_LABELS, STATUS_LABELS } from "~/components/registration/labels";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { DataTable } from "~/components/ui/data-table";
import { ErrorSummary } from "~/components/ui/error-summary";
import { SelectField } from "~/components/ui/field";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import { searchPeople } from "~/models/person.server";
import { sendSeatGivenMails } from "~/models/seat.server";
import {
  cancelRegistration,
  changeRegistrationCategory,
  confirmRegistration,
  listCategories,
  listRegistrations,
  registerPerson,
  mailRegistration,
  sendRegistrationMail,
  setRegistrationMode,
} from "~/models/registration.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { countryName } from "~/utils/countries";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { decimalInteger, MAX_ID } from "~/utils/form-schemas";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

// A filter that does not parse is dropped rather than refused: this is a list.
const filtersSchema = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional().catch(undefined),
  category: decimalInteger(1, MAX_ID).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  find: z.string().trim().max(200).optional().catch(undefined),
});

const registerSchema = z.object({
  intent: z.literal("register"),
  personId: requiredId,
  categoryId: optionalId,
  status: choice(["confirmed", "pending"] as const),
});
const registrationSchema = z.object({ intent: z.enum(["confirm", "cancel"]), registrationId: requiredId });
const categorySchema = z.object({ intent: z.literal("category"), registrationId: requiredId, categoryId: optionalId });
const modeSchema = z.object({ intent: z.literal("mode"), mode: choice(REGISTRATION_MODES) });
const actionSchema = z.discriminatedUnion("intent", [registerSchema, registrationSchema, categorySchema, modeSchema]);

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "registration:manage.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, viewer, event } = await authorize(policy, { request, params });
  const query = new URL(request.url).searchParams;
  const filters = filtersSchema.parse({
    status: query.get("status") || undefined,
    category: query.get("category") || undefined,
    q: query.get("q") || undefined,
    find: query.get("find") || undefined,
  });
  const [list, categories, found] = await Promise.all([
    listRegistrations(db, event.id, { status: filters.status, categoryId: filters.category, query: filters.q }),
    listCategories(db, event.id),
    filters.find ? searchPeople(db, viewer, { query: filters.find }) : undefined,
  ]);
  return {
    event: { slug: event.slug, registrationMode: event.registration_mode },
    filters,
    ...list,
    categories: categories.map(({ id, name_en, name_zh }) => ({ id, name_en, name_zh })),
    // Names only: the register form needs no one's email.
    candidates: found?.people.map((person) => ({ id: person.id, name: person.name, name_native: person.name_native })) ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Which form answers: the register form, the mode form, a registration's category form, or its
  // confirm and cancel buttons (whose refusals are said above the list: they have no fields).
  const intent = String(formData.get("intent") ?? "");
  const registrationField = String(formData.get("registrationId") ?? "");
  const formId = intent === "register" || intent === "mode" ? intent : intent === "category" ? `category-${registrationField}` : `row-${registrationField}`;
  const submission = parseSubmission(formData, { schema: actionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), formId, notice: null }, { status: 400 });
  const input = submission.value;
  const origin = new URL(request.url).origin;
  const refuse = (field: string, problem: keyof typeof PROBLEM_MESSAGES) =>
    data({ result: submission.reply({ fieldErrors: { [field]: [PROBLEM_MESSAGES[problem]] } }), formId, notice: null }, { status: 400 });

  switch (input.intent) {
    case "mode":
      await setRegistrationMode(db, { eventId: event.id, mode: input.mode, actorUserId: user.id });
      return { result: submission.reply(), formId, notice: "manage.modeSaved" };
    case "register": {
      const outcome = await registerPerson(db, {
        eventId: event.id,
        personId: input.personId,
        categoryId: input.categoryId,
        source: "organizer",
        registeredBy: user.id,
        status: input.status,
      });
      if (!outcome.ok) return refuse(outcome.problem === "unknown_category" ? "categoryId" : "personId", outcome.problem);
      if (!outcome.created && !outcome.reactivated) {
        return data({ result: submission.reply({ fieldErrors: { personId: ["registration:problems.alreadyRegistered"] } }), formId, notice: null }, { status: 400 });
      }
      await mailRegistration(db, outcome.registrationId, { origin });
      return { result: submission.reply({ resetForm: true }), formId, notice: "manage.registered" };
    }
    case "confirm": {
      const outcome = await confirmRegistration(db, { eventId: event.id, registrationId: input.registrationId, actorUserId: user.id });
      if (!outcome.ok) {
        invariantResponse(outcome.problem !== "not_found", "Not found", 404);
        return refuse("registrationId", outcome.problem);
      }
      await sendRegistrationMail(db, outcome.mail, { origin });
      return { result: submission.reply(), formId, notice: outcome.mail.email ? "manage.confirmedMailed" : "manage.confirmedNoEmail" };
    }
    case "cancel": {
      const outcome = await cancelRegistration(db, { eventId: event.id, registrationId: input.registrationId, actorUserId: user.id });
      if (!outcome.ok) {
        invariantResponse(outcome.problem !== "not_found", "Not found", 404);
        return refuse("registrationId", outcome.problem);
      }
      // Whoever waited for the seats this person held has them now, and is told.
      await sendSeatGivenMails(db, outcome.promoted, { origin });
      return { result: submission.reply(), formId, notice: "manage.cancelled" };
    }
    case "category": {
      const outcome = await changeRegistrationCategory(db, { eventId: event.id, registrationId: input.registrationId, categoryId: input.categoryId, actorUserId: user.id });
      if (!outcome.ok) {
        invariantResponse(outcome.problem !== "not_found", "Not found", 404);
        return refuse("categoryId", outcome.problem);
      }
      return { result: submission.reply(), formId, notice: "manage.categoryChanged" };
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Category = LoaderData["categories"][number];

function categoryOptions(categories: Category[], language: string, noneLabel: string) {
  return [{ value: "", label: noneLabel }, ...categories.map((category) => ({ value: String(category.id), label: localized(category.name_en, category.name_zh, language) }))];
}

function ModeForm({ slug, mode, lastResult }: { slug: string; mode: LoaderData["event"]["registrationMode"]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("registration");
  const [form, fields] = useValidatedForm({
    id: "registration-mode",
    lastResult,
    defaultValue: { mode },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: modeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="row-form" aria-labelledby="mode-title">
      <input type="hidden" name="intent" value="mode" />
      <ErrorSummary form={form} />
      <SelectField meta={fields.mode} label={t("manage.mode")} options={REGISTRATION_MODES.map((value) => ({ value, label: t(MODE_LABELS[value]) }))} />
      <button type="submit">{t("manage:save")}</button>
      {mode !== "closed" ? (
        <p className="field-hint">
          {t("manage.publicFormAt")} <Link to={`/events/${slug}/register`}>{t("manage.publicFormLink")}</Link>
        </p>
      ) : null}
    </Form>
  );
}

function RegisterForm({ candidates, categories, lastResult }: { candidates: LoaderData["candidates"]; categories: Category[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t, i18n } = useTranslation("registration");
  const [form, fields] = useValidatedForm({
    id: "register-person",
    lastResult,
    defaultValue: { status: "confirmed" },
    constraint: getZodConstraint(registerSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: registerSchema }),
    shouldValidate: "onBlur",
  });
  if (candidates === null) return <p className="muted">{t("manage.findFirst")}</p>;
  if (candidates.length === 0) return <p>{t("manage.noneFound")}</p>;
  return (
    <Form method="post" {...getFormProps(form)} className="row-form" aria-labelledby="register-title">
      <input type="hidden" name="intent" value="register" />
      <ErrorSummary form={form} />
      <div className="field-row">
        <SelectField
          meta={fields.personId}
          label={t("manage.person")}
          options={[{ value: "", label: t("manage.choosePerson") }, ...candidates.map((person) => ({ value: String(person.id), label: person.name_native ? `${person.name} (${person.name_native})` : person.name }))]}
        />
        <SelectField meta={fields.categoryId} label={t("manage.category")} options={categoryOptions(categories, i18n.language, t("manage.noCategory"))} />
        <SelectField meta={fields.status} label={t("manage.status")} options={(["confirmed", "pending"] as const).map((value) => ({ value, label: t(STATUS_LABELS[value]) }))} />
      </div>
      <button type="submit" className="primary">
        {t("manage.registerButton")}
      </button>
    </Form>
  );
}

type Registration = LoaderData["registrations"][number];

/** A registration's own actions: its category, and confirming or cancelling it. */
function RowActions({ registration, categories, lastResult }: { registration: Registration; categories: Category[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t, i18n } = useTranslation("registration");
  const [form, fields] = useValidatedForm({
    id: `registration-${registration.id}`,
    lastResult,
    defaultValue: { categoryId: registration.category_id === null ? "" : String(registration.category_id) },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: categorySchema }),
  });
  const name = registration.name;
  return (
    <div className="row-actions">
      <Form method="post" {...getFormProps(form)} aria-label={t("manage.changeCategoryOf", { name })}>
        <input type="hidden" name="intent" value="category" />
        <input type="hidden" name="registrationId" value={registration.id} />
        <ErrorSummary form={form} />
        <SelectField meta={fields.categoryId} label={t("manage.categoryOf", { name })} options={categoryOptions(categories, i18n.language, t("manage.noCategory"))} />
        <button type="submit">{t("manage.changeCategory")}</button>
      </Form>
      {registration.status === "pending" ? (
        <Form method="post">
          <input type="hidden" name="registrationId" value={registration.id} />
          <button type="submit" name="intent" value="confirm" aria-label={t("manage.confirmOf", { name })}>
            {t("manage.confirm")}
          </button>
        </Form>
      ) : null}
      {registration.status !== "cancelled" ? (
        <Form method="post">
          <input type="hidden" name="registrationId" value={registration.id} />
          <ConfirmButton name="intent" value="cancel" question={t("manage.confirmCancel", { name })} label={t("manage.cancelOf", { name })}>
            {t("manage.cancel")}
          </ConfirmButton>
        </Form>
      ) : null}
    </div>
  );
}

export default function RegistrationsPage() {
  const { event, filters, registrations, hasMore, categories, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("registration");
  const language = i18n.language;
  const resultFor = (formId: string) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const rowRefusal = actionData?.formId.startsWith("row-") && actionData.result.error ? Object.values(actionData.result.error).flat()[0] : undefined;

  return (
    <section aria-labelledby="registrations-title">
      <h1 id="registrations-title">{t("manage.title")}</h1>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>
      {rowRefusal ? (
        <p role="alert" className="form-errors">
          {t(rowRefusal)}
        </p>
      ) : null}

      <h2 id="mode-title">{t("manage.modeTitle")}</h2>
      <ModeForm key={event.registrationMode} slug={event.slug} mode={event.registrationMode} lastResult={resultFor("mode")} />

      <h2 id="register-title">{t("manage.registerTitle")}</h2>
      <p>
        <Link to={`/events/${event.slug}/manage/registrations/import`}>{t("manage.importLink")}</Link>
      </p>
      <Form method="get" role="search" className="row-form" aria-label={t("manage.findLabel")}>
        <div className="field">
          <label htmlFor="find-person">{t("manage.findLabel")}</label>
          <input id="find-person" type="search" name="find" defaultValue={filters.find ?? ""} maxLength={200} />
        </div>
        <button type="submit">{t("manage.findButton")}</button>
      </Form>
      <RegisterForm key={`${filters.find ?? ""}-${registrations.length}`} candidates={candidates} categories={categories} lastResult={resultFor("register")} />

      <h2 id="list-title">{t("manage.listTitle")}</h2>
      <Form method="get" role="search" className="row-form" aria-label={t("manage.filterLabel")}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="filter-q">{t("manage.search")}</label>
            <input id="filter-q" type="search" name="q" defaultValue={filters.q ?? ""} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("manage.status")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("manage.anyStatus")}</option>
              {REGISTRATION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(STATUS_LABELS[status])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-category">{t("manage.category")}</label>
            <select id="filter-category" name="category" defaultValue={filters.category ? String(filters.category) : ""}>
              <option value="">{t("manage.anyCategory")}</option>
              {categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {localized(category.name_en, category.name_zh, language)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t("manage.filterButton")}</button>
      </Form>
      <p role="status">{t(hasMore ? "manage.countMore" : "manage.count", { count: registrations.length })}</p>
      {registrations.length > 0 ? (
        <DataTable aria-labelledby="list-title">
          <thead>
            <tr>
              <th scope="col">{t("manage.name")}</th>
              <th scope="col">{t("manage.organization")}</th>
              <th scope="col">{t("manage.delegation")}</th>
              <th scope="col">{t("manage.category")}</th>
              <th scope="col">{t("manage.status")}</th>
              <th scope="col">{t("manage.source")}</th>
              <th scope="col">{t("manage.country")}</th>
              <th scope="col">{t("manage.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {registrations.map((registration) => (
              <tr key={registration.id}>
                <th scope="row">
                  {registration.name}
                  {registration.name_native ? (
                    <>
                      {" "}
                      <NativeName name={registration.name_native} language={language} />
                    </>
                  ) : null}
                </th>
                <td>
                  {registration.organization_name_en || registration.organization_name_zh ? (
                    <BilingualText en={registration.organization_name_en} zh={registration.organization_name_zh} language={language} />
                  ) : (
                    registration.organization_text
                  )}
                </td>
                <td>
                  <BilingualText en={registration.delegation_name_en} zh={registration.delegation_name_zh} language={language} />
                </td>
                <td>
                  <BilingualText en={registration.category_name_en} zh={registration.category_name_zh} language={language} />
                </td>
                <td>{t(STATUS_LABELS[registration.status])}</td>
                <td>{t(SOURCE_LABELS[registration.source])}</td>
                <td>{registration.country ? countryName(registration.country, language) : null}</td>
                <td>
                  <RowActions registration={registration} categories={categories} lastResult={resultFor(`category-${registration.id}`)} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}
