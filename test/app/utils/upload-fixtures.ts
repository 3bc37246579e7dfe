/**
 * Small, real files of each kind an upload may claim to be, made here byte by byte (no binary
 * fixtures in the repository): what the upload checks must accept, and what they must refuse.
 */

/** The smallest PDF readers open: header, one object, trailer, end marker. */
export function minimalPdf(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
}

/** The start of a Windows program: the "MZ" DOS header, the PE offset and the "PE\0\0" signature. */
export function windowsExecutable(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(256);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03], 0); // "MZ"…
  bytes.set([0x80, 0x00, 0x00, 0x00], 0x3c); // e_lfanew: PE header at 0x80
  bytes.set([0x50, 0x45, 0x00, 0x00, 0x4c, 0x01], 0x80); // "PE\0\0", i386
  return bytes;
}

/** A 1×1 PNG: signature, IHDR, IDAT, IEND. */
export function onePixelPng(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(
    Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e40000000049454e44ae426082",
      "hex",
    ),
  );
}

/** The 512-byte header of a Compound File Binary container (the old .doc, .xls and .ppt). */
export function compoundFile(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(1024);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  bytes.set([0x3e, 0x00, 0x03, 0x00, 0xfe, 0xff, 0x09, 0x00], 0x18); // version 3, little-endian, 512-byte sectors
  return bytes;
}

/** A Word document as Office writes it: a zip holding [Content_Types].xml and word/document.xml. */
export function minimalDocx(): Uint8Array<ArrayBuffer> {
  return zip([
    [
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        "</Types>",
    ],
    [
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        "</Relationships>",
    ],
    [
      "word/document.xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        "<w:body><w:p><w:r><w:t>Annex 9</w:t></w:r></w:p></w:body></w:document>",
    ],
  ]);
}

/** A plain zip of text files (no compression): enough for the detectors, which read entry names and contents. */
export function zip(entries: Array<[name: string, content: string]>): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(encoder.encode(name));
    const data = Buffer.from(encoder.encode(content));
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Uint8Array.from(Buffer.concat([...locals, directory, end]));
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A multipart/form-data request as a browser sends it (undici writes the body like Chromium). */
export function multipartRequest(url: string, fields: Record<string, string | File>, headers: Record<string, string> = {}): Request {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return new Request(url, { method: "POST", headers, body });
}

/** A request whose body is sent as given, with the content type given (for bodies no browser would send). */
export function rawRequest(url: string, contentType: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", headers: { "Content-Type": contentType, ...headers }, body });
}

/**
 * A multipart upload of a PDF of `size` bytes whose body is produced while it is read, 64 KiB at a
 * time, never held whole: as a large upload arrives from a browser. `whenSent(bytes)` runs before
 * each chunk of the file (awaited), so a test can look at the disk in the middle of the upload.
 */
export function streamedPdfUpload(
  url: string,
  size: number,
  { fileName = "big.pdf", headers = {}, whenSent }: { fileName?: string; headers?: Record<string, string>; whenSent?: (sentBytes: number) => Promise<void> } = {},
): Request {
  const boundary = "----PlenaryTestBoundary7MA4YWxkTrZu0gW";
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  chunk.set(encoder.encode("%PDF-1.4\n"), 0);
  let sent = -1;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === -1) {
        controller.enqueue(head);
        sent = 0;
        return;
      }
      if (sent >= size) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      await whenSent?.(sent);
      const length = Math.min(chunk.length, size - sent);
      // A fresh copy each time: the reader may keep the chunk it was given.
      controller.enqueue(chunk.slice(0, length));
      sent += length;
    },
  });
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}
