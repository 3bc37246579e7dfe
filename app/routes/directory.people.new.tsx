import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PersonForm } from "~/components/directory/person-form";
import { personRefusalErrors, personSchema } from "~/components/directory/schemas";
import { pageTitle } from "~/i18n/page-title";
import { createPerson, listOrganizationsForPicker } from "~/models/person.server";
import { requireDirectoryEditor } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "directory:person.newTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDirectoryEditor(request);
  // Arriving from an organization's page preselects it.
  const organizationId = new URL(request.url).searchParams.get("organizationId") ?? "";
  return { organizations: await listOrganizationsForPicker(getDb()), organizationId };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireDirectoryEditor(request);
  const submission = parseWithZod(await request.formData(), { schema: personSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null }, { status: 400 });
  }
  const outcome = await createPerson(getDb(), submission.value, user.id);
  if (!outcome.ok) {
    return data({ result: submission.reply({ fieldErrors: personRefusalErrors[outcome.reason] }), created: null }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), created: { id: outcome.id, name: submission.value.name } };
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
      {created ? (
        <p role="status" className="notice">
          {t("person.created", { name: created.name })} <Link to={`/directory/people/${created.id}`}>{t("person.view")}</Link>
        </p>
      ) : null}
      <PersonForm
        id="new-person"
        lastResult={actionData?.result}
        defaultValue={{ organizationId }}
        organizations={organizations}
        submitLabel={t("person.submitNew")}
      />
    </section>
  );
}
