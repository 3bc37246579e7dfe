import { getEnv } from "../app/utils/env.server";
import { createDb } from "./client";
import { migrateToLatest } from "./migrate";
import { seedDemo } from "./seed/demo";
import { setupDatabase } from "./setup";

const usage = `Usage: tsx db/cli.ts <command>
  setup     migrate, then load the demo data into an empty database (unless SEED_DEMO=0)
  migrate   apply pending migrations
  seed      load the demo data (safe to repeat: existing rows are left alone)`;

async function main(command: string | undefined) {
  const env = getEnv();
  if (command === "setup") return setupDatabase(env.DATABASE_URL, { seedDemo: env.SEED_DEMO === "1" });
  const db = createDb(env.DATABASE_URL);
  try {
    if (command === "migrate") {
      const { results = [] } = await migrateToLatest(db);
      console.log(results.length ? results.map((r) => `${r.migrationName}: ${r.status}`).join("\n") : "Already up to date.");
    } else if (command === "seed") {
      await migrateToLatest(db);
      await seedDemo(db);
      console.log("Demo data loaded.");
    } else {
      console.error(usage);
      process.exitCode = 2;
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
