import http from "node:http";
import { describe, expect, test } from "vitest";
import { TEST_PASSWORD } from "../support/app";
import { ENGINES, postgresEnabled } from "../support/engines";
import { useRouteWorld } from "../support/route-world";

/** Status and raw header lines, as they arrive (fetch would fold repeated headers into one). */
function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Array<[string, string]> }>((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: init.headers }, (response) => {
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i < response.rawHeaders.length; i += 2) pairs.push([response.rawHeaders[i].toLowerCase(), response.rawHeaders[i + 1]]);
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: pairs }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

const header = (headers: Array<[string, string]>, name: string) => headers.filter(([key]) => key === name).map(([, value]) => value);

for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`answers of the built server [${engine}]`, () => {
    const world = useRouteWorld(engine);

    test("a download carries each header once, with the type its contents were checked to be", async () => {
      const { server, params } = world();
      const { status, headers } = await rawRequest(`${server.url}/events/${params.public.slug}/attachments/${params.public.attachmentId}`);
      expect(status).toBe(200);
      const names = headers.map(([name]) => name);
      expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
      expect(header(headers, "content-type")).toEqual(["application/pdf"]);
      expect(header(headers, "content-security-policy")).toEqual(["default-src 'none'; sandbox"]);
      expect(header(headers, "x-content-type-options")).toEqual(["nosniff"]);
    });

    test("redirects after sign-in and a language switch stay on this site", async () => {
      const { server, users } = world();
      const origin = { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
      const targets = ["/..//evil.example", "/.//evil.example", "/%2e%2e//evil.example"];
      for (const target of targets) {
        const cookie = (await world().cookie("admin")) ?? "";
        const signedIn = await rawRequest(`${server.url}/login?redirectTo=${encodeURIComponent(target)}`, { headers: { Cookie: cookie } });
        const locale = await rawRequest(`${server.url}/locale`, { method: "POST", headers: origin, body: new URLSearchParams({ language: "en", redirectTo: target }).toString() });
        for (const answer of [signedIn, locale]) {
          expect(answer.status, target).toBe(302);
          expect(header(answer.headers, "location")[0], target).toBe("/evil.example");
        }
      }
      const signIn = await rawRequest(`${server.url}/login`, {
        method: "POST",
        headers: origin,
        body: new URLSearchParams({ email: users.stranger.email, password: TEST_PASSWORD, redirectTo: "/..//evil.example" }).toString(),
      });
      expect(signIn.status).toBe(302);
      expect(header(signIn.headers, "location")).toEqual(["/evil.example"]);
    });
  });
}
