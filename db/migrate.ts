import { Migrator, sql, type Kysely, type MigrationResultSet } from "kysely";
import { migrations } from "./migrations/index";
import { isPostgres } from "./migrations/sql-types";

async function migratorFor(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told which one; PostgreSQL
    // databases holding several migrated schemas (tests isolate by search_path) need this.
    migrationTableSchema: isPostgres(db) ? await currentSchema(db) : undefined,
  });
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("PostgreSQL has no current schema: the search_path names no existing schema");
  return schema;
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await (await migratorFor(db)).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** True when every registered migration has been applied: what /healthz reports. */
export async function isFullyMigrated(db: Kysely<any>): Promise<boolean> {
  const applied = await (await migratorFor(db)).getMigrations();
  return applied.every((migration) => migration.executedAt !== undefined);
}
