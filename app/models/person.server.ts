import { expressionBuilder, sql, type AliasableExpression, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import { engineOf, type Db } from "../../db/client";
import { isForeignKeyViolation } from "../../db/errors";
import type { Database, MailLanguage, OrganizationKind } from "../../db/schema";
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
  /** The language mail to the person is written in; none means English. */
  language?: MailLanguage | null;
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
    // Lower-cased, so the duplicate check (and the people_email index) finds it in any letter case.
    email: optionalText(input.email)?.toLowerCase() ?? null,
    organization_id: input.organizationId ?? null,
    language: input.language ?? null,
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
 * - A person's email, and editing the person: admins; an organizer of EVERY event the person takes
 *   part in (on its agenda through session_people, registered, or in one of its delegations), which
 *   includes any organizer while the person takes part in no event yet.
 * - Editing an organization: admins; an organizer of EVERY event that uses it, as host
 *   (events.host_organization_id), as the organization a delegation represents, or through one of
 *   its people taking part (as for people above); any organizer while no event uses it yet.
 *
 * "Every", not "some": an organizer can put anyone in the directory on a session of their own
 * event (the session form lists every name), so "some event of mine" would let them take over any
 * record, email included, by scheduling it. With "every", adding a person to one's own session
 * grants nothing: it only adds an event the others' organizers do not run, so the record becomes
 * shared, and a shared record is for admins (or whoever organizes all of its events). Staff and
 * users who organize nothing get nothing.
 */

/**
 * The conditions are correlated subqueries (not exists … session_people … event_roles …) that
 * refer to the outer row by name (`people.id`, `organizations.id`), so they come from a builder of
 * their own and fit any query, select or update, that has that table in scope. Each inner lookup of
 * the viewer's role is a primary-key probe of event_roles (event_id, user_id, role).
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

/** The viewer organizes the event whose id is `eventIdColumn` of the enclosing query. */
function organizesEvent(viewer: Viewer, eventIdColumn: string): Expression<SqlBool> {
  return builder.exists(
    builder
      .selectFrom("event_roles as viewer_role")
      .select("viewer_role.event_id")
      .where("viewer_role.event_id", "=", sql.ref<number>(eventIdColumn))
      .where("viewer_role.user_id", "=", viewer.userId)
      .where("viewer_role.role", "=", "organizer"),
  );
}

/**
 * True for people whose email this (non-admin) viewer may see and whose entry they may edit: the
 * viewer organizes some event, and the person takes part in no event the viewer does not organize.
 */
function mayManagePerson(viewer: Viewer): Expression<SqlBool> {
  const inAnotherOrganizersEvent = builder.exists(
    builder
      .selectFrom("session_people as part")
      .innerJoin("sessions as part_session", "part_session.id", "part.session_id")
      .select("part.person_id")
      .where("part.person_id", "=", sql.ref<number>("people.id"))
      .where(builder.not(organizesEvent(viewer, "part_session.event_id"))),
  );
  // Registered for, or in a delegation of, an event is taking part in it as much as speaking is:
  // otherwise an organizer of another event could change the address and invite the person's account.
  const registeredElsewhere = builder.exists(
    builder
      .selectFrom("registrations as registered")
      .select("registered.person_id")
      .where("registered.person_id", "=", sql.ref<number>("people.id"))
      .where(builder.not(organizesEvent(viewer, "registered.event_id"))),
  );
  const delegateElsewhere = builder.exists(
    builder
      .selectFrom("delegation_members as delegate")
      .select("delegate.person_id")
      .where("delegate.person_id", "=", sql.ref<number>("people.id"))
      .where(builder.not(organizesEvent(viewer, "delegate.event_id"))),
  );
  return builder.and([
    organizesAnyEvent(viewer),
    builder.not(inAnotherOrganizersEvent),
    builder.not(registeredElsewhere),
    builder.not(delegateElsewhere),
  ]);
}

/**
 * True for organizations this (non-admin) viewer may edit: the viewer organizes some event, and no
 * event the viewer does not organize uses the organization, as host or through its people.
 */
function mayManageOrganization(viewer: Viewer): Expression<SqlBool> {
  const organizationId = sql.ref<number>("organizations.id");
  const hostsAnotherOrganizersEvent = builder.exists(
    builder
      .selectFrom("events as hosted")
      .select("hosted.id")
      .where("hosted.host_organization_id", "=", organizationId)
      .where(builder.not(organizesEvent(viewer, "hosted.id"))),
  );
  const memberInAnotherOrganizersEvent = builder.exists(
    builder
      .selectFrom("people as member")
      .innerJoin("session_people as member_part", "member_part.person_id", "member.id")
      .innerJoin("sessions as member_session", "member_session.id", "member_part.session_id")
      .select("member.id")
      .where("member.organization_id", "=", organizationId)
      .where(builder.not(organizesEvent(viewer, "member_session.event_id"))),
  );
  const memberRegisteredElsewhere = builder.exists(
    builder
      .selectFrom("people as member")
      .innerJoin("registrations as member_registration", "member_registration.person_id", "member.id")
      .select("member.id")
      .where("member.organization_id", "=", organizationId)
      .where(builder.not(organizesEvent(viewer, "member_registration.event_id"))),
  );
  const memberDelegateElsewhere = builder.exists(
    builder
      .selectFrom("people as member")
      .innerJoin("delegation_members as member_delegate", "member_delegate.person_id", "member.id")
      .select("member.id")
      .where("member.organization_id", "=", organizationId)
      .where(builder.not(organizesEvent(viewer, "member_delegate.event_id"))),
  );
  const representsAnotherOrganizersDelegation = builder.exists(
    builder
      .selectFrom("delegations as represented")
      .select("represented.id")
      .where("represented.organization_id", "=", organizationId)
      .where(builder.not(organizesEvent(viewer, "represented.event_id"))),
  );
  return builder.and([
    organizesAnyEvent(viewer),
    builder.not(hostsAnotherOrganizersEvent),
    builder.not(memberInAnotherOrganizersEvent),
    builder.not(memberRegisteredElsewhere),
    builder.not(memberDelegateElsewhere),
    builder.not(representsAnotherOrganizersDelegation),
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

/** The ids of the people this viewer may edit (and invite to an account), as a subquery for a write's own condition. */
export function editablePeople(db: Db, viewer: Viewer): SelectQueryBuilder<Database, "people", { id: number }> {
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

/**
 * A check made inside a save's transaction, before the write, given the row as it was (none for a
 * new row): a refusal it answers is the save's answer, and nothing is written.
 */
type SaveGuard<F> = (trx: Db, before: Record<string, unknown> | undefined) => Promise<F | undefined>;

/**
 * Adds a row and its audit entry (`<subject>.create` with `details`) in one transaction, unless
 * `guard` refuses; answers the new id or the refusal.
 */
async function insertAudited<T extends DirectoryTable, F = never>(
  db: Db,
  { table, values, actorUserId, now }: DirectoryWrite<T>,
  details: Record<string, unknown>,
  guard?: SaveGuard<F>,
): Promise<{ ok: true; id: number } | F> {
  // Kysely types a query on "one of these tables" but not on a type parameter; DirectoryWrite has
  // already matched the values to their table.
  const target: DirectoryTable = table;
  const subjectType = SUBJECT_TYPES[target];
  return db.transaction().execute(async (trx) => {
    const refusal = await guard?.(trx, undefined);
    if (refusal !== undefined) return refusal;
    const row = await trx
      .insertInto(target)
      .values({ ...values, created_at: now.toISOString(), updated_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId, action: `${subjectType}.create`, subjectType, subjectId: row.id, details }, now);
    return { ok: true as const, id: row.id };
  });
}

/**
 * Overwrites a row and records `<subject>.update` with the names of the columns that changed, in
 * one transaction. The viewer's permission is checked first (the row must be among `permitted`,
 * the rows the viewer may edit), so a viewer refused learns nothing from `guard`; the update's own
 * condition checks it again. A refusal writes nothing. Answers what happened.
 */
async function updateAudited<T extends DirectoryTable, F = never>(
  db: Db,
  id: number,
  { table, values, actorUserId, now }: DirectoryWrite<T>,
  permitted: SelectQueryBuilder<Database, DirectoryTable, { id: number }>,
  guard?: SaveGuard<F>,
): Promise<"updated" | "not_found" | "forbidden" | F> {
  const target: DirectoryTable = table; // see insertAudited
  const subjectType = SUBJECT_TYPES[target];
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom(target).selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) return "not_found" as const;
    const allowed = await trx.selectFrom(target).select("id").where("id", "=", id).where("id", "in", permitted).executeTakeFirst();
    if (!allowed) return "forbidden" as const;
    const refusal = await guard?.(trx, before);
    if (refusal !== undefined) return refusal;
    const result = await trx
      .updateTable(target)
      .set({ ...values, updated_at: now.toISOString() })
      .where("id", "=", id)
      .where("id", "in", permitted)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return "forbidden" as const;
    const details = { changed: changedColumns(before, values) };
    await recordAudit(trx, { actorUserId, action: `${subjectType}.update`, subjectType, subjectId: id, details }, now);
    return "updated" as const;
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
  return insertAudited(db, { table: "organizations", values, actorUserId, now }, details);
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
      "people.language",
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

/**
 * The people holding one of `emails` (lower-cased) whose email this viewer may see, for matching
 * imported rows to directory entries without revealing entries the viewer could not find anyway.
 */
export async function findPeopleByVisibleEmail(db: Db, viewer: Viewer, emails: readonly string[]) {
  if (emails.length === 0) return [];
  let query = db.selectFrom("people").select(["people.id", "people.name", "people.name_native", "people.email"]).where("people.email", "in", [...emails]);
  if (!viewer.isAdmin) query = query.where(mayManagePerson(viewer));
  return query.orderBy("people.id").execute();
}

/** Another person already holds the email, and the viewer may see that person's entry (and email). */
export interface EmailTaken {
  ok: false;
  reason: "email_taken";
  holder: { id: number; name: string };
}

export type SavePersonFailure = EmailTaken | { ok: false; reason: "organization_not_found" };

/*
 * Emails in the directory are not unique. Directory records belong to different organizers'
 * events, and "this address is taken" would tell an organizer about a record whose email they may
 * not see. So a save is refused as a duplicate only when the other record is one the viewer may
 * see (admins: any; organizers: see mayManagePerson; the system, acting for no one: any), and then
 * the refusal names it; an address held only by records hidden from the viewer is accepted, as if
 * no one held it. Accounts (`users.email`) stay unique on their own.
 *
 * Two saves of one address at once wait for each other (BEGIN IMMEDIATE on SQLite, an advisory
 * lock on the address on PostgreSQL), so neither misses the other's row.
 */

/** The first other person holding `email` whose entry `actor` may see (null actor: the system, which sees all). */
async function visibleHolder(trx: Db, actor: Viewer | null, email: string, exceptId: number | undefined) {
  if (engineOf(trx) === "postgres") {
    await sql`select pg_advisory_xact_lock(hashtext('people.email'), hashtext(${email}))`.execute(trx);
  }
  let query = trx.selectFrom("people").select(["people.id", "people.name"]).where("people.email", "=", email);
  if (exceptId !== undefined) query = query.where("people.id", "<>", exceptId);
  if (actor && !actor.isAdmin) query = query.where(mayManagePerson(actor));
  return query.orderBy("people.id").limit(1).executeTakeFirst();
}

/**
 * The guard of a person's save: refuses an email that a person `actor` may see already holds. An
 * edit that keeps the person's email as it was is not checked again.
 */
function refuseVisibleDuplicate(actor: Viewer | null, email: string | null, exceptId?: number): SaveGuard<EmailTaken> {
  return async (trx, before) => {
    if (email === null || (before !== undefined && before.email === email)) return undefined;
    const holder = await visibleHolder(trx, actor, email, exceptId);
    return holder ? { ok: false, reason: "email_taken", holder } : undefined;
  };
}

/**
 * Runs a save of a person, answering an organization that does not exist: the foreign key is the
 * guard, so a concurrent deletion cannot slip past it. The error is caught outside the
 * transaction: on PostgreSQL a failed statement leaves the transaction unusable, and the rollback
 * must happen first.
 */
async function catchMissingOrganization<T>(save: () => Promise<T>): Promise<T | SavePersonFailure> {
  try {
    return await save();
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, reason: "organization_not_found" };
    throw error;
  }
}

/**
 * Adds a person as `actor` (who is recorded in the audit log; null for the system, e.g. an import),
 * refusing an email held by a person the actor may see (see refuseVisibleDuplicate).
 */
export async function createPerson(
  db: Db,
  input: PersonInput,
  actor: Viewer | null,
  now = new Date(),
): Promise<{ ok: true; id: number } | SavePersonFailure> {
  const values = personValues(input);
  const details = { name: values.name, organizationId: values.organization_id };
  const write = { table: "people", values, actorUserId: actor?.userId ?? null, now } as const;
  return catchMissingOrganization(() => insertAudited(db, write, details, refuseVisibleDuplicate(actor, values.email)));
}

export type UpdatePersonResult = { ok: true } | { ok: false; reason: "not_found" | "forbidden" } | SavePersonFailure;

/**
 * Saves a person if `viewer` may edit them (see mayManagePerson), refusing an email held by
 * another person the viewer may see; a refusal writes nothing. Permission is checked first.
 */
export async function updatePerson(
  db: Db,
  viewer: Viewer,
  id: number,
  input: PersonInput,
  now = new Date(),
): Promise<UpdatePersonResult> {
  const values = personValues(input);
  const write = { table: "people", values, actorUserId: viewer.userId, now } as const;
  return catchMissingOrganization(async () => {
    const outcome = await updateAudited(db, id, write, editablePeople(db, viewer), refuseVisibleDuplicate(viewer, values.email, id));
    return typeof outcome === "string" ? outcomeOf(outcome) : outcome;
  });
}
