import { sql, type Kysely } from "kysely";
import { idColumn, instantType, isPostgres, sqlIn } from "./sql-types";

const FEED_KINDS = ["person", "delegation"];

/** A trigger: after which writes of `table`, the statement to run, given the row (NEW or OLD) and the engine's "now". */
interface CalendarTrigger {
  name: string;
  table: string;
  operations: "all" | "update";
  columns: string[];
  statement: (row: string, now: string) => string;
}

const bumpEvents = (where: (row: string) => string) => (row: string, now: string) =>
  `update events set calendar_version = calendar_version + 1, calendar_changed_at = ${now} where ${where(row)}`;
const bumpSessions = (where: (row: string) => string) => (row: string, now: string) =>
  `update sessions set sequence = sequence + 1, updated_at = ${now} where ${where(row)}`;

/**
 * What changes an event's calendar, and which events it changes: every table whose columns a feed
 * or schedule export shows, except `events` itself, whose own `updated_at` the feeds' version also
 * reads.
 */
const CALENDAR_VERSION_TRIGGERS: CalendarTrigger[] = [
  {
    name: "calendar_sessions_changed",
    table: "sessions",
    operations: "all",
    columns: ["type", "title_en", "title_zh", "description_en", "description_zh", "track_id", "room_id", "starts_at", "ends_at", "status", "sequence"],
    statement: bumpEvents((row) => `id = ${row}.event_id`),
  },
  {
    name: "calendar_session_people_changed",
    table: "session_people",
    operations: "all",
    columns: ["person_id", "role", "position"],
    statement: bumpEvents((row) => `id = (select event_id from sessions where id = ${row}.session_id)`),
  },
  {
    name: "calendar_rooms_changed",
    table: "rooms",
    operations: "all",
    columns: ["name_en", "name_zh", "position"],
    statement: bumpEvents((row) => `id = ${row}.event_id`),
  },
  {
    name: "calendar_tracks_changed",
    table: "tracks",
    operations: "all",
    columns: ["name_en", "name_zh", "position"],
    statement: bumpEvents((row) => `id = ${row}.event_id`),
  },
  {
    name: "calendar_people_changed",
    table: "people",
    operations: "update",
    columns: ["name", "name_native"],
    statement: bumpEvents(
      (row) =>
        `id in (select sessions.event_id from session_people join sessions on sessions.id = session_people.session_id where session_people.person_id = ${row}.id)`,
    ),
  },
  {
    name: "calendar_organizations_changed",
    table: "organizations",
    operations: "update",
    columns: ["name_en", "name_zh"],
    statement: bumpEvents((row) => `host_organization_id = ${row}.id`),
  },
];

/**
 * A session's SEQUENCE also rises when what its feed entry shows changes elsewhere: its room's or
 * track's name (LOCATION, CATEGORIES), a listed person's name (DESCRIPTION), the event's place,
 * title, zone or host (LOCATION, ORGANIZER), the host's name. Saving the session raises it in the
 * model. A rise is all a client needs; by how much does not matter.
 */
const SEQUENCE_TRIGGERS: CalendarTrigger[] = [
  {
    name: "sequence_rooms_renamed",
    table: "rooms",
    operations: "update",
    columns: ["name_en", "name_zh"],
    statement: bumpSessions((row) => `room_id = ${row}.id`),
  },
  {
    name: "sequence_tracks_renamed",
    table: "tracks",
    operations: "update",
    columns: ["name_en", "name_zh"],
    statement: bumpSessions((row) => `track_id = ${row}.id`),
  },
  {
    name: "sequence_people_renamed",
    table: "people",
    operations: "update",
    columns: ["name", "name_native"],
    statement: bumpSessions((row) => `id in (select session_id from session_people where person_id = ${row}.id)`),
  },
  {
    name: "sequence_events_changed",
    table: "events",
    operations: "update",
    columns: ["title_en", "title_zh", "venue", "city", "time_zone", "host_organization_id"],
    statement: bumpSessions((row) => `event_id = ${row}.id`),
  },
  {
    name: "sequence_organizations_renamed",
    table: "organizations",
    operations: "update",
    columns: ["name_en", "name_zh"],
    statement: bumpSessions((row) => `event_id in (select id from events where host_organization_id = ${row}.id)`),
  },
];

const CALENDAR_TRIGGERS = [...CALENDAR_VERSION_TRIGGERS, ...SEQUENCE_TRIGGERS];

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
  for (const trigger of CALENDAR_TRIGGERS) await createCalendarTrigger(db, trigger);

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

async function createCalendarTrigger(db: Kysely<any>, { name, table, operations, columns, statement }: CalendarTrigger) {
  const updateOf = `update of ${columns.join(", ")}`;
  if (isPostgres(db)) {
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $$
        begin
          if tg_op in ('INSERT', 'UPDATE') then ${statement("new", "now()")}; end if;
          if tg_op in ('DELETE', 'UPDATE') then ${statement("old", "now()")}; end if;
          return null;
        end $$`,
      )
      .execute(db);
    const on = operations === "all" ? `insert or delete or ${updateOf}` : updateOf;
    await sql.raw(`create trigger ${name} after ${on} on ${table} for each row execute function ${name}()`).execute(db);
    return;
  }
  const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  // An update may move the row from one parent to another (a session to another event): both change.
  await sql
    .raw(`create trigger ${name}_update after ${updateOf} on ${table} for each row begin ${statement("new", now)}; ${statement("old", now)}; end`)
    .execute(db);
  if (operations === "update") return;
  await sql.raw(`create trigger ${name}_insert after insert on ${table} for each row begin ${statement("new", now)}; end`).execute(db);
  await sql.raw(`create trigger ${name}_delete after delete on ${table} for each row begin ${statement("old", now)}; end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_tokens").execute();
  for (const { name, table, operations } of CALENDAR_TRIGGERS) {
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
