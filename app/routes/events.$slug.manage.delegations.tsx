import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DelegationEditor } from "~/components/delegations/delegation-form";
import { delegationSchema, deleteDelegationSchema } from "~/components/delegations/schemas";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import { createDelegation, deleteDelegation, listDelegationsForManaging, updateDelegation, type SaveDelegationProblem } from "~/models/delegation.server";
import { listOrganizationsForPicker } from "~/models/person.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "delegations:manage.title") }];

const SAVE_PROBLEMS: Record<SaveDelegationProblem, Record<string, string[]>> = {
  key_taken: { key: ["delegations:errors.keyTaken"] },
  organization_not_found: { organizationId: ["delegations:errors.organizationNotFound"] },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return {
    event: { slug: event.slug },
    delegations: await listDelegationsForManaging(db, event.id),
    organizations: await listOrganizationsForPicker(db),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Which form on the page answers: a delegation's own, or the one adding a delegation.
  const formId = String(formData.get("delegationId") ?? "") || null;
  const schema = formData.get("intent") === "delete" ? deleteDelegationSchema : delegationSchema;
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), formId, notice: null }, { status: 400 });
  const input = submission.value;
  const target = { eventId: event.id, actorUserId: user.id };
  if (input.intent === "delete") {
    const deleted = await deleteDelegation(db, { ...target, delegationId: input.delegationId });
    if (!deleted.ok) {
      invariantResponse(deleted.problem !== "not_found", "Not found", 404);
      return data({ result: submission.reply({ formErrors: ["delegations:errors.membersRegistered"] }), formId, notice: null }, { status: 400 });
    }
    return { result: submission.reply(), formId, notice: "manage.deleted" };
  }
  const values = {
    key: input.key,
    nameEn: input.nameEn,
    nameZh: input.nameZh,
    country: input.country,
    organizationId: input.organizationId,
    declaredSize: input.declaredSize,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
  };
  const saved =
    input.delegationId === null
      ? await createDelegation(db, { ...target, input: values })
      : await updateDelegation(db, { ...target, delegationId: input.delegationId, input: values });
  if (!saved.ok) {
    invariantResponse(saved.problem !== "not_found", "Not found", 404);
    return data({ result: submission.reply({ fieldErrors: SAVE_PROBLEMS[saved.problem] }), formId, notice: null }, { status: 400 });
  }
  const added = input.delegationId === null;
  return { result: submission.reply({ resetForm: added }), formId, notice: added ? "manage.added" : "manage.saved" };
}

export default function ManageDelegationsPage() {
  const { event, delegations, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("delegations");
  const resultFor = (formId: string | null) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  return (
    <section aria-labelledby="manage-delegations-title">
      <h1 id="manage-delegations-title">{t("manage.title")}</h1>
      <p className="muted">{t("manage.intro")}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>
      {delegations.length === 0 ? <p>{t("manage.empty")}</p> : null}
      <ul className="entry-list">
        {delegations.map((delegation) => (
          <li key={delegation.id}>
            <DelegationEditor
              // A new key after each save, so the form starts again from what was stored.
              key={delegation.updated_at}
              delegation={delegation}
              organizations={organizations}
              lastResult={resultFor(String(delegation.id))}
              membersHref={`/events/${event.slug}/delegations/${delegation.key}/members`}
            />
          </li>
        ))}
      </ul>
      <h2>{t("manage.add")}</h2>
      {/* Remounted after each addition, so it starts empty. */}
      <DelegationEditor key={delegations.length} organizations={organizations} lastResult={resultFor(null)} />
    </section>
  );
}
