import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm, eventProblemMessages, eventSchema } from "~/components/manage/event-form";
import { pageTitle } from "~/i18n/page-title";
import { createEvent } from "~/models/event.server";
import { listOrganizationsForPicker } from "~/models/person.server";
import { selectableZones } from "~/utils/agenda-params";
import { getDb } from "~/utils/db.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";

export const policy = "admin" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:event.newTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  return { organizations: await listOrganizationsForPicker(getDb()), timeZones: selectableZones() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: admin } = await authorize(policy, { request, params });
  const db = getDb();
  const submission = parseSubmission(await readForm(request), { schema: eventSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await createEvent(db, submission.value, admin.id);
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: eventProblemMessages(outcome.problem) }) }, { status: 400 });
  return redirect(`/events/${outcome.slug}/manage`);
}

export default function NewEventPage() {
  const { organizations, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("manage");
  return (
    <section aria-labelledby="new-event-title">
      <h1 id="new-event-title">{t("event.newTitle")}</h1>
      <p>{t("event.newIntro")}</p>
      <EventForm
        id="new-event"
        lastResult={actionData?.result}
        organizations={organizations}
        timeZones={timeZones}
        submitLabel={t("event.create")}
      />
    </section>
  );
}
