import { sql, type Kysely } from "kysely";
import { idColumn, instantType, isPostgres, sqlIn } from "./sql-types";

const FEED_KINDS = ["person", "delegation"];

/**
 * What changes an event's calendar, and which events it changes: `row` is NEW or OLD. Every table
 * whose columns a feed or schedule export shows, except `events` itself, whose own `updated_at`
 * the feeds' version also reads.
 */
const CALENDAR_SOURCES: Array<{ table: string; operations: "all" | "update"; columns: string[]; events: (row: string) => string }> = [
  {
    table: "sessions",
    operations: "all",
    columns: ["type", "title_en", "title_zh", "description_en", "description_zh", "track_id", "room_id", "starts_at", "ends_at", "status", "sequence"],
    events: (row) => `id = ${row}.event_id`,
  },
  { table: "session_people", operations: "all", columns: ["person_id", "role", "position"], events: (row) => `id = (select event_id from sessions where id = ${row}.session_id)` },
  { table: "rooms", operations: "all", columns: ["name_en", "name_zh", "position"], events: (row) => `id = ${row}.event_id` },
  { table: "tracks", operations: "all", columns: ["name_en", "name_zh", "position"], events: (row) => `id = ${row}.event_id` },
  {
    table: "people",
    operations: "update",
    columns: ["name", "name_native"],
    events: (row) => `id in (select sessions.event_id from session_people join sessions on sessions.id = session_people.session_id where session_people.person_id = ${row}.id)`,
  },
  { table: "organizations", operations: "update", columns: ["name_en", "name_zh"], events: (row) => `host_organization_id = ${row}.id` },
];

/**
 * Calendar feeds.
 * - `events.calendar_version` counts the changes to what the event's feeds and exports show, and
 *   `calendar_changed_at` says when the last one happened. Triggers keep them, whoever writes, so
 *   a feed's ETag costs one row read instead of a scan of the agenda.
 * - `sessions.sequence` counts the changes a calendar client should notice (time, place, status,
 *   title): iCalendar's SEQUENCE, without which some clients ignore an update.
 * - `feed_tokens` are the secret addresses of private feeds: a person's own schedule in an event,
 *   or a delegation's. Only a hash of the token is stored for the lookup; the owner's page derives
 *   the token again from `nonce` with the server's secret, so a copy of the database alone
 *   reveals no address. A revoked token stays as a row (its hash never answers again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("calendar_version", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("events").addColumn("calendar_changed_at", instantType(db)).execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("sequence", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  for (const source of CALENDAR_SOURCES) await createCalendarTrigger(db, source);

  await db.schema
    .createTable("feed_tokens")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("event_id", "integer", (col) => col.notNull().references("events.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull().check(sqlIn("kind", FEED_KINDS)))
    .addColumn("person_id", "integer", (col) => col.references("people.id").onDelete("cascade"))
    .addColumn("delegation_id", "integer", (col) => col.references("delegations.id").onDelete("cascade"))
    .addColumn("nonce", "text", (col) => col.notNull())
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("last_used_at", instantType(db))
    .addColumn("revoked_at", instantType(db))
    // A person feed names its person, a delegation feed its delegation, and nothing else.
    .addCheckConstraint(
      "feed_tokens_subject",
      sql`(kind = 'person' and person_id is not null and delegation_id is null) or (kind = 'delegation' and delegation_id is not null and person_id is null)`,
    )
    .execute();
  await db.schema.createIndex("feed_tokens_user").on("feed_tokens").columns(["user_id", "event_id"]).execute();
}

async function createCalendarTrigger(db: Kysely<any>, { table, operations, columns, events }: (typeof CALENDAR_SOURCES)[number]) {
  const name = `calendar_${table}_changed`;
  const updateOf = `update of ${columns.join(", ")}`;
  if (isPostgres(db)) {
    const bump = (row: string) => `update events set calendar_version = calendar_version + 1, calendar_changed_at = now() where ${events(row)};`;
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $$
        begin
          if tg_op in ('INSERT', 'UPDATE') then ${bump("new")} end if;
          if tg_op in ('DELETE', 'UPDATE') then ${bump("old")} end if;
          return null;
        end $$`,
      )
      .execute(db);
    const on = operations === "all" ? `insert or delete or ${updateOf}` : updateOf;
    await sql.raw(`create trigger ${name} after ${on} on ${table} for each row execute function ${name}()`).execute(db);
    return;
  }
  const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  const bump = (where: string) => `begin update events set calendar_version = calendar_version + 1, calendar_changed_at = ${now} where ${where}; end`;
  await sql.raw(`create trigger ${name}_update after ${updateOf} on ${table} for each row ${bump(`${events("new")} or ${events("old")}`)}`).execute(db);
  if (operations === "update") return;
  await sql.raw(`create trigger ${name}_insert after insert on ${table} for each row ${bump(events("new"))}`).execute(db);
  await sql.raw(`create trigger ${name}_delete after delete on ${table} for each row ${bump(events("old"))}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_tokens").execute();
  for (const { table, operations } of CALENDAR_SOURCES) {
    const name = `calendar_${table}_changed`;
    if (isPostgres(db)) {
      await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
      await sql.raw(`drop function ${name}()`).execute(db);
      continue;
    }
    for (const operation of operations === "all" ? ["update", "insert", "delete"] : ["update"]) await sql.raw(`drop trigger ${name}_${operation}`).execute(db);
  }
  await db.schema.alterTable("sessions").dropColumn("sequence").execute();
  await db.schema.alterTable("events").dropColumn("calendar_changed_at").execute();
  await db.schema.alterTable("events").dropColumn("calendar_version").execute();
}
