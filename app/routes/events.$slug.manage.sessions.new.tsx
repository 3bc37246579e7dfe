import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { zoneLabel } from "~/components/manage/calendar-labels";
import { SessionForm, sessionProblemMessages, sessionSchema } from "~/components/manage/session-form";
import { pageTitle } from "~/i18n/page-title";
import { getSessionFormChoices, saveSession } from "~/models/session.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:session.newTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return { event: { time_zone: event.time_zone, starts_on: event.starts_on }, options: await getSessionFormChoices(db, event) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: sessionSchema });
  // No status: a list button (add or remove an item) pressed without JavaScript; not an error.
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await saveSession(db, { event, input: submission.value, actorUserId: user.id });
  // A new session cannot be missing, so a refusal here is always about its fields.
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: "problems" in outcome ? sessionProblemMessages(outcome.problems) : {} }) }, { status: 400 });
  // The edit page lists the clashes this session is in, so the warnings show right after saving.
  return redirect(`/events/${event.slug}/manage/sessions/${outcome.sessionId}?saved=1`);
}

export default function NewSessionPage() {
  const { event, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("manage");
  return (
    <section aria-labelledby="new-session-title">
      <h1 id="new-session-title">{t("session.newTitle")}</h1>
      <SessionForm
        id="new-session"
        lastResult={actionData?.result}
        defaultValue={{ type: "plenary", status: "scheduled", day: event.starts_on }}
        options={{ ...options, zoneLabel: zoneLabel(event.time_zone, i18n.language) }}
        submitLabel={t("session.create")}
      />
    </section>
  );
}
