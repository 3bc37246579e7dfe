/**
 * A door staff member's check-in, end to end: the signed-in POST of a badge code to the check-in
 * page's action through the built server's handler (session lookup, team check, form reading and
 * validation, the check-in transaction with its audit entry, the encoded answer), against GET
 * /healthz through the same handler (the floor of a request that touches the database). The event
 * has BENCH_REGISTRATIONS registrations (5,000) and 200 sessions. Every check-in is a real write:
 * each uses a registration not yet checked in on that day. The two variants are interleaved
 * request by request, over BENCH_ROUNDS rounds; the figures are each round's p50 and p95 ratios
 * (check-in / healthz) as min / median / max. The target is at most 3× at p95.
 *
 * Run with `npm run bench` (it builds first, and runs React's production build as the server does).
 */
import { performance } from "node:perf_hooks";
import { generateBadgeCode } from "../../lib/badge-code";
import type { Db } from "../../db/client";
import { seedSynthetic } from "../../db/seed/synthetic";
import { builtServer, minMedianMax, percentile, runBench, signedInTeamMember } from "./measure";

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 5000);
const SESSIONS = 200;
const DAYS = 5;
const DELEGATIONS = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
/** Rows per INSERT, well under SQLite's 999 bound parameters. */
const BATCH = 80;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
}

/** People, delegations, categories, registrations and some workshop seats for the synthetic event. */
async function seedParticipants(db: Db, eventId: number): Promise<string[]> {
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await insertInBatches(
      Array.from({ length: REGISTRATIONS }, (_, index) => ({
        key: `bench-attendee/${index + 1}`,
        name: `Attendee ${String(index + 1).padStart(5, "0")}`,
        name_native: index % 5 === 0 ? `與會者${index + 1}` : null,
        email: `attendee${index + 1}@bench.test`,
        created_at: at,
        updated_at: at,
      })),
      (batch) => trx.insertInto("people").values(batch).execute(),
    );
    const people = await trx.selectFrom("people").select("id").where("key", "like", "bench-attendee/%").orderBy("id").execute();
    await insertInBatches(
      Array.from({ length: DELEGATIONS }, (_, index) => ({
        event_id: eventId,
        key: `d${index + 1}`,
        name_en: `Delegation ${index + 1}`,
        name_zh: `代表團 ${index + 1}`,
        country: "TW",
        created_at: at,
        updated_at: at,
      })),
      (batch) => trx.insertInto("delegations").values(batch).execute(),
    );
    const delegations = await trx.selectFrom("delegations").select("id").where("event_id", "=", eventId).orderBy("id").execute();
    const categories = await trx
      .insertInto("registration_categories")
      .values([
        { event_id: eventId, name_en: "Foreign customs administration", name_zh: "外國海關" },
        { event_id: eventId, name_en: "Trade participant", name_zh: "業界人士" },
      ])
      .returning("id")
      .execute();
    // Half the people in delegations, the rest on their own.
    await insertInBatches(
      people.slice(0, REGISTRATIONS / 2).map((person, index) => ({
        delegation_id: delegations[index % DELEGATIONS].id,
        event_id: eventId,
        person_id: person.id,
        role: index < DELEGATIONS ? ("head" as const) : ("member" as const),
        created_at: at,
      })),
      (batch) => trx.insertInto("delegation_members").values(batch).execute(),
    );
    await insertInBatches(
      people.map((person, index) => ({
        event_id: eventId,
        person_id: person.id,
        category_id: categories[index % categories.length].id,
        status: "confirmed" as const,
        source: "organizer" as const,
        badge_code: generateBadgeCode(),
        created_at: at,
        updated_at: at,
      })),
      (batch) => trx.insertInto("registrations").values(batch).execute(),
    );
    // Workshops of 30 seats, each taken by 30 registrations.
    const workshops = await trx.selectFrom("sessions").select("id").where("event_id", "=", eventId).where("type", "=", "workshop").orderBy("id").limit(50).execute();
    await trx.updateTable("sessions").set({ capacity: 30, seats_taken: 30 }).where("id", "in", workshops.map((w) => w.id)).execute();
    const registrations = await trx.selectFrom("registrations").select("id").where("event_id", "=", eventId).orderBy("id").execute();
    await insertInBatches(
      workshops.flatMap((workshop, w) =>
        Array.from({ length: 30 }, (_, seat) => ({
          session_id: workshop.id,
          registration_id: registrations[(w * 30 + seat) % registrations.length].id,
          status: "seated" as const,
          requested_at: at,
          seated_at: at,
        })),
      ),
      (batch) => trx.insertInto("seats").values(batch).execute(),
    );
  });
  const codes = await db.selectFrom("registrations").select("badge_code").where("event_id", "=", eventId).orderBy("id").execute();
  return codes.map((row) => row.badge_code);
}

runBench(async (db) => {
  const event = await seedSynthetic(db, { sessions: SESSIONS, rooms: 20, days: DAYS, slug: "synthetic-check-in" });
  const codes = await seedParticipants(db, event.eventId);
  const days = (await db.selectFrom("events").select(["starts_on", "ends_on"]).where("id", "=", event.eventId).executeTakeFirstOrThrow());
  const dayList = Array.from({ length: DAYS }, (_, index) => new Date(Date.parse(`${days.starts_on}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10));
  const needed = (WARMUP + RUNS) * ROUNDS;
  if (needed > codes.length * dayList.length) throw new Error(`${needed} check-ins need more than ${codes.length} registrations × ${dayList.length} days`);
  console.log(`Check-in: ${codes.length} registrations, ${SESSIONS} sessions, ${ROUNDS} rounds of ${RUNS} requests per variant (after ${WARMUP} warm-up)`);

  const cookie = await signedInTeamMember(db, event.eventId, { email: "bench-staff@plenary.test", name: "Benchmark Door Staff", role: "staff" });
  const { handle } = await builtServer(db);
  const origin = "http://localhost";

  // Fresh (registration, day) pairs: every check-in writes a row.
  let next = 0;
  const checkInOnce = async () => {
    const code = codes[next % codes.length];
    const day = dayList[Math.floor(next / codes.length)];
    next += 1;
    const response = await handle(
      new Request(`${origin}/events/${event.slug}/check-in.data`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: origin, Host: "localhost", "Accept-Language": "en", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "code", place: `day:${day}`, code }),
      }),
    );
    const body = await response.text();
    if (response.status !== 200 || !body.includes('"checked_in"')) throw new Error(`Check-in answered ${response.status}: ${body.slice(0, 300)}`);
  };
  const healthOnce = async () => {
    const response = await handle(new Request(`${origin}/healthz`));
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
    await response.text();
  };

  const ratios = { p50: [] as number[], p95: [] as number[] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (let i = 0; i < WARMUP; i += 1) {
      await healthOnce();
      await checkInOnce();
    }
    const times = { checkIn: [] as number[], health: [] as number[] };
    for (let i = 0; i < RUNS; i += 1) {
      // Alternating which goes first keeps either from always following the other.
      const order = i % 2 === 0 ? (["health", "checkIn"] as const) : (["checkIn", "health"] as const);
      for (const variant of order) {
        const started = performance.now();
        await (variant === "health" ? healthOnce() : checkInOnce());
        times[variant].push(performance.now() - started);
      }
    }
    times.checkIn.sort((a, b) => a - b);
    times.health.sort((a, b) => a - b);
    const checkIn = { p50: percentile(times.checkIn, 50), p95: percentile(times.checkIn, 95) };
    const health = { p50: percentile(times.health, 50), p95: percentile(times.health, 95) };
    ratios.p50.push(checkIn.p50 / health.p50);
    ratios.p95.push(checkIn.p95 / health.p95);
    console.log(
      `round ${round}: check-in p50 ${checkIn.p50.toFixed(2)} ms p95 ${checkIn.p95.toFixed(2)} ms · /healthz p50 ${health.p50.toFixed(2)} ms p95 ${health.p95.toFixed(2)} ms · ratio p50 ${(checkIn.p50 / health.p50).toFixed(2)}× p95 ${(checkIn.p95 / health.p95).toFixed(2)}×`,
    );
  }
  const stored = await db.selectFrom("check_ins").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  if (Number(stored.count) !== next) throw new Error(`${next} check-ins sent, ${stored.count} stored`);
  const p50 = minMedianMax(ratios.p50);
  const p95 = minMedianMax(ratios.p95);
  console.log(
    `Ratio (check-in / healthz) over ${ROUNDS} rounds: p50 min ${p50.min.toFixed(2)}× median ${p50.median.toFixed(2)}× max ${p50.max.toFixed(2)}×; p95 min ${p95.min.toFixed(2)}× median ${p95.median.toFixed(2)}× max ${p95.max.toFixed(2)}× (target p95 ≤ 3×)`,
  );
});
