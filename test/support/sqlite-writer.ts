/**
 * Child process for the multi-process SQLite test:
 *   node --import tsx test/support/sqlite-writer.ts <file> <rows> <writer-name>
 * Appends <rows> rows to the `writes` table (which the test created), one small read-then-write
 * transaction per row: each row's `seq` is the number of rows before it, so with `seq` unique, two
 * processes' transactions that interleaved instead of serializing would fail. Exits 0 only if every
 * transaction committed.
 */
import { sql } from "kysely";
import { createDb } from "../../db/client";

const [file, rowsArg, writer] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!file || !Number.isInteger(rows) || rows < 1 || !writer) {
  console.error("usage: sqlite-writer.ts <file> <rows> <writer-name>");
  process.exit(2);
}

const db = createDb(`file:${file}`);
try {
  for (let i = 0; i < rows; i++) {
    await db.transaction().execute(async (trx) => {
      const { rows: found } = await sql<{ n: number }>`select count(*) as n from writes`.execute(trx);
      await sql`insert into writes (writer, seq) values (${writer}, ${found[0].n})`.execute(trx);
    });
  }
} finally {
  await db.destroy();
}
