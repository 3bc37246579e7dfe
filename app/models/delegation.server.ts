import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Db } from "../../db/client";
import { isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import type { Database, DelegationRole, EventVisibility } from "../../db/schema";
import { PERSON_WITH_ORGANIZATION_COLUMNS } from "./agenda.server";
import { recordAudit } from "./audit.server";

/** What a signed-in viewer is within one event, as a person: their delegation and role there, if any. */
export interface DelegationStanding {
  personId: number | null;
  delegation: { id: number; key: string; role: DelegationRole } | null;
}

export async function getDelegationStanding(db: Db, eventId: number, userId: number): Promise<DelegationStanding> {
  const row = await db
    .selectFrom("person_accounts")
    .leftJoin("delegation_members", (join) =>
      join.onRef("delegation_members.person_id", "=", "person_accounts.person_id").on("delegation_members.event_id", "=", eventId),
    )
    .leftJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .select(["person_accounts.person_id", "delegations.id as delegation_id", "delegations.key as delegation_key", "delegation_members.role"])
    .where("person_accounts.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return { personId: null, delegation: null };
  return {
    personId: row.person_id,
    delegation: row.delegation_id !== null && row.delegation_key !== null && row.role !== null ? { id: row.delegation_id, key: row.delegation_key, role: row.role } : null,
  };
}

/** The delegation of `key` in the event, by id and key only: the policy's question is whether it exists. */
export async function findDelegationId(db: Db, eventId: number, key: string): Promise<number | undefined> {
  const row = await db.selectFrom("delegations").select("id").where("event_id", "=", eventId).where("key", "=", key).executeTakeFirst();
  return row?.id;
}

/*
 * Who sees what of an event's delegations. The policy decides which of these the viewer is
 * (policy.server.ts, delegationViewerFor); the queries below enforce it, in SQL.
 *
 * - organizer (and platform admins): everything, members' emails included;
 * - staff (door staff): everything but members' emails, except those of their own delegation;
 * - member of a delegation: their own delegation whole (members, roles, emails, contact details),
 *   and of the others only what `public` sees, so they can ask them for bilateral meetings;
 * - public (anyone else, on a public event): names, country, organization, head and size, the
 *   "List of Foreign Administrations";
 * - nobody (anyone else, on an unlisted or private event): nothing at all.
 */
export type DelegationViewer =
  | { kind: "organizer" }
  | { kind: "staff"; delegationId: number | null }
  | { kind: "member"; delegationId: number }
  | { kind: "public" }
  | { kind: "nobody" };

/** The scope from the policy's answers about the viewer and the event. */
export function delegationViewerOf(answers: {
  organizes: boolean;
  onTeam: boolean;
  standing: DelegationStanding | null;
  visibility: EventVisibility;
}): DelegationViewer {
  if (answers.organizes) return { kind: "organizer" };
  const own = answers.standing?.delegation?.id ?? null;
  if (answers.onTeam) return { kind: "staff", delegationId: own };
  if (own !== null) return { kind: "member", delegationId: own };
  return answers.visibility === "public" ? { kind: "public" } : { kind: "nobody" };
}

function ownDelegationOf(viewer: DelegationViewer): number | null {
  return viewer.kind === "staff" || viewer.kind === "member" ? viewer.delegationId : null;
}

type DelegationScope = ExpressionBuilder<Database, "delegations">;

/** Delegations the viewer may see at all: none for `nobody`, every one of the event otherwise. */
function listed(eb: DelegationScope, viewer: DelegationViewer): Expression<SqlBool> {
  return viewer.kind === "nobody" ? eb.lit(false) : eb.lit(true);
}

/** Delegations the viewer sees whole (members, contact details): all for the team, their own for a member. */
function seenWhole(eb: DelegationScope, viewer: DelegationViewer): Expression<SqlBool> {
  if (viewer.kind === "organizer" || viewer.kind === "staff") return eb.lit(true);
  if (viewer.kind === "member") return eb("delegations.id", "=", viewer.delegationId);
  return eb.lit(false);
}

/** Delegations whose members' emails the viewer sees: all for organizers, their own for anyone else. */
function emailsSeen(eb: DelegationScope, viewer: DelegationViewer): Expression<SqlBool> {
  if (viewer.kind === "organizer") return eb.lit(true);
  const own = ownDelegationOf(viewer);
  return own === null ? eb.lit(false) : eb("delegations.id", "=", own);
}

/** A column's value where `condition` holds, null elsewhere: what is hidden never leaves the database. */
function onlyWhere<T>(eb: DelegationScope, condition: Expression<SqlBool>, column: string) {
  return eb.case().when(condition).then(sql.ref<T>(column)).else(sql.lit(null)).end();
}

/** The columns naming a delegation, as every list of them shows it. */
const DELEGATION_COLUMNS = [
  "delegations.id",
  "delegations.key",
  "delegations.name_en",
  "delegations.name_zh",
  "delegations.country",
  "delegations.organization_id",
] as const;

/** How many members the delegation names. */
function namedMembers(eb: DelegationScope) {
  return eb
    .selectFrom("delegation_members as counted")
    .select((inner) => inner.fn.countAll<number>().as("n"))
    .whereRef("counted.delegation_id", "=", "delegations.id");
}

/** Named members, or the declared size when not every member is named (Canada 7, Japan 8). */
function sizeOf(eb: DelegationScope) {
  return eb.fn.coalesce("delegations.declared_size", namedMembers(eb));
}

/** An event's delegations with what anyone allowed to list them may see, as the viewer may see them. */
function delegationsOfEvent(db: Db, eventId: number, viewer: DelegationViewer) {
  return db
    .selectFrom("delegations")
    .leftJoin("organizations", "organizations.id", "delegations.organization_id")
    .leftJoin("delegation_members as head", (join) => join.onRef("head.delegation_id", "=", "delegations.id").on("head.role", "=", "head"))
    .leftJoin("people as head_person", "head_person.id", "head.person_id")
    .select((eb) => [
      ...DELEGATION_COLUMNS,
      "organizations.name_en as organization_name_en",
      "organizations.name_zh as organization_name_zh",
      "head_person.name as head_name",
      "head_person.name_native as head_name_native",
      sizeOf(eb).as("size"),
      eb.case().when(seenWhole(eb, viewer)).then(sql.lit(1)).else(sql.lit(0)).end().as("seen_whole"),
    ])
    .where("delegations.event_id", "=", eventId)
    .where((eb) => listed(eb, viewer));
}

type DelegationRow = Awaited<ReturnType<ReturnType<typeof delegationsOfEvent>["execute"]>>[number];

function summaryOf({ size, seen_whole, ...row }: DelegationRow) {
  return { ...row, size: Number(size ?? 0), seenWhole: Number(seen_whole) === 1 };
}

export type DelegationSummary = ReturnType<typeof summaryOf>;

/** The event's delegations the viewer may see (none for `nobody`), by country code then name. */
export async function listDelegations(db: Db, eventId: number, viewer: DelegationViewer): Promise<DelegationSummary[]> {
  const rows = await delegationsOfEvent(db, eventId, viewer)
    .orderBy("delegations.country")
    .orderBy(sql`lower(coalesce(delegations.name_en, delegations.name_zh))`)
    .orderBy("delegations.id")
    .execute();
  return rows.map(summaryOf);
}

/**
 * One delegation as the viewer may see it, or undefined when they may see none of it: what the list
 * shows, and for those who see it whole its contact details and members (with their registration
 * status, and their email only for those entitled to it).
 */
export async function getDelegation(db: Db, eventId: number, key: string, viewer: DelegationViewer) {
  const row = await delegationsOfEvent(db, eventId, viewer)
    .select((eb) => [
      onlyWhere<string | null>(eb, seenWhole(eb, viewer), "delegations.contact_email").as("contact_email"),
      onlyWhere<string | null>(eb, seenWhole(eb, viewer), "delegations.contact_phone").as("contact_phone"),
      "delegations.declared_size",
    ])
    .where("delegations.key", "=", key)
    .executeTakeFirst();
  if (!row) return undefined;
  const { contact_email, contact_phone, declared_size, ...summary } = row;
  const members = await db
    .selectFrom("delegation_members")
    .innerJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .innerJoin("people", "people.id", "delegation_members.person_id")
    .leftJoin("organizations", "organizations.id", "people.organization_id")
    .leftJoin("registrations", (join) =>
      join.onRef("registrations.person_id", "=", "delegation_members.person_id").onRef("registrations.event_id", "=", "delegation_members.event_id"),
    )
    .select((eb) => [
      "people.id as person_id",
      ...PERSON_WITH_ORGANIZATION_COLUMNS,
      "delegation_members.role",
      onlyWhere<string | null>(eb, emailsSeen(eb, viewer), "people.email").as("email"),
      "registrations.status as registration_status",
    ])
    .where("delegation_members.delegation_id", "=", row.id)
    .where((eb) => seenWhole(eb, viewer))
    // The head first, then in the order they were added.
    .orderBy(sql`case when delegation_members.role = 'head' then 0 else 1 end`)
    .orderBy("delegation_members.position")
    .orderBy("people.id")
    .execute();
  return { ...summaryOf(summary), contact_email, contact_phone, declared_size, members };
}

export type DelegationDetails = NonNullable<Awaited<ReturnType<typeof getDelegation>>>;

/** The organizations a head may give a person they add: the delegation's own and its members'. */
function organizationsOfDelegation(db: Db, delegationId: number) {
  const ofMembers = db
    .selectFrom("delegation_members")
    .innerJoin("people", "people.id", "delegation_members.person_id")
    .select("people.organization_id as id")
    .where("delegation_members.delegation_id", "=", delegationId)
    .where("people.organization_id", "is not", null);
  const ofDelegation = db.selectFrom("delegations").select("delegations.organization_id as id").where("delegations.id", "=", delegationId);
  return db
    .selectFrom("organizations")
    .select(["organizations.id", "organizations.name_en", "organizations.name_zh", "organizations.country"])
    .where((eb) => eb.or([eb("organizations.id", "in", ofMembers), eb("organizations.id", "in", ofDelegation)]));
}

/** For a head's form: the organizations a new member may belong to (see organizationsOfDelegation). */
export async function listDelegationOrganizations(db: Db, delegationId: number) {
  return organizationsOfDelegation(db, delegationId).orderBy(sql`lower(coalesce(organizations.name_en, organizations.name_zh))`).orderBy("organizations.id").execute();
}

// Writes. Organizers create, edit and delete delegations; the head and organizers manage members.

export interface DelegationInput {
  /** Lowercase slug: the delegation's address within the event. */
  key: string;
  nameEn: string | null;
  nameZh: string | null;
  /** ISO 3166 alpha-2 or EU, any letter case; null for an international body. */
  country: string | null;
  organizationId: number | null;
  /** How many come, when not every member is named; null when the named members are all. */
  declaredSize: number | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

function delegationValues(input: DelegationInput) {
  return {
    key: input.key.trim().toLowerCase(),
    name_en: blankToNull(input.nameEn),
    name_zh: blankToNull(input.nameZh),
    country: blankToNull(input.country)?.toUpperCase() ?? null,
    organization_id: input.organizationId,
    declared_size: input.declaredSize,
    contact_email: blankToNull(input.contactEmail),
    contact_phone: blankToNull(input.contactPhone),
  };
}

export type SaveDelegationProblem = "key_taken" | "organization_not_found";
export type SaveDelegationResult = { ok: true; id: number; key: string } | { ok: false; problem: SaveDelegationProblem | "not_found" };

/**
 * Runs a delegation's save and answers its refusal by the database: the key unique per event, the
 * organization a foreign key. Caught outside the transaction, which PostgreSQL must roll back first.
 */
async function refusedByConstraints<T>(save: () => Promise<T>): Promise<T | { ok: false; problem: SaveDelegationProblem }> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: "key_taken" };
    if (isForeignKeyViolation(error)) return { ok: false, problem: "organization_not_found" };
    throw error;
  }
}

export async function createDelegation(
  db: Db,
  { eventId, input, actorUserId }: { eventId: number; input: DelegationInput; actorUserId: number },
  now = new Date(),
): Promise<SaveDelegationResult> {
  const values = delegationValues(input);
  return refusedByConstraints(() =>
    db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("delegations")
        .values({ ...values, event_id: eventId, created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorUserId, eventId, action: "delegation.create", subjectType: "delegation", subjectId: id, details: { key: values.key } }, now);
      return { ok: true as const, id, key: values.key };
    }),
  );
}

export async function updateDelegation(
  db: Db,
  { eventId, delegationId, input, actorUserId }: { eventId: number; delegationId: number; input: DelegationInput; actorUserId: number },
  now = new Date(),
): Promise<SaveDelegationResult> {
  const values = delegationValues(input);
  return refusedByConstraints(() =>
    db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("delegations")
        .set({ ...values, updated_at: now.toISOString() })
        .where("id", "=", delegationId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { ok: false as const, problem: "not_found" as const };
      await recordAudit(trx, { actorUserId, eventId, action: "delegation.update", subjectType: "delegation", subjectId: delegationId, details: { key: values.key } }, now);
      return { ok: true as const, id: delegationId, key: values.key };
    }),
  );
}

/** The delegation's rows for the organizers' form: every column, contact details included. */
export async function listDelegationsForManaging(db: Db, eventId: number) {
  return db
    .selectFrom("delegations")
    .select((eb) => [
      ...DELEGATION_COLUMNS,
      "delegations.declared_size",
      "delegations.contact_email",
      "delegations.contact_phone",
      "delegations.updated_at",
      namedMembers(eb).as("member_count"),
    ])
    .where("delegations.event_id", "=", eventId)
    .orderBy("delegations.country")
    .orderBy("delegations.key")
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, member_count: Number(row.member_count ?? 0) })));
}

export type ManagedDelegation = Awaited<ReturnType<typeof listDelegationsForManaging>>[number];

export type DeleteDelegationResult = { ok: true } | { ok: false; problem: "not_found" | "members_registered" };

/**
 * Deletes a delegation and its memberships, unless one of its members holds a live (not
 * cancelled) registration for the event: those were made through it, so it stays until they are
 * cancelled or the member is moved. The guard is in the DELETE itself, so a registration made
 * meanwhile is not lost.
 */
export async function deleteDelegation(
  db: Db,
  { eventId, delegationId, actorUserId }: { eventId: number; delegationId: number; actorUserId: number },
  now = new Date(),
): Promise<DeleteDelegationResult> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom("delegations")
      .where("delegations.id", "=", delegationId)
      .where("delegations.event_id", "=", eventId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("delegation_members")
              .innerJoin("registrations", (join) =>
                join.onRef("registrations.person_id", "=", "delegation_members.person_id").onRef("registrations.event_id", "=", "delegation_members.event_id"),
              )
              .select("registrations.id")
              .whereRef("delegation_members.delegation_id", "=", "delegations.id")
              .where("registrations.status", "!=", "cancelled"),
          ),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) {
      const exists = await trx.selectFrom("delegations").select("id").where("id", "=", delegationId).where("event_id", "=", eventId).executeTakeFirst();
      return { ok: false, problem: exists ? "members_registered" : "not_found" } as const;
    }
    await recordAudit(trx, { actorUserId, eventId, action: "delegation.delete", subjectType: "delegation", subjectId: delegationId }, now);
    return { ok: true } as const;
  });
}

/** The delegation a person is already in, named only when the viewer may see its name. */
export interface AlreadyInADelegation {
  ok: false;
  problem: "already_in_a_delegation";
  delegation: { key: string; name_en: string | null; name_zh: string | null } | null;
}

export type AddMemberResult =
  | { ok: true }
  | AlreadyInADelegation
  | { ok: false; problem: "head_taken" | "person_not_found" | "not_found" | "organization_not_found" };

export interface MemberTarget {
  eventId: number;
  delegationId: number;
  actorUserId: number;
}

/**
 * Why inserting a member broke a constraint, read after the rollback: the person is already in a
 * delegation of the event (unique(event_id, person_id)), or the delegation has a head (the partial
 * unique index). Reading afterwards names the winner of a race, whichever engine reported it.
 */
async function whyNotAdded(db: Db, target: MemberTarget, personId: number, role: DelegationRole, viewer: DelegationViewer): Promise<AddMemberResult | undefined> {
  const holder = await db
    .selectFrom("delegation_members")
    .innerJoin("delegations", "delegations.id", "delegation_members.delegation_id")
    .select(["delegations.key", "delegations.name_en", "delegations.name_zh"])
    .where("delegation_members.event_id", "=", target.eventId)
    .where("delegation_members.person_id", "=", personId)
    .executeTakeFirst();
  if (holder) return { ok: false, problem: "already_in_a_delegation", delegation: viewer.kind === "nobody" ? null : holder };
  if (role === "head") return { ok: false, problem: "head_taken" };
  return undefined;
}

async function insertMember(trx: Db, target: MemberTarget, personId: number, role: DelegationRole, now: Date): Promise<void> {
  await trx
    .insertInto("delegation_members")
    .values((eb) => ({
      delegation_id: target.delegationId,
      event_id: target.eventId,
      person_id: personId,
      role,
      // After the others; the primary key keeps a race from giving two rows of one person anyway.
      position: eb
        .selectFrom("delegation_members as others")
        .select(sql<number>`coalesce(max(others.position), 0) + 1`.as("next"))
        .where("others.delegation_id", "=", target.delegationId),
      created_at: now.toISOString(),
    }))
    .execute();
  await recordAudit(
    trx,
    { actorUserId: target.actorUserId, eventId: target.eventId, action: "delegation_member.add", subjectType: "person", subjectId: personId, details: { delegationId: target.delegationId, role } },
    now,
  );
}

/**
 * Runs an addition, answering the refusals the database keeps (see whyNotAdded). `personId` is null
 * for a person created by the addition itself, who cannot be in another delegation yet.
 */
async function addingMember(
  db: Db,
  target: MemberTarget,
  { personId, role }: { personId: number | null; role: DelegationRole },
  viewer: DelegationViewer,
  add: () => Promise<AddMemberResult>,
): Promise<AddMemberResult> {
  try {
    return await add();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (personId === null) {
      if (role === "head") return { ok: false, problem: "head_taken" };
      throw error;
    }
    const why = await whyNotAdded(db, target, personId, role, viewer);
    if (why) return why;
    throw error;
  }
}

/**
 * Puts a directory person in the delegation with a role (organizers). A person is in at most one
 * delegation of an event and a delegation has at most one head: the database refuses the rest,
 * under concurrency too, and the answer names the other delegation when `viewer` may see it.
 */
export async function addMember(
  db: Db,
  target: MemberTarget,
  { personId, role }: { personId: number; role: DelegationRole },
  viewer: DelegationViewer,
  now = new Date(),
): Promise<AddMemberResult> {
  return addingMember(db, target, { personId, role }, viewer, async () => {
    try {
      return await db.transaction().execute(async (trx) => {
        await insertMember(trx, target, personId, role, now);
        return { ok: true as const };
      });
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      const person = await db.selectFrom("people").select("id").where("id", "=", personId).executeTakeFirst();
      return { ok: false as const, problem: person ? ("not_found" as const) : ("person_not_found" as const) };
    }
  });
}

export interface NewMemberPerson {
  name: string;
  nameNative: string | null;
  titleEn: string | null;
  titleZh: string | null;
  email: string | null;
  /** One of listDelegationOrganizations; any other is refused as organization_not_found. */
  organizationId: number | null;
}

/**
 * Adds a new directory person and makes them a member of the delegation, in one transaction: how a
 * head, who may not use the directory, brings someone. The person created is theirs only in the
 * sense that they are in this delegation; they see no other directory entry, and may give only an
 * organization the delegation already has (its own or a member's).
 */
export async function createMemberPerson(
  db: Db,
  target: MemberTarget,
  { person, role }: { person: NewMemberPerson; role: DelegationRole },
  viewer: DelegationViewer,
  now = new Date(),
): Promise<AddMemberResult> {
  return addingMember(db, target, { personId: null, role }, viewer, () =>
    db.transaction().execute(async (trx) => {
      if (person.organizationId !== null) {
        const allowed = await organizationsOfDelegation(trx, target.delegationId).where("organizations.id", "=", person.organizationId).executeTakeFirst();
        if (!allowed) return { ok: false as const, problem: "organization_not_found" as const };
      }
      const values = {
        name: person.name.trim(),
        name_native: blankToNull(person.nameNative),
        title_en: blankToNull(person.titleEn),
        title_zh: blankToNull(person.titleZh),
        email: blankToNull(person.email)?.toLowerCase() ?? null,
        organization_id: person.organizationId,
      };
      const { id } = await trx
        .insertInto("people")
        .values({ ...values, created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        { actorUserId: target.actorUserId, eventId: target.eventId, action: "person.create", subjectType: "person", subjectId: id, details: { name: values.name, delegationId: target.delegationId } },
        now,
      );
      await insertMember(trx, target, id, role, now);
      return { ok: true as const };
    }),
  );
}

export type ChangeMemberResult = { ok: true } | { ok: false; problem: "not_found" | "head_taken" | "cannot_remove_self" };

/** Who acts on a membership: the head acting as their own person, or an organizer (null), who may always. */
export type ActingPerson = number | null;

/** The condition that keeps a head from taking away their own head role. */
function notOwnHeadRole(acting: ActingPerson) {
  return (eb: ExpressionBuilder<Database, "delegation_members">) =>
    acting === null ? eb.lit(true) : eb.not(eb.and([eb("delegation_members.person_id", "=", acting), eb("delegation_members.role", "=", "head")]));
}

async function whyUnchanged(trx: Db, target: MemberTarget, personId: number): Promise<"not_found" | "cannot_remove_self"> {
  const member = await trx
    .selectFrom("delegation_members")
    .select("role")
    .where("delegation_id", "=", target.delegationId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
  return member ? "cannot_remove_self" : "not_found";
}

/** Gives a member another role; one head per delegation (head_taken), and a head keeps their own. */
export async function changeMemberRole(
  db: Db,
  target: MemberTarget,
  { personId, role, acting }: { personId: number; role: DelegationRole; acting: ActingPerson },
  now = new Date(),
): Promise<ChangeMemberResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable("delegation_members")
        .set({ role })
        .where("delegation_members.delegation_id", "=", target.delegationId)
        .where("delegation_members.event_id", "=", target.eventId)
        .where("delegation_members.person_id", "=", personId)
        .where((eb) => eb.or([eb("delegation_members.role", "=", role), notOwnHeadRole(acting)(eb)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { ok: false as const, problem: await whyUnchanged(trx, target, personId) };
      await recordAudit(
        trx,
        { actorUserId: target.actorUserId, eventId: target.eventId, action: "delegation_member.role", subjectType: "person", subjectId: personId, details: { delegationId: target.delegationId, role } },
        now,
      );
      return { ok: true as const };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: "head_taken" };
    throw error;
  }
}

/** Takes a member out of the delegation (their registration, if any, stays); a head may not remove themself. */
export async function removeMember(
  db: Db,
  target: MemberTarget,
  { personId, acting }: { personId: number; acting: ActingPerson },
  now = new Date(),
): Promise<ChangeMemberResult> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom("delegation_members")
      .where("delegation_members.delegation_id", "=", target.delegationId)
      .where("delegation_members.event_id", "=", target.eventId)
      .where("delegation_members.person_id", "=", personId)
      .where(notOwnHeadRole(acting))
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return { ok: false as const, problem: await whyUnchanged(trx, target, personId) };
    await recordAudit(
      trx,
      { actorUserId: target.actorUserId, eventId: target.eventId, action: "delegation_member.remove", subjectType: "person", subjectId: personId, details: { delegationId: target.delegationId } },
      now,
    );
    return { ok: true as const };
  });
}
