import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { access, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Busboy, type BusboyInstance } from "@fastify/busboy";
import { fileTypeFromFile } from "file-type";
import { getEnv } from "../../lib/env.server";
import { cleanFileName } from "./content-disposition";

export const MAX_UPLOAD_BYTES = 25_000_000;
/** A form value next to the file (intent, annex label) is a few words; more is not a form of ours. */
export const MAX_TEXT_PART_BYTES = 10 * 1024;
/** A part's headers carry the file's name: room for a name of 100,000 Chinese characters. */
const MAX_PART_HEADER_BYTES = 1024 * 1024;
const MAX_PARTS = 10;

/**
 * The file types a session may carry (slides, papers, annex scans). A file is taken only when its
 * name's extension is one of these AND its contents are of that type (magic bytes, read by
 * file-type); the stored and served type is the one below, never what the browser claimed.
 * `detected` lists what file-type may report for such a file; "text" means no magic bytes, but
 * UTF-8 text without NUL or other binary control characters.
 */
const ALLOWED_TYPES: Record<string, { contentType: string; detected: readonly string[] | "text" }> = {
  ".pdf": { contentType: "application/pdf", detected: ["pdf"] },
  // The old Office formats are all Compound File Binary containers: file-type names only the
  // container, so the extension tells which program's document it is.
  ".ppt": { contentType: "application/vnd.ms-powerpoint", detected: ["cfb"] },
  ".pptx": { contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", detected: ["pptx"] },
  ".doc": { contentType: "application/msword", detected: ["cfb"] },
  ".docx": { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", detected: ["docx"] },
  ".xls": { contentType: "application/vnd.ms-excel", detected: ["cfb"] },
  ".xlsx": { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", detected: ["xlsx"] },
  ".odp": { contentType: "application/vnd.oasis.opendocument.presentation", detected: ["odp"] },
  ".odt": { contentType: "application/vnd.oasis.opendocument.text", detected: ["odt"] },
  // An animated PNG is a PNG to every viewer that does not animate it.
  ".png": { contentType: "image/png", detected: ["png", "apng"] },
  ".jpg": { contentType: "image/jpeg", detected: ["jpg"] },
  ".jpeg": { contentType: "image/jpeg", detected: ["jpg"] },
  ".txt": { contentType: "text/plain; charset=utf-8", detected: "text" },
};

export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED_TYPES);

function extensionOf(fileName: string): string {
  return path.extname(fileName).toLowerCase();
}

function uploadsDir(): string {
  return path.resolve(getEnv().UPLOADS_DIR);
}

/** Why a multipart body was not taken: too large a file, or not a readable multipart body at all. */
export type UploadRefusal = "tooLarge" | "unreadable";

/** A file received into a temporary file under UPLOADS_DIR, not yet checked nor kept. */
export interface ReceivedFile {
  /** The name as given (browser escapes undone, control characters removed, cut to 255 code points). */
  readonly name: string;
  readonly size: number;
  readonly tempPath: string;
}

export interface ReceivedForm {
  /** The text values of the form (each at most MAX_TEXT_PART_BYTES). */
  readonly fields: FormData;
  /** The `file` part, or null when the form had none (or an empty file input). */
  readonly file: ReceivedFile | null;
  /** Removes the temporary file unless keepUpload took it; call it in every case (finally). */
  discard(): Promise<void>;
}

/**
 * Reads a multipart form with one file, streaming the file (field `file`) to a temporary file under
 * UPLOADS_DIR while counting its bytes; the body is never held in memory. A file over
 * MAX_UPLOAD_BYTES is "tooLarge": nothing past the limit is written, the rest of the body is read
 * and dropped (so that the browser still gets the answer) and the temporary file is removed. Text
 * values are capped at MAX_TEXT_PART_BYTES, parts at MAX_PARTS, a part's headers at 1 MiB (so a
 * file name of 100,000 characters still arrives whole, to be cut). A body that is not multipart,
 * lacks its boundary or ends in the middle is "unreadable". Nothing is left on disk when this
 * refuses; a disk error is thrown (after removing the temporary file).
 */
export async function receiveUploadForm(request: Request): Promise<{ ok: true; form: ReceivedForm } | { ok: false; error: UploadRefusal }> {
  let busboy: BusboyInstance;
  try {
    busboy = new Busboy({
      headers: { "content-type": request.headers.get("Content-Type") ?? "" },
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: MAX_PARTS, parts: MAX_PARTS, fieldSize: MAX_TEXT_PART_BYTES, headerSize: MAX_PART_HEADER_BYTES },
    });
  } catch {
    return { ok: false, error: "unreadable" }; // not multipart/form-data, or no boundary
  }
  if (!request.body) return { ok: false, error: "unreadable" };
  await mkdir(uploadsDir(), { recursive: true });

  const fields = new FormData();
  let file: ReceivedFile | null = null;
  let tooLarge = false;
  // The one file being written: its temporary path, streams and outcome (settled, never rejected).
  const current: { receiving: { tempPath: string; stream: Readable; writer: WriteStream; written: Promise<Error | null> } | null } = { receiving: null };
  const discard = async () => {
    if (current.receiving) await rm(current.receiving.tempPath, { force: true });
  };

  busboy.on("field", (name, value) => fields.append(name, value));
  busboy.on("file", (name, stream, filename) => {
    const given = filename === undefined ? "" : cleanFileName(undoFormEscapes(filename));
    if (name !== "file" || given === "" || current.receiving) {
      // Not the file field, or an empty file input (no file chosen): read past it.
      stream.resume();
      return;
    }
    const tempPath = path.join(uploadsDir(), `.upload-${randomBytes(16).toString("hex")}.part`);
    const writer = createWriteStream(tempPath, { flags: "wx" });
    stream.on("limit", () => {
      tooLarge = true;
    });
    // If the disk refuses, the rest of the part is read and dropped, so the parse still ends.
    writer.on("error", () => {
      stream.unpipe(writer);
      stream.resume();
    });
    stream.on("error", (error) => writer.destroy(error));
    stream.pipe(writer);
    const written = finished(writer).then(
      () => {
        file = { name: given, size: writer.bytesWritten, tempPath };
        return null;
      },
      (error: Error) => error,
    );
    current.receiving = { tempPath, stream, writer, written };
  });

  // The parse is over at busboy's "finish" (after the last part), not when the body is consumed.
  const parsed = new Promise<void>((resolve, reject) => {
    busboy.on("finish", resolve);
    busboy.on("error", reject);
  });
  // Awaited below, unless the body's pipeline fails first: then this rejection is already handled.
  parsed.catch(() => undefined);
  let failure: unknown = null;
  try {
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), busboy);
    await parsed;
  } catch (error) {
    // A body that is not multipart or ends early (the parser's error), or the client went away.
    failure = error;
    current.receiving?.stream.destroy();
    current.receiving?.writer.destroy();
  }
  const writeError = current.receiving ? await current.receiving.written : null;
  if (failure || writeError || tooLarge) {
    await discard();
    if (writeError && !failure && !tooLarge) throw writeError; // the disk, not the request
    return { ok: false, error: tooLarge ? "tooLarge" : "unreadable" };
  }
  return { ok: true, form: { fields, file, discard } };
}

/**
 * Browsers send a chosen file's name with `"`, CR and LF written as %22, %0D and %0A (HTML's
 * multipart/form-data encoding); this gives the quotes back (line breaks go, as any control
 * character would). A name really containing "%22" cannot be told apart; the quote is far likelier.
 */
function undoFormEscapes(name: string): string {
  return name.replace(/%0[AD]/g, "").replace(/%22/g, '"');
}

export type UploadProblem = "fileType" | "empty" | "contentMismatch" | "notText";

/**
 * Judges a received file by its contents: the name's extension must be an allowed one, and the
 * bytes must be of that type. Returns the type to store and serve.
 */
export async function checkUpload(file: ReceivedFile): Promise<{ ok: true; contentType: string } | { ok: false; error: UploadProblem }> {
  const allowed = ALLOWED_TYPES[extensionOf(file.name)];
  if (!allowed) return { ok: false, error: "fileType" };
  if (file.size === 0) return { ok: false, error: "empty" };
  if (allowed.detected === "text") {
    return (await isPlainText(file.tempPath)) ? { ok: true, contentType: allowed.contentType } : { ok: false, error: "notText" };
  }
  const detected = await fileTypeFromFile(file.tempPath);
  if (!detected || !allowed.detected.includes(detected.ext)) return { ok: false, error: "contentMismatch" };
  return { ok: true, contentType: allowed.contentType };
}

// C0 controls other than tab, line feed, form feed and carriage return, and DEL: the marks of a
// binary file (NUL above all), and terminal escapes (ESC) that have no place in a text annex.
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/** Whether the file is valid UTF-8 without binary control characters (read as a stream). */
export async function isPlainText(filePath: string): Promise<boolean> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of createReadStream(filePath)) {
      if (BINARY_CONTROL.test(decoder.decode(chunk as Buffer, { stream: true }))) return false;
    }
    return !BINARY_CONTROL.test(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError) return false; // not UTF-8
    throw error;
  }
}

/**
 * Keeps a checked file under a random name in UPLOADS_DIR (the original name is only ever data,
 * never a path) and returns that name; the temporary file is moved, not copied.
 */
export async function keepUpload(file: ReceivedFile): Promise<string> {
  const storedName = `${randomBytes(16).toString("hex")}${extensionOf(file.name)}`;
  await rename(file.tempPath, path.join(uploadsDir(), storedName));
  return storedName;
}

export async function removeUpload(storedName: string): Promise<void> {
  await rm(path.join(uploadsDir(), path.basename(storedName)), { force: true });
}

/** The stored file as a stream, or null when it is gone from disk (e.g. a restored database without its files). */
export async function openUpload(storedName: string): Promise<ReadableStream | null> {
  const file = path.join(uploadsDir(), path.basename(storedName));
  try {
    await access(file);
  } catch {
    return null;
  }
  return Readable.toWeb(createReadStream(file)) as ReadableStream;
}
