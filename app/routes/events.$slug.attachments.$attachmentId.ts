import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAttachment } from "~/models/attachment.server";
import { pathIdSchema } from "~/utils/agenda-params";
import { attachmentDisposition } from "~/utils/content-disposition";
import { invariantResponse } from "~/utils/http.server";
import { downloadSecurityHeaders } from "~/utils/security-headers";
import { openUpload } from "~/utils/uploads.server";
import { authorize, type RoutePolicy } from "~/policy.server";

export const policy = "event-reader" satisfies RoutePolicy;

/**
 * A session's file, only for those who may read the event. Always a download, never rendered in
 * the site's origin: the browser must not sniff a type or run anything in it. The type is the one
 * the contents were checked to be on upload. The site-wide security headers (server.ts) are
 * defaults; what this response sets itself, its own stricter policy, replaces them, so that each
 * header is sent once.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const attachmentId = pathIdSchema.safeParse(params.attachmentId);
  invariantResponse(attachmentId.success, "Not found", 404);
  const attachment = await getAttachment(db, { event, attachmentId: attachmentId.data });
  invariantResponse(attachment, "Not found", 404);
  const file = await openUpload(attachment.stored_name);
  invariantResponse(file, "Not found", 404);
  return new Response(file, {
    headers: {
      ...downloadSecurityHeaders(),
      "Content-Type": attachment.content_type,
      "Content-Length": String(attachment.size_bytes),
      "Content-Disposition": attachmentDisposition(attachment.file_name),
      // Private events' files must not sit in shared caches.
      "Cache-Control": "private, no-cache",
    },
  });
}
