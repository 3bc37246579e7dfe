import type { Kysely } from "kysely";
import { hashPassword } from "../../app/utils/password.server";
import type { Database, EventKind } from "../schema";
import fixture from "./ctpat-2011.json";

export const DEMO_PASSWORD = "plenary-demo-2011";
export const DEMO_ADMIN_EMAIL = "admin@plenary.test";
export const DEMO_ORGANIZER_EMAIL = "organizer@plenary.test";

const demoEvents: Array<{ slug: string; kind: EventKind }> = [
  { slug: "ctpat-2011", kind: "conference" },
  { slug: "aeo-taipei-2011", kind: "seminar" },
];

/**
 * Loads the demo accounts and events. Every insert skips rows that already exist (by email, slug
 * or key), so loading it again into a database that has it changes nothing.
 */
export async function seedDemo(db: Kysely<Database>, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values([
        { email: DEMO_ADMIN_EMAIL, name: "Demo Administrator", password_hash: passwordHash, is_admin: 1, created_at: at, updated_at: at },
        { email: DEMO_ORGANIZER_EMAIL, name: "Demo Organizer", password_hash: passwordHash, is_admin: 0, created_at: at, updated_at: at },
      ])
      .onConflict((oc) => oc.column("email").doNothing())
      .execute();

    for (const { slug, kind } of demoEvents) {
      const source = fixture.events.find((event) => event.key === slug);
      if (!source) throw new Error(`The demo fixture has no event ${slug}`);
      await trx
        .insertInto("events")
        .values({
          slug,
          title_en: source.title,
          title_zh: source.title_zh,
          kind,
          city: source.city,
          time_zone: source.timezone,
          starts_on: source.starts,
          ends_on: source.ends,
          visibility: "public",
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .execute();
    }

    const organizer = await trx.selectFrom("users").select("id").where("email", "=", DEMO_ORGANIZER_EMAIL).executeTakeFirstOrThrow();
    const events = await trx.selectFrom("events").select("id").where("slug", "in", demoEvents.map((e) => e.slug)).execute();
    await trx
      .insertInto("event_roles")
      .values(events.map((event) => ({ event_id: event.id, user_id: organizer.id, role: "organizer" as const, created_at: at })))
      .onConflict((oc) => oc.columns(["event_id", "user_id", "role"]).doNothing())
      .execute();
  });
}
