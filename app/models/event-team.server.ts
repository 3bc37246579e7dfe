import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { EventRoleName } from "../../db/schema";
import { normalizeEmail } from "./account.server";
import { recordAudit } from "./audit.server";

// Who organizes or staffs each event: the event team.

export interface EventRoleView {
  eventId: number;
  slug: string;
  titleEn: string | null;
  titleZh: string | null;
  role: EventRoleName;
}

export async function listEventRolesOfUser(db: Db, userId: number): Promise<EventRoleView[]> {
  const rows = await db
    .selectFrom("event_roles")
    .innerJoin("events", "events.id", "event_roles.event_id")
    .select(["events.id", "events.slug", "events.title_en", "events.title_zh", "event_roles.role"])
    .where("event_roles.user_id", "=", userId)
    .orderBy("events.starts_on", "desc")
    .orderBy("event_roles.role")
    .execute();
  return rows.map((row) => ({ eventId: row.id, slug: row.slug, titleEn: row.title_en, titleZh: row.title_zh, role: row.role }));
}

export async function hasEventRole(
  db: Db,
  { userId, eventId, roles }: { userId: number; eventId: number; roles: readonly EventRoleName[] },
): Promise<boolean> {
  const row = await db
    .selectFrom("event_roles")
    .select("role")
    .where("user_id", "=", userId)
    .where("event_id", "=", eventId)
    .where("role", "in", roles)
    .executeTakeFirst();
  return row !== undefined;
}

/** The roles a user holds on one event. */
export async function listEventRolesOf(db: Db, { userId, eventId }: { userId: number; eventId: number }): Promise<EventRoleName[]> {
  const rows = await db.selectFrom("event_roles").select("role").where("user_id", "=", userId).where("event_id", "=", eventId).execute();
  return rows.map((row) => row.role);
}

export async function listEventTeam(db: Db, eventId: number) {
  return db
    .selectFrom("event_roles")
    .innerJoin("users", "users.id", "event_roles.user_id")
    .select(["users.id as userId", "users.name", "users.email", "event_roles.role"])
    .where("event_roles.event_id", "=", eventId)
    .orderBy("event_roles.role")
    .orderBy("users.name")
    .execute();
}

export type GrantRoleResult =
  | { ok: true; name: string }
  | { ok: false; reason: "no_such_user" | "already_has_role" };

export async function grantEventRole(
  db: Db,
  input: { eventId: number; email: string; role: EventRoleName; actorUserId: number },
  now = new Date(),
): Promise<GrantRoleResult> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name"])
    .where("email", "=", normalizeEmail(input.email))
    .executeTakeFirst();
  if (!user) return { ok: false, reason: "no_such_user" };
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("event_roles")
        .values({ event_id: input.eventId, user_id: user.id, role: input.role, created_at: now.toISOString() })
        .execute();
      await recordAudit(trx, {
        actorUserId: input.actorUserId,
        eventId: input.eventId,
        action: "event_role.grant",
        subjectType: "user",
        subjectId: user.id,
        details: { role: input.role },
      }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "already_has_role" };
    throw error;
  }
  return { ok: true, name: user.name };
}

export type RevokeRoleResult = { ok: true } | { ok: false; reason: "last_organizer" | "not_found" };

/**
 * Removes a role. The guard against removing the last organizer sits in the DELETE itself, so two
 * organizers removing each other at once cannot leave the event with none.
 */
export async function revokeEventRole(
  db: Db,
  input: { eventId: number; userId: number; role: EventRoleName; actorUserId: number },
  now = new Date(),
): Promise<RevokeRoleResult> {
  return db.transaction().execute(async (trx) => {
    // Touching the event row first makes concurrent removals on one event wait for each other
    // (a row lock on PostgreSQL; SQLite already runs write transactions one at a time).
    await trx.updateTable("events").set({ updated_at: now.toISOString() }).where("id", "=", input.eventId).execute();
    const result = await trx
      .deleteFrom("event_roles")
      .where("event_id", "=", input.eventId)
      .where("user_id", "=", input.userId)
      .where("role", "=", input.role)
      .where((eb) =>
        eb.or([
          eb("role", "!=", "organizer"),
          eb(
            eb
              .selectFrom("event_roles as others")
              .select((inner) => inner.fn.countAll().as("n"))
              .where("others.event_id", "=", input.eventId)
              .where("others.role", "=", "organizer"),
            ">",
            1,
          ),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) {
      const exists = await trx
        .selectFrom("event_roles")
        .select("role")
        .where("event_id", "=", input.eventId)
        .where("user_id", "=", input.userId)
        .where("role", "=", input.role)
        .executeTakeFirst();
      return { ok: false, reason: exists ? "last_organizer" : "not_found" } as const;
    }
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      eventId: input.eventId,
      action: "event_role.revoke",
      subjectType: "user",
      subjectId: input.userId,
      details: { role: input.role },
    }, now);
    return { ok: true } as const;
  });
}

/** Organizers of any event may use the directory (it holds private contact details). */
export async function isOrganizerOfAnyEvent(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom("event_roles")
    .select("event_id")
    .where("user_id", "=", userId)
    .where("role", "=", "organizer")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
