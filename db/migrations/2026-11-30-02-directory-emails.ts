import { sql, type Kysely } from "kysely";
import { idColumn, instantType, isPostgres } from "./sql-types";

/*
 * Emails of directory people stop being unique across the whole directory. Directory records
 * belong to different organizers' events, and a unique constraint answers "this address is
 * taken" to anyone, including someone who may not see the record holding it. The model now
 * refuses a duplicate only when the viewer may see the other record. Accounts (`users.email`)
 * keep their own unique constraint, untouched.
 *
 * The unique constraint is replaced by a plain index on the email, which the model stores
 * lower-cased (so no expression index is needed).
 *
 * PostgreSQL drops the constraint the foundation's `unique()` created (named by PostgreSQL's
 * rule, `<table>_<column>_key`). SQLite cannot drop a column's UNIQUE, so the table is rebuilt
 * (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off, new table, copy, drop,
 * rename, indexes and triggers back, foreign_key_check, foreign keys back as they were. Rows
 * referring to people (session_people and any later table) keep their ids and are not touched:
 * with foreign keys off, dropping the old table does not cascade.
 */

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table people drop constraint people_email_key`.execute(db);
    await db.schema.createIndex("people_email").on("people").column("email").execute();
    return;
  }
  await rebuildSqlitePeople(db, { uniqueEmail: false });
  await db.schema.createIndex("people_email").on("people").column("email").execute();
}

/** Puts the unique constraint back; fails, changing nothing, while two people share an email. */
export async function down(db: Kysely<any>): Promise<void> {
  const { rows: shared } = await sql<{ email: string }>`
    select email from people where email is not null group by email having count(*) > 1 limit 1`.execute(db);
  if (shared.length > 0) throw new Error("people.email cannot be made unique again: several people share an email");
  await db.schema.dropIndex("people_email").execute();
  if (isPostgres(db)) {
    await sql`alter table people add constraint people_email_key unique (email)`.execute(db);
    return;
  }
  await rebuildSqlitePeople(db, { uniqueEmail: true });
}

const PEOPLE_COLUMNS = ["id", "key", "name", "name_native", "title_en", "title_zh", "email", "organization_id", "created_at", "updated_at"];

/**
 * Rebuilds SQLite's people table with the columns the agenda migration gave it, the email unique
 * or not. Migrations on SQLite run outside a transaction (Kysely's SqliteAdapter has no
 * transactional DDL), which is what lets `PRAGMA foreign_keys` change here; the rebuild itself
 * is one transaction.
 */
async function rebuildSqlitePeople(db: Kysely<any>, { uniqueEmail }: { uniqueEmail: boolean }): Promise<void> {
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  const foreignKeysWereOn = Number(rows[0]?.foreign_keys ?? 0) === 1;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      // Indexes and triggers of the old table go with it: kept to be made again on the new one.
      // Automatic indexes (UNIQUE columns) have no SQL and come back with the column definitions.
      const { rows: dependents } = await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master
        where tbl_name = 'people' and type in ('index', 'trigger') and sql is not null
        order by type, name`.execute(trx);
      const { rows: sequence } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'people'`.execute(trx);

      await trx.schema
        .createTable("people_rebuilt")
        .addColumn("id", "integer", idColumn(trx))
        .addColumn("key", "text", (col) => col.unique())
        .addColumn("name", "text", (col) => col.notNull())
        .addColumn("name_native", "text")
        .addColumn("title_en", "text")
        .addColumn("title_zh", "text")
        // Stored lower-cased by the model.
        .addColumn("email", "text", (col) => (uniqueEmail ? col.unique() : col))
        .addColumn("organization_id", "integer", (col) => col.references("organizations.id").onDelete("set null"))
        .addColumn("created_at", instantType(trx), (col) => col.notNull())
        .addColumn("updated_at", instantType(trx), (col) => col.notNull())
        .execute();
      const columns = sql.join(PEOPLE_COLUMNS.map((column) => sql.ref(column)));
      await sql`insert into people_rebuilt (${columns}) select ${columns} from people`.execute(trx);
      await trx.schema.dropTable("people").execute();
      await trx.schema.alterTable("people_rebuilt").renameTo("people").execute();
      for (const dependent of dependents) await sql.raw(dependent.sql).execute(trx);
      // AUTOINCREMENT never reuses an id, not even one of a deleted row: keep the old counter (the
      // rename carried the new table's counter over, if the copy made one).
      if (sequence[0]) {
        const { rows: copied } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'people'`.execute(trx);
        const seq = Math.max(Number(sequence[0].seq), Number(copied[0]?.seq ?? 0));
        await sql`delete from sqlite_sequence where name = 'people'`.execute(trx);
        await sql`insert into sqlite_sequence (name, seq) values ('people', ${seq})`.execute(trx);
      }
      const { rows: violations } = await sql`pragma foreign_key_check`.execute(trx);
      if (violations.length > 0) throw new Error(`people rebuild: ${violations.length} foreign key violation(s)`);
    });
  } finally {
    if (foreignKeysWereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}
