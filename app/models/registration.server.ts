import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { engineOf, type Db } from "../../db/client";
import { isForeignKeyViolation } from "../../db/errors";
import type { MailLanguage, RegistrationMode, RegistrationSource, RegistrationStatus } from "../../db/schema";
import { toDataURL } from "qrcode";
import { generateBadgeCode } from "../../lib/badge-code";
import { registrationMail } from "../mail/registration";
import { translatorFor } from "../i18n/i18next.server";
import { localized } from "../utils/localized";
import { normalizeCountryCode } from "../utils/countries";
import { recordAudit } from "./audit.server";
import { sendMail } from "./mail.server";
import type { Viewer } from "./event.server";
import { findPeopleByVisibleEmail } from "./person.server";
import { releaseSeatsOfRegistration, type SeatPromotion } from "./seat.server";
import { containsText } from "./text-search.server";

// Registrations of people for events, and the categories organizers sort them into.

/** Why a registration cannot be made or changed; routes turn these into messages. */
export type RegistrationProblem = "unknown_person" | "unknown_category" | "not_found" | "wrong_status" | "registration_closed";

export interface RegisterPersonInput {
  eventId: number;
  personId: number;
  categoryId: number | null;
  source: RegistrationSource;
  registeredBy: number | null;
  status?: "pending" | "confirmed";
  country?: string | null;
  organizationText?: string | null;
  dietaryNeeds?: string | null;
  accessNeeds?: string | null;
}

export type RegisterPersonResult =
  | {
      ok: true;
      registrationId: number;
      /** False when the person was registered already (that registration is left as it was) or is re-activated. */
      created: boolean;
      /** True when a cancelled registration was brought back with this input. */
      reactivated: boolean;
    }
  | { ok: false; problem: RegistrationProblem };

/** Badge codes are 60 random bits; a second collision in a row would mean a broken generator. */
const BADGE_CODE_ATTEMPTS = 5;

/** Runs `work` in the caller's transaction when given one, otherwise in a new one. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Registers a person for an event. One registration per person and event, kept by the database's
 * unique constraint:
 * - a person registered already (pending or confirmed) keeps that registration untouched, and its
 *   id comes back with `created: false`;
 * - a cancelled registration is re-activated with the given category, status, source and details,
 *   keeping its badge code (`created: false, reactivated: true`);
 * - otherwise a new registration with a fresh badge code (`created: true`).
 * The category must belong to the event (a composite foreign key); the status is confirmed unless
 * given. Inside a caller's transaction no constraint error is raised: conflicts are absorbed by
 * `on conflict do nothing`, and the person and category are checked before the insert. (Only a
 * category deleted between that check and the insert trips the foreign key; on PostgreSQL the
 * caller's transaction is then failed, and the caller must give up on it.)
 */
export async function registerPerson(db: Db, input: RegisterPersonInput, now = new Date()): Promise<RegisterPersonResult> {
  try {
    return await inTransaction(db, (trx) => registerInTransaction(trx, input, now));
  } catch (error) {
    // A category deleted between the check and the insert: the composite foreign key refuses it.
    if (isForeignKeyViolation(error)) return { ok: false, problem: input.categoryId === null ? "unknown_person" : "unknown_category" };
    throw error;
  }
}

async function registerInTransaction(trx: Db, input: RegisterPersonInput, now: Date): Promise<RegisterPersonResult> {
  const at = now.toISOString();
  const status = input.status ?? "confirmed";
  const person = await trx.selectFrom("people").select("id").where("id", "=", input.personId).executeTakeFirst();
  if (!person) return { ok: false, problem: "unknown_person" };
  if (input.categoryId !== null && !(await categoryOfEvent(trx, input.eventId, input.categoryId))) {
    return { ok: false, problem: "unknown_category" };
  }
  const details = {
    category_id: input.categoryId,
    country: input.country ?? null,
    organization_text: input.organizationText ?? null,
    dietary_needs: input.dietaryNeeds ?? null,
    access_needs: input.accessNeeds ?? null,
  };
  const audit = (action: string, registrationId: number) =>
    recordAudit(
      trx,
      { actorUserId: input.registeredBy, eventId: input.eventId, action, subjectType: "registration", subjectId: registrationId, details: { personId: input.personId, source: input.source, status } },
      now,
    );

  for (let attempt = 0; attempt < BADGE_CODE_ATTEMPTS; attempt++) {
    const inserted = await trx
      .insertInto("registrations")
      .values({
        ...details,
        event_id: input.eventId,
        person_id: input.personId,
        status,
        source: input.source,
        badge_code: generateBadgeCode(),
        registered_by: input.registeredBy,
        created_at: at,
        updated_at: at,
      })
      // Either unique constraint: the person is registered already, or the badge code is taken.
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) {
      await audit("registration.create", inserted.id);
      return { ok: true, registrationId: inserted.id, created: true, reactivated: false };
    }

    const existing = await trx
      .selectFrom("registrations")
      .select(["id", "status"])
      .where("event_id", "=", input.eventId)
      .where("person_id", "=", input.personId)
      .executeTakeFirst();
    if (!existing) continue; // the badge code was taken: draw another
    if (existing.status !== "cancelled") return { ok: true, registrationId: existing.id, created: false, reactivated: false };

    const reactivated = await trx
      .updateTable("registrations")
      .set({ ...details, status, source: input.source, registered_by: input.registeredBy, updated_at: at })
      .where("id", "=", existing.id)
      .where("status", "=", "cancelled")
      .executeTakeFirst();
    const done = Number(reactivated.numUpdatedRows) === 1;
    if (done) await audit("registration.reactivate", existing.id);
    return { ok: true, registrationId: existing.id, created: false, reactivated: done };
  }
  throw new Error("Could not draw an unused badge code");
}

async function categoryOfEvent(db: Db, eventId: number, categoryId: number) {
  return db
    .selectFrom("registration_categories")
    .select(["id", "public"])
    .where("id", "=", categoryId)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
}

// Categories.

export interface CategoryInput {
  nameEn: string | null;
  nameZh: string | null;
  public: boolean;
  position: number;
}

/** The event's categories in their order, with how many live (not cancelled) registrations each has. */
export async function listCategories(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("registration_categories as c")
    .select((eb) => [
      "c.id",
      "c.name_en",
      "c.name_zh",
      "c.public",
      "c.position",
      eb
        .selectFrom("registrations as r")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("r.category_id", "=", "c.id")
        .where("r.status", "<>", "cancelled")
        .as("registrations"),
    ])
    .where("c.event_id", "=", eventId)
    .orderBy("c.position")
    .orderBy("c.id")
    .execute();
  return rows.map((row) => ({ ...row, public: row.public === 1, registrations: Number(row.registrations ?? 0) }));
}

/** What the public form offers: the event's public categories. */
export async function listPublicCategories(db: Db, eventId: number) {
  return db
    .selectFrom("registration_categories")
    .select(["id", "name_en", "name_zh"])
    .where("event_id", "=", eventId)
    .where("public", "=", 1)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Creates a category, or updates one of this event; false when `categoryId` is not this event's. */
export async function saveCategory(
  db: Db,
  { eventId, categoryId, input, actorUserId }: { eventId: number; categoryId?: number; input: CategoryInput; actorUserId: number },
): Promise<boolean> {
  const values = { name_en: input.nameEn, name_zh: input.nameZh, public: input.public ? (1 as const) : (0 as const), position: input.position };
  return db.transaction().execute(async (trx) => {
    let savedId = categoryId;
    if (savedId === undefined) {
      savedId = (await trx.insertInto("registration_categories").values({ ...values, event_id: eventId }).returning("id").executeTakeFirstOrThrow()).id;
    } else {
      const result = await trx.updateTable("registration_categories").set(values).where("id", "=", savedId).where("event_id", "=", eventId).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
    }
    await recordAudit(trx, { actorUserId, eventId, action: `registration_category.${categoryId === undefined ? "create" : "update"}`, subjectType: "registration_category", subjectId: savedId, details: values });
    return true;
  });
}

export type DeleteCategoryResult = { ok: true } | { ok: false; problem: "not_found" | "category_in_use" | "category_restricts_sessions" };

/**
 * Deletes a category no registration uses (cancelled ones included: they keep their category for
 * the record) and no session is restricted to: deleting it would silently open such a session to
 * everyone. The condition is in the delete itself; the foreign key catches a registration that
 * arrives meanwhile.
 */
export async function deleteCategory(
  db: Db,
  { eventId, categoryId, actorUserId }: { eventId: number; categoryId: number; actorUserId: number },
): Promise<DeleteCategoryResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<DeleteCategoryResult> => {
      const category = await categoryOfEvent(trx, eventId, categoryId);
      if (!category) return { ok: false, problem: "not_found" };
      const result = await trx
        .deleteFrom("registration_categories")
        .where("id", "=", categoryId)
        .where("event_id", "=", eventId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom("registrations").select("registrations.id").where("registrations.category_id", "=", categoryId))))
        .where((eb) => eb.not(eb.exists(eb.selectFrom("session_categories").select("session_categories.session_id").where("session_categories.category_id", "=", categoryId))))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        const inUse = await trx.selectFrom("registrations").select("id").where("category_id", "=", categoryId).executeTakeFirst();
        return { ok: false, problem: inUse ? "category_in_use" : "category_restricts_sessions" };
      }
      await recordAudit(trx, { actorUserId, eventId, action: "registration_category.delete", subjectType: "registration_category", subjectId: categoryId });
      return { ok: true };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, problem: "category_in_use" };
    throw error;
  }
}

// The public registration setting.

export async function setRegistrationMode(
  db: Db,
  { eventId, mode, actorUserId }: { eventId: number; mode: RegistrationMode; actorUserId: number },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("events").set({ registration_mode: mode, updated_at: now.toISOString() }).where("id", "=", eventId).execute();
    await recordAudit(trx, { actorUserId, eventId, action: "event.registration_mode", subjectType: "event", subjectId: eventId, details: { mode } }, now);
  });
}

// Registrations as organizers see them.

export interface RegistrationFilters {
  status?: RegistrationStatus;
  categoryId?: number;
  /** Words matched against the names, the organization and the delegation. */
  query?: string;
}

/** How many rows the list shows at once; the caller is told when there were more. */
export const REGISTRATION_LIST_LIMIT = 500;

/**
 * The event's registrations for its organizers: the person's names, organization (the directory's,
 * or as typed at registration), delegation, category, status, source and country. No email: the
 * directory decides who sees that.
 */
export async function listRegistrations(db: Db, eventId: number, filters: RegistrationFilters = {}) {
  let query = db
    .selectFrom("registrations as r")
    .innerJoin("people as p", "p.id", "r.person_id")
    .leftJoin("organizations as o", "o.id", "p.organization_id")
    .leftJoin("registration_categories as c", "c.id", "r.category_id")
    .leftJoin("delegation_members as m", (join) => join.onRef("m.person_id", "=", "r.person_id").onRef("m.event_id", "=", "r.event_id"))
    .leftJoin("delegations as d", "d.id", "m.delegation_id")
    .select([
      "r.id",
      "r.status",
      "r.source",
      "r.country",
      "r.organization_text",
      "r.category_id",
      "r.created_at",
      "p.id as person_id",
      "p.name",
      "p.name_native",
      "o.name_en as organization_name_en",
      "o.name_zh as organization_name_zh",
      "c.name_en as category_name_en",
      "c.name_zh as category_name_zh",
      "d.name_en as delegation_name_en",
      "d.name_zh as delegation_name_zh",
    ])
    .where("r.event_id", "=", eventId);
  if (filters.status) query = query.where("r.status", "=", filters.status);
  if (filters.categoryId !== undefined) query = query.where("r.category_id", "=", filters.categoryId);
  for (const word of (filters.query ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
    query = query.where((eb) =>
      eb.or(
        (["p.name", "p.name_native", "o.name_en", "o.name_zh", "r.organization_text", "d.name_en", "d.name_zh"] as const).map((column) =>
          containsText(sql.ref<string | null>(column), word),
        ),
      ),
    );
  }
  const rows = await query
    .orderBy(sql`lower(p.name)`)
    .orderBy("r.id")
    .limit(REGISTRATION_LIST_LIMIT + 1)
    .execute();
  return { registrations: rows.slice(0, REGISTRATION_LIST_LIMIT), hasMore: rows.length > REGISTRATION_LIST_LIMIT };
}

/** What a mail about a registration needs: to whom, in which language, and the badge. */
export interface RegistrationMailFacts {
  registrationId: number;
  status: RegistrationStatus;
  badgeCode: string;
  personName: string;
  personNameNative: string | null;
  email: string | null;
  language: MailLanguage | null;
  eventTitleEn: string | null;
  eventTitleZh: string | null;
  eventId: number;
  eventSlug: string;
}

async function mailFacts(db: Db, registrationId: number): Promise<RegistrationMailFacts> {
  const row = await db
    .selectFrom("registrations as r")
    .innerJoin("people as p", "p.id", "r.person_id")
    .innerJoin("events as e", "e.id", "r.event_id")
    .select(["r.id", "r.status", "r.badge_code", "p.name", "p.name_native", "p.email", "p.language", "e.id as event_id", "e.title_en", "e.title_zh", "e.slug"])
    .where("r.id", "=", registrationId)
    .executeTakeFirstOrThrow();
  return {
    registrationId: row.id,
    status: row.status,
    badgeCode: row.badge_code,
    personName: row.name,
    personNameNative: row.name_native,
    email: row.email,
    language: row.language,
    eventTitleEn: row.title_en,
    eventTitleZh: row.title_zh,
    eventId: row.event_id,
    eventSlug: row.slug,
  };
}

export type ChangeRegistrationResult = { ok: true; mail: RegistrationMailFacts } | { ok: false; problem: RegistrationProblem };

/**
 * Moves a registration of this event from one of `from` to `to`, guarded by the update's own
 * condition, so two organizers acting at once change it once.
 */
async function transition(
  trx: Db,
  { eventId, registrationId, from, to, actorUserId, now }: { eventId: number; registrationId: number; from: RegistrationStatus[]; to: RegistrationStatus; actorUserId: number; now: Date },
): Promise<RegistrationProblem | null> {
  const result = await trx
    .updateTable("registrations")
    .set({ status: to, updated_at: now.toISOString() })
    .where("id", "=", registrationId)
    .where("event_id", "=", eventId)
    .where("status", "in", from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await trx.selectFrom("registrations").select("id").where("id", "=", registrationId).where("event_id", "=", eventId).executeTakeFirst();
    return exists ? "wrong_status" : "not_found";
  }
  await recordAudit(trx, { actorUserId, eventId, action: `registration.${to === "confirmed" ? "confirm" : "cancel"}`, subjectType: "registration", subjectId: registrationId }, now);
  return null;
}

/** Pending → confirmed; the answer carries what the badge mail needs. */
export async function confirmRegistration(
  db: Db,
  input: { eventId: number; registrationId: number; actorUserId: number },
  now = new Date(),
): Promise<ChangeRegistrationResult> {
  return db.transaction().execute(async (trx): Promise<ChangeRegistrationResult> => {
    const problem = await transition(trx, { ...input, from: ["pending"], to: "confirmed", now });
    return problem ? { ok: false, problem } : { ok: true, mail: await mailFacts(trx, input.registrationId) };
  });
}

/** Thrown inside a transaction to roll it back and answer with a problem. */
class Refusal extends Error {
  constructor(readonly problem: RegistrationProblem) {
    super(problem);
  }
}

export type CancelRegistrationResult = { ok: true; promoted: SeatPromotion[] } | { ok: false; problem: RegistrationProblem };

/**
 * Pending or confirmed → cancelled, releasing the person's workshop seats and waiting places in
 * the same transaction (the seat model passes each freed seat on). The seats are released before
 * the registration row changes, the order of locks the seat model keeps (sessions, then
 * registrations); a cancellation that loses a race rolls the release back with it. Returns who was
 * given a seat, to be told after the commit.
 */
export async function cancelRegistration(
  db: Db,
  input: { eventId: number; registrationId: number; actorUserId: number },
  now = new Date(),
): Promise<CancelRegistrationResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<CancelRegistrationResult> => {
      const registration = await trx
        .selectFrom("registrations")
        .select("status")
        .where("id", "=", input.registrationId)
        .where("event_id", "=", input.eventId)
        .executeTakeFirst();
      if (!registration) return { ok: false, problem: "not_found" };
      if (registration.status === "cancelled") return { ok: false, problem: "wrong_status" };
      const promoted = await releaseSeatsOfRegistration(trx, input.registrationId, now);
      const problem = await transition(trx, { ...input, from: ["pending", "confirmed"], to: "cancelled", now });
      if (problem) throw new Refusal(problem);
      return { ok: true, promoted };
    });
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** Puts a registration of this event in another of its categories (or none). */
export async function changeRegistrationCategory(
  db: Db,
  { eventId, registrationId, categoryId, actorUserId }: { eventId: number; registrationId: number; categoryId: number | null; actorUserId: number },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: RegistrationProblem }> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (categoryId !== null && !(await categoryOfEvent(trx, eventId, categoryId))) return { ok: false as const, problem: "unknown_category" as const };
      const result = await trx
        .updateTable("registrations")
        .set({ category_id: categoryId, updated_at: now.toISOString() })
        .where("id", "=", registrationId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { ok: false as const, problem: "not_found" as const };
      await recordAudit(trx, { actorUserId, eventId, action: "registration.category", subjectType: "registration", subjectId: registrationId, details: { categoryId } }, now);
      return { ok: true as const };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, problem: "unknown_category" };
    throw error;
  }
}

// CSV import.

export const IMPORT_COLUMNS = ["name", "name_native", "email", "organization", "country", "category", "language", "dietary_needs", "access_needs"] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const IMPORT_MAX_ROWS = 2000;
export const IMPORT_MAX_CELL = 500;

/** Why a whole file is refused. */
export type ImportFileProblem = "broken_csv" | "row_too_long" | "empty" | "missing_name_column" | "unknown_column" | "duplicate_column" | "too_many_rows";
/** Why one row is refused. */
export type ImportRowProblem =
  | "wrong_cell_count"
  | "cell_too_long"
  | "control_characters"
  | "missing_name"
  | "bad_email"
  | "unknown_category"
  | "unknown_country"
  | "unknown_language"
  | "duplicate_row"
  | "already_registered";

export interface ImportRow {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  line: number;
  name: string;
  nameNative: string | null;
  email: string | null;
  /** What happens on import: a new directory person, an existing one found by email, or nothing. */
  outcome: "create" | "reuse" | "invalid";
  /** The directory person an email matched (only people whose email the organizer may see). */
  existingPerson: { id: number; name: string } | null;
  problems: ImportRowProblem[];
}

interface ValidRowValues {
  name: string;
  nameNative: string | null;
  email: string | null;
  organization: string | null;
  country: string | null;
  categoryId: number | null;
  language: MailLanguage | null;
  dietaryNeeds: string | null;
  accessNeeds: string | null;
}

export type ImportPreview =
  | { ok: true; rows: ImportRow[]; valid: number; invalid: number }
  | { ok: false; problem: ImportFileProblem; line?: number; column?: string };

// Tab, line feed and carriage return are text; other control characters are refused, as in forms.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// The same check as the forms' zod email, which this module (a model) does not import.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9-]*\.)+[A-Z]{2,}$/i;

function parseCsv(text: string): { ok: true; header: string[]; records: Array<{ line: number; cells: string[] }> } | { ok: false; problem: ImportFileProblem; line?: number } {
  let parsed: string[][];
  try {
    parsed = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Files pasted or saved on different systems mix line endings.
      record_delimiter: ["\r\n", "\n", "\r"],
      // One more than allowed, to tell a file that is too long.
      to: IMPORT_MAX_ROWS + 2,
      max_record_size: IMPORT_MAX_CELL * IMPORT_COLUMNS.length * 4,
    }) as string[][];
  } catch (error) {
    const { code, lines } = error as { code?: unknown; lines?: unknown };
    return { ok: false, problem: code === "CSV_MAX_RECORD_SIZE" ? "row_too_long" : "broken_csv", line: typeof lines === "number" ? lines : undefined };
  }
  if (parsed.length === 0) return { ok: false, problem: "empty" };
  if (parsed.length > IMPORT_MAX_ROWS + 1) return { ok: false, problem: "too_many_rows" };
  const [header, ...records] = parsed;
  // Rows are numbered as a spreadsheet shows them: the header is row 1, whatever line breaks a cell holds.
  return { ok: true, header: header.map((cell) => cell.trim().toLowerCase()), records: records.map((cells, index) => ({ line: index + 2, cells })) };
}

function columnIndexes(header: string[]): { ok: true; index: Partial<Record<ImportColumn, number>> } | { ok: false; problem: ImportFileProblem; column?: string } {
  const index: Partial<Record<ImportColumn, number>> = {};
  for (const [position, name] of header.entries()) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) return { ok: false, problem: "unknown_column", column: name.slice(0, 40) };
    if (index[name as ImportColumn] !== undefined) return { ok: false, problem: "duplicate_column", column: name };
    index[name as ImportColumn] = position;
  }
  if (index.name === undefined) return { ok: false, problem: "missing_name_column" };
  return { ok: true, index };
}

function nameKey(value: string): string {
  return value.trim().toLowerCase();
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

interface CheckedImport {
  rows: ImportRow[];
  values: Map<number, ValidRowValues>;
}

/**
 * Reads and checks every row against the event as it is now: categories by their English or
 * Chinese name, countries by ISO code, languages, emails, duplicates within the file, and people
 * already registered. An email is matched to a directory person only where the organizer may see
 * that person's email; otherwise the row creates a new person, as if no one held it.
 */
async function checkImport(db: Db, viewer: Viewer, eventId: number, text: string): Promise<{ ok: true; checked: CheckedImport } | Extract<ImportPreview, { ok: false }>> {
  const csv = parseCsv(text);
  if (!csv.ok) return csv;
  const columns = columnIndexes(csv.header);
  if (!columns.ok) return columns;
  const cell = (cells: string[], column: ImportColumn) => {
    const position = columns.index[column];
    return position === undefined ? undefined : cells[position];
  };

  const categories = await db.selectFrom("registration_categories").select(["id", "name_en", "name_zh"]).where("event_id", "=", eventId).execute();
  const categoryByName = new Map<string, number>();
  for (const category of categories) {
    for (const name of [category.name_en, category.name_zh]) if (name) categoryByName.set(nameKey(name), category.id);
  }

  const emails = new Set<string>();
  for (const { cells } of csv.records) {
    const email = blankToNull(cell(cells, "email"))?.toLowerCase();
    if (email && EMAIL.test(email)) emails.add(email);
  }
  const known: Array<{ id: number; name: string; email: string | null }> = [];
  const emailList = [...emails];
  for (let start = 0; start < emailList.length; start += 500) known.push(...(await findPeopleByVisibleEmail(db, viewer, emailList.slice(start, start + 500))));
  const personByEmail = new Map<string, { id: number; name: string }>();
  for (const person of known) if (person.email && !personByEmail.has(person.email)) personByEmail.set(person.email, { id: person.id, name: person.name });
  const registered = new Set(
    known.length === 0
      ? []
      : (
          await db
            .selectFrom("registrations")
            .select("person_id")
            .where("event_id", "=", eventId)
            .where("status", "<>", "cancelled")
            .where("person_id", "in", [...personByEmail.values()].map((person) => person.id))
            .execute()
        ).map((row) => row.person_id),
  );

  const seen = new Set<string>();
  const rows: ImportRow[] = [];
  const values = new Map<number, ValidRowValues>();
  for (const { line, cells } of csv.records) {
    const problems = new Set<ImportRowProblem>();
    if (cells.length !== csv.header.length) problems.add("wrong_cell_count");
    if (cells.some((value) => value.length > IMPORT_MAX_CELL)) problems.add("cell_too_long");
    if (cells.some((value) => CONTROL_CHARACTER.test(value))) problems.add("control_characters");
    const text = (column: ImportColumn) => blankToNull(cell(cells, column))?.slice(0, IMPORT_MAX_CELL) ?? null;

    const name = text("name");
    if (!name) problems.add("missing_name");
    const email = text("email")?.toLowerCase() ?? null;
    if (email && !EMAIL.test(email)) problems.add("bad_email");
    const countryText = text("country");
    const country = countryText ? normalizeCountryCode(countryText) : null;
    if (countryText && !country) problems.add("unknown_country");
    const categoryText = text("category");
    const categoryId = categoryText ? (categoryByName.get(nameKey(categoryText)) ?? null) : null;
    if (categoryText && categoryId === null) problems.add("unknown_category");
    const languageText = text("language")?.toLowerCase() ?? null;
    const language: MailLanguage | null = languageText === "en" ? "en" : languageText === "zh-tw" ? "zh-TW" : null;
    if (languageText && !language) problems.add("unknown_language");

    // The same person twice in the file: by email, or by name when the row has no email.
    const identity = email ? `email:${email}` : `name:${nameKey(name ?? "")}:${nameKey(text("name_native") ?? "")}`;
    if (name && seen.has(identity)) problems.add("duplicate_row");
    seen.add(identity);

    const existingPerson = email && !problems.has("bad_email") ? (personByEmail.get(email) ?? null) : null;
    if (existingPerson && registered.has(existingPerson.id)) problems.add("already_registered");

    const valid = problems.size === 0 && name !== null;
    rows.push({
      line,
      name: name ?? "",
      nameNative: text("name_native"),
      email,
      outcome: valid ? (existingPerson ? "reuse" : "create") : "invalid",
      existingPerson,
      problems: [...problems],
    });
    if (valid) {
      values.set(line, {
        name,
        nameNative: text("name_native"),
        email,
        organization: text("organization"),
        country,
        categoryId,
        language,
        dietaryNeeds: text("dietary_needs"),
        accessNeeds: text("access_needs"),
      });
    }
  }
  return { ok: true, checked: { rows, values } };
}

/** What an import would do, row by row, without writing anything. */
export async function previewImport(db: Db, viewer: Viewer, eventId: number, text: string): Promise<ImportPreview> {
  const result = await checkImport(db, viewer, eventId, text);
  if (!result.ok) return result;
  const { rows } = result.checked;
  const invalid = rows.filter((row) => row.outcome === "invalid").length;
  return { ok: true, rows, valid: rows.length - invalid, invalid };
}

export type ImportResult =
  | { ok: true; created: number; reused: number; skipped: number }
  | { ok: false; problem: "rows_invalid" | "nothing_to_import"; preview: Extract<ImportPreview, { ok: true }> }
  | Extract<ImportPreview, { ok: false }>;

/**
 * Imports the file's rows in one transaction, checked again against the database as it is inside
 * that transaction (the preview the organizer saw may be stale). With any row invalid nothing is
 * written unless `onlyValid` is set; then the valid rows are imported whole and the others skipped.
 */
export async function importRegistrations(
  db: Db,
  { viewer, eventId, text, onlyValid }: { viewer: Viewer; eventId: number; text: string; onlyValid: boolean },
  now = new Date(),
): Promise<ImportResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<ImportResult> => {
    const result = await checkImport(trx, viewer, eventId, text);
    if (!result.ok) return result;
    const { rows, values } = result.checked;
    const invalid = rows.filter((row) => row.outcome === "invalid").length;
    const preview = { ok: true as const, rows, valid: rows.length - invalid, invalid };
    if (invalid > 0 && !onlyValid) return { ok: false, problem: "rows_invalid", preview };
    if (values.size === 0) return { ok: false, problem: "nothing_to_import", preview };

    let created = 0;
    let reused = 0;
    for (const row of rows) {
      const value = values.get(row.line);
      if (!value) continue;
      let personId = row.existingPerson?.id;
      if (personId === undefined) {
        personId = (
          await trx
            .insertInto("people")
            .values({ name: value.name, name_native: value.nameNative, email: value.email, language: value.language, created_at: at, updated_at: at })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
        created += 1;
      } else {
        reused += 1;
      }
      const registered = await registerPerson(
        trx,
        {
          eventId,
          personId,
          categoryId: value.categoryId,
          source: "import",
          registeredBy: viewer.userId,
          country: value.country,
          organizationText: value.organization,
          dietaryNeeds: value.dietaryNeeds,
          accessNeeds: value.accessNeeds,
        },
        now,
      );
      // The rows were checked inside this transaction, so a refusal here is a bug, not bad input.
      if (!registered.ok) throw new Error(`Import row ${row.line} refused: ${registered.problem}`);
    }
    await recordAudit(trx, { actorUserId: viewer.userId, eventId, action: "registration.import", subjectType: "event", subjectId: eventId, details: { created, reused, skipped: invalid } }, now);
    return { ok: true, created, reused, skipped: invalid };
  });
}

// Public registration.

export interface PublicRegistrationInput {
  name: string;
  nameNative: string | null;
  organization: string | null;
  email: string;
  country: string | null;
  categoryId: number | null;
  language: MailLanguage;
  dietaryNeeds: string | null;
  accessNeeds: string | null;
}

export type PublicRegistrationResult =
  | { ok: true; outcome: "registered" | "already_registered"; mail: RegistrationMailFacts }
  | { ok: false; problem: "registration_closed" | "unknown_category" };

/**
 * A registration from the public form, confirmed when the event's registration is open and
 * pending when it needs approval. The answer to the registrant must not tell whether the email was
 * known, so both outcomes carry what a mail to that address needs and nothing else differs:
 * - someone with this email already registered for the event (in any status): nothing changes, and
 *   the route mails that person about their registration;
 * - someone with this email, not linked to an account and not registered here: that directory
 *   person is registered (their directory entry is not changed from a public form);
 * - otherwise a new directory person. People linked to an account are never taken over from a
 *   public form: their registrations would appear in someone else's account.
 */
export async function registerFromPublicForm(
  db: Db,
  { eventId, input, userId }: { eventId: number; input: PublicRegistrationInput; userId: number | null },
  now = new Date(),
): Promise<PublicRegistrationResult> {
  const at = now.toISOString();
  const email = input.email.trim().toLowerCase();
  try {
    return await db.transaction().execute(async (trx): Promise<PublicRegistrationResult> => {
      const event = await trx.selectFrom("events").select("registration_mode").where("id", "=", eventId).executeTakeFirstOrThrow();
      if (event.registration_mode === "closed") return { ok: false, problem: "registration_closed" };
      if (input.categoryId !== null) {
        const category = await categoryOfEvent(trx, eventId, input.categoryId);
        if (!category || category.public !== 1) return { ok: false, problem: "unknown_category" };
      }

      if (engineOf(trx) === "postgres") {
        // Two registrations of one address at once wait for each other, as the directory's saves do
        // (SQLite's BEGIN IMMEDIATE serialises them anyway), so neither misses the other's person.
        await sql`select pg_advisory_xact_lock(hashtext('people.email'), hashtext(${email}))`.execute(trx);
      }
      const holders = await trx
        .selectFrom("people as p")
        .leftJoin("registrations as r", (join) => join.onRef("r.person_id", "=", "p.id").on("r.event_id", "=", eventId))
        .select((eb) => [
          "p.id",
          "r.id as registration_id",
          eb.exists(eb.selectFrom("person_accounts as a").select("a.person_id").whereRef("a.person_id", "=", "p.id")).as("has_account"),
        ])
        .where("p.email", "=", email)
        .orderBy("p.id")
        .execute();
      const registeredHolder = holders.find((holder) => holder.registration_id !== null);
      if (registeredHolder?.registration_id != null) {
        const mail = await mailFacts(trx, registeredHolder.registration_id);
        return { ok: true, outcome: "already_registered", mail: { ...mail, language: mail.language ?? input.language } };
      }
      let personId = holders.find((holder) => !Number(holder.has_account))?.id;
      if (personId === undefined) {
        personId = (
          await trx
            .insertInto("people")
            .values({ name: input.name, name_native: input.nameNative, email, language: input.language, created_at: at, updated_at: at })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      }
      const registered = await registerPerson(
        trx,
        {
          eventId,
          personId,
          categoryId: input.categoryId,
          source: "public",
          registeredBy: userId,
          status: event.registration_mode === "approval" ? "pending" : "confirmed",
          country: input.country,
          organizationText: input.organization,
          dietaryNeeds: input.dietaryNeeds,
          accessNeeds: input.accessNeeds,
        },
        now,
      );
      if (!registered.ok) return { ok: false, problem: "unknown_category" };
      const mail = await mailFacts(trx, registered.registrationId);
      // The registrant chose the language of this mail, even when their directory entry says otherwise.
      return { ok: true, outcome: registered.created ? "registered" : "already_registered", mail: { ...mail, language: input.language } };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, problem: "unknown_category" };
    throw error;
  }
}

/**
 * Mails the person about their registration as it stands: received and pending, or confirmed with
 * the badge (its code, and its QR code in the HTML part). Call it after the change is committed;
 * a person without an email gets nothing. `repeated` says the address asked to register again.
 */
/** Mails a new or renewed registration its confirmation (with the badge) or its receipt, as its status says. */
export async function mailRegistration(db: Db, registrationId: number, { origin }: { origin: string }): Promise<boolean> {
  return sendRegistrationMail(db, await mailFacts(db, registrationId), { origin });
}

export async function sendRegistrationMail(db: Db, facts: RegistrationMailFacts, { origin, repeated = false }: { origin: string; repeated?: boolean }): Promise<boolean> {
  if (!facts.email) return false;
  const language = facts.language ?? "en";
  const mail = registrationMail(translatorFor(language, "registration"), {
    language,
    // A Chinese letter greets the person by the name in their own script, when there is one.
    personName: language === "zh-TW" && facts.personNameNative ? facts.personNameNative : facts.personName,
    eventTitle: localized(facts.eventTitleEn, facts.eventTitleZh, language),
    eventUrl: `${origin}/events/${encodeURIComponent(facts.eventSlug)}`,
    status: facts.status,
    badgeCode: facts.badgeCode,
    qrDataUrl: facts.status === "confirmed" ? await toDataURL(facts.badgeCode, { errorCorrectionLevel: "M", margin: 2, width: 200 }) : "",
    repeated,
  });
  await sendMail(db, { to: facts.email, language, eventId: facts.eventId, ...mail });
  return true;
}
