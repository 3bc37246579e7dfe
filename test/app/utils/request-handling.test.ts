import { describe, expect, test } from "vitest";
import { z } from "zod";
import { optionalWholeNumber, requiredId } from "../../../app/components/manage/schema-fields";
import { pathIdSchema } from "../../../app/utils/agenda-params";
import { FORM_BODY_LIMIT, readForm } from "../../../app/utils/form-data.server";
import { parseSubmission } from "../../../app/utils/form-submission";
import { safeRedirect } from "../../../app/utils/http.server";
import { MULTIPART_BODY_LIMIT, refuseRequest } from "../../../app/utils/request-guard.server";

function post(body: BodyInit | null, headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" }) {
  return new Request("http://localhost/form", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

/** The status of the response readForm throws, or "read" when it reads the form. */
async function statusOf(request: Request): Promise<number | "read"> {
  try {
    await readForm(request);
    return "read";
  } catch (thrown) {
    const init = (thrown as { init?: ResponseInit }).init;
    if (init?.status) return init.status;
    throw thrown;
  }
}

describe("readForm", () => {
  test("reads an ordinary form, with Chinese text and list fields", async () => {
    const form = await readForm(post("intent=save&titleZh=%E6%81%90%E6%80%96&items%5B0%5D.title=a&items%5B2%5D.title=b"));
    expect(form.get("titleZh")).toBe("恐怖");
    expect(form.getAll("items[2].title")).toEqual(["b"]);
  });

  test("refuses list indexes past the bound before anything builds a list", async () => {
    expect(await statusOf(post("email=x&zz[30000000]=1"))).toBe(400);
    expect(await statusOf(post("items[1000].title=x"))).toBe(400);
    expect(await statusOf(post("items[0001].title=x"))).toBe(400);
    expect(await statusOf(post("items[999].title=x"))).toBe("read");
  });

  test("refuses too many fields, NUL in a name and invalid UTF-8", async () => {
    expect(await statusOf(post(Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join("&")))).toBe(400);
    expect(await statusOf(post("na%00me=1"))).toBe(400);
    expect(await statusOf(post("name=%FF"))).toBe(400);
    expect(await statusOf(post(new Uint8Array([0x6e, 0x3d, 0xff])))).toBe(400);
  });

  test("refuses bodies over the limit, whether declared or streamed", async () => {
    const large = `name=${"x".repeat(FORM_BODY_LIMIT)}`;
    expect(await statusOf(post(large))).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(large));
        controller.close();
      },
    });
    expect(await statusOf(post(stream))).toBe(413);
  });

  test("refuses other content types and malformed multipart", async () => {
    expect(await statusOf(post('{"a":1}', { "Content-Type": "application/json" }))).toBe(415);
    expect(await statusOf(post("a=1", { "Content-Type": "text/plain" }))).toBe(415);
    expect(await statusOf(post("garbage", { "Content-Type": "multipart/form-data; boundary=x" }))).toBe(400);
    const multipart = new FormData();
    multipart.set("intent", "save");
    const request = new Request("http://localhost/form", { method: "POST", body: multipart });
    expect((await readForm(request)).get("intent")).toBe("save");
  });
});

describe("parseSubmission", () => {
  const schema = z.object({ title: z.string(), items: z.array(z.object({ note: z.string() })).optional() });

  test("puts a message by each field whose text holds a control character, whatever the engine", () => {
    const form = new FormData();
    form.set("title", "a\u0000b");
    form.set("items[0].note", "fine\ttext\r\nwith lines");
    form.set("items[1].note", "escape \u001b[31m");
    const submission = parseSubmission(form, { schema });
    if (submission.status === "success") throw new Error("control characters must not pass");
    expect(submission.error).toEqual({ title: ["validation.controlCharacters"], "items[1].note": ["validation.controlCharacters"] });
  });

  test("lets ordinary text through", () => {
    const form = new FormData();
    form.set("title", "恐怖主義評估 — line\nbreak");
    expect(parseSubmission(form, { schema }).status).toBe("success");
  });
});

describe("numbers and ids are decimal", () => {
  const form = (value: string) => {
    const data = new FormData();
    data.set("id", value);
    data.set("count", value);
    return parseSubmission(data, { schema: z.object({ id: requiredId, count: optionalWholeNumber(0, 9999, "bad") }) });
  };

  test.each(["0x10", "1e3", " 12", "12.0", "-1", "2147483648", "٣"])("%j is refused", (value) => {
    expect(form(value).status).toBe("error");
    expect(pathIdSchema.safeParse(value).success).toBe(false);
  });

  test("decimal digits within range are read", () => {
    expect(form("16").status).toBe("success");
    expect(pathIdSchema.parse("2147483647")).toBe(2147483647);
  });
});

describe("safeRedirect", () => {
  test.each(["/..//evil.example", "/.//evil.example", "/%2e%2e//evil.example", "/a/../..//evil.example", "///evil.example"])(
    "%s stays on this site",
    (target) => {
      const resolved = safeRedirect(target);
      expect(resolved.startsWith("//")).toBe(false);
      expect(new URL(resolved, "https://plenary.test").origin).toBe("https://plenary.test");
    },
  );
});

describe("refuseRequest", () => {
  const own = "https://plenary.test";
  const request = (method: string, url: string, headers: Record<string, string> = {}) => ({
    method,
    url,
    header: (name: string) => headers[name.toLowerCase()] ?? null,
  });
  const form = { "content-type": "application/x-www-form-urlencoded", origin: own };

  test("checks the sender: Origin, then Fetch Metadata, then Referer", () => {
    expect(refuseRequest(request("POST", "/login", form), own)).toBeNull();
    expect(refuseRequest(request("POST", "/login", { ...form, origin: "http://evil.example" }), own)?.status).toBe(403);
    expect(refuseRequest(request("POST", "/login", { ...form, origin: "null" }), own)?.status).toBe(403);
    const noOrigin = { "content-type": form["content-type"] };
    expect(refuseRequest(request("POST", "/login", { ...noOrigin, "sec-fetch-site": "cross-site" }), own)?.status).toBe(403);
    expect(refuseRequest(request("POST", "/login", { ...noOrigin, "sec-fetch-site": "same-origin" }), own)).toBeNull();
    expect(refuseRequest(request("POST", "/login", { ...noOrigin, referer: "http://evil.example/x" }), own)?.status).toBe(403);
    expect(refuseRequest(request("POST", "/login", { ...noOrigin, referer: `${own}/login` }), own)).toBeNull();
  });

  test("checks content type and declared length, for data requests too", () => {
    expect(refuseRequest(request("POST", "/login.data", { ...form, "content-type": "application/json" }), own)?.status).toBe(415);
    expect(refuseRequest(request("POST", "/login?_data=routes%2Flogin", form), own)?.status).toBe(400);
    expect(refuseRequest(request("GET", "/directory/organizations/new?_data=routes%2Fdirectory.organizations.new"), own)?.status).toBe(400);
    expect(refuseRequest(request("POST", "/login", { ...form, "x-forwarded-host": "evil.example" }), own)?.status).toBe(403);
    expect(refuseRequest(request("POST", "/login", { origin: own }), own)?.status).toBe(415);
    expect(refuseRequest(request("POST", "/login", { ...form, "content-length": String(150_000_000) }), own)?.status).toBe(413);
    const multipart = { ...form, "content-type": "multipart/form-data; boundary=x" };
    expect(refuseRequest(request("POST", "/x", { ...multipart, "content-length": String(MULTIPART_BODY_LIMIT) }), own)).toBeNull();
    expect(refuseRequest(request("POST", "/x", { ...multipart, "content-length": String(MULTIPART_BODY_LIMIT + 1) }), own)?.status).toBe(413);
  });

  test("refuses control characters and broken escapes in the address, on GET too", () => {
    expect(refuseRequest(request("GET", "/events/a%00b"), own)?.status).toBe(400);
    expect(refuseRequest(request("GET", "/events/x?q=%1b"), own)?.status).toBe(400);
    expect(refuseRequest(request("GET", "/events/%E0%A4%A"), own)?.status).toBe(400);
    expect(refuseRequest(request("GET", "/events/%E6%81%90?q=a+b"), own)).toBeNull();
  });
});
