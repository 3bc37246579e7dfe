import { sql, type Kysely } from "kysely";
import { idColumn, instantType, sqlIn } from "./sql-types";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("is_admin", "integer", (col) => col.notNull().defaultTo(0).check(sqlIn("is_admin", [0, 1])))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("user_sessions")
    .addColumn("id_hash", "text", (col) => col.primaryKey())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("expires_at", instantType(db), (col) => col.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("user_sessions_user_id").on("user_sessions").column("user_id").execute();

  await db.schema
    .createTable("login_attempts")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("ip", "text", (col) => col.notNull())
    .addColumn("succeeded", "integer", (col) => col.notNull().check(sqlIn("succeeded", [0, 1])))
    .addColumn("attempted_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("login_attempts_email").on("login_attempts").columns(["email", "attempted_at"]).execute();
  await db.schema.createIndex("login_attempts_ip").on("login_attempts").columns(["ip", "attempted_at"]).execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("title_en", "text")
    .addColumn("title_zh", "text")
    .addColumn("kind", "text", (col) =>
      col.notNull().defaultTo("conference").check(sqlIn("kind", ["conference", "seminar", "workshop", "meeting"])),
    )
    .addColumn("city", "text")
    .addColumn("venue", "text")
    .addColumn("time_zone", "text", (col) => col.notNull())
    .addColumn("starts_on", "text", (col) => col.notNull())
    .addColumn("ends_on", "text", (col) => col.notNull())
    .addColumn("visibility", "text", (col) =>
      col.notNull().defaultTo("private").check(sqlIn("visibility", ["public", "unlisted", "private"])),
    )
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("events_title_present", sql`coalesce(title_en, title_zh) is not null`)
    .addCheckConstraint("events_days_ordered", sql`ends_on >= starts_on`)
    .execute();

  await db.schema
    .createTable("event_roles")
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull().check(sqlIn("role", ["organizer", "staff"])))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addPrimaryKeyConstraint("event_roles_pk", ["event_id", "user_id", "role"])
    .execute();
  await db.schema.createIndex("event_roles_user_id").on("event_roles").column("user_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("actor_user_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("event_id", "integer", (col) => col.references("events.id").onDelete("set null"))
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("subject_type", "text", (col) => col.notNull())
    .addColumn("subject_id", "text")
    .addColumn("details", "text", (col) => col.notNull().defaultTo("{}"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("audit_log_created_at").on("audit_log").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "event_roles", "events", "login_attempts", "user_sessions", "users"]) {
    await db.schema.dropTable(table).execute();
  }
}
