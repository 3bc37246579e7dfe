import { parseArgs } from "node:util";
import { getEnv } from "../lib/env.server";
import { createDb } from "./client";
import { migrateToLatest } from "./migrate";
import { seedDemo } from "./seed/demo";
import { SYNTHETIC_DEFAULTS, SYNTHETIC_LIMITS, seedSynthetic, syntheticOptionsError } from "./seed/synthetic";
import { setupDatabase } from "./setup";

const usage = `Usage: tsx db/cli.ts <command>   (npm run db:seed -- [options])
  setup     migrate, then load the demo data into an empty database (unless SEED_DEMO=0)
  migrate   apply pending migrations
  seed      load the demo data (safe to repeat: existing rows are left alone)
  seed --synthetic [--sessions N] [--rooms N] [--days N] [--slug SLUG]
            create a large made-up event for scale tests, replacing an event with that slug:
            N sessions (default ${SYNTHETIC_DEFAULTS.sessions}) in N rooms (default ${SYNTHETIC_DEFAULTS.rooms}) over N days (default ${SYNTHETIC_DEFAULTS.days}),
            at most ${SYNTHETIC_LIMITS.sessionsPerRoomDay} sessions per room per day; slug default synthetic-<sessions>, and any slug must start with synthetic-`;

type Command =
  | { name: "setup" }
  | { name: "migrate" }
  | { name: "seed" }
  | { name: "synthetic"; sessions: number; rooms: number; days: number; slug?: string };

/** The command line after `tsx db/cli.ts`, or an error message. */
function parseCommand(argv: string[]): { ok: true; command: Command } | { ok: false; error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        synthetic: { type: "boolean" },
        sessions: { type: "string" },
        rooms: { type: "string" },
        days: { type: "string" },
        slug: { type: "string" },
      },
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const { positionals, values } = parsed;
  const name = positionals[0];
  if (positionals.length !== 1 || (name !== "setup" && name !== "migrate" && name !== "seed")) {
    return { ok: false, error: positionals.length === 0 ? "no command given" : `unknown command: ${positionals.join(" ")}` };
  }
  const syntheticOnly = (["sessions", "rooms", "days", "slug"] as const).filter((option) => values[option] !== undefined);
  if (name !== "seed" || !values.synthetic) {
    if (values.synthetic) return { ok: false, error: "--synthetic belongs to the seed command" };
    if (syntheticOnly.length > 0) return { ok: false, error: `--${syntheticOnly[0]} needs seed --synthetic` };
    return { ok: true, command: { name } };
  }
  const numbers = { sessions: SYNTHETIC_DEFAULTS.sessions as number, rooms: SYNTHETIC_DEFAULTS.rooms as number, days: SYNTHETIC_DEFAULTS.days as number };
  for (const option of ["sessions", "rooms", "days"] as const) {
    const text = values[option];
    if (text === undefined) continue;
    if (!/^\d+$/.test(text.trim())) return { ok: false, error: `--${option} must be a whole number, got "${text}"` };
    numbers[option] = Number(text);
  }
  const error = syntheticOptionsError({ ...numbers, slug: values.slug });
  if (error) return { ok: false, error };
  return { ok: true, command: { name: "synthetic", ...numbers, slug: values.slug } };
}

/** A line per 10% when piped; one bar redrawn in place on a terminal. */
function progressPrinter(stream: NodeJS.WriteStream = process.stdout): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const fraction = total === 0 ? 1 : done / total;
    const percent = Math.floor(fraction * 100);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r  [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(percent).padStart(3)}%  ${done}/${total} rows`);
      if (done >= total) stream.write("\n");
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`  ${String(tenth * 10).padStart(3)}%  ${done}/${total} rows\n`);
    }
  };
}

async function main(argv: string[]) {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const { command } = parsed;
  const env = getEnv();
  if (command.name === "setup") return setupDatabase(env.DATABASE_URL, { seedDemo: env.SEED_DEMO === "1" });
  const db = createDb(env.DATABASE_URL);
  try {
    if (command.name === "migrate") {
      const { results = [] } = await migrateToLatest(db);
      console.log(results.length ? results.map((r) => `${r.migrationName}: ${r.status}`).join("\n") : "Already up to date.");
    } else if (command.name === "seed") {
      await migrateToLatest(db);
      await seedDemo(db);
      console.log("Demo data loaded.");
    } else {
      await migrateToLatest(db);
      const { sessions, rooms, days, slug } = command;
      console.log(`Creating a synthetic event: ${sessions} sessions, ${rooms} rooms, ${days} days…`);
      const started = performance.now();
      const result = await seedSynthetic(db, { sessions, rooms, days, slug, onProgress: progressPrinter() });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const { counts } = result;
      console.log(
        `Done in ${seconds} s: ${counts.sessions} sessions, ${counts.rooms} rooms, ${counts.tracks} tracks, ${counts.people} people, ` +
          `${counts.sessionItems} session items, ${result.startsOn} to ${result.endsOn} (${result.timeZone}).`,
      );
      console.log(result.path);
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
