import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, SelectField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { pageTitle } from "~/i18n/page-title";
import { grantEventRole, listEventTeam, revokeEventRole } from "~/models/event-team.server";
import { requiredId } from "~/components/manage/schema-fields";
import { emailField } from "~/utils/form-schemas";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";
import { DataTable } from "~/components/ui/data-table";

const roleField = z.enum(["organizer", "staff"], {
  errorMap: (issue) => ({ message: issue.code === "invalid_type" ? "validation.required" : "validation.invalidChoice" }),
});

const teamSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), email: emailField, role: roleField }),
  z.object({ intent: z.literal("remove"), userId: requiredId, role: roleField }),
]);

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction<typeof loader> = ({ matches }) => [{ title: pageTitle(matches, "event.team") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return { event, team: await listEventTeam(db, event.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: teamSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), notice: null }, { status: 400 });
  }
  const input = submission.value;
  if (input.intent === "add") {
    const outcome = await grantEventRole(db, { eventId: event.id, email: input.email, role: input.role, actorUserId: user.id });
    if (!outcome.ok) {
      const message = outcome.reason === "no_such_user" ? "team.noSuchUser" : "team.alreadyHasRole";
      return data({ result: submission.reply({ fieldErrors: { email: [message] } }), notice: null }, { status: 400 });
    }
    return { result: submission.reply({ resetForm: true }), notice: { key: "team.added", name: outcome.name, role: input.role } };
  }
  // The notice names the person; the team list read before the removal is where the name still is.
  const member = (await listEventTeam(db, event.id)).find((row) => row.userId === input.userId && row.role === input.role);
  invariantResponse(member, "Not found", 404);
  const outcome = await revokeEventRole(db, { eventId: event.id, userId: input.userId, role: input.role, actorUserId: user.id });
  if (!outcome.ok) {
    invariantResponse(outcome.reason !== "not_found", "Not found", 404);
    return data({ result: submission.reply({ formErrors: ["team.lastOrganizer"] }), notice: null }, { status: 400 });
  }
  return { result: submission.reply(), notice: { key: "team.removed", name: member.name, role: input.role } };
}

export default function TeamPage() {
  const { event, team } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useValidatedForm({
    id: "add-member",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseSubmission(formData, { schema: teamSchema }),
    shouldRevalidate: "onBlur",
    defaultValue: { intent: "add", role: "staff" },
  });
  const title = localized(event.title_en, event.title_zh, i18n.language);
  const notice = actionData?.notice;

  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">{t("team.title", { event: title })}</h1>
      <p>{t("team.intro")}</p>
      <StatusMessage>{notice ? t(notice.key, { name: notice.name, role: t(`team.roles.${notice.role}`) }) : null}</StatusMessage>
      <ErrorSummary form={form} />
      <DataTable>
        <thead>
          <tr>
            <th scope="col">{t("users.name")}</th>
            <th scope="col">{t("users.email")}</th>
            <th scope="col">{t("team.role")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("team.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {team.map((member) => (
            <tr key={`${member.userId}-${member.role}`}>
              <td>{member.name}</td>
              <td>{member.email}</td>
              <td>{t(`team.roles.${member.role}`)}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={member.userId} />
                  <input type="hidden" name="role" value={member.role} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t("team.removeLabel", { name: member.name, role: t(`team.roles.${member.role}`) })}
                  >
                    {t("team.remove")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>

      <h2>{t("team.add")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add" />
        <Field meta={fields.email} label={t("team.email")} type="email" />
        <SelectField
          meta={fields.role}
          label={t("team.role")}
          options={[
            { value: "staff", label: t("team.roles.staff") },
            { value: "organizer", label: t("team.roles.organizer") },
          ]}
        />
        <button type="submit" className="primary">
          {t("team.submit")}
        </button>
      </Form>
    </section>
  );
}
