import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requiredId } from "~/components/manage/schema-fields";
import { SeatLists } from "~/components/seats/seat-lists";
import { BilingualText } from "~/components/ui/bilingual-text";
import { StatusMessage } from "~/components/ui/status-message";
import { contentTitle } from "~/i18n/page-title";
import { listSessionSeats, moveToSeat, moveToWaitingList, removeFromSession, sendSeatGivenMails, type MoveResult } from "~/models/seat.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import seatStyles from "~/styles/seats.css";
import { pathIdSchema } from "~/utils/agenda-params";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { formatInstant, localized } from "~/utils/localized";
import { formatClock } from "../../lib/zoned-time";

/*
 * A session's seats and waiting list for its organizers: who sits, who waits and in which order,
 * moving people between the two, removing them; printable. (`$sessionId_`: a page of its own in the
 * management frame, not nested in the session's edit page.)
 */

export const policy = "event-organizer" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: seatStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.lists.session.title_en, data?.lists.session.title_zh) },
];

function sessionIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = pathIdSchema.safeParse(params.sessionId);
  invariantResponse(id.success, "Not found", 404);
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const lists = await listSessionSeats(db, { eventId: event.id, sessionId: sessionIdOf(params) });
  invariantResponse(lists, "Not found", 404);
  return { event: { slug: event.slug, time_zone: event.time_zone }, lists };
}

const moveSchema = z.object({
  intent: z.enum(["move-to-seat", "move-to-waiting-list", "remove"], { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  registrationId: requiredId,
});

const MOVES = { "move-to-seat": moveToSeat, "move-to-waiting-list": moveToWaitingList, remove: removeFromSession } as const;
const DONE = { "move-to-seat": "seated", "move-to-waiting-list": "movedToWaitingList", remove: "removed" } as const;

type Refusal = Extract<MoveResult, { ok: false }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const sessionId = sessionIdOf(params);
  const submission = parseSubmission(await readForm(request), { schema: moveSchema });
  invariantResponse(submission.status === "success", "Invalid request", 400);
  const { intent, registrationId } = submission.value;
  const moved = await MOVES[intent](db, { eventId: event.id, sessionId, registrationId, actorUserId: user.id });
  invariantResponse(moved.ok || moved.problem !== "session_not_found", "Not found", 404);
  if (!moved.ok) return data({ refusal: moved as Refusal, done: null, promoted: null }, { status: 400 });
  const promoted = moved.promoted ? { name: moved.promoted.name, mailed: moved.promoted.email !== null } : null;
  if (moved.promoted) await sendSeatGivenMails(db, [moved.promoted], { origin: new URL(request.url).origin });
  return { refusal: null, done: DONE[intent], promoted };
}

function MoveAnswer({ answer }: { answer: ReturnType<typeof useActionData<typeof action>> }) {
  const { t, i18n } = useTranslation("seats");
  if (!answer) return <StatusMessage />;
  const { refusal, done, promoted } = answer;
  if (refusal) {
    const message =
      refusal.problem === "overlaps_seat"
        ? t("manage.problems.overlaps_seat", { session: localized(refusal.otherSession.title_en, refusal.otherSession.title_zh, i18n.language) })
        : t(`manage.problems.${refusal.problem}`);
    return (
      <>
        <StatusMessage />
        <p role="alert" className="seat-refusal">
          {message}
        </p>
      </>
    );
  }
  const parts: string[] = [];
  if (done === "seated" && promoted) parts.push(t("manage.notices.seated", { name: promoted.name }));
  else if (done) parts.push(t(`manage.notices.${done}`));
  if (promoted && done !== "seated") parts.push(t("manage.notices.promoted", { name: promoted.name }));
  if (promoted) parts.push(promoted.mailed ? t("manage.notices.mailed") : t("manage.notices.noEmail"));
  return <StatusMessage>{parts.join(" ")}</StatusMessage>;
}

export default function SessionSeatsPage() {
  const { event, lists } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation("seats");
  const { session } = lists;
  return (
    <section aria-labelledby="seats-page-title" className="seat-lists">
      <p className="eyebrow">{t("manage.title")}</p>
      <h1 id="seats-page-title">
        <BilingualText en={session.title_en} zh={session.title_zh} language={i18n.language} />
      </h1>
      <p>
        {formatInstant(session.starts_at, i18n.language, event.time_zone)}–{formatClock(session.ends_at, event.time_zone)} ({event.time_zone})
        {session.room_name_en || session.room_name_zh ? (
          <>
            {" · "}
            <BilingualText en={session.room_name_en} zh={session.room_name_zh} language={i18n.language} />
          </>
        ) : null}
      </p>
      <p className="seat-lists-actions">
        <Link to={`/events/${event.slug}/manage/sessions/${session.id}`}>{t("manage.editSession")}</Link>
        <Link to={`/events/${event.slug}/sessions/${session.id}`}>{t("manage.publicPage")}</Link>
        <button type="button" onClick={() => window.print()}>
          {t("manage.print")}
        </button>
      </p>
      <p>
        {session.capacity === null
          ? t("manage.noCapacity")
          : t("manage.summary", { taken: session.seats_taken, capacity: session.capacity, waiting: lists.waiting.length })}
      </p>
      <MoveAnswer answer={answer} />
      <SeatLists lists={lists} timeZone={event.time_zone} />
    </section>
  );
}
