import { sql, type Kysely } from "kysely";
import { idColumn, instantType, sqlIn } from "./sql-types";

const ORGANIZATION_KINDS = ["customs", "government", "international", "company", "association", "mission"];
const SESSION_TYPES = ["plenary", "keynote", "panel", "workshop", "meeting", "ceremony", "break", "reception", "other"];
const SESSION_STATUSES = ["scheduled", "tentative", "cancelled"];
const PERSON_ROLES = ["speaker", "moderator", "panelist", "chair", "host"];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organizations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("key", "text", (col) => col.unique())
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    .addColumn("country", "text")
    .addColumn("kind", "text", (col) => col.notNull().check(sqlIn("kind", ORGANIZATION_KINDS)))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("organizations_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .execute();

  await db.schema
    .createTable("people")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("key", "text", (col) => col.unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("name_native", "text")
    .addColumn("title_en", "text")
    .addColumn("title_zh", "text")
    // Stored lower-cased by the model; unique so the directory never holds one address twice.
    .addColumn("email", "text", (col) => col.unique())
    .addColumn("organization_id", "integer", (col) => col.references("organizations.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("people_organization_id").on("people").column("organization_id").execute();

  await db.schema
    .alterTable("events")
    .addColumn("host_organization_id", "integer", (col) => col.references("organizations.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("events").addColumn("description_en", "text").execute();
  await db.schema.alterTable("events").addColumn("description_zh", "text").execute();

  await db.schema
    .createTable("rooms")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    .addColumn("capacity", "integer", (col) => col.check(sql`capacity > 0`))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addCheckConstraint("rooms_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .execute();
  await db.schema.createIndex("rooms_event_id").on("rooms").column("event_id").execute();

  await db.schema
    .createTable("tracks")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    .addColumn("color", "text", (col) => col.notNull().defaultTo("#4a6fa5"))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addCheckConstraint("tracks_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .execute();
  await db.schema.createIndex("tracks_event_id").on("tracks").column("event_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("key", "text")
    .addColumn("type", "text", (col) => col.notNull().check(sqlIn("type", SESSION_TYPES)))
    .addColumn("title_en", "text")
    .addColumn("title_zh", "text")
    .addColumn("description_en", "text")
    .addColumn("description_zh", "text")
    .addColumn("track_id", "integer", (col) => col.references("tracks.id").onDelete("set null"))
    .addColumn("room_id", "integer", (col) => col.references("rooms.id").onDelete("set null"))
    .addColumn("starts_at", instantType(db), (col) => col.notNull())
    .addColumn("ends_at", instantType(db), (col) => col.notNull())
    .addColumn("capacity", "integer", (col) => col.check(sql`capacity > 0`))
    .addColumn("audience_note_en", "text")
    .addColumn("audience_note_zh", "text")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("scheduled").check(sqlIn("status", SESSION_STATUSES)))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("sessions_title_present", sql`coalesce(title_en, title_zh) is not null`)
    .addCheckConstraint("sessions_end_after_start", sql`ends_at > starts_at`)
    .addUniqueConstraint("sessions_event_key", ["event_id", "key"])
    .execute();
  await db.schema.createIndex("sessions_event_start").on("sessions").columns(["event_id", "starts_at"]).execute();
  await db.schema.createIndex("sessions_room_id").on("sessions").column("room_id").execute();

  await db.schema
    .createTable("session_items")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("session_id", "integer", (col) => col.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("title_en", "text")
    .addColumn("title_zh", "text")
    .addColumn("starts_at", instantType(db), (col) => col.notNull())
    .addColumn("ends_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("session_items_title_present", sql`coalesce(title_en, title_zh) is not null`)
    .addCheckConstraint("session_items_end_after_start", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("session_items_session_id").on("session_items").column("session_id").execute();

  await db.schema
    .createTable("session_people")
    .addColumn("session_id", "integer", (col) => col.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (col) => col.notNull().references("people.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull().check(sqlIn("role", PERSON_ROLES)))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    // The timed item the person speaks in, when the role belongs to one item of the session.
    .addColumn("item_id", "integer", (col) => col.references("session_items.id").onDelete("set null"))
    .addPrimaryKeyConstraint("session_people_pk", ["session_id", "person_id", "role"])
    .execute();
  await db.schema.createIndex("session_people_person_id").on("session_people").column("person_id").execute();

  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("session_id", "integer", (col) => col.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("annex_label", "text")
    .addColumn("file_name", "text", (col) => col.notNull())
    .addColumn("stored_name", "text", (col) => col.notNull().unique())
    .addColumn("content_type", "text", (col) => col.notNull())
    .addColumn("size_bytes", "integer", (col) => col.notNull())
    .addColumn("uploaded_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("attachments_session_id").on("attachments").column("session_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["attachments", "session_people", "session_items", "sessions", "tracks", "rooms"]) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ["description_zh", "description_en", "host_organization_id"]) {
    await db.schema.alterTable("events").dropColumn(column).execute();
  }
  await db.schema.dropTable("people").execute();
  await db.schema.dropTable("organizations").execute();
}
