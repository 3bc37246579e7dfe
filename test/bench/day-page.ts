/**
 * The busiest day page of a 2000-session event, end to end (a signed-in organizer's request through
 * the built server's handler: session lookup, role check, queries, loaders, rendering, HTML)
 * against rendering the same React tree (root document, header, day page) from data already
 * loaded, in the same process. Prints p50/p95 of both and their ratio; the target is at most 2.
 *
 * Run with `npm run bench` (it builds first, and runs React's production build as the server does).
 */
import { performance } from "node:perf_hooks";
import { createRemixStub } from "@remix-run/testing";
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "../../app/i18n/config";
import { utcToLocal } from "../../lib/zoned-time";
import type { Db } from "../../db/client";
import { seedSynthetic } from "../../db/seed/synthetic";
import { builtServer, percentile, runBench, signedInTeamMember } from "./measure";

const WARMUP = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const AGENDA_ROUTE = "routes/events.$slug._index";

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const result = { label, p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${label.padEnd(34)} p50 ${result.p50.toFixed(2).padStart(8)} ms   p95 ${result.p95.toFixed(2).padStart(8)} ms`);
  return result;
}

async function busiestDay(db: Db, eventId: number, zone: string): Promise<{ day: string; sessions: number }> {
  const rows = await db.selectFrom("sessions").select("starts_at").where("event_id", "=", eventId).execute();
  const perDay = new Map<string, number>();
  for (const row of rows) {
    const { day } = utcToLocal(row.starts_at, zone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const [day, sessions] = [...perDay].sort((a, b) => b[1] - a[1])[0];
  return { day, sessions };
}

runBench(async (db) => {
  const event = await seedSynthetic(db, { sessions: 2000, rooms: 40, days: 10 });
  const { day, sessions } = await busiestDay(db, event.eventId, event.timeZone);
  const url = `http://localhost${event.path}?day=${day}`;
  console.log(`Busiest day: ${day}, ${sessions} sessions in ${event.counts.rooms} rooms (${url})`);

  // Read as one of its organizers would: the session lookup and role check are part of the request.
  const cookie = await signedInTeamMember(db, event.eventId, { email: "bench-organizer@plenary.test", name: "Benchmark Organizer", role: "organizer" });
  const headers = { "Accept-Language": "en", Cookie: cookie };

  const { build, handle } = await builtServer(db);

  const request = await measure("whole request → HTML", async () => {
    const response = await handle(new Request(url, { headers }));
    if (response.status !== 200) throw new Error(`Day page answered ${response.status}`);
    return response.text();
  });

  // The same tree the request renders (the root document with its header, then the day page),
  // from the data its loaders returned once.
  const root = build.routes.root.module;
  const route = build.routes[AGENDA_ROUTE].module;
  if (!root.loader || !route.loader) throw new Error("the root or the day page has no loader");
  const rootData = await root.loader({ request: new Request(url, { headers }), params: {}, context: {} });
  const loaded = await route.loader({ request: new Request(url, { headers }), params: { slug: event.slug }, context: {} });
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: "en" });
  const Stub = createRemixStub([
    {
      id: "root",
      path: "/",
      Component: root.default,
      loader: () => rootData,
      children: [{ id: AGENDA_ROUTE, path: "events/:slug", Component: route.default, loader: () => loaded }],
    },
  ]);
  const render = await measure("render from loaded data", async () =>
    renderToString(
      createElement(
        I18nextProvider,
        { i18n },
        createElement(Stub, {
          initialEntries: [`${event.path}?day=${day}`],
          hydrationData: { loaderData: { root: rootData, [AGENDA_ROUTE]: loaded } },
        }),
      ),
    ),
  );

  console.log(`Ratio (whole request / bare render): p50 ${(request.p50 / render.p50).toFixed(2)}×, p95 ${(request.p95 / render.p95).toFixed(2)}× (target ≤ 2×)`);
});
