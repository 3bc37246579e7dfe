import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionItems } from "~/components/bilaterals/meeting/action-items";
import { MeetingFacts } from "~/components/bilaterals/meeting/meeting-facts";
import meetingStyles from "~/components/bilaterals/meeting/meeting.css";
import { MinutesSection } from "~/components/bilaterals/meeting/minutes-section";
import { PrivateNote } from "~/components/bilaterals/meeting/private-note";
import { addItemSchema, deleteNoteSchema, editItemSchema, itemRowSchema, minutesSchema, noteSchema } from "~/components/bilaterals/meeting/schemas";
import { BilingualText } from "~/components/ui/bilingual-text";
import { pageTitle } from "~/i18n/page-title";
import {
  addActionItem,
  getMeeting,
  removeActionItem,
  saveMinutes,
  saveNote,
  setActionItemStatus,
  updateActionItem,
  type MeetingProblem,
  type MinutesVersion,
} from "~/models/bilateral-meeting.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

export const policy = "bilateral-party" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "meetings:title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event, bilateral, side } = await authorize(policy, { request, params });
  const meeting = await getMeeting(db, event.id, bilateral.id, { side });
  invariantResponse(meeting, "Not found", 404);
  return { event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh, time_zone: event.time_zone }, meeting, side };
}

type Reply = { fieldErrors?: Record<string, string[]>; formErrors?: string[] };

/** A refusal by the model as Conform's reply options, and its status: 400 for bad input, 409 for a change made meanwhile. */
function refusal(problem: MeetingProblem): { status: 400 | 409; reply: Reply } {
  const byField = (field: string, message: string) => ({ status: 400 as const, reply: { fieldErrors: { [field]: [message] } } });
  const forForm = (status: 400 | 409, message: string) => ({ status, reply: { formErrors: [message] } });
  switch (problem) {
    case "empty":
      return byField("bodyEn", "meetings:errors.empty");
    case "text_required":
      return byField("textEn", "meetings:errors.textRequired");
    case "owner_not_side":
      return byField("ownerId", "meetings:errors.ownerNotSide");
    case "invalid_due_date":
      return byField("dueOn", "manage:validation.date");
    case "too_long":
      return forForm(400, "validation.tooLong");
    case "stale":
      return forForm(409, "meetings:errors.stale");
    case "not_booked":
      return forForm(409, "meetings:errors.notBooked");
    case "not_found":
      return forForm(409, "meetings:errors.itemNotFound");
  }
}

interface Answer {
  formId: string;
  result: SubmissionResult<string[]>;
  /** A translation key saying what was done. */
  notice: string | null;
  /** After a refused stale save: the version saved meanwhile, to compare with. */
  newer: MinutesVersion | null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event, bilateral, side } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Organizers who are not a side see when and where; only the two sides write.
  const asWriter = () => {
    invariantResponse(side !== null, "Forbidden", 403);
    return { eventId: event.id, bilateralId: bilateral.id, side, userId: user.id };
  };
  const respond = (status: 200 | 400 | 409, answer: Partial<Answer> & Pick<Answer, "formId" | "result">) =>
    data<Answer>({ notice: null, newer: null, ...answer }, { status });
  const intent = formData.get("intent");

  if (intent === "save-minutes") {
    const submission = parseSubmission(formData, { schema: minutesSchema });
    if (submission.status !== "success") return respond(400, { formId: "minutes", result: submission.reply() });
    const saved = await saveMinutes(db, {
      ...asWriter(),
      baseRevisionId: submission.value.baseRevisionId,
      body_en: submission.value.bodyEn,
      body_zh: submission.value.bodyZh,
    });
    if (!saved.ok) {
      const { status, reply } = refusal(saved.problem);
      const newer = saved.problem === "stale" ? ((await getMeeting(db, event.id, bilateral.id, { side }))?.record?.minutes ?? null) : null;
      return respond(status, { formId: "minutes", result: submission.reply(reply), newer });
    }
    return respond(200, { formId: "minutes", result: submission.reply(), notice: "minutes.saved" });
  }

  if (intent === "save-note" || intent === "delete-note") {
    const submission = parseSubmission(formData, { schema: intent === "save-note" ? noteSchema : deleteNoteSchema });
    if (submission.status !== "success") return respond(400, { formId: "note", result: submission.reply() });
    const saved = await saveNote(db, { ...asWriter(), body: submission.value.intent === "save-note" ? submission.value.body : null });
    if (!saved.ok) {
      const { status, reply } = refusal(saved.problem);
      return respond(status, { formId: "note", result: submission.reply(reply) });
    }
    return respond(200, { formId: "note", result: submission.reply(), notice: saved.deleted ? "notes.deleted" : "notes.saved" });
  }

  if (intent === "add-item" || intent === "edit-item") {
    const submission = parseSubmission(formData, { schema: intent === "add-item" ? addItemSchema : editItemSchema });
    const formId = intent === "add-item" ? "add-item" : `edit-item-${String(formData.get("itemId") ?? "")}`;
    if (submission.status !== "success") return respond(400, { formId, result: submission.reply() });
    const { ownerId, textEn, textZh, dueOn } = submission.value;
    const item = { ownerId, text_en: textEn, text_zh: textZh, dueOn };
    const writer = asWriter();
    const saved =
      "itemId" in submission.value
        ? await updateActionItem(db, { ...writer, ...item, itemId: submission.value.itemId })
        : await addActionItem(db, { ...writer, ...item });
    if (!saved.ok) {
      const { status, reply } = refusal(saved.problem);
      return respond(status, { formId, result: submission.reply(reply) });
    }
    return respond(200, {
      formId,
      result: submission.reply({ resetForm: intent === "add-item" }),
      notice: intent === "add-item" ? "items.added" : "items.updated",
    });
  }

  const submission = parseSubmission(formData, { schema: itemRowSchema });
  const formId = `item-${String(formData.get("itemId") ?? "")}`;
  if (submission.status !== "success") return respond(400, { formId, result: submission.reply() });
  const input = submission.value;
  const writer = asWriter();
  const changed =
    input.intent === "item-status"
      ? await setActionItemStatus(db, { ...writer, itemId: input.itemId, status: input.status })
      : await removeActionItem(db, { ...writer, itemId: input.itemId });
  if (!changed.ok) {
    const { status, reply } = refusal(changed.problem);
    return respond(status, { formId, result: submission.reply(reply) });
  }
  return respond(200, { formId, result: submission.reply(), notice: input.intent === "item-status" ? "items.statusChanged" : "items.removed" });
}

export default function MeetingPage() {
  const { event, meeting, side } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("meetings");
  const language = i18n.language;
  const sides = [meeting.requester, meeting.recipient] as const;
  const nameOf = (delegation: (typeof sides)[number]) => localized(delegation.name_en, delegation.name_zh, language) || delegation.key;
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : undefined);
  const noticeFor = (matches: (formId: string) => boolean) => (actionData?.notice && matches(actionData.formId) ? actionData.notice : null);
  const record = meeting.record;
  const own = sides.find((candidate) => candidate.id === side);
  return (
    <article className="meeting-page" aria-labelledby="meeting-title">
      <p className="back-link">
        {record ? (
          <Link to={`/events/${event.slug}/bilaterals`}>← {t("backToRequests")}</Link>
        ) : (
          <Link to={`/events/${event.slug}/manage/bilaterals/matrix`}>← {t("backToMatrix")}</Link>
        )}
      </p>
      <header>
        <p className="eyebrow">
          <BilingualText en={event.title_en} zh={event.title_zh} language={language} /> · {t("title")}
        </p>
        <h1 id="meeting-title">{t("heading", { requester: nameOf(meeting.requester), recipient: nameOf(meeting.recipient) })}</h1>
      </header>
      <MeetingFacts meeting={meeting} eventZone={event.time_zone} />

      {record && own ? (
        <>
          {record.writable ? null : <p className="notice">{t("readOnly")}</p>}
          <MinutesSection
            current={record.minutes}
            history={record.history}
            newer={actionData?.formId === "minutes" ? actionData.newer : null}
            writable={record.writable}
            zone={event.time_zone}
            lastResult={resultFor("minutes")}
            notice={noticeFor((formId) => formId === "minutes")}
          />
          <PrivateNote
            note={record.note}
            delegationName={nameOf(own)}
            writable={record.writable}
            zone={event.time_zone}
            lastResult={resultFor("note")}
            notice={noticeFor((formId) => formId === "note")}
          />
          <ActionItems
            items={record.actionItems}
            sides={sides}
            ownSide={own.id}
            writable={record.writable}
            resultFor={resultFor}
            notice={noticeFor((formId) => formId.includes("item"))}
          />
        </>
      ) : (
        <p className="meeting-organizer-note">{t("organizerOnly")}</p>
      )}
    </article>
  );
}
