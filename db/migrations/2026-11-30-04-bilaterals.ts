import { sql, type Kysely } from "kysely";
import { idColumn, instantType, sqlIn } from "./sql-types";

const PRIORITIES = ["high", "normal", "low"];
const BILATERAL_STATUSES = ["requested", "proposed", "accepted", "booked", "declined", "cancelled"];
const BOOKED_VIA = ["agreed", "self", "scheduler", "organizer"];
const ACTION_ITEM_STATUSES = ["open", "done", "dropped"];

/**
 * Bilateral meetings between delegations: the event's meeting windows and places, each
 * delegation's busy blocks and team count, the requests (which become meetings once booked), and
 * what the two sides write about a meeting.
 *
 * Guards the database keeps, whatever the code does:
 * - a request joins two different delegations of its own event;
 * - `bilateral_claims` holds one row per resource and slot of every booked meeting (a delegation's
 *   team, a table, an attending person), under a primary key: two meetings can never claim the
 *   same one at the same time, however many processes book at once;
 * - a meeting's place belongs to its event, and its attendees to one of its two delegations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("bilateral_slot_minutes", "integer", (col) => col.notNull().defaultTo(30).check(sql`bilateral_slot_minutes between 5 and 240`))
    .execute();
  await db.schema
    .alterTable("events")
    .addColumn("bilateral_min_slots", "integer", (col) => col.notNull().defaultTo(1).check(sql`bilateral_min_slots >= 1`))
    .execute();
  await db.schema
    .alterTable("events")
    .addColumn("bilateral_max_slots", "integer", (col) => col.notNull().defaultTo(4).check(sql`bilateral_max_slots between 1 and 48`))
    .execute();

  await db.schema
    .alterTable("delegations")
    // How many meetings the delegation can hold at once (a large one splits into teams).
    .addColumn("bilateral_teams", "integer", (col) => col.notNull().defaultTo(1).check(sql`bilateral_teams between 1 and 20`))
    .execute();
  await db.schema
    .alterTable("delegations")
    // Open to direct bookings by delegations that have opened theirs too.
    .addColumn("self_booking", "integer", (col) => col.notNull().defaultTo(0).check(sqlIn("self_booking", [0, 1])))
    .execute();

  await db.schema
    .createTable("bilateral_windows")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("starts_at", instantType(db), (col) => col.notNull())
    .addColumn("ends_at", instantType(db), (col) => col.notNull())
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("bilateral_windows_order", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("bilateral_windows_event_id").on("bilateral_windows").columns(["event_id", "starts_at"]).execute();

  await db.schema
    .createTable("bilateral_places")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name_en", "text")
    .addColumn("name_zh", "text")
    .addColumn("tables", "integer", (col) => col.notNull().check(sql`tables between 1 and 500`))
    .addColumn("position", "integer", (col) => col.notNull().defaultTo(0))
    .addCheckConstraint("bilateral_places_name_present", sql`coalesce(name_en, name_zh) is not null`)
    .addUniqueConstraint("bilateral_places_id_event", ["id", "event_id"])
    .execute();

  await db.schema
    .createTable("bilateral_busy_blocks")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull())
    .addColumn("delegation_id", "integer", (col) => col.notNull())
    .addColumn("starts_at", instantType(db), (col) => col.notNull())
    .addColumn("ends_at", instantType(db), (col) => col.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("bilateral_busy_blocks_order", sql`ends_at > starts_at`)
    .addForeignKeyConstraint("bilateral_busy_blocks_delegation", ["delegation_id", "event_id"], "delegations", ["id", "event_id"], (fk) => fk.onDelete("cascade"))
    .execute();
  await db.schema.createIndex("bilateral_busy_blocks_delegation_id").on("bilateral_busy_blocks").column("delegation_id").execute();

  await db.schema
    .createTable("bilaterals")
    // The request's id is the meeting's: /events/:slug/bilaterals/:bilateralId.
    .addColumn("id", "integer", idColumn(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("requester_id", "integer", (col) => col.notNull())
    .addColumn("recipient_id", "integer", (col) => col.notNull())
    .addColumn("topic", "text", (col) => col.notNull())
    .addColumn("length_slots", "integer", (col) => col.notNull().check(sql`length_slots >= 1`))
    .addColumn("priority", "text", (col) => col.notNull().check(sqlIn("priority", PRIORITIES)))
    .addColumn("must_meet", "integer", (col) => col.notNull().defaultTo(0).check(sqlIn("must_meet", [0, 1])))
    .addColumn("status", "text", (col) => col.notNull().check(sqlIn("status", BILATERAL_STATUSES)))
    // A time one side proposed and the other has yet to answer.
    .addColumn("proposed_start", instantType(db))
    .addColumn("proposed_by", "integer")
    // Set while booked.
    .addColumn("starts_at", instantType(db))
    .addColumn("ends_at", instantType(db))
    .addColumn("place_id", "integer")
    .addColumn("table_number", "integer")
    .addColumn("booked_via", "text", (col) => col.check(sqlIn("booked_via", BOOKED_VIA)))
    // Why it was declined or cancelled, and by which side.
    .addColumn("closing_reason", "text")
    .addColumn("closed_by", "integer")
    // Goes up on every change, so a form made before a change is recognised as stale.
    .addColumn("version", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("bilaterals_two_sides", sql`requester_id <> recipient_id`)
    .addCheckConstraint(
      "bilaterals_booked_has_time",
      sql`(status = 'booked') = (starts_at is not null and ends_at is not null and place_id is not null and table_number is not null)`,
    )
    .addForeignKeyConstraint("bilaterals_requester", ["requester_id", "event_id"], "delegations", ["id", "event_id"], (fk) => fk.onDelete("cascade"))
    .addForeignKeyConstraint("bilaterals_recipient", ["recipient_id", "event_id"], "delegations", ["id", "event_id"], (fk) => fk.onDelete("cascade"))
    .addForeignKeyConstraint("bilaterals_place", ["place_id", "event_id"], "bilateral_places", ["id", "event_id"])
    .execute();
  await db.schema.createIndex("bilaterals_event_status").on("bilaterals").columns(["event_id", "status"]).execute();
  await db.schema.createIndex("bilaterals_requester_id").on("bilaterals").column("requester_id").execute();
  await db.schema.createIndex("bilaterals_recipient_id").on("bilaterals").column("recipient_id").execute();

  await db.schema
    .createTable("bilateral_preferred_starts")
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addColumn("starts_at", instantType(db), (col) => col.notNull())
    .addPrimaryKeyConstraint("bilateral_preferred_starts_pk", ["bilateral_id", "starts_at"])
    .execute();

  await db.schema
    .createTable("bilateral_attendees")
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (col) => col.notNull().references("people.id").onDelete("cascade"))
    .addColumn("delegation_id", "integer", (col) => col.notNull().references("delegations.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("bilateral_attendees_pk", ["bilateral_id", "person_id"])
    .execute();
  await db.schema.createIndex("bilateral_attendees_person_id").on("bilateral_attendees").column("person_id").execute();

  await db.schema
    .createTable("bilateral_claims")
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    // `delegation:<id>:<team>`, `table:<placeId>:<number>` or `person:<id>`.
    .addColumn("resource", "text", (col) => col.notNull())
    .addColumn("slot_start", instantType(db), (col) => col.notNull())
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("bilateral_claims_pk", ["event_id", "resource", "slot_start"])
    .execute();
  await db.schema.createIndex("bilateral_claims_bilateral_id").on("bilateral_claims").column("bilateral_id").execute();

  await db.schema
    .createTable("bilateral_minutes")
    // Every saved version: the newest is the minutes; the others are their history.
    .addColumn("id", "integer", idColumn(db))
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addColumn("body_en", "text")
    .addColumn("body_zh", "text")
    .addColumn("author_user_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("author_delegation_id", "integer", (col) => col.references("delegations.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("bilateral_minutes_bilateral_id").on("bilateral_minutes").columns(["bilateral_id", "id"]).execute();

  await db.schema
    .createTable("bilateral_notes")
    // One side's private notes: only that side reads them.
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addColumn("delegation_id", "integer", (col) => col.notNull().references("delegations.id").onDelete("cascade"))
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("updated_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addPrimaryKeyConstraint("bilateral_notes_pk", ["bilateral_id", "delegation_id"])
    .execute();

  await db.schema
    .createTable("bilateral_action_items")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("bilateral_id", "integer", (col) => col.notNull().references("bilaterals.id").onDelete("cascade"))
    .addColumn("owner_delegation_id", "integer", (col) => col.notNull().references("delegations.id").onDelete("cascade"))
    .addColumn("text_en", "text")
    .addColumn("text_zh", "text")
    .addColumn("due_on", "text")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("open").check(sqlIn("status", ACTION_ITEM_STATUSES)))
    .addColumn("created_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("updated_at", instantType(db), (col) => col.notNull())
    .addCheckConstraint("bilateral_action_items_text_present", sql`coalesce(text_en, text_zh) is not null`)
    .execute();
  await db.schema.createIndex("bilateral_action_items_bilateral_id").on("bilateral_action_items").column("bilateral_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "bilateral_action_items",
    "bilateral_notes",
    "bilateral_minutes",
    "bilateral_claims",
    "bilateral_attendees",
    "bilateral_preferred_starts",
    "bilaterals",
    "bilateral_busy_blocks",
    "bilateral_places",
    "bilateral_windows",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("delegations").dropColumn("self_booking").execute();
  await db.schema.alterTable("delegations").dropColumn("bilateral_teams").execute();
  await db.schema.alterTable("events").dropColumn("bilateral_max_slots").execute();
  await db.schema.alterTable("events").dropColumn("bilateral_min_slots").execute();
  await db.schema.alterTable("events").dropColumn("bilateral_slot_minutes").execute();
}
