import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { eitherLanguage, optionalId, optionalWholeNumber, requiredId } from "~/components/manage/schema-fields";
import { ErrorSummary } from "~/components/ui/error-summary";
import { CheckboxField, Field } from "~/components/ui/field";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import { deleteCategory, listCategories, saveCategory } from "~/models/registration.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

const saveCategorySchema = z
  .object({
    intent: z.literal("save"),
    categoryId: optionalId,
    public: z.boolean().optional(),
    position: optionalWholeNumber(0, 9999, "manage:validation.position"),
  })
  .and(eitherLanguage("nameEn", "nameZh", 120, "registration:categories.nameRequired"));

const deleteCategorySchema = z.object({ intent: z.literal("delete"), categoryId: requiredId });

const DELETE_REFUSALS = {
  category_in_use: "registration:categories.inUse",
  category_restricts_sessions: "registration:categories.restrictsSessions",
} as const;

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "registration:categories.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return { categories: await listCategories(db, event.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Which form on the page answers: a category's own, its delete button, or the one adding a category.
  const deleting = formData.get("intent") === "delete";
  const categoryField = String(formData.get("categoryId") ?? "");
  const formId = categoryField ? `${deleting ? "delete-" : ""}${categoryField}` : null;
  const schema = deleting ? deleteCategorySchema : saveCategorySchema;
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), formId, notice: null }, { status: 400 });
  const input = submission.value;
  if (input.intent === "delete") {
    const outcome = await deleteCategory(db, { eventId: event.id, categoryId: input.categoryId, actorUserId: user.id });
    if (!outcome.ok) {
      invariantResponse(outcome.problem !== "not_found", "Not found", 404);
      return data({ result: submission.reply({ formErrors: [DELETE_REFUSALS[outcome.problem]] }), formId, notice: null }, { status: 400 });
    }
    return { result: submission.reply(), formId, notice: "categories.deleted" };
  }
  const saved = await saveCategory(db, {
    eventId: event.id,
    categoryId: input.categoryId ?? undefined,
    input: { nameEn: input.nameEn, nameZh: input.nameZh, public: input.public ?? false, position: input.position ?? 0 },
    actorUserId: user.id,
  });
  invariantResponse(saved, "Not found", 404);
  return { result: submission.reply({ resetForm: input.categoryId === null }), formId, notice: input.categoryId === null ? "categories.added" : "categories.saved" };
}

type Category = Awaited<ReturnType<typeof listCategories>>[number];

function CategoryEditor({
  category,
  lastResult,
  deleteRefusal,
  nextPosition,
}: {
  category?: Category;
  lastResult: SubmissionResult<string[]> | undefined;
  deleteRefusal?: string;
  nextPosition: number;
}) {
  const { t, i18n } = useTranslation("registration");
  const [form, fields] = useValidatedForm({
    id: category ? `category-${category.id}` : "new-category",
    lastResult,
    defaultValue: category
      ? { nameEn: category.name_en ?? "", nameZh: category.name_zh ?? "", public: category.public ? "on" : "", position: String(category.position) }
      : { position: String(nextPosition) },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: saveCategorySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = category ? localized(category.name_en, category.name_zh, i18n.language) : "";
  return (
    <div className="entry-card">
      <Form method="post" {...getFormProps(form)} className="row-form" aria-label={category ? name : t("categories.add")}>
        <input type="hidden" name="intent" value="save" />
        {category ? <input type="hidden" name="categoryId" value={category.id} /> : null}
        <ErrorSummary form={form} />
        <div className="field-row">
          <Field meta={fields.nameEn} label={t("categories.nameEn")} eitherLanguage />
          <Field meta={fields.nameZh} label={t("categories.nameZh")} eitherLanguage />
          <Field meta={fields.position} label={t("manage:position")} type="number" />
        </div>
        <CheckboxField meta={fields.public} label={t("categories.public")} />
        <button type="submit" className={category ? undefined : "primary"}>
          {category ? t("manage:save") : t("categories.addButton")}
        </button>
      </Form>
      {category ? (
        <>
          <p className="muted">{t("categories.registrations", { count: category.registrations })}</p>
          {deleteRefusal ? (
            <p role="alert" className="form-errors">
              {t(deleteRefusal)}
            </p>
          ) : null}
          <Form method="post" className="row-delete">
            <input type="hidden" name="categoryId" value={category.id} />
            <ConfirmButton name="intent" value="delete" question={t("categories.confirmDelete", { name })} label={t("categories.delete", { name })}>
              {t("manage:delete")}
            </ConfirmButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export default function CategoriesPage() {
  const { categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("registration");
  const resultFor = (formId: string | null) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const nextPosition = categories.reduce((highest, category) => Math.max(highest, category.position + 1), 1);
  // A refused deletion answers by the category's delete button (that form has no fields to mark).
  const refusalFor = (categoryId: number) => (actionData?.formId === `delete-${categoryId}` ? actionData.result.error?.[""]?.[0] : undefined);
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t("categories.title")}</h1>
      <p className="muted">{t("categories.intro")}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>
      {categories.length === 0 ? <p>{t("categories.empty")}</p> : null}
      <ul className="entry-list">
        {categories.map((category) => (
          <li key={category.id}>
            <CategoryEditor category={category} lastResult={resultFor(String(category.id))} deleteRefusal={refusalFor(category.id)} nextPosition={nextPosition} />
          </li>
        ))}
      </ul>
      <h2>{t("categories.add")}</h2>
      {/* Remounted after each addition, so it offers the next position. */}
      <CategoryEditor key={categories.length} lastResult={resultFor(null)} nextPosition={nextPosition} />
    </section>
  );
}
