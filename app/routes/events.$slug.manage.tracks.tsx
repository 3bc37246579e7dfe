import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { eitherLanguage, optionalId, optionalWholeNumber, requiredId } from "~/components/manage/schema-fields";
import { Field } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { pageTitle } from "~/i18n/page-title";
import { deleteTrack, listTracks, saveTrack } from "~/models/rooms-and-tracks.server";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

// The colour the database gives a track when none is chosen.
const DEFAULT_TRACK_COLOR = "#4a6fa5";

const saveTrackSchema = z
  .object({
    intent: z.literal("save"),
    trackId: optionalId,
    color: z
      .string({ required_error: "validation.required" })
      .regex(/^#[0-9a-fA-F]{6}$/, "manage:tracks.colorFormat")
      .transform((color) => color.toLowerCase()),
    position: optionalWholeNumber(0, 9999, "manage:validation.position"),
  })
  .and(eitherLanguage("nameEn", "nameZh", 120, "manage:tracks.nameRequired"));

const deleteTrackSchema = z.object({ intent: z.literal("delete"), trackId: requiredId });

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:tracks.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return { tracks: await listTracks(db, event.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Which form on the page answers: a track's own, or the one adding a track.
  const formId = String(formData.get("trackId") ?? "") || null;
  const schema = formData.get("intent") === "delete" ? deleteTrackSchema : saveTrackSchema;
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), formId, notice: null }, { status: 400 });
  const input = submission.value;
  if (input.intent === "delete") {
    invariantResponse(await deleteTrack(db, { eventId: event.id, trackId: input.trackId, actorUserId: user.id }), "Not found", 404);
    return { result: submission.reply(), formId, notice: "tracks.deleted" };
  }
  const saved = await saveTrack(db, {
    eventId: event.id,
    trackId: input.trackId ?? undefined,
    input: { nameEn: input.nameEn, nameZh: input.nameZh, color: input.color, position: input.position ?? 0 },
    actorUserId: user.id,
  });
  invariantResponse(saved, "Not found", 404);
  return { result: submission.reply({ resetForm: input.trackId === null }), formId, notice: input.trackId === null ? "tracks.added" : "tracks.saved" };
}

type Track = Awaited<ReturnType<typeof listTracks>>[number];

function TrackEditor({ track, lastResult, nextPosition }: { track?: Track; lastResult: SubmissionResult<string[]> | undefined; nextPosition: number }) {
  const { t, i18n } = useTranslation("manage");
  const [form, fields] = useValidatedForm({
    id: track ? `track-${track.id}` : "new-track",
    lastResult,
    defaultValue: track
      ? { nameEn: track.name_en ?? "", nameZh: track.name_zh ?? "", color: track.color, position: String(track.position) }
      : { color: DEFAULT_TRACK_COLOR, position: String(nextPosition) },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: saveTrackSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = track ? localized(track.name_en, track.name_zh, i18n.language) : "";
  return (
    <div className="entry-card">
      <Form method="post" {...getFormProps(form)} className="row-form" aria-label={track ? name : t("tracks.add")}>
        <input type="hidden" name="intent" value="save" />
        {track ? <input type="hidden" name="trackId" value={track.id} /> : null}
        <ErrorSummary form={form} />
        <div className="field-row">
          <Field meta={fields.nameEn} label={t("tracks.nameEn")} eitherLanguage />
          <Field meta={fields.nameZh} label={t("tracks.nameZh")} eitherLanguage />
          <Field meta={fields.color} label={t("tracks.color")} type="color" />
          <Field meta={fields.position} label={t("position")} type="number" />
        </div>
        <button type="submit" className={track ? undefined : "primary"}>
          {track ? t("save") : t("tracks.addButton")}
        </button>
      </Form>
      {track ? (
        <Form method="post" className="row-delete">
          <input type="hidden" name="trackId" value={track.id} />
          <ConfirmButton name="intent" value="delete" question={t("tracks.confirmDelete", { name })} label={t("tracks.delete", { name })}>
            {t("delete")}
          </ConfirmButton>
        </Form>
      ) : null}
    </div>
  );
}

export default function TracksPage() {
  const { tracks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("manage");
  const resultFor = (formId: string | null) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const nextPosition = tracks.reduce((highest, track) => Math.max(highest, track.position + 1), 1);
  return (
    <section aria-labelledby="tracks-title">
      <h1 id="tracks-title">{t("tracks.title")}</h1>
      <p className="muted">{t("tracks.intro")}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>
      {tracks.length === 0 ? <p>{t("tracks.empty")}</p> : null}
      <ul className="entry-list">
        {tracks.map((track) => (
          <li key={track.id}>
            <TrackEditor track={track} lastResult={resultFor(String(track.id))} nextPosition={nextPosition} />
          </li>
        ))}
      </ul>
      <h2>{t("tracks.add")}</h2>
      {/* Remounted after each addition, so it offers the next position. */}
      <TrackEditor key={tracks.length} lastResult={resultFor(null)} nextPosition={nextPosition} />
    </section>
  );
}
