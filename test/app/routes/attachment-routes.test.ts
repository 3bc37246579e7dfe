import http from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as attachmentRoute from "../../../app/routes/events.$slug.attachments.$attachmentId";
import { action as editSessionAction } from "../../../app/routes/events.$slug.manage.sessions.$sessionId";
import { securityHeaders, setDefaultHeaders } from "../../../app/utils/security-headers";
import { MAX_UPLOAD_BYTES } from "../../../app/utils/uploads.server";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import {
  compoundFile,
  minimalDocx,
  minimalPdf,
  multipartRequest,
  onePixelPng,
  rawRequest,
  streamedPdfUpload,
  windowsExecutable,
} from "../utils/upload-fixtures";

// A folder of this file's own (set before anything reads the environment), so that what is left on
// disk can be counted while other test files upload into the shared one.
const uploadsDir = vi.hoisted(() => {
  const dir = `/tmp/plenary-attachment-routes-test-${process.pid}-${Date.now()}`;
  process.env.UPLOADS_DIR = dir;
  return dir;
});

afterAll(async () => {
  await rm(uploadsDir, { recursive: true, force: true });
});

type Route = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
const call = (route: Route, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));
const onDisk = async () => (await readdir(uploadsDir).catch(() => [] as string[])).sort();

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describeEachEngine("session attachments", ({ db }) => {
  serveAppFrom(db);

  /** A public event with an organizer and one session, and how to upload to it. */
  async function aSession() {
    const event = await insertEvent(db());
    const organizer = await insertUser(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    const cookie = await signedInCookie(db(), organizer);
    const at = new Date().toISOString();
    const { id: sessionId } = await db()
      .insertInto("sessions")
      .values({ event_id: event.id, type: "plenary", title_en: "Opening", starts_at: "2011-03-28T16:00:00.000Z", ends_at: "2011-03-28T17:00:00.000Z", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const urlPath = `/events/${event.slug}/manage/sessions/${sessionId}`;
    const params = { slug: event.slug, sessionId: String(sessionId) };
    const upload = (file: File, fields: Record<string, string> = {}) =>
      call(editSessionAction, multipartRequest(`http://localhost${urlPath}`, { intent: "upload", ...fields, file }, { Cookie: cookie }), params);
    const send = (request: Request) => call(editSessionAction, request, params);
    const rows = () => db().selectFrom("attachments").selectAll().where("session_id", "=", sessionId).orderBy("id").execute();
    return { event, cookie, sessionId, url: `http://localhost${urlPath}`, upload, send, rows };
  }

  it("judges a file by its contents: keeps a real PDF as application/pdf and refuses a renamed program or a PNG named .pdf, storing nothing", async () => {
    const { upload, rows } = await aSession();
    const before = await onDisk();
    const refused = [
      new File([windowsExecutable()], "annex.pdf", { type: "application/pdf" }),
      new File([onePixelPng()], "annex.pdf", { type: "application/pdf" }),
      new File([windowsExecutable()], "notes.txt", { type: "text/plain" }),
    ];
    for (const file of refused) {
      const outcome = await upload(file, { annexLabel: "Annex 9" });
      expect(outcome.status, file.name).toBe(400);
      expect(fieldErrors(outcome.body), file.name).toEqual({ file: [file.name.endsWith(".txt") ? "manage:attachments.errors.notText" : "manage:attachments.errors.contentMismatch"] });
    }
    expect(await rows()).toEqual([]);
    expect(await onDisk()).toEqual(before);

    // The browser's claim counts for nothing either way.
    const kept = await upload(new File([minimalPdf()], "CBP Update.pdf", { type: "application/x-msdownload" }), { annexLabel: "Annex 9" });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ form: "upload", notice: "attachments.uploaded" });
    const [row] = await rows();
    expect(row).toMatchObject({ file_name: "CBP Update.pdf", annex_label: "Annex 9", content_type: PDF, size_bytes: minimalPdf().length });
    expect(new Uint8Array(await readFile(path.join(uploadsDir, row.stored_name)))).toEqual(minimalPdf());
    expect((await onDisk()).filter((name) => name.startsWith(".upload-"))).toEqual([]);
  });

  it("keeps Office documents with the type their name says, when the contents are that kind of file", async () => {
    const { upload, rows } = await aSession();
    expect((await upload(new File([minimalDocx()], "Annex 3 議程.docx"))).status).toBe(200);
    expect((await upload(new File([compoundFile()], "minutes.doc"))).status).toBe(200);
    const wrong = await upload(new File([minimalDocx()], "figures.xlsx"));
    expect(wrong.status).toBe(400);
    expect(fieldErrors(wrong.body)).toEqual({ file: ["manage:attachments.errors.contentMismatch"] });
    expect((await rows()).map((row) => [row.file_name, row.content_type])).toEqual([
      ["Annex 3 議程.docx", DOCX],
      ["minutes.doc", "application/msword"],
    ]);
  });

  it("accepts names with any characters, removing line breaks, and keeps them cut to 255 code points", async () => {
    const { upload, rows } = await aSession();
    const names: Array<[given: string, stored: string]> = [
      ["a=b; c=d.pdf", "a=b; c=d.pdf"],
      ['Annex "9"; filename=x.html.pdf', 'Annex "9"; filename=x.html.pdf'],
      ["first\r\nsecond.pdf", "firstsecond.pdf"],
      ["附件一 美國海關報告.pdf", "附件一 美國海關報告.pdf"],
      [`${"a".repeat(100_000)}.pdf`, `${"a".repeat(251)}.pdf`],
      [`${"附".repeat(100_000)}.pdf`, `${"附".repeat(251)}.pdf`],
    ];
    for (const [given] of names) {
      const outcome = await upload(new File([minimalPdf()], given));
      expect(outcome.status, given.slice(0, 30)).toBe(200);
    }
    expect((await rows()).map((row) => row.file_name)).toEqual(names.map(([, stored]) => stored));
  });

  it("answers 400 with a message, never 500, to a body that is not a readable multipart form, storing nothing", async () => {
    const { send, url, cookie, rows } = await aSession();
    const before = await onDisk();
    const bodies: Array<[contentType: string, body: string]> = [
      ["multipart/form-data; boundary=XyZ", "garbage, not a multipart body"],
      ["multipart/form-data", "--XyZ\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nupload\r\n--XyZ--\r\n"],
      ["multipart/form-data; boundary=XyZ", `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then the connection drops`],
    ];
    for (const [contentType, body] of bodies) {
      const outcome = await send(rawRequest(url, contentType, body, { Cookie: cookie }));
      expect(outcome.status, body.slice(0, 20)).toBe(400);
      expect(fieldErrors(outcome.body)).toEqual({ file: ["manage:attachments.errors.unreadable"] });
    }
    expect(await rows()).toEqual([]);
    expect(await onDisk()).toEqual(before);
  });

  it("streams an upload to disk and refuses it with 400 once it passes the limit, leaving no file and no row", async () => {
    const { send, url, cookie, rows } = await aSession();
    const before = await onDisk();
    let partial = 0;
    const request = streamedPdfUpload(url, MAX_UPLOAD_BYTES + 64 * 1024, {
      headers: { Cookie: cookie },
      async whenSent(sent) {
        if (sent !== 200 * 64 * 1024) return;
        // Part way through, what arrived so far is in a temporary file, not in memory.
        for (const name of await onDisk()) if (name.startsWith(".upload-")) partial = (await stat(path.join(uploadsDir, name))).size;
      },
    });
    const outcome = await send(request);
    expect(outcome.status).toBe(400);
    expect(fieldErrors(outcome.body)).toEqual({ file: ["manage:attachments.errors.tooLarge"] });
    expect(partial).toBeGreaterThan(10_000_000);
    expect(await rows()).toEqual([]);
    expect(await onDisk()).toEqual(before);
  });

  describe("the download, as it leaves the server", () => {
    /**
     * The download route served as server.ts serves the app: Express with the site-wide security
     * headers on every response (as defaults), then Remix's Express adapter and server runtime
     * running a build that holds this route. Answers with the raw header lines, so that a header
     * sent twice shows.
     */
    async function fetchThroughExpress(urlPath: string): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
      const build = {
        mode: "production",
        entry: { module: { default: () => new Response("no pages in this build", { status: 500 }) } },
        routes: {
          root: { id: "root", path: "", module: {} },
          "routes/events.$slug.attachments.$attachmentId": {
            id: "routes/events.$slug.attachments.$attachmentId",
            parentId: "root",
            path: "events/:slug/attachments/:attachmentId",
            module: attachmentRoute,
          },
        },
        assets: { entry: { imports: [], module: "/build/entry.client.js" }, routes: {}, url: "/build/manifest.js", version: "test" },
        publicPath: "/build/",
        assetsBuildDirectory: "public/build",
        future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
        isSpaMode: false,
      } as unknown as ServerBuild;
      const app = express();
      app.use((_req, res, next) => {
        setDefaultHeaders(res, securityHeaders({ nonce: "test-nonce", production: true }));
        next();
      });
      app.get("/page", (_req, res) => {
        res.type("html").send("<p>a page</p>");
      });
      app.all("*", createRequestHandler({ build, mode: "production" }));
      const server = app.listen(0);
      await new Promise((resolve) => server.once("listening", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await new Promise((resolve, reject) => {
          http
            .get({ port, path: urlPath, agent: false }, (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (chunk: Buffer) => chunks.push(chunk));
              res.on("end", () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
            })
            .on("error", reject);
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }

    function headerLines(rawHeaders: string[]): Map<string, string[]> {
      const lines = new Map<string, string[]>();
      for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = rawHeaders[i].toLowerCase();
        lines.set(name, [...(lines.get(name) ?? []), rawHeaders[i + 1]]);
      }
      return lines;
    }

    const siteWide = Object.keys(securityHeaders({ nonce: "n", production: true })).map((name) => name.toLowerCase());

    it("sends the stored, checked type and each security header once, the download's own policy replacing the page policy", async () => {
      const { event, upload, rows } = await aSession();
      expect((await upload(new File([minimalPdf()], "附件一 \"slides\"; final.pdf", { type: "text/html" }))).status).toBe(200);
      const [row] = await rows();
      const { status, rawHeaders, body } = await fetchThroughExpress(`/events/${event.slug}/attachments/${row.id}`);
      expect(status).toBe(200);
      expect(new Uint8Array(body)).toEqual(minimalPdf());
      const lines = headerLines(rawHeaders);
      for (const name of [...siteWide, "content-type", "content-length", "content-disposition", "cache-control"]) {
        expect(lines.get(name), name).toHaveLength(1);
      }
      expect(lines.get("content-type")).toEqual([PDF]);
      expect(lines.get("content-security-policy")).toEqual(["default-src 'none'; sandbox"]);
      expect(lines.get("x-content-type-options")).toEqual(["nosniff"]);
      expect(lines.get("x-frame-options")).toEqual(["DENY"]);
      expect(lines.get("content-disposition")).toEqual([
        `attachment; filename="___ _slides_; final.pdf"; filename*=UTF-8''%E9%99%84%E4%BB%B6%E4%B8%80%20%22slides%22%3B%20final.pdf`,
      ]);

      // Any other response still gets the page policy and the rest, once each.
      const page = headerLines((await fetchThroughExpress("/page")).rawHeaders);
      for (const name of siteWide) expect(page.get(name), name).toHaveLength(1);
      expect(page.get("content-security-policy")?.[0]).toContain("script-src 'self' 'nonce-test-nonce'");
    });
  });
});
