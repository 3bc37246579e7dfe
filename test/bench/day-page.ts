/**
 * The busiest day page of a 2000-session event, end to end (a signed-in organizer's request through
 * the built server's handler: session lookup, role check, queries, loaders, rendering, HTML)
 * against rendering the same React tree (root document, header, day page) from data already
 * loaded, in the same process. Prints p50/p95 of both and their ratio; the target is at most 2.
 *
 * Run with `npm run bench` (it builds first, and runs React's production build as the server does).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "../../app/i18n/config";
import { createUserSession } from "../../app/models/account.server";
import { sessionCookie } from "../../app/utils/session.server";
import { utcToLocal } from "../../lib/zoned-time";
import { createDb, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seedSynthetic } from "../../db/seed/synthetic";

const WARMUP = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const AGENDA_ROUTE = "routes/events.$slug._index";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

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

async function signedInOrganizer(db: Db, eventId: number) {
  const at = new Date().toISOString();
  const { id } = await db
    .insertInto("users")
    .values({ email: "bench-organizer@plenary.test", name: "Benchmark Organizer", password_hash: "not used", created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("event_roles").values({ event_id: eventId, user_id: id, role: "organizer", created_at: at }).execute();
  const token = await createUserSession(db, { userId: id, userAgent: "benchmark" });
  return { cookie: (await sessionCookie().serialize(token)).split(";")[0] };
}

async function main() {
  process.env.SESSION_SECRET ??= "benchmark-session-secret-of-32-characters";
  const dir = await mkdtemp(path.join(tmpdir(), "plenary-bench-"));
  const db = createDb(`file:${path.join(dir, "bench.sqlite")}`);
  try {
    await migrateToLatest(db);
    const event = await seedSynthetic(db, { sessions: 2000, rooms: 40, days: 10 });
    const { day, sessions } = await busiestDay(db, event.eventId, event.timeZone);
    const url = `http://localhost${event.path}?day=${day}`;
    console.log(`Busiest day: ${day}, ${sessions} sessions in ${event.counts.rooms} rooms (${url})`);

    // Read as one of its organizers would: the session lookup and role check are part of the request.
    const organizer = await signedInOrganizer(db, event.eventId);
    const headers = { "Accept-Language": "en", Cookie: organizer.cookie };

    // The built app reads its database from here (see app/utils/db.server.ts).
    (globalThis as typeof globalThis & { __plenaryDb?: Db }).__plenaryDb = db;
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const handle = createRequestHandler(build, "production");

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
  } finally {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
