import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import type { EventVisibility } from "../../db/schema";
import { addMember, createDelegation, type DelegationViewer } from "../../app/models/delegation.server";
import { delegationViewerFor, type ReadableEvent } from "../../app/policy.server";
import type { SessionUser } from "../../app/models/account.server";
import { registerPerson } from "../../app/models/registration.server";
import { giveRole, insertEvent, insertUser } from "./app";

/** The roles every who-sees-what test tries, besides anonymous. */
export const VIEWER_ROLES = ["anonymous", "otherMember", "sameMember", "head", "staff", "otherOrganizer", "organizer"] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

export async function insertPerson(db: Db, { name, email = null, organizationId = null }: { name: string; email?: string | null; organizationId?: number | null }) {
  const at = new Date().toISOString();
  const row = await db
    .insertInto("people")
    .values({ name, email, organization_id: organizationId, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertOrganization(db: Db, nameEn: string) {
  const at = new Date().toISOString();
  const row = await db.insertInto("organizations").values({ name_en: nameEn, kind: "customs", created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** A user account acting as a new directory person. */
async function insertUserWithPerson(db: Db, name: string, email: string) {
  const user = await insertUser(db, { name });
  const personId = await insertPerson(db, { name, email });
  await db.insertInto("person_accounts").values({ person_id: personId, user_id: user.id, linked_at: new Date().toISOString() }).execute();
  return { user, personId };
}

/**
 * An event with two delegations: Taiwan (a head and a member, all named) and Korea (a head, 8
 * declared), each member with an email of their own, and a user for every role of VIEWER_ROLES.
 */
export async function insertDelegationWorld(db: Db, visibility: EventVisibility) {
  const tag = randomBytes(4).toString("hex");
  const event = await insertEvent(db, { visibility });
  const otherEvent = await insertEvent(db, { visibility: "private" });
  const organizer = await insertUser(db, { name: "Organizer" });
  const staff = await insertUser(db, { name: "Door Staff" });
  const otherOrganizer = await insertUser(db, { name: "Organizer elsewhere" });
  await giveRole(db, organizer.id, event.id, "organizer");
  await giveRole(db, staff.id, event.id, "staff");
  await giveRole(db, otherOrganizer.id, otherEvent.id, "organizer");
  const emails = {
    twHead: `wen-${tag}@customs.example.tw`,
    twMember: `chen-${tag}@customs.example.tw`,
    krHead: `kim-${tag}@customs.example.kr`,
    twContact: `delegation-${tag}@customs.example.tw`,
  };
  const twHead = await insertUserWithPerson(db, "Wen Wu-yen", emails.twHead);
  const twMember = await insertUserWithPerson(db, "Chen Mei-ling", emails.twMember);
  const krHead = await insertUserWithPerson(db, "Kim Jai-il", emails.krHead);
  const organizationId = await insertOrganization(db, `Customs Administration ${tag}`);
  const actor = { eventId: event.id, actorUserId: organizer.id };
  const tw = await createDelegation(db, {
    ...actor,
    input: { key: "taiwan", nameEn: "Taiwan", nameZh: "臺灣", country: "tw", organizationId, declaredSize: null, contactEmail: emails.twContact, contactPhone: "+886 2 1234 5678" },
  });
  const kr = await createDelegation(db, {
    ...actor,
    input: { key: "korea", nameEn: "Korea", nameZh: null, country: "KR", organizationId: null, declaredSize: 8, contactEmail: null, contactPhone: null },
  });
  if (!tw.ok || !kr.ok) throw new Error("could not create the delegations");
  const organizerScope: DelegationViewer = { kind: "organizer" };
  for (const [delegationId, personId, role] of [
    [tw.id, twHead.personId, "head"],
    [tw.id, twMember.personId, "member"],
    [kr.id, krHead.personId, "head"],
  ] as const) {
    const added = await addMember(db, { ...actor, delegationId }, { personId, role }, organizerScope);
    if (!added.ok) throw new Error(`could not add a member: ${added.problem}`);
  }
  const users: Record<ViewerRole, SessionUser | null> = {
    anonymous: null,
    otherMember: krHead.user,
    sameMember: twMember.user,
    head: twHead.user,
    staff,
    otherOrganizer,
    organizer,
  };
  return {
    event: { ...event, visibility },
    delegations: { tw: { id: tw.id, key: tw.key }, kr: { id: kr.id, key: kr.key } },
    people: { twHead: twHead.personId, twMember: twMember.personId, krHead: krHead.personId },
    organizationId,
    emails,
    users,
  };
}

export type DelegationWorld = Awaited<ReturnType<typeof insertDelegationWorld>>;

/** The scope the policy gives `role` in the world's event. */
export async function scopeOf(db: Db, world: DelegationWorld, role: ViewerRole): Promise<DelegationViewer> {
  const user = world.users[role];
  const viewer = user ? { userId: user.id, isAdmin: user.isAdmin } : null;
  return delegationViewerFor(db, viewer, world.event as unknown as ReadableEvent);
}

/** A confirmed registration of the person, made by the registration model. */
export async function register(db: Db, eventId: number, personId: number) {
  const registered = await registerPerson(db, { eventId, personId, categoryId: null, source: "organizer", registeredBy: null });
  if (!registered.ok) throw new Error(`could not register: ${registered.problem}`);
  return registered.registrationId;
}
