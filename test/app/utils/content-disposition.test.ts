import { describe, expect, it } from "vitest";
import { attachmentDisposition, cleanFileName, cutFileName, MAX_FILE_NAME_LENGTH } from "../../../app/utils/content-disposition";

const codePoints = (text: string) => Array.from(text).length;
const hasLoneSurrogate = (text: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** The name a client reads back from `filename*=UTF-8''…`. */
function decodedName(header: string): string {
  const match = header.match(/filename\*=UTF-8''([^;\s]*)$/);
  if (!match) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(match[1]);
}

describe("cleanFileName", () => {
  it("keeps every character people use in names, removing only control characters", () => {
    expect(cleanFileName('a=b; c="d" (1).pdf')).toBe('a=b; c="d" (1).pdf');
    expect(cleanFileName("附件一 美國海關報告.pdf")).toBe("附件一 美國海關報告.pdf");
    expect(cleanFileName("line\r\nbreak\u0000\u001b[31m\u007f\u0085.pdf")).toBe("linebreak[31m.pdf");
  });

  it("cuts long names to 255 code points, keeping the extension and whole characters", () => {
    expect(cleanFileName(`${"a".repeat(100_000)}.pdf`)).toBe(`${"a".repeat(251)}.pdf`);
    expect(cleanFileName("a".repeat(100_000))).toBe("a".repeat(255));
    expect(cleanFileName(`${"附".repeat(300)}.docx`)).toBe(`${"附".repeat(250)}.docx`);
    // Emoji are two UTF-16 units each: the cut counts code points and never leaves half of one.
    const emoji = cleanFileName(`x${"😀".repeat(300)}.pdf`);
    expect(codePoints(emoji)).toBe(MAX_FILE_NAME_LENGTH);
    expect(hasLoneSurrogate(emoji)).toBe(false);
    expect(emoji.endsWith("😀.pdf")).toBe(true);
    // A family emoji is five code points: kept whole or not at all.
    const families = cleanFileName(`${"👨‍👩‍👧".repeat(60)}.pdf`);
    expect(families).toBe(`${"👨‍👩‍👧".repeat(50)}.pdf`);
    // A letter under thousands of accents is one grapheme longer than the limit: cut by code points.
    expect(codePoints(cleanFileName(`a${"\u0301".repeat(5000)}.pdf`))).toBe(MAX_FILE_NAME_LENGTH);
    // A name exactly at the limit stays as it is.
    expect(cleanFileName(`${"b".repeat(251)}.pdf`)).toBe(`${"b".repeat(251)}.pdf`);
  });

  it("mends a lone surrogate half (not text) instead of keeping it", () => {
    expect(cutFileName("a\uD800b.pdf")).toBe("a\uFFFDb.pdf");
    expect(cutFileName("a\uDC00.pdf")).toBe("a\uFFFD.pdf");
  });
});

describe("attachmentDisposition", () => {
  it("carries any name exactly in filename* and an ASCII stand-in in filename", () => {
    for (const name of ['a=b; c="d" (1)*.pdf', "附件一.pdf", "100%22 done.pdf", "back\\slash.pdf", "emoji 😀.pdf"]) {
      const header = attachmentDisposition(name);
      expect(header.startsWith('attachment; filename="')).toBe(true);
      expect(decodedName(header), name).toBe(name);
      const fallback = header.match(/^attachment; filename="([^"]*)"; filename\*=/)?.[1];
      expect(fallback, name).toMatch(/^[\x20-\x7e]*$/);
      expect(fallback, name).not.toMatch(/["\\%]/);
      // Only RFC 5987 attr-chars and %XX escapes after UTF-8''.
      expect(header.split("UTF-8''")[1]).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})*$/);
    }
  });

  it("stays a short, valid header for a name of 100,000 characters or one that is not valid text", () => {
    const long = attachmentDisposition(`${"附".repeat(100_000)}.pdf`);
    expect(long.length).toBeLessThan(4000);
    expect(decodedName(long)).toBe(`${"附".repeat(251)}.pdf`);
    expect(() => new Headers({ "Content-Disposition": long })).not.toThrow();
    const broken = attachmentDisposition("a\uD800.pdf");
    expect(decodedName(broken)).toBe("a\uFFFD.pdf");
    expect(attachmentDisposition("")).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });
});
