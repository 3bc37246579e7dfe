import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/client";
import type { Database } from "../../db/schema";

export interface Viewer {
  userId: number;
  isAdmin: boolean;
}

const eventColumns = [
  "events.id",
  "events.slug",
  "events.title_en",
  "events.title_zh",
  "events.kind",
  "events.city",
  "events.venue",
  "events.time_zone",
  "events.starts_on",
  "events.ends_on",
  "events.visibility",
] as const;

/** True when the viewer holds any role on the event row being filtered. */
function viewerHasRole(eb: ExpressionBuilder<Database, "events">, viewer: Viewer) {
  return eb.exists(
    eb
      .selectFrom("event_roles")
      .select("event_roles.role")
      .whereRef("event_roles.event_id", "=", "events.id")
      .where("event_roles.user_id", "=", viewer.userId),
  );
}

/** Published events, newest first: what anyone may browse. */
export async function listPublicEvents(db: Db) {
  return db
    .selectFrom("events")
    .select(eventColumns)
    .where("visibility", "=", "public")
    .orderBy("starts_on", "desc")
    .execute();
}

/**
 * One event by slug, if this viewer may read it: public and unlisted events by anyone with the
 * link, private ones by their organizers and staff and by platform admins.
 */
export async function getEventForViewer(db: Db, slug: string, viewer: Viewer | null) {
  let query = db.selectFrom("events").select(eventColumns).where("slug", "=", slug);
  if (!viewer?.isAdmin) {
    query = query.where((eb) =>
      viewer
        ? eb.or([eb("visibility", "in", ["public", "unlisted"]), viewerHasRole(eb, viewer)])
        : eb("visibility", "in", ["public", "unlisted"]),
    );
  }
  return query.executeTakeFirst();
}

export type EventSummary = NonNullable<Awaited<ReturnType<typeof getEventForViewer>>>;

/** The id behind a slug regardless of visibility: for authorization checks that come before reading. */
export async function findEventIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom("events").select("id").where("slug", "=", slug).executeTakeFirst();
  return row?.id;
}
