import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import type { Database, EventKind, EventVisibility } from "../../db/schema";
import { recordAudit } from "./audit.server";

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
  "events.host_organization_id",
  "events.registration_mode",
  "events.description_en",
  "events.description_zh",
  "host.name_en as host_name_en",
  "host.name_zh as host_name_zh",
] as const;

/** Visibilities whose events anyone may read, signed in or not (private ones: their team and the people taking part). */
export const READABLE_BY_ANYONE = ["public", "unlisted"] as const satisfies readonly EventVisibility[];

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

/**
 * True when the viewer's person takes part in the event row being filtered: registered (and not
 * cancelled) or a member of one of its delegations.
 */
function viewerTakesPart(eb: ExpressionBuilder<Database, "events">, viewer: Viewer) {
  const personOfViewer = eb.selectFrom("person_accounts").select("person_accounts.person_id").where("person_accounts.user_id", "=", viewer.userId);
  return eb.or([
    eb.exists(
      eb
        .selectFrom("registrations")
        .select("registrations.id")
        .whereRef("registrations.event_id", "=", "events.id")
        .where("registrations.status", "!=", "cancelled")
        .where("registrations.person_id", "in", personOfViewer),
    ),
    eb.exists(
      eb
        .selectFrom("delegation_members")
        .select("delegation_members.person_id")
        .whereRef("delegation_members.event_id", "=", "events.id")
        .where("delegation_members.person_id", "in", personOfViewer),
    ),
  ]);
}

/** Published events, newest first: what anyone may browse. */
export async function listPublicEvents(db: Db) {
  return db
    .selectFrom("events")
    .leftJoin("organizations as host", "host.id", "events.host_organization_id")
    .select(eventColumns)
    .where("events.visibility", "=", "public")
    .orderBy("events.starts_on", "desc")
    .execute();
}

/**
 * One event by slug, if this viewer may read it: public and unlisted events by anyone with the
 * link, private ones by their organizers and staff, the people taking part, and platform admins.
 */
export async function getEventForViewer(db: Db, slug: string, viewer: Viewer | null) {
  let query = db
    .selectFrom("events")
    .leftJoin("organizations as host", "host.id", "events.host_organization_id")
    .select(eventColumns)
    .where("events.slug", "=", slug);
  if (!viewer?.isAdmin) {
    query = query.where((eb) =>
      viewer
        ? eb.or([eb("events.visibility", "in", READABLE_BY_ANYONE), viewerHasRole(eb, viewer), viewerTakesPart(eb, viewer)])
        : eb("events.visibility", "in", READABLE_BY_ANYONE),
    );
  }
  return query.executeTakeFirst();
}

export type EventSummary = NonNullable<Awaited<ReturnType<typeof getEventForViewer>>>;

export interface EventInput {
  slug: string;
  titleEn: string | null;
  titleZh: string | null;
  kind: EventKind;
  hostOrganizationId: number | null;
  city: string | null;
  venue: string | null;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  visibility: EventVisibility;
  descriptionEn: string | null;
  descriptionZh: string | null;
}

export type SaveEventProblem = "slug_taken" | "unknown_host_organization";
export type SaveEventResult = { ok: true; eventId: number; slug: string } | { ok: false; problem: SaveEventProblem };

function eventRow(input: EventInput) {
  return {
    slug: input.slug,
    title_en: input.titleEn,
    title_zh: input.titleZh,
    kind: input.kind,
    host_organization_id: input.hostOrganizationId,
    city: input.city,
    venue: input.venue,
    time_zone: input.timeZone,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    visibility: input.visibility,
    description_en: input.descriptionEn,
    description_zh: input.descriptionZh,
  };
}

/** A duplicate slug or a host organization that does not exist, told by the database itself. */
function refusal(error: unknown): SaveEventResult {
  if (isUniqueViolation(error)) return { ok: false, problem: "slug_taken" };
  if (isForeignKeyViolation(error)) return { ok: false, problem: "unknown_host_organization" };
  throw error;
}

/** Creates an event; its creator becomes its first organizer. */
export async function createEvent(db: Db, input: EventInput, actorUserId: number, now = new Date()): Promise<SaveEventResult> {
  const at = now.toISOString();
  try {
    const eventId = await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("events")
        .values({ ...eventRow(input), created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("event_roles").values({ event_id: id, user_id: actorUserId, role: "organizer", created_at: at }).execute();
      await recordAudit(trx, { actorUserId, eventId: id, action: "event.create", subjectType: "event", subjectId: id, details: { slug: input.slug } }, now);
      return id;
    });
    return { ok: true, eventId, slug: input.slug };
  } catch (error) {
    return refusal(error);
  }
}

export async function updateEvent(
  db: Db,
  eventId: number,
  input: EventInput,
  actorUserId: number,
  now = new Date(),
): Promise<SaveEventResult> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("events").set({ ...eventRow(input), updated_at: now.toISOString() }).where("id", "=", eventId).execute();
      await recordAudit(trx, { actorUserId, eventId, action: "event.update", subjectType: "event", subjectId: eventId, details: { slug: input.slug } }, now);
    });
    return { ok: true, eventId, slug: input.slug };
  } catch (error) {
    return refusal(error);
  }
}

/** Everything the event settings form shows, for its organizers. */
export async function getEventForEditing(db: Db, eventId: number) {
  return db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
}
