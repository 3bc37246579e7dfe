import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm, eventProblemMessages, eventSchema } from "~/components/manage/event-form";
import { pageTitle } from "~/i18n/page-title";
import { updateEvent } from "~/models/event.server";
import { listOrganizationsForPicker } from "~/models/person.server";
import { selectableZones } from "~/utils/agenda-params";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:event.settingsTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return {
    event,
    organizations: await listOrganizationsForPicker(db),
    timeZones: selectableZones(),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: eventSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await updateEvent(db, event.id, submission.value, user.id);
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: eventProblemMessages(outcome.problem) }) }, { status: 400 });
  // The slug may have changed, and the page's address with it.
  return redirect(`/events/${outcome.slug}/manage/settings?saved=1`);
}

export default function EventSettingsPage() {
  const { event, organizations, timeZones, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("manage");
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t("event.settingsTitle")}</h1>
      <StatusMessage>{saved ? t("event.saved") : null}</StatusMessage>
      <p className="muted">{t("event.settingsHint")}</p>
      <EventForm
        // A new key after each save, so the form starts again from what was stored.
        key={event.updated_at}
        id="event-settings"
        lastResult={actionData?.result}
        defaultValue={{
          slug: event.slug,
          titleEn: event.title_en ?? "",
          titleZh: event.title_zh ?? "",
          kind: event.kind,
          hostOrganizationId: event.host_organization_id === null ? "" : String(event.host_organization_id),
          city: event.city ?? "",
          venue: event.venue ?? "",
          timeZone: event.time_zone,
          startsOn: event.starts_on,
          endsOn: event.ends_on,
          visibility: event.visibility,
          descriptionEn: event.description_en ?? "",
          descriptionZh: event.description_zh ?? "",
        }}
        organizations={organizations}
        timeZones={timeZones}
        submitLabel={t("event.save")}
      />
    </section>
  );
}
