import http from "node:http";
import { describe, expect, test } from "vitest";
import { ENGINES, postgresEnabled } from "../support/engines";
import { FORM_BODY_LIMIT } from "../../app/utils/form-data.server";
import { fillPattern, loadServerBuild, paramsFor, manifestRoutes, rowCounts, routeUrl, useRouteWorld, type ManifestRoute, type World } from "../support/route-world";

/*
 * Every action of the manifest, and every route with an id in its path, gets what an attacker
 * would send: huge list indexes, oversized bodies, odd content types, malformed multipart, NUL
 * bytes and invalid UTF-8, ids past 2^31, cross-site posts with and without `_data`. No answer may
 * be a 5xx or take long, each gets its 4xx, and no table changes.
 */

const build = await loadServerBuild();
const routes = manifestRoutes(build);
const actions = routes.filter((route) => route.hasAction);
const TOO_LARGE_ID = "2147483648";

interface Attack {
  name: string;
  status: number | number[];
  /** Extra headers; Origin is the server's own unless set here ("" leaves it out). */
  headers?: Record<string, string>;
  body: string | Uint8Array;
  /** Sent in chunks without Content-Length. */
  streamed?: boolean;
  /** The page's own URL, as a browser's form post before hydration, instead of its single-fetch URL. */
  documentRequest?: boolean;
  /** Remix's older data-request form, `?_data=`. */
  legacyDataRequest?: boolean;
}

const CHUNK = 64 * 1024;
const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };
const twoMegabytes = `intent=save&nameEn=${"x".repeat(2 * 1024 * 1024)}`;

const ATTACKS: Attack[] = [
  { name: "a huge list index", status: 400, headers: urlencoded, body: "intent=save&zz[30000000]=1" },
  { name: "a huge list index in a nested name", status: 400, headers: urlencoded, body: "intent=save&items[50000000].title=1" },
  { name: "more fields than a form has", status: 400, headers: urlencoded, body: Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join("&") },
  { name: "an oversized body with its length declared", status: 413, headers: urlencoded, body: twoMegabytes },
  { name: "an oversized body streamed without a length", status: 413, headers: urlencoded, body: twoMegabytes, streamed: true },
  { name: "a JSON body", status: 415, headers: { "Content-Type": "application/json" }, body: '{"intent":"save"}' },
  { name: "a text/plain body", status: 415, headers: { "Content-Type": "text/plain" }, body: "intent=save" },
  { name: "no Content-Type", status: 415, body: "intent=save" },
  { name: "malformed multipart", status: 400, headers: { "Content-Type": "multipart/form-data; boundary=plenary" }, body: '--plenary\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--plenary' },
  { name: "multipart without a boundary", status: 400, headers: { "Content-Type": "multipart/form-data" }, body: "intent=save" },
  { name: "a NUL byte in a field name", status: 400, headers: urlencoded, body: "inte%00nt=save" },
  { name: "NUL bytes in every value", status: 400, headers: urlencoded, body: "intent=save%00&nameEn=a%00b&email=a%00@b.test&name=a%00b&title=a%00&language=en%00" },
  { name: "invalid UTF-8 percent-encoded", status: 400, headers: urlencoded, body: "intent=save&nameEn=%FF%FE" },
  { name: "invalid UTF-8 bytes", status: 400, headers: urlencoded, body: new Uint8Array([...new TextEncoder().encode("intent=save&nameEn="), 0xff, 0xfe]) },
  {
    name: "ids past 2^31",
    status: [400, 404],
    headers: urlencoded,
    body: ["roomId", "trackId", "userId", "personId", "organizationId", "attachmentId", "hostOrganizationId", "sessionId"]
      .map((field) => `${field}=${TOO_LARGE_ID}`)
      .concat("intent=delete", "role=staff", "capacity=0x10")
      .join("&"),
  },
  { name: "a legacy ?_data request", status: 400, headers: urlencoded, body: "intent=save", legacyDataRequest: true },
  { name: "a cross-site form post", status: 403, headers: { ...urlencoded, Origin: "http://evil.example" }, body: "intent=save", documentRequest: true },
  { name: "a cross-site data request", status: 403, headers: { ...urlencoded, Origin: "http://evil.example" }, body: "intent=save" },
  { name: "a cross-site legacy ?_data request", status: 403, headers: { ...urlencoded, Origin: "http://evil.example" }, body: "intent=save", legacyDataRequest: true },
  { name: "a post from an opaque origin", status: 403, headers: { ...urlencoded, Origin: "null" }, body: "intent=save" },
  { name: "a forwarded host that is not this site", status: 403, headers: { ...urlencoded, "X-Forwarded-Host": "evil.example" }, body: "intent=save" },
  { name: "a cross-site post known by Fetch Metadata", status: 403, headers: { ...urlencoded, Origin: "", "Sec-Fetch-Site": "cross-site" }, body: "intent=save" },
  { name: "a cross-site post known by its Referer", status: 403, headers: { ...urlencoded, Origin: "", Referer: "http://evil.example/form" }, body: "intent=save" },
];

/**
 * One raw HTTP request (node:http rather than fetch: the server may answer and close before a large
 * body is all sent, and the answer is what counts).
 */
function send(world: World, route: ManifestRoute, attack: Attack, cookie: string | undefined): Promise<number> {
  const values = paramsFor(world, route, "public");
  const path = fillPattern(route, values);
  const url = attack.documentRequest
    ? new URL(path, world.server.url)
    : attack.legacyDataRequest
      ? new URL(`${path}?_data=${encodeURIComponent(route.id)}`, world.server.url)
      : new URL(routeUrl(world, route, values, "POST"));
  const body = typeof attack.body === "string" ? Buffer.from(attack.body) : Buffer.from(attack.body);
  const headers: Record<string, string> = { Origin: world.server.url, ...attack.headers };
  if (headers.Origin === "") delete headers.Origin;
  if (cookie) headers.Cookie = cookie;
  if (!attack.streamed) headers["Content-Length"] = String(body.length);
  const declaredTooLarge = !attack.streamed && body.length > FORM_BODY_LIMIT;
  return new Promise((resolve, reject) => {
    let answered = false;
    let written = 0;
    const request = http.request(url, { method: "POST", headers, timeout: 15_000 }, (response) => {
      answered = true;
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("timeout", () => request.destroy(new Error(`${attack.name}: no answer within 15 s`)));
    request.on("error", (error) => {
      if (answered) return;
      // Past the limit the server may close the connection while the rest is still being sent.
      if (attack.streamed && written > FORM_BODY_LIMIT) resolve(413);
      else reject(error);
    });
    const chunks = Array.from({ length: Math.ceil(body.length / CHUNK) }, (_, index) => body.subarray(index * CHUNK, (index + 1) * CHUNK));
    // A declared length past the limit must be refused before the body arrives: send only its start.
    if (declaredTooLarge) {
      request.write(chunks[0]);
      return;
    }
    const writeNext = () => {
      const chunk = chunks.shift();
      if (answered || request.destroyed) return;
      if (!chunk) return void request.end();
      written += chunk.length;
      if (request.write(chunk)) setImmediate(writeNext);
      else request.once("drain", writeNext);
    };
    writeNext();
  });
}

for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`hostile requests [${engine}]`, () => {
    const world = useRouteWorld(engine);

    test.each(actions)(
      "$id refuses each attack with its 4xx and changes nothing",
      async (route) => {
        // An administrator may use every action, so refusals come from the request, not the role.
        const cookie = route.policy === "public" ? undefined : await world().cookie("admin");
        const before = await rowCounts(world().db);
        const wrong: string[] = [];
        for (const attack of ATTACKS) {
          const status = await send(world(), route, attack, cookie);
          const allowed = Array.isArray(attack.status) ? attack.status : [attack.status];
          if (!allowed.includes(status)) wrong.push(`${attack.name}: ${status}, expected ${allowed.join(" or ")}`);
        }
        expect(wrong).toEqual([]);
        expect(await rowCounts(world().db)).toEqual(before);
      },
      120_000,
    );

    test.each(routes.filter((route) => /:\w*[iI]d\b/.test(route.pattern)))(
      "$id answers 404 to ids past 2^31 and to hexadecimal ids",
      async (route) => {
        const cookie = await world().cookie("admin");
        for (const id of [TOO_LARGE_ID, "0x1", "1e3", "-1"]) {
          const values = Object.fromEntries(Object.entries(paramsFor(world(), route, "public")).map(([key, value]) => [key, key.endsWith("Id") ? id : value]));
          const response = await fetch(routeUrl(world(), route, values), { headers: { Cookie: cookie ?? "" }, redirect: "manual" });
          await response.arrayBuffer();
          expect(response.status, `${route.id} with ${id}`).toBe(404);
        }
      },
    );

    test("NUL bytes and control characters in an address answer 400, anonymous or not", async () => {
      const { server, params } = world();
      for (const path of ["/events/a%00b", `/events/${params.public.slug}?q=%00`, `/events/${params.public.slug}?q=%1b`, "/directory?q=a%00", "/events/%E0%A4%A"]) {
        const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
        await response.arrayBuffer();
        expect(response.status, path).toBe(400);
      }
    });

    test("a huge list index does not hold up other requests", async () => {
      const { server } = world();
      const attack = fetch(`${server.url}/login`, { method: "POST", headers: { ...urlencoded, Origin: server.url }, body: "email=x&zz[50000000]=1" });
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect((await attack).status).toBe(400);
    });
  });
}
