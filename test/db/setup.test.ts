import { expect, it } from "vitest";
import { loader as healthLoader } from "../../app/routes/healthz";
import { seedDemo, DEMO_ADMIN_EMAIL, DEMO_ORGANIZER_EMAIL } from "../../db/seed/demo";
import { describeEachEngine } from "../support/engines";
import { serveAppFrom } from "../support/app";
import type { Db } from "../../db/client";

async function counts(db: Db) {
  const tables = ["users", "events", "event_roles"] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

describeEachEngine("demo data", ({ db }) => {
  serveAppFrom(db);

  it("loads the demo accounts and both demo events, with the organizer on each", async () => {
    await seedDemo(db());
    const events = await db().selectFrom("events").select(["slug", "time_zone", "starts_on", "ends_on", "visibility"]).orderBy("slug").execute();
    expect(events).toEqual([
      { slug: "aeo-taipei-2011", time_zone: "Asia/Taipei", starts_on: "2011-04-26", ends_on: "2011-04-26", visibility: "public" },
      { slug: "ctpat-2011", time_zone: "America/Los_Angeles", starts_on: "2011-03-28", ends_on: "2011-03-30", visibility: "public" },
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

  it("changes nothing when loaded again", async () => {
    const before = await counts(db());
    await seedDemo(db());
    expect(await counts(db())).toEqual(before);
  });

  it("reports healthy once migrated", async () => {
    const response = await healthLoader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
