import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import planStyles from "~/components/bilaterals/plan/plan.css";
import { SchedulePreviewView } from "~/components/bilaterals/plan/schedule-preview";
import { useStreamedPreview } from "~/components/bilaterals/plan/use-streamed-preview";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import { mailBilateralChange } from "~/models/bilateral-mail.server";
import { applySchedule, previewSchedule } from "~/models/bilateral-schedule.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";

/*
 * The organizers' scheduler: preview what it would book for the accepted requests without a time
 * (and why the others cannot be placed), then apply exactly that preview in one transaction; a
 * preview made stale by any change meanwhile is refused with 409 and a fresh preview. With
 * JavaScript the preview comes from the progress route, with a progress bar.
 */

export const policy = "event-organizer" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralPlan:scheduler.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await authorize(policy, { request, params });
  return { event: { slug: event.slug, time_zone: event.time_zone } };
}

const schedulerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview") }),
  z.object({ intent: z.literal("apply"), fingerprint: z.string().regex(/^[0-9a-f]{64}$/) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: schedulerSchema });
  if (submission.status !== "success") return data({ kind: "invalid" as const, preview: null, placed: 0 }, { status: 400 });
  if (submission.value.intent === "preview") return { kind: "preview" as const, preview: await previewSchedule(db, event.id), placed: 0 };
  const applied = await applySchedule(db, event.id, submission.value.fingerprint, { actorUserId: user.id });
  if (!applied.ok) return data({ kind: "changed" as const, preview: await previewSchedule(db, event.id), placed: 0 }, { status: 409 });
  const origin = new URL(request.url).origin;
  for (const bilateralId of applied.placedIds) {
    await mailBilateralChange(db, { eventId: event.id, bilateralId, change: "scheduled", actingDelegationId: null, origin });
  }
  return { kind: "applied" as const, preview: null, placed: applied.placedIds.length };
}

export default function SchedulerPage() {
  const { event } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation("bilateralPlan");
  const streamed = useStreamedPreview(`/events/${event.slug}/manage/bilaterals/scheduler.progress`);
  const state = streamed.state;
  // A streamed preview is newer than any earlier answer of the action; applying clears it again.
  const preview = state.status === "done" ? state.preview : state.status === "idle" ? answer?.preview : null;
  const total = preview ? preview.placed.length + preview.unplaced.length : 0;

  let message: string | null = null;
  let alert: string | null = null;
  if (state.status === "running") message = t("scheduler.working");
  else if (state.status === "failed") alert = t("scheduler.failed");
  else if (state.status === "done") message = t("scheduler.previewReady", { placed: state.preview.placed.length, total });
  else if (answer?.kind === "applied") message = answer.placed > 0 ? t("scheduler.applied", { count: answer.placed }) : t("scheduler.appliedNone");
  else if (answer?.kind === "changed") alert = t("scheduler.changed");
  else if (answer?.kind === "invalid") alert = t("scheduler.badFingerprint");
  else if (answer?.kind === "preview" && preview) message = t("scheduler.previewReady", { placed: preview.placed.length, total });

  return (
    <section aria-labelledby="scheduler-title" className="scheduler-page">
      <h1 id="scheduler-title">{t("scheduler.title")}</h1>
      <p className="muted">{t("scheduler.intro")}</p>
      <p>
        <Link to={`/events/${event.slug}/manage/bilaterals/matrix`}>{t("scheduler.matrixLink")}</Link>
      </p>
      <Form
        method="post"
        className="scheduler-preview-form"
        onSubmit={(submitEvent) => {
          submitEvent.preventDefault();
          void streamed.start();
        }}
      >
        <button type="submit" name="intent" value="preview" disabled={state.status === "running"}>
          {preview ? t("scheduler.previewAgain") : t("scheduler.preview")}
        </button>
      </Form>
      {state.status === "running" ? (
        <div className="scheduler-progress">
          <label htmlFor="scheduler-progress">{t("scheduler.progressLabel")}</label>{" "}
          {state.total > 0 ? (
            <progress id="scheduler-progress" max={state.total} value={state.done}>
              {t("scheduler.progress", { done: state.done, total: state.total })}
            </progress>
          ) : (
            <progress id="scheduler-progress" />
          )}
        </div>
      ) : null}
      <StatusMessage>{message}</StatusMessage>
      {alert ? (
        <p role="alert" className="form-errors">
          {alert}
        </p>
      ) : null}
      {preview ? <SchedulePreviewView preview={preview} timeZone={event.time_zone} onApply={streamed.reset} /> : null}
    </section>
  );
}
