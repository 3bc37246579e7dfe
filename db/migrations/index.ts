import type { Migration } from "kysely";
import * as foundation from "./2026-11-26-01-foundation";
import * as agenda from "./2026-11-26-02-agenda";
import * as signInDevices from "./2026-11-30-01-sign-in-devices";
import * as directoryEmails from "./2026-11-30-02-directory-emails";
import * as participants from "./2026-11-30-03-participants";
import * as bilaterals from "./2026-11-30-04-bilaterals";
import * as calendarFeeds from "./2026-11-30-05-calendar-feeds";

/**
 * Every migration, in order. Registered statically (not found by scanning a folder) so that the
 * same list runs in tests, in the CLI and inside the bundled server build.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-26-01-foundation": foundation,
  "2026-11-26-02-agenda": agenda,
  "2026-11-30-01-sign-in-devices": signInDevices,
  "2026-11-30-02-directory-emails": directoryEmails,
  "2026-11-30-03-participants": participants,
  "2026-11-30-04-bilaterals": bilaterals,
  "2026-11-30-05-calendar-feeds": calendarFeeds,
};
