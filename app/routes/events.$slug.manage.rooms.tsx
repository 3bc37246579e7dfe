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
import { deleteRoom, listRooms, saveRoom } from "~/models/rooms-and-tracks.server";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { StatusMessage } from "~/components/ui/status-message";

const saveRoomSchema = z
  .object({
    intent: z.literal("save"),
    roomId: optionalId,
    capacity: optionalWholeNumber(1, 100000, "manage:validation.capacity"),
    position: optionalWholeNumber(0, 9999, "manage:validation.position"),
  })
  .and(eitherLanguage("nameEn", "nameZh", 120, "manage:rooms.nameRequired"));

const deleteRoomSchema = z.object({ intent: z.literal("delete"), roomId: requiredId });

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:rooms.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  return { rooms: await listRooms(db, event.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  // Which form on the page answers: a room's own, or the one adding a room.
  const formId = String(formData.get("roomId") ?? "") || null;
  const schema = formData.get("intent") === "delete" ? deleteRoomSchema : saveRoomSchema;
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), formId, notice: null }, { status: 400 });
  const input = submission.value;
  if (input.intent === "delete") {
    invariantResponse(await deleteRoom(db, { eventId: event.id, roomId: input.roomId, actorUserId: user.id }), "Not found", 404);
    return { result: submission.reply(), formId, notice: "rooms.deleted" };
  }
  const saved = await saveRoom(db, {
    eventId: event.id,
    roomId: input.roomId ?? undefined,
    input: { nameEn: input.nameEn, nameZh: input.nameZh, capacity: input.capacity, position: input.position ?? 0 },
    actorUserId: user.id,
  });
  invariantResponse(saved, "Not found", 404);
  return { result: submission.reply({ resetForm: input.roomId === null }), formId, notice: input.roomId === null ? "rooms.added" : "rooms.saved" };
}

type Room = Awaited<ReturnType<typeof listRooms>>[number];

function RoomEditor({ room, lastResult, nextPosition }: { room?: Room; lastResult: SubmissionResult<string[]> | undefined; nextPosition: number }) {
  const { t, i18n } = useTranslation("manage");
  const [form, fields] = useValidatedForm({
    id: room ? `room-${room.id}` : "new-room",
    lastResult,
    defaultValue: room
      ? { nameEn: room.name_en ?? "", nameZh: room.name_zh ?? "", capacity: room.capacity === null ? "" : String(room.capacity), position: String(room.position) }
      : { position: String(nextPosition) },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: saveRoomSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = room ? localized(room.name_en, room.name_zh, i18n.language) : "";
  return (
    <div className="entry-card">
      <Form method="post" {...getFormProps(form)} className="row-form" aria-label={room ? name : t("rooms.add")}>
        <input type="hidden" name="intent" value="save" />
        {room ? <input type="hidden" name="roomId" value={room.id} /> : null}
        <ErrorSummary form={form} />
        <div className="field-row">
          <Field meta={fields.nameEn} label={t("rooms.nameEn")} eitherLanguage />
          <Field meta={fields.nameZh} label={t("rooms.nameZh")} eitherLanguage />
          <Field meta={fields.capacity} label={t("rooms.capacity")} type="number" />
          <Field meta={fields.position} label={t("position")} type="number" />
        </div>
        <button type="submit" className={room ? undefined : "primary"}>
          {room ? t("save") : t("rooms.addButton")}
        </button>
      </Form>
      {room ? (
        <Form method="post" className="row-delete">
          <input type="hidden" name="roomId" value={room.id} />
          <ConfirmButton name="intent" value="delete" question={t("rooms.confirmDelete", { name })} label={t("rooms.delete", { name })}>
            {t("delete")}
          </ConfirmButton>
        </Form>
      ) : null}
    </div>
  );
}

export default function RoomsPage() {
  const { rooms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("manage");
  const resultFor = (formId: string | null) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const nextPosition = rooms.reduce((highest, room) => Math.max(highest, room.position + 1), 1);
  return (
    <section aria-labelledby="rooms-title">
      <h1 id="rooms-title">{t("rooms.title")}</h1>
      <p className="muted">{t("rooms.intro")}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>
      {rooms.length === 0 ? <p>{t("rooms.empty")}</p> : null}
      <ul className="entry-list">
        {rooms.map((room) => (
          <li key={room.id}>
            <RoomEditor room={room} lastResult={resultFor(String(room.id))} nextPosition={nextPosition} />
          </li>
        ))}
      </ul>
      <h2>{t("rooms.add")}</h2>
      {/* Remounted after each addition, so it offers the next position. */}
      <RoomEditor key={rooms.length} lastResult={resultFor(null)} nextPosition={nextPosition} />
    </section>
  );
}
