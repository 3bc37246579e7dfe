/**
 * The calendar feed of a 10,000-session event, two figures:
 *
 * 1. GET /events/<slug>/calendar.ics through the built server's handler (policy, version query,
 *    sessions and people read, the feed built and sent as text) against ical-generator building
 *    the same sessions bare, from objects read once before timing. One run of each per round, the
 *    order alternating, after warm-up rounds. Target: route ≤ 1.5× bare (medians).
 * 2. Revalidations per second: the real server (`server.ts` in its own process, which answers them
 *    ahead of Express: app/utils/feed-revalidation.server.ts) answering `If-None-Match` with 304,
 *    against a bare `node:http` server in another process answering 304 to everything. The same
 *    keep-alive load from this process drives both, rounds interleaved; when both reach the load's
 *    own limit, the ratio says so and no more. Target: route ≥ 50% of bare (medians).
 *
 * A missed target is printed, not failed; a wrong status or event count fails the run.
 * Run with `npm run bench` (it builds first, and runs React's production build as the server does).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import ical, { ICalEventStatus } from "ical-generator";
import { sql } from "kysely";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { getCalendarEventInfo, loadCalendarSessions } from "../../app/models/calendar.server";
import type { CalendarEventInfo, CalendarSession } from "../../app/calendar/types";
import type { Db } from "../../db/client";
import { seedSynthetic } from "../../db/seed/synthetic";
import { startServer } from "../support/server";
import { builtServer, minMedianMax, runBench } from "./measure";

const SESSIONS = 10_000;
const ROOMS = 100;
const DAYS = 14;
const WARMUP_ROUNDS = 2;
// At least seven measured rounds: a median of fewer says little.
const ROUNDS = Math.max(7, Number(process.env.BENCH_ROUNDS ?? 7));
const CONNECTIONS = 16;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 3);
const ORIGIN = "http://localhost";

const STATUS: Record<CalendarSession["status"], ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** A bare server answering every request 304, run with `node -e`. */
const BARE_304_SERVER = `
const server = require("node:http").createServer((request, response) => {
  response.writeHead(304, { ETag: '"bare"' });
  response.end();
});
server.listen(0, () => console.log(server.address().port));
`;

type Figure = { min: number; median: number; max: number };

const format = (figure: Figure, digits: number, unit: string) =>
  `min ${figure.min.toFixed(digits)} · median ${figure.median.toFixed(digits)} · max ${figure.max.toFixed(digits)} ${unit}`;

const verdict = (met: boolean) => (met ? "target met" : "target missed");

/** Runs `variants` once each per round, the order alternating, and keeps each one's results after the warm-up rounds. */
async function interleave<T extends string>(
  variants: readonly [T, T],
  measure: (variant: T) => Promise<number>,
  report: (round: number, results: Record<T, number>) => void,
) {
  const kept = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<T, number[]>;
  for (let round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round += 1) {
    const order = round % 2 === 0 ? variants : ([variants[1], variants[0]] as const);
    const results = {} as Record<T, number>;
    for (const variant of order) results[variant] = await measure(variant);
    if (round < 1) continue;
    for (const variant of variants) kept[variant].push(results[variant]);
    report(round, results);
  }
  return kept;
}

/** ical-generator building the sessions as the feed carries them, with nothing around it. */
function bareCalendar(event: CalendarEventInfo, sessions: CalendarSession[]): string {
  const zone = event.timeZone;
  const calendar = ical({
    name: event.title.en,
    timezone: { name: zone, generator: (name) => [tzlib_get_ical_block(name)].flat()[0] ?? null },
  });
  const stamp = new Date();
  for (const session of sessions) {
    calendar.createEvent({
      id: `session-${session.id}-${Date.parse(event.createdAt)}@plenary`,
      start: DateTime.fromISO(session.startsAt, { zone: "utc" }).setZone(zone),
      end: DateTime.fromISO(session.endsAt, { zone: "utc" }).setZone(zone),
      timezone: zone,
      summary: session.title.en ?? session.title.zh ?? "",
      description: [session.description.en, ...session.people.map((person) => `${person.role}: ${person.name}`)].filter(Boolean).join("\n"),
      location: [session.room?.en, event.venue, event.city].filter(Boolean).join(", "),
      url: `${ORIGIN}/events/${event.slug}/sessions/${session.id}`,
      categories: [{ name: session.type }, ...(session.track?.en ? [{ name: session.track.en }] : [])],
      sequence: session.sequence,
      status: STATUS[session.status],
      stamp,
      lastModified: new Date(session.updatedAt),
    });
  }
  return calendar.toString();
}

const countEvents = (text: string) => text.split("\r\nBEGIN:VEVENT\r\n").length - 1;

async function feedAgainstBare(db: Db, event: { eventId: number; slug: string }) {
  const { handle } = await builtServer(db);
  const url = `${ORIGIN}/events/${event.slug}/calendar.ics`;
  const viaRoute = async () => {
    const response = await handle(new Request(url));
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return { contentType: response.headers.get("content-type") ?? "", text: await response.text() };
  };
  const info = await getCalendarEventInfo(db, event.eventId);
  const sessions = await loadCalendarSessions(db, (eb) => eb.and([eb("sessions.event_id", "=", event.eventId)]));

  const first = await viaRoute();
  if (!first.contentType.startsWith("text/calendar")) throw new Error(`${url} answered ${first.contentType}, not text/calendar`);
  const bare = bareCalendar(info, sessions);
  for (const [label, text] of [
    ["route", first.text],
    ["bare ical-generator", bare],
  ] as const) {
    if (countEvents(text) !== SESSIONS) throw new Error(`The ${label} feed holds ${countEvents(text)} VEVENTs, not ${SESSIONS}`);
  }
  console.log(
    `Feed: ${SESSIONS} VEVENTs each; route ${(Buffer.byteLength(first.text) / 1e6).toFixed(2)} MB, bare ${(Buffer.byteLength(bare) / 1e6).toFixed(2)} MB`,
  );

  const times = await interleave(
    ["route", "bare"],
    async (variant) => {
      const started = performance.now();
      if (variant === "route") await viaRoute();
      else bareCalendar(info, sessions);
      return performance.now() - started;
    },
    (round, ms) => console.log(`  round ${round}: route ${ms.route.toFixed(0)} ms · bare ${ms.bare.toFixed(0)} ms`),
  );
  const route = minMedianMax(times.route);
  const bareFigure = minMedianMax(times.bare);
  const ratio = route.median / bareFigure.median;
  console.log(`  route (GET calendar.ics, whole text): ${format(route, 0, "ms")}`);
  console.log(`  bare ical-generator .toString():      ${format(bareFigure, 0, "ms")}`);
  console.log(`  ratio of medians: ${ratio.toFixed(3)}× (target ≤ 1.5×): ${verdict(ratio <= 1.5)}`);
}

function getStatus(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.once("end", () => resolve(response.statusCode ?? 0));
      response.once("error", reject);
    });
    request.once("error", reject);
  });
}

/** Requests per second over LOAD_SECONDS from CONNECTIONS keep-alive connections, each answer checked to be 304. */
async function revalidationsPerSecond(url: string, headers: Record<string, string>): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let answered = 0;
  const started = performance.now();
  const deadline = started + LOAD_SECONDS * 1000;
  const connection = async () => {
    while (performance.now() < deadline) {
      const status = await getStatus(agent, url, headers);
      if (status !== 304) throw new Error(`${url} answered ${status} to a revalidation, not 304`);
      answered += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  } finally {
    agent.destroy();
  }
  return answered / ((performance.now() - started) / 1000);
}

async function startBare304Server() {
  const child = spawn(process.execPath, ["-e", BARE_304_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const [port] = (await once(child.stdout, "data")) as [Buffer];
  return {
    url: `http://localhost:${port.toString().trim()}`,
    stop: async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

async function revalidationsAgainstBare(db: Db, slug: string) {
  // The server process opens the database file runBench made.
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  const file = rows.find((row) => row.name === "main")?.file;
  if (!file) throw new Error("The benchmark database has no file");
  const server = await startServer({ databaseUrl: `file:${file}`, env: { SEED_DEMO: "0" } });
  const bare = await startBare304Server();
  try {
    const url = `${server.url}/events/${slug}/calendar.ics`;
    const first = await fetch(url);
    const etag = first.headers.get("etag");
    await first.arrayBuffer();
    if (first.status !== 200 || !etag) throw new Error(`${url} answered ${first.status} with ETag ${etag}`);
    const revalidation = await fetch(url, { headers: { "If-None-Match": etag } });
    if (revalidation.status !== 304) throw new Error(`${url} answered ${revalidation.status} to If-None-Match ${etag}, not 304`);
    console.log(`Revalidations: ${CONNECTIONS} keep-alive connections for ${LOAD_SECONDS} s per round and server, If-None-Match ${etag}`);

    const targets = { route: { url, headers: { "If-None-Match": etag } }, bare: { url: bare.url, headers: { "If-None-Match": '"bare"' } } };
    const rates = await interleave(
      ["route", "bare"],
      (variant) => revalidationsPerSecond(targets[variant].url, targets[variant].headers),
      (round, perSecond) => console.log(`  round ${round}: route ${perSecond.route.toFixed(0)}/s · bare node:http ${perSecond.bare.toFixed(0)}/s`),
    );
    const route = minMedianMax(rates.route);
    const bareFigure = minMedianMax(rates.bare);
    const share = route.median / bareFigure.median;
    console.log(`  route (304 from server.ts): ${format(route, 0, "requests/s")}`);
    console.log(`  bare node:http 304:         ${format(bareFigure, 0, "requests/s")}`);
    console.log(`  route / bare (medians): ${(share * 100).toFixed(2)}% (target ≥ 50%): ${verdict(share >= 0.5)}`);
  } finally {
    await Promise.all([server.stop(), bare.stop()]);
  }
}

runBench(async (db) => {
  console.log(
    `Calendar feed benchmark: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), shared with other work, so figures vary between runs; Node ${process.version}; ` +
      `${WARMUP_ROUNDS} warm-up rounds, then ${ROUNDS} rounds, variants alternating within each`,
  );
  const event = await seedSynthetic(db, { sessions: SESSIONS, rooms: ROOMS, days: DAYS });
  console.log(`Event: ${event.slug}, ${event.counts.sessions} sessions in ${event.counts.rooms} rooms over ${DAYS} days (${event.timeZone})`);
  await feedAgainstBare(db, event);
  await revalidationsAgainstBare(db, event.slug);
});
