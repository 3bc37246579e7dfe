import { expect, it } from "vitest";
import { getEventForViewer, listPublicEvents } from "../../../app/models/event.server";
import { describeEachEngine } from "../../support/engines";
import { giveRole, insertEvent, insertUser } from "../../support/app";

describeEachEngine("event visibility", ({ db }) => {
  it("lists only public events", async () => {
    const open = await insertEvent(db(), { visibility: "public" });
    const unlisted = await insertEvent(db(), { visibility: "unlisted" });
    const closed = await insertEvent(db(), { visibility: "private" });
    const slugs = (await listPublicEvents(db())).map((event) => event.slug);
    expect(slugs).toContain(open.slug);
    expect(slugs).not.toContain(unlisted.slug);
    expect(slugs).not.toContain(closed.slug);
  });

  it("reads unlisted events by link and private ones only for their team and admins", async () => {
    const unlisted = await insertEvent(db(), { visibility: "unlisted" });
    const closed = await insertEvent(db(), { visibility: "private" });
    const staff = await insertUser(db());
    const stranger = await insertUser(db());
    const admin = await insertUser(db(), { isAdmin: true });
    await giveRole(db(), staff.id, closed.id, "staff");
    expect((await getEventForViewer(db(), unlisted.slug, null))?.id).toBe(unlisted.id);
    expect(await getEventForViewer(db(), closed.slug, null)).toBeUndefined();
    expect(await getEventForViewer(db(), closed.slug, { userId: stranger.id, isAdmin: false })).toBeUndefined();
    expect((await getEventForViewer(db(), closed.slug, { userId: staff.id, isAdmin: false }))?.id).toBe(closed.id);
    expect((await getEventForViewer(db(), closed.slug, { userId: admin.id, isAdmin: true }))?.id).toBe(closed.id);
  });

  it("lets the people taking part read a private event: registered and not cancelled, or in one of its delegations", async () => {
    const closed = await insertEvent(db(), { visibility: "private" });
    const other = await insertEvent(db(), { visibility: "private" });
    const at = new Date().toISOString();
    const personWith = async (name: string) => {
      const user = await insertUser(db(), { name });
      const person = await db().insertInto("people").values({ name, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
      await db().insertInto("person_accounts").values({ person_id: person.id, user_id: user.id, linked_at: at }).execute();
      return { viewer: { userId: user.id, isAdmin: false }, personId: person.id };
    };
    const register = (eventId: number, personId: number, status: "pending" | "confirmed" | "cancelled", badge: string) =>
      db()
        .insertInto("registrations")
        .values({ event_id: eventId, person_id: personId, status, source: "organizer", badge_code: badge, created_at: at, updated_at: at })
        .execute();
    const registered = await personWith("Registered");
    const pending = await personWith("Pending");
    const cancelled = await personWith("Cancelled");
    const delegate = await personWith("Delegate");
    const elsewhere = await personWith("Registered elsewhere");
    const suffix = String(closed.id).padStart(4, "0");
    await register(closed.id, registered.personId, "confirmed", `AAAAAAAA${suffix}`);
    await register(closed.id, pending.personId, "pending", `BBBBBBBB${suffix}`);
    await register(closed.id, cancelled.personId, "cancelled", `CCCCCCCC${suffix}`);
    await register(other.id, elsewhere.personId, "confirmed", `DDDDDDDD${suffix}`);
    const delegation = await db()
      .insertInto("delegations")
      .values({ event_id: closed.id, key: "kr", name_en: "Korea", country: "KR", created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("delegation_members").values({ delegation_id: delegation.id, event_id: closed.id, person_id: delegate.personId, role: "member", created_at: at }).execute();

    const reads = async (viewer: { userId: number; isAdmin: boolean }) => (await getEventForViewer(db(), closed.slug, viewer))?.id === closed.id;
    expect(await reads(registered.viewer)).toBe(true);
    expect(await reads(pending.viewer)).toBe(true);
    expect(await reads(delegate.viewer)).toBe(true);
    expect(await reads(cancelled.viewer)).toBe(false);
    expect(await reads(elsewhere.viewer)).toBe(false);
  });
});
