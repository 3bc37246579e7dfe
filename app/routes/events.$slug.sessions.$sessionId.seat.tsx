import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { SeatRefusalMessage } from "~/components/seats/seat-refusal";
import { findRegistrationOfUser, leaveSeat, sendSeatGivenMails, takeSeat, type SeatRefusal } from "~/models/seat.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { pathIdSchema } from "~/utils/agenda-params";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";

/*
 * Taking and giving up a seat in a session with a capacity, as the signed-in person. Nested in the
 * session page, which shows this route's answer (a refusal and its reason) where its seat panel is.
 */

export const policy = "event-attendee" satisfies RoutePolicy;

function sessionIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = pathIdSchema.safeParse(params.sessionId);
  invariantResponse(id.success, "Not found", 404);
  return id.data;
}

/** A GET shows the session page (with this route's empty panel): the address only takes posts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(policy, { request, params });
  sessionIdOf(params);
  return null;
}

const seatSchema = z.object({ intent: z.enum(["take", "leave"], { errorMap: () => ({ message: "validation.invalidChoice" }) }) });

function refuse(refusal: SeatRefusal) {
  invariantResponse(refusal.problem !== "session_not_found", "Not found", 404);
  return data({ refusal }, { status: 400 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const sessionId = sessionIdOf(params);
  const submission = parseSubmission(await readForm(request), { schema: seatSchema });
  invariantResponse(submission.status === "success", "Unknown intent", 400);
  const sessionUrl = `/events/${event.slug}/sessions/${sessionId}`;
  const registration = await findRegistrationOfUser(db, { eventId: event.id, userId: user.id });
  if (!registration || registration.status === "cancelled") return refuse({ ok: false, problem: "not_registered" });
  const target = { eventId: event.id, sessionId, registrationId: registration.id };

  if (submission.value.intent === "take") {
    const taken = await takeSeat(db, target);
    if (!taken.ok) return refuse(taken);
    return redirect(`${sessionUrl}?seat=${taken.status}`);
  }
  const left = await leaveSeat(db, target);
  if (!left.ok) return refuse(left);
  if (left.promoted) await sendSeatGivenMails(db, [left.promoted], { origin: new URL(request.url).origin });
  return redirect(`${sessionUrl}?seat=left`);
}

export default function SeatAnswer() {
  const answer = useActionData<typeof action>();
  return answer?.refusal ? <SeatRefusalMessage refusal={answer.refusal} /> : null;
}
