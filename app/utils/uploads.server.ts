import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getEnv } from "../../lib/env.server";

export const MAX_UPLOAD_BYTES = 25_000_000;

/**
 * The file types a session may carry (slides, papers, annex scans), by extension. The stored
 * type comes from this list, never from what the browser claimed.
 */
const ALLOWED_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".odp": "application/vnd.oasis.opendocument.presentation",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
};

export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED_TYPES);

export function contentTypeFor(fileName: string): string | undefined {
  return ALLOWED_TYPES[path.extname(fileName).toLowerCase()];
}

function uploadsDir(): string {
  return path.resolve(getEnv().UPLOADS_DIR);
}

/** Keeps the file under a random name (the original name is only ever data, never a path). */
export async function storeUpload(file: File): Promise<string> {
  const storedName = `${randomBytes(16).toString("hex")}${path.extname(file.name).toLowerCase()}`;
  await mkdir(uploadsDir(), { recursive: true });
  await writeFile(path.join(uploadsDir(), storedName), Buffer.from(await file.arrayBuffer()), { flag: "wx" });
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
