import type { Db } from "../../../db/client";
import { getOrganization } from "~/models/person.server";
import { eventSchemaWith } from "./event-form";

/** The event form's rules with the check only the server can make: the host organization exists. */
export function eventSchemaOnServer(db: Db) {
  return eventSchemaWith(async (id) => (await getOrganization(db, id)) !== undefined);
}
