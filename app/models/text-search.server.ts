import { sql, type Expression, type SqlBool } from "kysely";

/** `%`, `_` and `\` in what a person typed are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Case-insensitive "contains" that behaves the same on SQLite and PostgreSQL (SQLite's LIKE folds
 * ASCII case, PostgreSQL's does not, so both sides are lower-cased).
 */
export function containsText(column: Expression<string | null>, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${likePattern(text.toLowerCase())} escape '\\'`;
}
