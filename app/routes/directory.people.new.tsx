import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PersonForm } from "~/components/directory/person-form";
import { personRefusalErrors, personSchema } from "~/components/directory/schemas";
import { pageTitle } from "~/i18n/page-title";
import { createPerson, listOrganizationsForPicker } from "~/models/person.server";
import { getDb } from "~/utils/db.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

export const policy = "directory" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "directory:person.newTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  // Arriving from an organization's page preselects it.
  const organizationId = new URL(request.url).searchParams.get("organizationId") ?? "";
  return { organizations: await listOrganizationsForPicker(getDb()), organizationId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null, emailTakenBy: null }, { status: 400 });
  }
  // An email held only by entries this viewer may not see is accepted: the answer is the same as
  // for an unused address (see person.server.ts). One they may see is refused, with a link to it.
  const outcome = await createPerson(getDb(), submission.value, viewer);
  if (!outcome.ok) {
    const emailTakenBy = outcome.reason === "email_taken" ? outcome.holder : null;
    return data({ result: submission.reply({ fieldErrors: personRefusalErrors[outcome.reason] }), created: null, emailTakenBy }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), created: { id: outcome.id, name: submission.value.name }, emailTakenBy: null };
}

export default function NewPersonPage() {
  const { organizations, organizationId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("directory");
  const created = actionData?.created;

  return (
    <section aria-labelledby="new-person-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="new-person-title">{t("person.newTitle")}</h1>
      <StatusMessage>
        {created ? (
          <>
            {t("person.created", { name: created.name })} <Link to={`/directory/people/${created.id}`}>{t("person.view")}</Link>
          </>
        ) : null}
      </StatusMessage>
      <PersonForm
        id="new-person"
        lastResult={actionData?.result}
        defaultValue={{ organizationId }}
        organizations={organizations}
        emailTakenBy={actionData?.emailTakenBy}
        submitLabel={t("person.submitNew")}
      />
    </section>
  );
}
