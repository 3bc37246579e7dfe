import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

/**
 * The few column shapes that differ between SQLite and PostgreSQL. Migrations use these so that
 * both engines hold the same values and return the same JavaScript types.
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function idColumn(db: Kysely<any>) {
  return (col: ColumnDefinitionBuilder) =>
    isPostgres(db) ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

/** Instants: ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL (read back as ISO text). */
export function instantType(db: Kysely<any>) {
  return isPostgres(db) ? sql`timestamptz` : sql`text`;
}

/** A CHECK expression that keeps a column to a closed set of values. */
export function sqlIn(column: string, values: ReadonlyArray<string | number>) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}
