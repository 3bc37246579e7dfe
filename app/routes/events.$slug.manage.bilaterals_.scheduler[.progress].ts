import type { ActionFunctionArgs } from "@remix-run/node";
import type { PreviewStreamLine } from "~/components/bilaterals/plan/use-streamed-preview";
import { previewSchedule } from "~/models/bilateral-schedule.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/http.server";

/*
 * The scheduler's preview with its progress, for the scheduler page's enhanced form: newline-
 * delimited JSON, a `{done, total}` line whenever the scheduler reports progress, then
 * `{preview}` (or `{error}`). A POST like the page's own form, so the request guards apply
 * (same origin, form content type); nothing is stored.
 */

export const policy = "event-organizer" satisfies RoutePolicy;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  // The page's preview form, and nothing else: any other body is refused before any work.
  invariantResponse((await readForm(request)).get("intent") === "preview", "Bad request", 400);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: PreviewStreamLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const preview = await previewSchedule(db, event.id, { onProgress: (done, total) => send({ done, total }) });
        send({ preview });
      } catch (error) {
        console.error("Scheduler preview failed:", error);
        send({ error: "failed" });
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform keeps the compression middleware from holding lines back.
      "Cache-Control": "private, no-cache, no-transform",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
