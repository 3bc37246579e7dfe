import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm } from "~/components/directory/organization-form";
import { organizationSchema } from "~/components/directory/schemas";
import { pageTitle } from "~/i18n/page-title";
import { createOrganization } from "~/models/person.server";
import { getDb } from "~/utils/db.server";
import { localized } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

export const policy = "directory" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "directory:organization.newTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: organizationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), created: null }, { status: 400 });
  }
  const { id } = await createOrganization(getDb(), submission.value, user.id);
  const { nameEn = null, nameZh = null } = submission.value;
  return { result: submission.reply({ resetForm: true }), created: { id, nameEn, nameZh } };
}

export default function NewOrganizationPage() {
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("directory");
  const created = actionData?.created;

  return (
    <section aria-labelledby="new-organization-title">
      <p className="eyebrow">
        <Link to="/directory">{t("title")}</Link>
      </p>
      <h1 id="new-organization-title">{t("organization.newTitle")}</h1>
      <StatusMessage>
        {created ? (
          <>
            {t("organization.created", { name: localized(created.nameEn, created.nameZh, i18n.language) })}{" "}
            <Link to={`/directory/organizations/${created.id}`}>{t("organization.view")}</Link>
          </>
        ) : null}
      </StatusMessage>
      <OrganizationForm id="new-organization" lastResult={actionData?.result} submitLabel={t("organization.submitNew")} />
    </section>
  );
}
