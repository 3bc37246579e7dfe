import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  checkUpload,
  isPlainText,
  keepUpload,
  MAX_TEXT_PART_BYTES,
  MAX_UPLOAD_BYTES,
  receiveUploadForm,
  type ReceivedFile,
} from "../../../app/utils/uploads.server";
import {
  compoundFile,
  minimalDocx,
  minimalPdf,
  multipartRequest,
  onePixelPng,
  rawRequest,
  streamedPdfUpload,
  windowsExecutable,
  zip,
} from "./upload-fixtures";

// A folder of this file's own, set before anything reads the environment: the other test files
// upload into the shared one at the same time, and this one counts what is left on disk.
const uploadsDir = vi.hoisted(() => {
  const dir = `/tmp/plenary-uploads-test-${process.pid}-${Date.now()}`;
  process.env.UPLOADS_DIR = dir;
  return dir;
});

const URL = "http://localhost/events/x/manage/sessions/1";
const onDisk = async () => (await readdir(uploadsDir).catch(() => [])).sort();

afterAll(async () => {
  await rm(uploadsDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await rm(uploadsDir, { recursive: true, force: true });
  await mkdir(uploadsDir, { recursive: true });
});

async function receivedFile(name: string, bytes: Uint8Array | string): Promise<ReceivedFile> {
  const tempPath = path.join(uploadsDir, `.fixture-${Math.random().toString(36).slice(2)}.part`);
  await writeFile(tempPath, bytes);
  return { name, size: (await stat(tempPath)).size, tempPath };
}

describe("receiveUploadForm", () => {
  it("streams the file into a temporary file under UPLOADS_DIR and gives the text values", async () => {
    const received = await receiveUploadForm(
      multipartRequest(URL, { intent: "upload", annexLabel: "附件9", file: new File([minimalPdf()], "CBP Update.pdf", { type: "application/x-msdownload" }) }),
    );
    expect(received.ok).toBe(true);
    if (!received.ok) return;
    const { fields, file, discard } = received.form;
    expect(fields.get("intent")).toBe("upload");
    expect(fields.get("annexLabel")).toBe("附件9");
    expect(file).toMatchObject({ name: "CBP Update.pdf", size: minimalPdf().length });
    expect(path.dirname(file?.tempPath ?? "")).toBe(path.resolve(uploadsDir));
    expect(new Uint8Array(await readFile(file?.tempPath ?? ""))).toEqual(minimalPdf());
    await discard();
    expect(await onDisk()).toEqual([]);
  });

  it("keeps any name as given, quotes given back, control characters removed, cut to 255 code points", async () => {
    const names: Array<[given: string, kept: string]> = [
      ["a=b; c=d.pdf", "a=b; c=d.pdf"],
      ['Annex "9"; filename=evil.html.pdf', 'Annex "9"; filename=evil.html.pdf'],
      ["line\r\nbreak\tand\u0000nul.pdf", "linebreakandnul.pdf"],
      ["附件一 美國海關報告（2011）.pdf", "附件一 美國海關報告（2011）.pdf"],
      ["emoji 😀👨‍👩‍👧.pdf", "emoji 😀👨‍👩‍👧.pdf"],
      [`${"a".repeat(100_000)}.pdf`, `${"a".repeat(251)}.pdf`],
      [`${"附".repeat(100_000)}.pdf`, `${"附".repeat(251)}.pdf`],
      [`${"😀".repeat(100_000)}.pdf`, `${"😀".repeat(251)}.pdf`],
    ];
    for (const [given, kept] of names) {
      const received = await receiveUploadForm(multipartRequest(URL, { intent: "upload", file: new File([minimalPdf()], given) }));
      expect(received.ok, given.slice(0, 40)).toBe(true);
      if (!received.ok) continue;
      expect(received.form.file?.name).toBe(kept);
      expect(Array.from(received.form.file?.name ?? "").length).toBeLessThanOrEqual(255);
      await received.form.discard();
    }
    expect(await onDisk()).toEqual([]);
  });

  it("takes no file from an empty file input, and only the first file", async () => {
    const empty = await receiveUploadForm(multipartRequest(URL, { intent: "upload", file: new File([], "") }));
    expect(empty.ok && empty.form.file).toBeNull();
    const body = new FormData();
    body.append("file", new File([minimalPdf()], "first.pdf"));
    body.append("file", new File([windowsExecutable()], "second.pdf"));
    body.append("other", new File([windowsExecutable()], "third.pdf"));
    const two = await receiveUploadForm(new Request(URL, { method: "POST", body }));
    expect(two.ok && two.form.file?.name).toBe("first.pdf");
    if (two.ok) await two.form.discard();
    expect(await onDisk()).toEqual([]);
  });

  it("caps text values at 10 KB", async () => {
    const received = await receiveUploadForm(multipartRequest(URL, { intent: "upload", annexLabel: "x".repeat(50_000) }));
    expect(received.ok).toBe(true);
    if (received.ok) expect(String(received.form.fields.get("annexLabel")).length).toBe(MAX_TEXT_PART_BYTES);
  });

  it("calls a body unreadable when it is not multipart, lacks its boundary, is garbage or stops in the middle, leaving nothing on disk", async () => {
    const truncated = `--b0und4ry\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\n${"x".repeat(100_000)}`;
    const bodies: Array<[contentType: string, body: string]> = [
      ["multipart/form-data; boundary=b0und4ry", "this is not a multipart body"],
      ["multipart/form-data; boundary=b0und4ry", ""],
      ["multipart/form-data", `--b0und4ry\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--b0und4ry--\r\n`],
      ["multipart/form-data; boundary=b0und4ry", truncated],
      ["text/plain", "intent=upload"],
    ];
    for (const [contentType, body] of bodies) {
      expect(await receiveUploadForm(rawRequest(URL, contentType, body)), `${contentType}: ${body.slice(0, 30)}`).toEqual({ ok: false, error: "unreadable" });
    }
    expect(await onDisk()).toEqual([]);
  });

  it("writes the file to disk while it arrives, and refuses it as soon as it passes the limit, removing what was written", async () => {
    const seen: number[] = [];
    const request = streamedPdfUpload(URL, MAX_UPLOAD_BYTES + 1, {
      async whenSent(sent) {
        // Halfway through, the part received so far is on disk, in a temporary file.
        if (sent === 160 * 64 * 1024) {
          for (const name of await onDisk()) seen.push((await stat(path.join(uploadsDir, name))).size);
        }
      },
    });
    expect(await receiveUploadForm(request)).toEqual({ ok: false, error: "tooLarge" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(5_000_000);
    expect(await onDisk()).toEqual([]);
  });

  it("gives up without hanging and removes the partial file when the sender goes away in the middle", async () => {
    const request = streamedPdfUpload(URL, 10_000_000, {
      async whenSent(sent) {
        if (sent >= 2_000_000) throw new Error("connection reset");
      },
    });
    expect(await receiveUploadForm(request)).toEqual({ ok: false, error: "unreadable" });
    expect(await onDisk()).toEqual([]);
  });

  it("takes a file of exactly the largest size", async () => {
    const received = await receiveUploadForm(streamedPdfUpload(URL, MAX_UPLOAD_BYTES));
    expect(received.ok && received.form.file?.size).toBe(MAX_UPLOAD_BYTES);
    if (received.ok) await received.form.discard();
  });
});

describe("checkUpload", () => {
  it("accepts a file whose contents are of the type its name says, with the type to store", async () => {
    const accepted: Array<[name: string, bytes: Uint8Array | string, type: string]> = [
      ["slides.pdf", minimalPdf(), "application/pdf"],
      ["SLIDES.PDF", minimalPdf(), "application/pdf"],
      ["photo.png", onePixelPng(), "image/png"],
      ["annex.docx", minimalDocx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["minutes.doc", compoundFile(), "application/msword"],
      ["figures.xls", compoundFile(), "application/vnd.ms-excel"],
      ["deck.ppt", compoundFile(), "application/vnd.ms-powerpoint"],
      ["notes.txt", "會議紀錄\r\n\tAction items: 1; 2 = done\f\n", "text/plain; charset=utf-8"],
    ];
    for (const [name, bytes, type] of accepted) {
      expect(await checkUpload(await receivedFile(name, bytes)), name).toEqual({ ok: true, contentType: type });
    }
  });

  it("refuses contents that are not what the name says, and names of types not allowed", async () => {
    const refused: Array<[name: string, bytes: Uint8Array | string, error: string]> = [
      ["annex.pdf", windowsExecutable(), "contentMismatch"],
      ["annex.pdf", onePixelPng(), "contentMismatch"],
      ["annex.pdf", compoundFile(), "contentMismatch"],
      ["annex.pdf", "just some text", "contentMismatch"],
      ["photo.png", minimalPdf(), "contentMismatch"],
      ["photo.jpg", onePixelPng(), "contentMismatch"],
      ["annex.xlsx", minimalDocx(), "contentMismatch"],
      ["annex.doc", minimalDocx(), "contentMismatch"],
      ["annex.docx", compoundFile(), "contentMismatch"],
      ["annex.docx", zip([["readme.txt", "not a document"]]), "contentMismatch"],
      ["setup.exe", windowsExecutable(), "fileType"],
      ["logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", "fileType"],
      ["no-extension", minimalPdf(), "fileType"],
      ["empty.pdf", "", "empty"],
      ["program.txt", windowsExecutable(), "notText"],
      ["latin1.txt", Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), "notText"],
      ["escape.txt", "red \u001b[31m text", "notText"],
      ["cut.txt", Uint8Array.from([0x61, 0xe9, 0x99]), "notText"],
    ];
    for (const [name, bytes, error] of refused) {
      expect(await checkUpload(await receivedFile(name, bytes)), name).toEqual({ ok: false, error });
    }
  });
});

describe("isPlainText", () => {
  it("reads UTF-8 across chunk boundaries: a character split between two reads is still text", async () => {
    // 64 KiB reads; "附" is 3 bytes, so its bytes straddle every read boundary at some point.
    const text = await receivedFile("long.txt", "附".repeat(100_000));
    expect(await isPlainText(text.tempPath)).toBe(true);
    const nul = await receivedFile("nul.txt", `${"附".repeat(100_000)}\u0000`);
    expect(await isPlainText(nul.tempPath)).toBe(false);
  });
});

describe("keepUpload", () => {
  it("moves the temporary file to a random name with the extension, in UPLOADS_DIR", async () => {
    const file = await receivedFile("Annex 9 附件.PDF", minimalPdf());
    const storedName = await keepUpload(file);
    expect(storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(await onDisk()).toEqual([storedName]);
    expect(new Uint8Array(await readFile(path.join(uploadsDir, storedName)))).toEqual(minimalPdf());
  });
});
