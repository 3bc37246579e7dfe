import { sql, type Expression, type SqlBool } from "kysely";

/** `%`, `_` and `\` in what a person typed are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Case-insensitive "contains" on SQLite and PostgreSQL alike (SQLite's LIKE folds ASCII case,
 * PostgreSQL's does not). Both sides are lower-cased by the same database function, so text typed
 * exactly as stored always matches, whatever that engine's lower() knows of non-ASCII letters.
 */
export function containsText(column: Expression<string | null>, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like lower(${likePattern(text)}) escape '\\'`;
}
