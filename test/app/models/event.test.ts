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
});
