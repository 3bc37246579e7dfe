/**
 * Child process for the two-process seat race on one SQLite file:
 *   node --import tsx test/support/seat-taker.ts <file> <eventId> <sessionId> <guarded|unguarded> <registrationId,…>
 * Sends one seat request per registration, all at once (the process's requests then queue for its
 * one connection, and its transactions for the file's write lock against the other process). Exits
 * 0 only if every request was answered with a seat or a waiting place.
 */
import { createDb } from "../../db/client";
import { takeSeat } from "../../app/models/seat.server";
import { takeSeatUnguarded } from "./seat-world";

const [file, eventArg, sessionArg, mode, idsArg] = process.argv.slice(2);
const eventId = Number(eventArg);
const sessionId = Number(sessionArg);
const registrationIds = (idsArg ?? "").split(",").map(Number);
if (!file || !Number.isInteger(eventId) || !Number.isInteger(sessionId) || !["guarded", "unguarded"].includes(mode) || registrationIds.some((id) => !Number.isInteger(id) || id < 1)) {
  console.error("usage: seat-taker.ts <file> <eventId> <sessionId> <guarded|unguarded> <registrationId,…>");
  process.exit(2);
}

const db = createDb(`file:${file}`);
try {
  const outcomes = await Promise.all(
    registrationIds.map(async (registrationId) => {
      if (mode === "unguarded") {
        await takeSeatUnguarded(db, { sessionId, registrationId });
        return true;
      }
      const result = await takeSeat(db, { eventId, sessionId, registrationId });
      return result.ok;
    }),
  );
  const refused = outcomes.filter((ok) => !ok).length;
  if (refused > 0) {
    console.error(`${refused} requests refused`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
