/**
 * Recognising constraint violations on both engines. SQLite (sqlite3 package) reports
 * `code: "SQLITE_CONSTRAINT"` for every kind of constraint and names the kind only in the message
 * (a primary key clash also reads "UNIQUE constraint failed"); PostgreSQL sets a SQLSTATE `code`.
 */
export function isUniqueViolation(error: unknown): boolean {
  return isViolation(error, "UNIQUE", "23505");
}

export function isForeignKeyViolation(error: unknown): boolean {
  return isViolation(error, "FOREIGN KEY", "23503");
}

function isViolation(error: unknown, sqliteKind: string, sqlState: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === sqlState) return true;
  return code === "SQLITE_CONSTRAINT" && typeof message === "string" && message.includes(`${sqliteKind} constraint failed`);
}
