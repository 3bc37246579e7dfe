import type { Kysely } from "kysely";
import { idColumn, instantType } from "./sql-types";

/**
 * Browsers that signed in to an account before (OWASP's "device cookie"): the cookie carries a
 * random token, stored here only as its SHA-256 hash with the account it was issued for. A sign-in
 * attempt from such a browser is judged by the failures of that device alone, recorded in
 * login_attempts.device_id (null for attempts from browsers the account does not know).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sign_in_devices")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", instantType(db), (col) => col.notNull())
    .addColumn("last_signed_in_at", instantType(db), (col) => col.notNull())
    .addColumn("expires_at", instantType(db), (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sign_in_devices_user_id").on("sign_in_devices").column("user_id").execute();
  await db.schema.createIndex("sign_in_devices_expires_at").on("sign_in_devices").column("expires_at").execute();

  // No foreign key: a device row may expire while its (day-old at most) attempts remain, and
  // SQLite cannot drop a column that takes part in one. Ids are never reused on either engine.
  await db.schema.alterTable("login_attempts").addColumn("device_id", "integer").execute();
  await db.schema.createIndex("login_attempts_device").on("login_attempts").columns(["device_id", "attempted_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("login_attempts_device").execute();
  await db.schema.alterTable("login_attempts").dropColumn("device_id").execute();
  await db.schema.dropTable("sign_in_devices").execute();
}
