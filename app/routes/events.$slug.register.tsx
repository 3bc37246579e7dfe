import { getFormProps } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { choice, optionalId, optionalText } from "~/components/manage/schema-fields";
import { BilingualText } from "~/components/ui/bilingual-text";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field, SelectField, TextareaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import { listPublicCategories, registerFromPublicForm, sendRegistrationMail } from "~/models/registration.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { countryOptions, normalizeCountryCode } from "~/utils/countries";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { emailField, requiredText } from "~/utils/form-schemas";
import { localized } from "~/utils/localized";

const registerSchema = z.object({
  name: requiredText(200),
  nameNative: optionalText(200),
  organization: optionalText(300),
  email: emailField,
  country: z
    .string()
    .optional()
    .refine((code) => code === undefined || normalizeCountryCode(code) !== null, "validation.invalidChoice")
    .transform((code) => (code ? normalizeCountryCode(code) : null)),
  categoryId: optionalId,
  language: choice(["en", "zh-TW"] as const),
  dietaryNeeds: optionalText(500),
  accessNeeds: optionalText(500),
  // Left empty by people; a bot filling every field fills this one too.
  website: z.string().optional(),
});

export const policy = "event-reader" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "registration:public.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const open = event.registration_mode !== "closed";
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh, registrationMode: event.registration_mode },
    categories: open ? await listPublicCategories(db, event.id) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: registerSchema });
  // 400, not 403: the visitor may use the page; what they sent cannot be taken while it is closed.
  if (event.registration_mode === "closed") {
    return data({ result: submission.reply({ formErrors: ["registration:public.closed"] }), submitted: null }, { status: 400 });
  }
  if (submission.status !== "success") return data({ result: submission.reply(), submitted: null }, { status: 400 });
  const { website, ...input } = submission.value;
  // The same answer whatever happened, so that the page never tells whether an address is known.
  const submitted = { mode: event.registration_mode };
  if (website) return { result: submission.reply({ resetForm: true }), submitted };

  const outcome = await registerFromPublicForm(db, { eventId: event.id, input, userId: user?.id ?? null });
  if (!outcome.ok) {
    const fieldErrors: Record<string, string[]> = outcome.problem === "registration_closed" ? { "": ["registration:public.closed"] } : { categoryId: ["registration:problems.unknownCategory"] };
    return data({ result: submission.reply({ fieldErrors }), submitted: null }, { status: 400 });
  }
  await sendRegistrationMail(db, outcome.mail, { origin: new URL(request.url).origin, repeated: outcome.outcome === "already_registered" });
  return { result: submission.reply({ resetForm: true }), submitted };
}

export default function PublicRegistrationPage() {
  const { event, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("registration");
  const language = i18n.language;
  const [form, fields] = useValidatedForm({
    id: "public-registration",
    lastResult: actionData?.result,
    defaultValue: { language: language === "zh-TW" ? "zh-TW" : "en" },
    constraint: getZodConstraint(registerSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: registerSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const eventTitle = <BilingualText en={event.title_en} zh={event.title_zh} language={language} />;
  const heading = (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.slug}`}>{eventTitle}</Link>
      </p>
      <h1 id="register-title">{t("public.title")}</h1>
    </>
  );

  if (actionData?.submitted) {
    return (
      <section aria-labelledby="register-title">
        {heading}
        <div role="status" className="notice">
          <p>{t("public.thanks")}</p>
          <p>{t(actionData.submitted.mode === "approval" ? "public.thanksApproval" : "public.thanksOpen")}</p>
        </div>
      </section>
    );
  }
  if (event.registrationMode === "closed") {
    return (
      <section aria-labelledby="register-title">
        {heading}
        <p>{t("public.closed")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="register-title">
      {heading}
      <p>{t(event.registrationMode === "approval" ? "public.introApproval" : "public.introOpen", { event: localized(event.title_en, event.title_zh, language) })}</p>
      <Form method="post" {...getFormProps(form)} aria-labelledby="register-title">
        <ErrorSummary form={form} />
        <Field meta={fields.name} label={t("public.name")} autoComplete="name" hint={t("public.nameHint")} />
        <Field meta={fields.nameNative} label={t("public.nameNative")} hint={t("public.nameNativeHint")} />
        <Field meta={fields.organization} label={t("public.organization")} autoComplete="organization" />
        <Field meta={fields.email} label={t("public.email")} type="email" autoComplete="email" />
        <SelectField meta={fields.country} label={t("public.country")} options={[{ value: "", label: t("public.noCountry") }, ...countryOptions(language)]} />
        {categories.length > 0 ? (
          <SelectField
            meta={fields.categoryId}
            label={t("public.category")}
            options={[{ value: "", label: t("public.noCategory") }, ...categories.map((category) => ({ value: String(category.id), label: localized(category.name_en, category.name_zh, language) }))]}
          />
        ) : null}
        <SelectField
          meta={fields.language}
          label={t("public.language")}
          options={[
            { value: "en", label: t("public.languageEn") },
            { value: "zh-TW", label: t("public.languageZh") },
          ]}
        />
        <TextareaField meta={fields.dietaryNeeds} label={t("public.dietaryNeeds")} rows={2} />
        <TextareaField meta={fields.accessNeeds} label={t("public.accessNeeds")} rows={2} />
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="public-registration-website">{t("public.website")}</label>
          <input id="public-registration-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="primary">
          {t("public.submit")}
        </button>
      </Form>
    </section>
  );
}
