import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Db } from "../../db/client";
import { SessionAttachments } from "~/components/manage/attachments";
import { zoneLabel } from "~/components/manage/calendar-labels";
import { conflictLookup, SessionWarnings } from "~/components/manage/conflict-description";
import { optionalText, requiredId } from "~/components/manage/schema-fields";
import { SessionForm, sessionFormDefaults, sessionProblemMessages, sessionSchema } from "~/components/manage/session-form";
import { CheckboxField } from "~/components/ui/field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { contentTitle } from "~/i18n/page-title";
import { addAttachment, deleteAttachment, listAttachments } from "~/models/attachment.server";
import { deleteSession, getSessionForEditing, getSessionFormChoices, listEventConflicts, saveSession } from "~/models/session.server";
import { conflictsOfSession } from "~/scheduling/conflicts";
import { pathIdSchema } from "~/utils/agenda-params";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { ALLOWED_EXTENSIONS, checkUpload, keepUpload, MAX_UPLOAD_BYTES, receiveUploadForm, removeUpload } from "~/utils/uploads.server";
import { authorize, type ManagedEvent, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { StatusMessage } from "~/components/ui/status-message";

type PageForm = "session" | "upload" | "attachments" | "delete";

function sessionIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = pathIdSchema.safeParse(params.sessionId);
  invariantResponse(id.success, "Not found", 404);
  return id.data;
}

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.session.title_en, data?.session.title_zh) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const sessionId = sessionIdOf(params);
  const session = await getSessionForEditing(db, event, sessionId);
  invariantResponse(session, "Not found", 404);
  const [options, attachments, listing] = await Promise.all([
    getSessionFormChoices(db, event, session.day),
    listAttachments(db, sessionId),
    listEventConflicts(db, event),
  ]);
  const warnings = conflictsOfSession(listing.conflicts, sessionId);
  return {
    event: { slug: event.slug, time_zone: event.time_zone },
    session: { id: session.id, title_en: session.title_en, title_zh: session.title_zh, updated_at: session.updated_at, attachmentCount: attachments.length },
    defaults: sessionFormDefaults(session),
    options,
    attachments,
    warnings,
    lookup: conflictLookup(listing, event, warnings),
    saved: new URL(request.url).searchParams.has("saved"),
    uploads: { maxBytes: MAX_UPLOAD_BYTES, extensions: ALLOWED_EXTENSIONS },
  };
}

function reply(form: PageForm, result: SubmissionResult<string[]>, { status = 200, notice = null }: { status?: number; notice?: string | null } = {}) {
  return data({ form, result, notice }, { status });
}

/** The session an action works on, and who acts. */
interface Target {
  db: Db;
  event: ManagedEvent;
  sessionId: number;
  actorUserId: number;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const sessionId = sessionIdOf(params);
  const target = { db, event, sessionId, actorUserId: user.id };
  // Only the upload form is sent as multipart.
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return uploadAttachment(request, target);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "save-session":
      return updateSession(formData, target);
    case "delete-session":
      return removeSession(formData, target);
    case "delete-attachment":
      return removeAttachment(formData, target);
    default:
      throw data({ message: "Unknown intent" }, { status: 400 });
  }
}

async function updateSession(formData: FormData, { db, event, sessionId, actorUserId }: Target) {
  const submission = parseSubmission(formData, { schema: sessionSchema });
  // No status: a list button (add or remove an item) pressed without JavaScript; not an error.
  if (submission.status !== "success") return reply("session", submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  const outcome = await saveSession(db, { event, sessionId, input: submission.value, actorUserId });
  if (!outcome.ok) {
    invariantResponse(!("notFound" in outcome), "Not found", 404);
    return reply("session", submission.reply({ fieldErrors: sessionProblemMessages(outcome.problems) }), { status: 400 });
  }
  return redirect(`/events/${event.slug}/manage/sessions/${sessionId}?saved=1`);
}

const deleteSessionSchema = z.object({
  intent: z.literal("delete-session"),
  confirm: z.boolean({ required_error: "manage:session.deleteNotConfirmed" }),
});

async function removeSession(formData: FormData, { db, event, sessionId, actorUserId }: Target) {
  const submission = parseSubmission(formData, { schema: deleteSessionSchema });
  if (submission.status !== "success") return reply("delete", submission.reply(), { status: 400 });
  const storedFiles = await deleteSession(db, { eventId: event.id, sessionId, actorUserId });
  invariantResponse(storedFiles, "Not found", 404);
  await Promise.all(storedFiles.map(removeUpload));
  return redirect(`/events/${event.slug}/manage?deleted=1`);
}

const deleteAttachmentSchema = z.object({ intent: z.literal("delete-attachment"), attachmentId: requiredId });

async function removeAttachment(formData: FormData, { db, event, actorUserId }: Target) {
  const submission = parseSubmission(formData, { schema: deleteAttachmentSchema });
  if (submission.status !== "success") return reply("attachments", submission.reply(), { status: 400 });
  const storedName = await deleteAttachment(db, { eventId: event.id, attachmentId: submission.value.attachmentId, actorUserId });
  invariantResponse(storedName, "Not found", 404);
  await removeUpload(storedName);
  return reply("attachments", submission.reply(), { notice: "attachments.deleted" });
}

async function uploadAttachment(request: Request, { db, event, sessionId, actorUserId }: Target) {
  // The file is streamed to a temporary file, then judged by its contents, then kept or removed.
  const received = await receiveUploadForm(request);
  if (!received.ok) return reply("upload", { status: "error", error: { file: [`manage:attachments.errors.${received.error}`] } }, { status: 400 });
  const { fields, file, discard } = received.form;
  try {
    const uploadSchema = z.object({ intent: z.literal("upload"), annexLabel: optionalText(60) });
    const submission = parseSubmission(fields, { schema: uploadSchema });
    const checked = file ? await checkUpload(file) : null;
    const fileError = !file ? "validation.required" : checked && !checked.ok ? `manage:attachments.errors.${checked.error}` : null;
    if (submission.status !== "success" || !file || !checked?.ok) {
      return reply("upload", submission.reply(fileError ? { fieldErrors: { file: [fileError] } } : {}), { status: 400 });
    }
    const storedName = await keepUpload(file);
    try {
      const attachmentId = await addAttachment(db, {
        eventId: event.id,
        sessionId,
        annexLabel: submission.value.annexLabel,
        fileName: file.name,
        storedName,
        contentType: checked.contentType,
        sizeBytes: file.size,
        actorUserId,
      });
      invariantResponse(attachmentId, "Not found", 404);
    } catch (error) {
      await removeUpload(storedName);
      throw error;
    }
    return reply("upload", submission.reply({ resetForm: true }), { notice: "attachments.uploaded" });
  } finally {
    await discard();
  }
}

function DeleteSession({ attachmentCount, lastResult }: { attachmentCount: number; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("manage");
  const [form, fields] = useValidatedForm<{ confirm: boolean }>({ id: "delete-session", lastResult });
  return (
    <section aria-labelledby="delete-session-title" className="danger-zone">
      <h2 id="delete-session-title">{t("session.deleteTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary form={form} />
        <CheckboxField meta={fields.confirm} label={t("session.deleteConfirm", { count: attachmentCount })} />
        <button type="submit" name="intent" value="delete-session" className="danger">
          {t("session.delete")}
        </button>
      </Form>
    </section>
  );
}

export default function EditSessionPage() {
  const { event, session, defaults, options, attachments, warnings, lookup, saved, uploads } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("manage");
  const resultOf = (form: PageForm) => (actionData?.form === form ? actionData.result : undefined);

  return (
    <section aria-labelledby="edit-session-title">
      <p className="eyebrow">{t("session.editEyebrow")}</p>
      <h1 id="edit-session-title">
        <BilingualText en={session.title_en} zh={session.title_zh} language={i18n.language} />
      </h1>
      <p>
        <Link to={`/events/${event.slug}/sessions/${session.id}`}>{t("session.viewPublic")}</Link>
        {defaults.capacity !== "" ? (
          <>
            {" · "}
            <Link to={`/events/${event.slug}/manage/sessions/${session.id}/seats`}>{t("manage.title", { ns: "seats" })}</Link>
          </>
        ) : null}
      </p>
      <StatusMessage>{saved ? t("session.saved") : null}</StatusMessage>
      <SessionWarnings warnings={warnings} lookup={lookup} slug={event.slug} sessionId={session.id} />
      <SessionForm
        // A new key after each save, so the form starts again from what was stored.
        key={session.updated_at}
        id="edit-session"
        lastResult={resultOf("session")}
        defaultValue={defaults}
        options={{ ...options, zoneLabel: zoneLabel(event.time_zone, i18n.language) }}
        submitLabel={t("session.save")}
      />
      <SessionAttachments
        slug={event.slug}
        attachments={attachments}
        lastResult={resultOf("upload")}
        notice={actionData?.notice ?? null}
        maxBytes={uploads.maxBytes}
        extensions={uploads.extensions}
      />
      <DeleteSession attachmentCount={session.attachmentCount} lastResult={resultOf("delete")} />
    </section>
  );
}
