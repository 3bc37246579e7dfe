import { expressionBuilder, sql, type AliasableExpression, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Db } from "../../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import type { Database, OrganizationKind } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { Viewer } from "./event.server";
import { containsText } from "./text-search.server";

export type { Viewer };

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

/*
 * Who may see a person's email and edit an entry. Everyone who may use the directory (platform
 * admins and organizers of at least one event) sees every name, title and organization; beyond
 * that the rules below are conditions in the queries themselves, never a filter applied afterwards.
 *
 * - A person's email, and editing the person: admins; organizers of an event the person takes part
 *   in (a session_people row); any organizer while the person takes part in no event yet.
 * - Editing an organization: admins; organizers of an event it hosts or in which one of its people
 *   takes part; any organizer while no event uses it yet.
 */

/**
 * The conditions are correlated subqueries (exists … event_roles … session_people …) that refer to
 * the outer row by name (`people.id`, `organizations.id`), so they come from a builder of their own
 * and fit any query, select or update, that has that table in scope.
 */
const builder = expressionBuilder<Database>();

/** The viewer organizes at least one event: what lets them use the directory at all. */
function organizesAnyEvent(viewer: Viewer) {
  return builder.exists(
    builder
      .selectFrom("event_roles")
      .select("event_roles.event_id")
      .where("event_roles.user_id", "=", viewer.userId)
      .where("event_roles.role", "=", "organizer"),
  );
}

/** True for people whose email this (non-admin) viewer may see and whose entry they may edit. */
function mayManagePerson(viewer: Viewer): Expression<SqlBool> {
  const personId = sql.ref<number>("people.id");
  const inViewersEvent = builder.exists(
    builder
      .selectFrom("session_people")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .innerJoin("event_roles", "event_roles.event_id", "sessions.event_id")
      .select("session_people.person_id")
      .where("session_people.person_id", "=", personId)
      .where("event_roles.user_id", "=", viewer.userId)
      .where("event_roles.role", "=", "organizer"),
  );
  const inAnyEvent = builder.exists(
    builder.selectFrom("session_people").select("session_people.person_id").where("session_people.person_id", "=", personId),
  );
  return builder.or([inViewersEvent, builder.and([builder.not(inAnyEvent), organizesAnyEvent(viewer)])]);
}

/** True for organizations this (non-admin) viewer may edit. */
function mayManageOrganization(viewer: Viewer): Expression<SqlBool> {
  const organizationId = sql.ref<number>("organizations.id");
  const hostsViewersEvent = builder.exists(
    builder
      .selectFrom("events")
      .innerJoin("event_roles", "event_roles.event_id", "events.id")
      .select("events.id")
      .where("events.host_organization_id", "=", organizationId)
      .where("event_roles.user_id", "=", viewer.userId)
      .where("event_roles.role", "=", "organizer"),
  );
  const memberInViewersEvent = builder.exists(
    builder
      .selectFrom("people as member")
      .innerJoin("session_people", "session_people.person_id", "member.id")
      .innerJoin("sessions", "sessions.id", "session_people.session_id")
      .innerJoin("event_roles", "event_roles.event_id", "sessions.event_id")
      .select("member.id")
      .where("member.organization_id", "=", organizationId)
      .where("event_roles.user_id", "=", viewer.userId)
      .where("event_roles.role", "=", "organizer"),
  );
  const hostsAnyEvent = builder.exists(builder.selectFrom("events").select("events.id").where("events.host_organization_id", "=", organizationId));
  const memberInAnyEvent = builder.exists(
    builder
      .selectFrom("people as member")
      .innerJoin("session_people", "session_people.person_id", "member.id")
      .select("member.id")
      .where("member.organization_id", "=", organizationId),
  );
  return builder.or([
    hostsViewersEvent,
    memberInViewersEvent,
    builder.and([builder.not(hostsAnyEvent), builder.not(memberInAnyEvent), organizesAnyEvent(viewer)]),
  ]);
}

/** The person's email when this viewer may see it, otherwise null (the address never leaves the database). */
function visibleEmail(viewer: Viewer): AliasableExpression<string | null> {
  const email = sql.ref<string | null>("people.email");
  if (viewer.isAdmin) return email;
  return builder.case().when(mayManagePerson(viewer)).then(email).else(builder.lit(null)).end();
}

/** 1 when the viewer may edit the row (admins always), 0 otherwise: the same integer on both engines. */
function editFlag(viewer: Viewer, condition: (viewer: Viewer) => Expression<SqlBool>): AliasableExpression<number> {
  if (viewer.isAdmin) return builder.lit(1);
  return builder.case().when(condition(viewer)).then(builder.lit(1)).else(builder.lit(0)).end();
}

/** The ids of the people this viewer may edit, as a subquery for the update's own condition. */
function editablePeople(db: Db, viewer: Viewer): SelectQueryBuilder<Database, "people", { id: number }> {
  const query = db.selectFrom("people").select("people.id");
  return viewer.isAdmin ? query : query.where(mayManagePerson(viewer));
}

/** The ids of the organizations this viewer may edit, as a subquery for the update's own condition. */
function editableOrganizations(db: Db, viewer: Viewer): SelectQueryBuilder<Database, "organizations", { id: number }> {
  const query = db.selectFrom("organizations").select("organizations.id");
  return viewer.isAdmin ? query : query.where(mayManageOrganization(viewer));
}

const NOT_FOUND = { ok: false, reason: "not_found" } as const;
const FORBIDDEN = { ok: false, reason: "forbidden" } as const;

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
 * one transaction. The update's own condition requires the row to be among `permitted` (the rows
 * the viewer may edit), so a refused write changes nothing. Answers what happened.
 */
async function updateAudited<T extends DirectoryTable>(
  db: Db,
  id: number,
  { table, values, actorUserId, now }: DirectoryWrite<T>,
  permitted: SelectQueryBuilder<Database, DirectoryTable, { id: number }>,
): Promise<"updated" | "not_found" | "forbidden"> {
  const target: DirectoryTable = table; // see insertAudited
  const subjectType = SUBJECT_TYPES[target];
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom(target).selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) return "not_found";
    const result = await trx
      .updateTable(target)
      .set({ ...values, updated_at: now.toISOString() })
      .where("id", "=", id)
      .where("id", "in", permitted)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return "forbidden";
    const details = { changed: changedColumns(before, values) };
    await recordAudit(trx, { actorUserId, action: `${subjectType}.update`, subjectType, subjectId: id, details }, now);
    return "updated";
  });
}

function queryWords(query: string | undefined): string[] {
  return (query ?? "").trim().split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
}

/** Every word of the query must match at least one of the columns (names, or expressions such as a visible email). */
function matchesEveryWord<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  words: string[],
  columns: readonly (string | Expression<string | null>)[],
) {
  const expressions = columns.map((column) => (typeof column === "string" ? sql.ref<string | null>(column) : column));
  return eb.and(words.map((word) => eb.or(expressions.map((column) => containsText(column, word)))));
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

/** One organization by id, whoever asks: its columns are no secret to anyone who may use the directory. */
export async function getOrganization(db: Db, id: number) {
  return db
    .selectFrom("organizations")
    .select(["id", "name_en", "name_zh", "country", "kind", "created_at", "updated_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** One organization for the directory's page, with whether this viewer may edit it. */
export async function getOrganizationForViewer(db: Db, viewer: Viewer, id: number) {
  const row = await db
    .selectFrom("organizations")
    .select([
      "organizations.id",
      "organizations.name_en",
      "organizations.name_zh",
      "organizations.country",
      "organizations.kind",
      "organizations.created_at",
      "organizations.updated_at",
      editFlag(viewer, mayManageOrganization).as("can_edit"),
    ])
    .where("organizations.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, can_edit: Number(row.can_edit) === 1 };
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

export type UpdateOrganizationResult = { ok: true } | { ok: false; reason: "not_found" | "forbidden" };

/** Saves an organization if `viewer` may edit it (see mayManageOrganization); a refusal writes nothing. */
export async function updateOrganization(
  db: Db,
  viewer: Viewer,
  id: number,
  input: OrganizationInput,
  now = new Date(),
): Promise<UpdateOrganizationResult> {
  const write = { table: "organizations", values: organizationValues(input), actorUserId: viewer.userId, now } as const;
  return outcomeOf(await updateAudited(db, id, write, editableOrganizations(db, viewer)));
}

function outcomeOf(outcome: "updated" | "not_found" | "forbidden") {
  if (outcome === "not_found") return NOT_FOUND;
  if (outcome === "forbidden") return FORBIDDEN;
  return { ok: true } as const;
}

export interface PeopleFilters {
  query?: string;
  organizationId?: number;
  /** People whose organization is of this kind or in this country. */
  organizationKind?: OrganizationKind;
  country?: string;
}

/** What a search looks at besides the email, which it matches only where the viewer may see it. */
const PERSON_SEARCH_COLUMNS = [
  "people.name",
  "people.name_native",
  "people.title_en",
  "people.title_zh",
  "organizations.name_en",
  "organizations.name_zh",
] as const;

/** People with their organization's columns, null for those who have none. */
function peopleWithOrganization(db: Db) {
  return db.selectFrom("people").leftJoin("organizations", "organizations.id", "people.organization_id");
}

/**
 * What a list of people shows of each: the person and their organization's names, and the email
 * only where this viewer may see it (null otherwise).
 */
const PERSON_LIST_COLUMNS = [
  "people.id",
  "people.name",
  "people.name_native",
  "people.title_en",
  "people.title_zh",
  "people.organization_id",
  "organizations.name_en as organization_name_en",
  "organizations.name_zh as organization_name_zh",
] as const;

/** People matching the filters, as this viewer may see them. */
export async function searchPeople(db: Db, viewer: Viewer, filters: PeopleFilters = {}) {
  const words = queryWords(filters.query);
  let query = peopleWithOrganization(db).select([...PERSON_LIST_COLUMNS, visibleEmail(viewer).as("email")]);
  if (words.length > 0) {
    query = query.where((eb) => matchesEveryWord(eb, words, [...PERSON_SEARCH_COLUMNS, visibleEmail(viewer)]));
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

/**
 * One person with their organization (null when they have none), as this viewer may see them: the
 * email only where they may see it, and whether they may edit the entry.
 */
export async function getPerson(db: Db, viewer: Viewer, id: number) {
  const row = await peopleWithOrganization(db)
    .select([
      ...PERSON_LIST_COLUMNS,
      visibleEmail(viewer).as("email"),
      editFlag(viewer, mayManagePerson).as("can_edit"),
      "people.created_at",
      "people.updated_at",
      "organizations.country as organization_country",
      "organizations.kind as organization_kind",
    ])
    .where("people.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { organization_name_en, organization_name_zh, organization_country, organization_kind, can_edit, ...person } = row;
  return {
    ...person,
    can_edit: Number(can_edit) === 1,
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

export type UpdatePersonResult = { ok: true } | { ok: false; reason: "not_found" | "forbidden" } | SavePersonFailure;

/** Saves a person if `viewer` may edit them (see mayManagePerson); a refusal writes nothing. */
export async function updatePerson(
  db: Db,
  viewer: Viewer,
  id: number,
  input: PersonInput,
  now = new Date(),
): Promise<UpdatePersonResult> {
  const write = { table: "people", values: personValues(input), actorUserId: viewer.userId, now } as const;
  return catchRefusals(async () => outcomeOf(await updateAudited(db, id, write, editablePeople(db, viewer))));
}
