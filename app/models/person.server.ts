import { sql, type ExpressionBuilder } from "kysely";
import type { Db } from "../../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import type { OrganizationKind } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { containsText } from "./text-search.server";

/** How many rows one directory search returns; the caller is told when there were more. */
export const DIRECTORY_SEARCH_LIMIT = 100;
// Each word of a query must match somewhere; more words than this add nothing but cost.
const MAX_QUERY_WORDS = 8;

export interface OrganizationInput {
  nameEn?: string | null;
  nameZh?: string | null;
  /** ISO 3166-1 alpha-2, any letter case; empty for international bodies. */
  country?: string | null;
  kind: OrganizationKind;
}

export interface PersonInput {
  name: string;
  nameNative?: string | null;
  titleEn?: string | null;
  titleZh?: string | null;
  email?: string | null;
  organizationId?: number | null;
}

/** Blank optional text is stored as null, so "no value" has one spelling on both engines. */
function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

function organizationValues(input: OrganizationInput) {
  return {
    name_en: optionalText(input.nameEn),
    name_zh: optionalText(input.nameZh),
    country: optionalText(input.country)?.toUpperCase() ?? null,
    kind: input.kind,
  };
}

function personValues(input: PersonInput) {
  return {
    name: input.name.trim(),
    name_native: optionalText(input.nameNative),
    title_en: optionalText(input.titleEn),
    title_zh: optionalText(input.titleZh),
    // Lower-cased so the unique constraint refuses the same address in another letter case.
    email: optionalText(input.email)?.toLowerCase() ?? null,
    organization_id: input.organizationId ?? null,
  };
}

/** Names of the columns whose value differs, for the audit entry (values stay out of the log). */
function changedColumns(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((column) => before[column] !== after[column]);
}

const NOT_FOUND = { ok: false, reason: "not_found" } as const;

/** The directory's tables, with what their rows are called in the audit log. */
const SUBJECT_TYPES = { organizations: "organization", people: "person" } as const;
type DirectoryTable = keyof typeof SUBJECT_TYPES;
interface DirectoryValues {
  organizations: ReturnType<typeof organizationValues>;
  people: ReturnType<typeof personValues>;
}

/** One write to a directory table: the row's values as stored, by whom and when. */
interface DirectoryWrite<T extends DirectoryTable> {
  table: T;
  values: DirectoryValues[T];
  actorUserId: number | null;
  now: Date;
}

/** Adds a row and its audit entry (`<subject>.create` with `details`) in one transaction; answers the new id. */
async function insertAudited<T extends DirectoryTable>(
  db: Db,
  { table, values, actorUserId, now }: DirectoryWrite<T>,
  details: Record<string, unknown>,
): Promise<number> {
  // Kysely types a query on "one of these tables" but not on a type parameter; DirectoryWrite has
  // already matched the values to their table.
  const target: DirectoryTable = table;
  const subjectType = SUBJECT_TYPES[target];
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto(target)
      .values({ ...values, created_at: now.toISOString(), updated_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: `${subjectType}.create`, subjectType, subjectId: row.id, details }, now);
    return row.id;
  });
}

/**
 * Overwrites a row and records `<subject>.update` with the names of the columns that changed, in
 * one transaction. Answers false, writing nothing, when there is no row with that id.
 */
async function updateAudited<T extends DirectoryTable>(
  db: Db,
  id: number,
  { table, values, actorUserId, now }: DirectoryWrite<T>,
): Promise<boolean> {
  const target: DirectoryTable = table; // see insertAudited
  const subjectType = SUBJECT_TYPES[target];
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom(target).selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) return false;
    await trx
      .updateTable(target)
      .set({ ...values, updated_at: now.toISOString() })
      .where("id", "=", id)
      .execute();
    const details = { changed: changedColumns(before, values) };
    await recordAudit(trx, { actorUserId, action: `${subjectType}.update`, subjectType, subjectId: id, details }, now);
    return true;
  });
}

function queryWords(query: string | undefined): string[] {
  return (query ?? "").trim().split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
}

/** Every word of the query must match at least one of the columns. */
function matchesEveryWord<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, words: string[], columns: readonly string[]) {
  return eb.and(words.map((word) => eb.or(columns.map((column) => containsText(sql.ref<string | null>(column), word)))));
}

export interface OrganizationFilters {
  query?: string;
  kind?: OrganizationKind;
  country?: string;
}

export async function searchOrganizations(db: Db, filters: OrganizationFilters = {}) {
  const words = queryWords(filters.query);
  let query = db
    .selectFrom("organizations")
    .select((eb) => [
      "organizations.id",
      "organizations.name_en",
      "organizations.name_zh",
      "organizations.country",
      "organizations.kind",
      eb
        .selectFrom("people")
        .select((inner) => inner.fn.countAll<number>().as("count"))
        .whereRef("people.organization_id", "=", "organizations.id")
        .as("people_count"),
    ]);
  if (words.length > 0) {
    query = query.where((eb) => matchesEveryWord(eb, words, ["organizations.name_en", "organizations.name_zh", "organizations.country"]));
  }
  if (filters.kind) query = query.where("organizations.kind", "=", filters.kind);
  if (filters.country) query = query.where("organizations.country", "=", filters.country.trim().toUpperCase());
  const rows = await query
    .orderBy(sql`lower(coalesce(organizations.name_en, organizations.name_zh))`)
    .orderBy("organizations.id")
    .limit(DIRECTORY_SEARCH_LIMIT + 1)
    .execute();
  return {
    organizations: rows.slice(0, DIRECTORY_SEARCH_LIMIT).map((row) => ({ ...row, people_count: Number(row.people_count ?? 0) })),
    hasMore: rows.length > DIRECTORY_SEARCH_LIMIT,
  };
}

export async function getOrganization(db: Db, id: number) {
  return db
    .selectFrom("organizations")
    .select(["id", "name_en", "name_zh", "country", "kind", "created_at", "updated_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Every organization, for a <select>. */
export async function listOrganizationsForPicker(db: Db) {
  return db
    .selectFrom("organizations")
    .select(["id", "name_en", "name_zh", "country"])
    .orderBy(sql`lower(coalesce(name_en, name_zh))`)
    .orderBy("id")
    .execute();
}

export async function createOrganization(
  db: Db,
  input: OrganizationInput,
  actorUserId: number | null,
  now = new Date(),
): Promise<{ ok: true; id: number }> {
  const values = organizationValues(input);
  const details = { nameEn: values.name_en, nameZh: values.name_zh, kind: values.kind };
  const id = await insertAudited(db, { table: "organizations", values, actorUserId, now }, details);
  return { ok: true, id };
}

export type UpdateOrganizationResult = { ok: true } | { ok: false; reason: "not_found" };

export async function updateOrganization(
  db: Db,
  id: number,
  input: OrganizationInput,
  actorUserId: number | null,
  now = new Date(),
): Promise<UpdateOrganizationResult> {
  const found = await updateAudited(db, id, { table: "organizations", values: organizationValues(input), actorUserId, now });
  return found ? { ok: true } : NOT_FOUND;
}

export interface PeopleFilters {
  query?: string;
  organizationId?: number;
  /** People whose organization is of this kind or in this country. */
  organizationKind?: OrganizationKind;
  country?: string;
}

const PERSON_SEARCH_COLUMNS = [
  "people.name",
  "people.name_native",
  "people.title_en",
  "people.title_zh",
  "people.email",
  "organizations.name_en",
  "organizations.name_zh",
] as const;

/** People with their organization's columns, null for those who have none. */
function peopleWithOrganization(db: Db) {
  return db.selectFrom("people").leftJoin("organizations", "organizations.id", "people.organization_id");
}

/** What a list of people shows of each: the person and their organization's names. */
const PERSON_LIST_COLUMNS = [
  "people.id",
  "people.name",
  "people.name_native",
  "people.title_en",
  "people.title_zh",
  "people.email",
  "people.organization_id",
  "organizations.name_en as organization_name_en",
  "organizations.name_zh as organization_name_zh",
] as const;

export async function searchPeople(db: Db, filters: PeopleFilters = {}) {
  const words = queryWords(filters.query);
  let query = peopleWithOrganization(db).select(PERSON_LIST_COLUMNS);
  if (words.length > 0) {
    query = query.where((eb) => matchesEveryWord(eb, words, PERSON_SEARCH_COLUMNS));
  }
  if (filters.organizationId !== undefined) query = query.where("people.organization_id", "=", filters.organizationId);
  if (filters.organizationKind) query = query.where("organizations.kind", "=", filters.organizationKind);
  if (filters.country) query = query.where("organizations.country", "=", filters.country.trim().toUpperCase());
  const rows = await query
    .orderBy(sql`lower(people.name)`)
    .orderBy("people.id")
    .limit(DIRECTORY_SEARCH_LIMIT + 1)
    .execute();
  return { people: rows.slice(0, DIRECTORY_SEARCH_LIMIT), hasMore: rows.length > DIRECTORY_SEARCH_LIMIT };
}

/** One person with their organization (null when they have none). */
export async function getPerson(db: Db, id: number) {
  const row = await peopleWithOrganization(db)
    .select([
      ...PERSON_LIST_COLUMNS,
      "people.created_at",
      "people.updated_at",
      "organizations.country as organization_country",
      "organizations.kind as organization_kind",
    ])
    .where("people.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { organization_name_en, organization_name_zh, organization_country, organization_kind, ...person } = row;
  return {
    ...person,
    organization:
      person.organization_id !== null && organization_kind !== null
        ? {
            id: person.organization_id,
            name_en: organization_name_en,
            name_zh: organization_name_zh,
            country: organization_country,
            kind: organization_kind,
          }
        : null,
  };
}

export type PersonDetails = NonNullable<Awaited<ReturnType<typeof getPerson>>>;

/** Everyone in the directory, compactly, for other features' person pickers. */
export async function listPeopleForPicker(db: Db) {
  return peopleWithOrganization(db)
    .select([
      "people.id",
      "people.name",
      "people.name_native",
      "organizations.name_en as organization_name_en",
      "organizations.name_zh as organization_name_zh",
    ])
    .orderBy(sql`lower(people.name)`)
    .orderBy("people.id")
    .execute();
}

export type SavePersonFailure = { ok: false; reason: "email_taken" | "organization_not_found" };

/**
 * Runs a save of a person, answering its refusals: the database is the guard for both (unique
 * email, foreign key), so two people saved at once cannot slip past it. The error is caught outside
 * the transaction: on PostgreSQL a failed statement leaves the transaction unusable, and the
 * rollback must happen first.
 */
async function catchRefusals<T>(save: () => Promise<T>): Promise<T | SavePersonFailure> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "email_taken" };
    if (isForeignKeyViolation(error)) return { ok: false, reason: "organization_not_found" };
    throw error;
  }
}

export async function createPerson(
  db: Db,
  input: PersonInput,
  actorUserId: number | null,
  now = new Date(),
): Promise<{ ok: true; id: number } | SavePersonFailure> {
  const values = personValues(input);
  const details = { name: values.name, organizationId: values.organization_id };
  return catchRefusals(async () => {
    const id = await insertAudited(db, { table: "people", values, actorUserId, now }, details);
    return { ok: true, id };
  });
}

export type UpdatePersonResult = { ok: true } | { ok: false; reason: "not_found" } | SavePersonFailure;

export async function updatePerson(
  db: Db,
  id: number,
  input: PersonInput,
  actorUserId: number | null,
  now = new Date(),
): Promise<UpdatePersonResult> {
  return catchRefusals(async () => {
    const found = await updateAudited(db, id, { table: "people", values: personValues(input), actorUserId, now });
    return found ? { ok: true } : NOT_FOUND;
  });
}
