import { describe, expect, it } from "vitest";
import { checkDatabaseHealth } from "../../../app/models/health.server";
import { createTestDatabase, ENGINES, postgresEnabled } from "../../support/engines";

for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`database health [${engine}]`, () => {
    it("reports pending migrations on an empty database and ok once migrated", async () => {
      const empty = await createTestDatabase(engine, { migrate: false });
      const migrated = await createTestDatabase(engine);
      try {
        expect(await checkDatabaseHealth(empty.db)).toBe("migrations pending");
        expect(await checkDatabaseHealth(migrated.db)).toBe("ok");
      } finally {
        await empty.cleanup();
        await migrated.cleanup();
      }
    });

    it("throws when the database cannot be reached", async () => {
      const gone = await createTestDatabase(engine);
      await gone.cleanup();
      await expect(checkDatabaseHealth(gone.db)).rejects.toThrow();
    });
  });
}
