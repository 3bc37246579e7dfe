import type { Db } from "../../db/client";
import type { MailLanguage } from "../../db/schema";

let sequence = 0;

/** A person of the directory, straight into the table. */
export async function insertPerson(
  db: Db,
  { name, email = null, language = null }: { name?: string; email?: string | null; language?: MailLanguage | null } = {},
): Promise<{ id: number; name: string; email: string | null }> {
  sequence += 1;
  const at = new Date().toISOString();
  const row = await db
    .insertInto("people")
    .values({
      name: name ?? `Person ${sequence}`,
      name_native: null,
      title_en: null,
      title_zh: null,
      email,
      organization_id: null,
      language,
      key: null,
      created_at: at,
      updated_at: at,
    })
    .returning(["id", "name", "email"])
    .executeTakeFirstOrThrow();
  return row;
}

/** The token of the account invitation link in a mail's text. */
export function invitationToken(text: string): string {
  const match = /\/welcome\/([A-Za-z0-9_-]{43})\b/.exec(text);
  if (!match) throw new Error("No invitation link in the mail");
  return match[1];
}

/** Registers the person for the event (a badge code of its own), optionally in a new category. */
export async function registerPerson(
  db: Db,
  { eventId, personId, status = "confirmed", category = null, badgeCode }: { eventId: number; personId: number; status?: "pending" | "confirmed" | "cancelled"; category?: string | null; badgeCode: string },
): Promise<void> {
  const at = new Date().toISOString();
  const categoryId = category
    ? (await db.insertInto("registration_categories").values({ event_id: eventId, name_en: category, name_zh: null }).returning("id").executeTakeFirstOrThrow()).id
    : null;
  await db
    .insertInto("registrations")
    .values({ event_id: eventId, person_id: personId, category_id: categoryId, status, source: "organizer", badge_code: badgeCode, created_at: at, updated_at: at })
    .execute();
}

/** A delegation of the event with the person in it. */
export async function putInDelegation(
  db: Db,
  { eventId, personId, key, nameEn, role = "member" }: { eventId: number; personId: number; key: string; nameEn: string; role?: "head" | "member" | "adviser" | "liaison" },
): Promise<void> {
  const at = new Date().toISOString();
  const { id } = await db
    .insertInto("delegations")
    .values({ event_id: eventId, key, name_en: nameEn, name_zh: null, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("delegation_members").values({ delegation_id: id, event_id: eventId, person_id: personId, role, created_at: at }).execute();
}

/** Links an account to a person, as an accepted invitation would. */
export async function linkAccount(db: Db, { personId, userId }: { personId: number; userId: number }): Promise<void> {
  await db.insertInto("person_accounts").values({ person_id: personId, user_id: userId, linked_at: new Date().toISOString() }).execute();
}
