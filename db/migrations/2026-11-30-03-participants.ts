import { sql, type Kysely } from "kysely";
import { idColumn, instantType, isPostgres, sqlIn } from "./sql-types";

const DELEGATION_ROLES = ["head", "member", "adviser", "liaison"];
const REGISTRATION_STATUSES = ["pending", "confirmed", "cancelled"];
const REGISTRATION_SOURCES = ["organizer", "import", "delegation", "public"];
const REGISTRATION_MODES = ["closed", "open", "approval"];
const SEAT_STATUSES = ["seated", "waiting"];
const LANGUAGES = ["en", "zh-TW"];

/**
 * The people who come: accounts linked to directory people, mail, delegations with their members,
 * registration categories and registrations, workshop seats with waiting lists, and check-ins.
 *
 * Guards the database keeps, whatever the code does:
 * - a person has at most one account, and an account belongs to at most one person;
 * - a person is in at most one delegation of an event, and a delegation has at most one head;
 * - a registration's category, and a delegation member's delegation, belong to the same event;
 * - a session never holds more seats than its capacity (`seats_taken` is counted under the
 *   session row's lock and checked against the capacity);
 * - one live check-in per registration and day, and per registration and session.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A link table rather than a column of people: SQLite cannot drop a column with a foreign key.
  await db.schema
    .createTable("person_accounts")
    .addColumn("person_id", "integer", (col) => col.primaryKey().references("people.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().unique().references("users.id").onDelete("cascade"))
    .addColumn("linked_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema
    .alterTable("people")
    .addColumn("language", "text", (col) => col.check(sqlIn("language", LANGUAGES)))
    .execute();

  await db.schema
    .alterTable("events")
    .addColumn("registration_mode", "text", (col) => col.notNull().defaultTo("closed").check(sqlIn("registration_mode", REGISTRATION_MODES)))
    .execute();

  await db.schema
    .alterTable("sessions")
    .addColumn("seats_taken", "integer", (col) => col.notNull().defaultTo(0).check(sql`seats_taken >= 0`))
    .execute();
  if (isPostgres(db)) {
    // SQLite cannot add a table constraint to an existing table; there the conditional update
    // in the model is the guard, serialised by BEGIN IMMEDIATE.
    await sql`alter table sessions add constraint sessions_seats_within_capacity check (capacity is null or seats_taken <= capacity)`.execute(db);
  }

  await db.schema
    .createTable("account_invitations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("person_id", "integer", (col) => col.notNull().references("people.id").onDelete("cascade"))
    // SHA-256 (hex) of the token in the mailed link; the token itself is never stored.
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("invited_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("expires_at", instantType(db), (col) => col.notNull())
    .addColumn("used_at", instantType(db))
    .execute();
  await db.schema.createIndex("account_invitations_person_id").on("account_invitations").column("person_id").execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("to_address", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("text_body", "text", (col) => col.notNull())
    .addColumn("html_body", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull().check(sqlIn("language", LANGUAGES)))
    .addColumn("event_id", "integer", (col) => col.references("events.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("outbox_created_at").on("outbox").column("created_at").execute();

  await db.schema
    .createTable("delegations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    // The delegation's address within the event: /events/:slug/delegations/:key.
    .addColumn("key", "text", (col) => col.notNull())
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    // ISO 3166 alpha-2 (or EU); null for an international body.
    .addColumn("country", "text")
    .addColumn("organization_id", "integer", (col) => col.references("organizations.id").onDelete("set null"))
    // How many come when not every member is named (Canada 7, Japan 8).
    .addColumn("declared_size", "integer", (col) => col.check(sql`declared_size > 0`))
    .addColumn("contact_email", "text")
    .addColumn("contact_phone", "text")
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("delegations_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .addUniqueConstraint("delegations_event_key", ["event_id", "key"])
    .addUniqueConstraint("delegations_id_event", ["id", "event_id"])
    .execute();

  await db.schema
    .createTable("delegation_members")
    .addColumn("delegation_id", "integer", (col) => col.notNull())
    .addColumn("event_id", "integer", (col) => col.notNull())
    .addColumn("person_id", "integer", (col) => col.notNull().references("people.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull().check(sqlIn("role", DELEGATION_ROLES)))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addPrimaryKeyConstraint("delegation_members_pk", ["delegation_id", "person_id"])
    .addForeignKeyConstraint("delegation_members_delegation", ["delegation_id", "event_id"], "delegations", ["id", "event_id"], (fk) => fk.onDelete("cascade"))
    // One delegation per person and event.
    .addUniqueConstraint("delegation_members_event_person", ["event_id", "person_id"])
    .execute();
  await db.schema
    .createIndex("delegation_members_one_head")
    .on("delegation_members")
    .column("delegation_id")
    .unique()
    .where(sql.ref("role"), "=", "head")
    .execute();
  await db.schema.createIndex("delegation_members_person_id").on("delegation_members").column("person_id").execute();

  await db.schema
    .createTable("registration_categories")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    // Whether the public registration form offers it (others are given by organizers).
    .addColumn("public", "integer", (col) => col.notNull().defaultTo(0).check(sqlIn("public", [0, 1])))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addCheckConstraint("registration_categories_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .addUniqueConstraint("registration_categories_id_event", ["id", "event_id"])
    .execute();
  await db.schema.createIndex("registration_categories_event_id").on("registration_categories").column("event_id").execute();

  await db.schema
    .createTable("session_categories")
    .addColumn("session_id", "integer", (col) => col.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("category_id", "integer", (col) => col.notNull().references("registration_categories.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("session_categories_pk", ["session_id", "category_id"])
    .execute();

  await db.schema
    .createTable("registrations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (col) => col.notNull().references("people.id").onDelete("cascade"))
    .addColumn("category_id", "integer")
    .addColumn("status", "text", (col) => col.notNull().check(sqlIn("status", REGISTRATION_STATUSES)))
    .addColumn("source", "text", (col) => col.notNull().check(sqlIn("source", REGISTRATION_SOURCES)))
    // As the registrant declared it, for the figures per country; a delegation's country otherwise.
    .addColumn("country", "text")
    // The organization as typed on the public form, when the person has none in the directory.
    .addColumn("organization_text", "text")
    .addColumn("dietary_needs", "text")
    .addColumn("access_needs", "text")
    // The code in the badge's QR code and typed at the door: random, unguessable, unique.
    .addColumn("badge_code", "text", (col) => col.notNull().unique())
    .addColumn("registered_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addUniqueConstraint("registrations_event_person", ["event_id", "person_id"])
    .addForeignKeyConstraint("registrations_category", ["category_id", "event_id"], "registration_categories", ["id", "event_id"])
    .execute();
  await db.schema.createIndex("registrations_person_id").on("registrations").column("person_id").execute();
  await db.schema.createIndex("registrations_category_id").on("registrations").column("category_id").execute();

  await db.schema
    .createTable("seats")
    // Ids are handed out under the session row's lock, so their order is the order of requests.
    .addColumn("id", "integer", idColumn(db))
    .addColumn("session_id", "integer", (col) => col.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("registration_id", "integer", (col) => col.notNull().references("registrations.id").onDelete("cascade"))
    .addColumn("status", "text", (col) => col.notNull().check(sqlIn("status", SEAT_STATUSES)))
    .addColumn("requested_at", instantType(db), (col) => col.notNull())
    .addColumn("seated_at", instantType(db))
    .addUniqueConstraint("seats_session_registration", ["session_id", "registration_id"])
    .execute();
  await db.schema.createIndex("seats_session_status").on("seats").columns(["session_id", "status", "id"]).execute();
  await db.schema.createIndex("seats_registration_id").on("seats").column("registration_id").execute();

  await db.schema
    .createTable("check_ins")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("registration_id", "integer", (col) => col.notNull().references("registrations.id").onDelete("cascade"))
    // The event-local day of a check-in at the door; for a session, the day the session starts.
    .addColumn("day", "text", (col) => col.notNull())
    // Null for the door; a session's id for the check-in at its room.
    .addColumn("session_id", "integer", (col) => col.references("sessions.id").onDelete("cascade"))
    .addColumn("checked_in_at", instantType(db), (col) => col.notNull())
    .addColumn("checked_in_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("undone_at", instantType(db))
    .addColumn("undone_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("check_ins_one_per_day")
    .on("check_ins")
    .columns(["registration_id", "day"])
    .unique()
    .where(sql<boolean>`session_id is null and undone_at is null`)
    .execute();
  await db.schema
    .createIndex("check_ins_one_per_session")
    .on("check_ins")
    .columns(["registration_id", "session_id"])
    .unique()
    .where(sql<boolean>`session_id is not null and undone_at is null`)
    .execute();
  await db.schema.createIndex("check_ins_event_day").on("check_ins").columns(["event_id", "day"]).execute();
  await db.schema.createIndex("check_ins_session_id").on("check_ins").column("session_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "check_ins",
    "seats",
    "registrations",
    "session_categories",
    "registration_categories",
    "delegation_members",
    "delegations",
    "outbox",
    "account_invitations",
    "person_accounts",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (isPostgres(db)) await sql`alter table sessions drop constraint sessions_seats_within_capacity`.execute(db);
  await db.schema.alterTable("sessions").dropColumn("seats_taken").execute();
  await db.schema.alterTable("events").dropColumn("registration_mode").execute();
  await db.schema.alterTable("people").dropColumn("language").execute();
}
