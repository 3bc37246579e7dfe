import type { Kysely } from "kysely";
import { createDb } from "./client";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";
import { seedDemo } from "./seed/demo";

async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const [user, event] = await Promise.all([
    db.selectFrom("users").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("events").select("id").limit(1).executeTakeFirst(),
  ]);
  return !user && !event;
}

/** What `npm start` does before serving: migrate, then load the demo into an empty database. */
export async function setupDatabase(url: string, { seedDemo: withDemo }: { seedDemo: boolean }): Promise<void> {
  const db = createDb(url);
  try {
    const { results = [] } = await migrateToLatest(db);
    for (const result of results) console.log(`migration ${result.migrationName}: ${result.status}`);
    if (withDemo && (await isEmpty(db))) {
      await seedDemo(db);
      console.log("Loaded the demo: the 2011 C-TPAT conference agenda (ctpat-2011), the Taipei seminar (aeo-taipei-2011) and the demo accounts.");
    }
  } finally {
    await db.destroy();
  }
}
