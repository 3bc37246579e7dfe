import { describe, expect, it, vi } from "vitest";
import { loader as healthLoader } from "../../app/routes/healthz";
import { createDb } from "../../db/client";
import { seedDemo, DEMO_ADMIN_EMAIL, DEMO_ORGANIZER_EMAIL } from "../../db/seed/demo";
import { setupDatabase } from "../../db/setup";
import { ENGINES, createTestDatabase, describeEachEngine, postgresEnabled } from "../support/engines";
import { serveAppFrom } from "../support/app";

// The demo agenda itself, and that loading it again changes nothing, are in seed.test.ts.

describeEachEngine("demo data", ({ db }) => {
  serveAppFrom(db);

  it("loads the demo accounts and both demo events, with their hosts and the organizer on each", async () => {
    await seedDemo(db());
    const events = await db()
      .selectFrom("events")
      .leftJoin("organizations", "organizations.id", "events.host_organization_id")
      .select(["events.slug", "events.kind", "events.time_zone", "events.starts_on", "events.ends_on", "events.visibility", "organizations.key as host"])
      .orderBy("events.slug")
      .execute();
    expect(events).toEqual([
      { slug: "aeo-taipei-2011", kind: "seminar", time_zone: "Asia/Taipei", starts_on: "2011-04-26", ends_on: "2011-04-26", visibility: "public", host: "dgc" },
      { slug: "ctpat-2011", kind: "conference", time_zone: "America/Los_Angeles", starts_on: "2011-03-28", ends_on: "2011-03-30", visibility: "public", host: "cbp" },
    ]);
    const admin = await db().selectFrom("users").select("is_admin").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirstOrThrow();
    expect(admin.is_admin).toBe(1);
    const roles = await db()
      .selectFrom("event_roles")
      .innerJoin("users", "users.id", "event_roles.user_id")
      .select("event_roles.role")
      .where("users.email", "=", DEMO_ORGANIZER_EMAIL)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["organizer", "organizer"]);
  });

  it("reports healthy once migrated", async () => {
    const response = await healthLoader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

for (const engine of ENGINES) {
  describe.skipIf(engine === "postgres" && !postgresEnabled())(`setupDatabase [${engine}]`, () => {
    async function countRows(url: string) {
      const db = createDb(url);
      try {
        const result: Record<string, number> = {};
        for (const table of ["users", "events", "sessions", "session_people"] as const) {
          const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
          result[table] = Number(row.n);
        }
        return result;
      } finally {
        await db.destroy();
      }
    }

    it("migrates a new database and loads the demo into it, once", async () => {
      const target = await createTestDatabase(engine, { migrate: false });
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      try {
        await setupDatabase(target.url, { seedDemo: true });
        const loaded = await countRows(target.url);
        expect(loaded).toEqual({ users: 5, events: 2, sessions: 26, session_people: 32 });
        await setupDatabase(target.url, { seedDemo: true });
        expect(await countRows(target.url)).toEqual(loaded);
      } finally {
        log.mockRestore();
        await target.cleanup();
      }
    });

    it("leaves a database empty when the demo is off", async () => {
      const target = await createTestDatabase(engine, { migrate: false });
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      try {
        await setupDatabase(target.url, { seedDemo: false });
        expect(await countRows(target.url)).toEqual({ users: 0, events: 0, sessions: 0, session_people: 0 });
      } finally {
        log.mockRestore();
        await target.cleanup();
      }
    });
  });
}
