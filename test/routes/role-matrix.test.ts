import { describe, expect, test } from "vitest";
import type { RoutePolicy } from "../../app/policy.server";
import { ENGINES, postgresEnabled } from "../support/engines";
import {
  expectedOutcome,
  loadServerBuild,
  manifestRoutes,
  outcomeOf,
  paramsFor,
  policyProblems,
  ROLES,
  routeUrl,
  useRouteWorld,
  type ManifestRoute,
  type World,
} from "../support/route-world";

/*
 * Every route of the manifest × every role, on GET and on its action, on a public and a private
 * event, checked against what the route declares. A new route joins without anyone listing it; a
 * route without a declaration fails.
 */

const build = await loadServerBuild();
const routes = manifestRoutes(build);

describe("route policy declarations", () => {
  test("every route of the manifest declares a known policy", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(policyProblems(routes)).toEqual([]);
  });

  test("a route added without a declaration makes the matrix fail", () => {
    const added: ManifestRoute = { id: "routes/events.$slug.badges", pattern: "/events/:slug/badges", policy: undefined, hasLoader: true, hasAction: false, isResource: false, isIndex: false };
    const misdeclared: ManifestRoute = { ...added, id: "routes/healthz-admin", pattern: "/healthz-admin", policy: "organizer-ish" };
    expect(policyProblems([added, misdeclared])).toEqual([
      "routes/events.$slug.badges declares no policy (export const policy = \"…\" satisfies RoutePolicy)",
      "routes/healthz-admin declares no policy (export const policy = \"…\" satisfies RoutePolicy)",
    ]);
    expect(() => expectedOutcome(added.policy as RoutePolicy, "admin", "public")).toThrow(/no policy/);
  });
});

async function request(world: World, route: ManifestRoute, method: "GET" | "POST", role: (typeof ROLES)[number], visibility: "public" | "private") {
  const headers = new Headers();
  const cookie = await world.cookie(role);
  if (cookie) headers.set("Cookie", cookie);
  const init: RequestInit = { method, headers, redirect: "manual" };
  if (method === "POST") {
    headers.set("Origin", world.server.url);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    init.body = "intent=";
  }
  const response = await fetch(routeUrl(world, route, paramsFor(world, route, visibility), method), init);
  return { response, body: await response.text() };
}

for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`the role matrix [${engine}]`, () => {
    const world = useRouteWorld(engine);

    test.each(routes.filter((route) => route.hasLoader || route.hasAction))(
      "$id ($policy)",
      async (route) => {
        const policy = route.policy as RoutePolicy;
        const visibilities = route.pattern.includes(":slug") ? (["public", "private"] as const) : (["public"] as const);
        const mismatches: string[] = [];
        for (const visibility of visibilities) {
          for (const role of ROLES) {
            // The catch-all answers every unknown address with 404, whoever asks.
            const expected = route.pattern.endsWith("*") ? "not-found" : expectedOutcome(policy, role, visibility);
            const methods = [route.hasLoader ? "GET" : null, route.hasAction ? "POST" : null].filter((m): m is "GET" | "POST" => m !== null);
            for (const method of methods) {
              const { response, body } = await request(world(), route, method, role, visibility);
              const seen = outcomeOf(response, body);
              if (seen !== expected) mismatches.push(`${method} as ${role} on the ${visibility} event: expected ${expected}, got ${seen} (${response.status})`);
            }
          }
        }
        expect(mismatches).toEqual([]);
      },
      60_000,
    );
  });
}
