import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { expect, it } from "vitest";
import AvailabilityPage, { action as availabilityAction, loader as availabilityLoader } from "../../../app/routes/events.$slug.delegations.$key_.availability";
import SetupPage, { action as setupAction, loader as setupLoader } from "../../../app/routes/events.$slug.manage.bilaterals";
import type { Db } from "../../../db/client";
import { describeEachEngine } from "../../support/engines";
import { fieldErrors, formRequest, getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { insertPerson, linkAccount, putInDelegation } from "../../support/people";
import { renderRoutePage } from "../../support/render-page";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

async function countRows(db: Db, table: "bilateral_windows" | "bilateral_places" | "bilateral_busy_blocks", eventId: number) {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

describeEachEngine("bilateral setup routes", ({ db }) => {
  serveAppFrom(db);

  /** An event (America/Los_Angeles, 2011-03-28 to 30), its organizer, and a delegation with its head. */
  async function world() {
    const event = await insertEvent(db());
    const organizer = await insertUser(db());
    await giveRole(db(), organizer.id, event.id, "organizer");
    const head = await insertUser(db());
    const person = await insertPerson(db(), { name: "Wen Wu-yen" });
    await linkAccount(db(), { personId: person.id, userId: head.id });
    const key = `tw-${event.id}`;
    await putInDelegation(db(), {
      eventId: event.id,
      personId: person.id,
      key,
      nameEn: "Taiwan",
      role: "head",
    });
    const stranger = await insertUser(db());
    return {
      event,
      key,
      personId: person.id,
      setupPath: `/events/${event.slug}/manage/bilaterals`,
      availabilityPath: `/events/${event.slug}/delegations/${key}/availability`,
      organizerCookie: await signedInCookie(db(), organizer),
      headCookie: await signedInCookie(db(), head),
      strangerCookie: await signedInCookie(db(), stranger),
    };
  }

  it("opens a window typed in the event's zone and shows it there, in English and Chinese", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const added = await call(
      setupAction,
      formRequest(
        w.setupPath,
        {
          intent: "add-window",
          day: "2011-03-28",
          startTime: "13:00",
          endTime: "18:00",
        },
        { cookie: w.organizerCookie },
      ),
      params,
    );
    expect(added).toMatchObject({
      status: 200,
      body: { formId: "add-window", notice: "windows.added" },
    });
    const rows = await db().selectFrom("bilateral_windows").select(["starts_at", "ends_at"]).where("event_id", "=", w.event.id).execute();
    expect(rows).toEqual([
      {
        starts_at: "2011-03-28T20:00:00.000Z",
        ends_at: "2011-03-29T01:00:00.000Z",
      },
    ]);

    const page = await call(setupLoader, getRequest(w.setupPath, { cookie: w.organizerCookie }), params);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      timeZone: "America/Los_Angeles",
      windows: [{ slots: 10 }],
      settings: { slotMinutes: 30 },
    });
    const english = await renderRoutePage(SetupPage, {
      pattern: "/events/:slug/manage/bilaterals",
      path: w.setupPath,
      loaderData: page.body,
    });
    expect(english).toContain("Monday, March 28, 2011, 13:00–18:00 (Pacific Daylight Time)");
    expect(english).toContain("10 slots");
    expect(english).toContain(`href="/events/${w.event.slug}/manage/bilaterals/matrix"`);
    expect(english).toContain(`href="/events/${w.event.slug}/manage/bilaterals/scheduler"`);
    expect(english).toContain("America/Los_Angeles");
    const chinese = await renderRoutePage(SetupPage, {
      pattern: "/events/:slug/manage/bilaterals",
      path: w.setupPath,
      loaderData: page.body,
      language: "zh-TW",
    });
    expect(chinese).toContain("13:00–18:00（太平洋夏令時間）");
    expect(chinese).toContain("會談總覽表");
  });

  it("answers bad windows with 400 and the message by the field, storing nothing", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const attempt = (fields: Record<string, string>) =>
      call(setupAction, formRequest(w.setupPath, { intent: "add-window", ...fields }, { cookie: w.organizerCookie }), params);

    const backwards = await attempt({
      day: "2011-03-28",
      startTime: "15:00",
      endTime: "14:00",
    });
    expect(backwards.status).toBe(400);
    expect(fieldErrors(backwards.body)).toMatchObject({
      endTime: ["bilateralSetup:errors.endNotAfterStart"],
    });
    const outside = await attempt({
      day: "2011-04-01",
      startTime: "13:00",
      endTime: "14:00",
    });
    expect(outside.status).toBe(400);
    expect(fieldErrors(outside.body)).toMatchObject({
      day: ["bilateralSetup:errors.outsideEventDays"],
    });
    const notATime = await attempt({
      day: "2011-03-28",
      startTime: "1pm",
      endTime: "14:00",
    });
    expect(notATime.status).toBe(400);
    expect(fieldErrors(notATime.body)).toMatchObject({
      startTime: ["bilateralSetup:errors.invalidTime"],
    });
    expect(await countRows(db(), "bilateral_windows", w.event.id)).toBe(0);

    // The error renders by its field on the page.
    const page = await call(setupLoader, getRequest(w.setupPath, { cookie: w.organizerCookie }), params);
    const html = await renderRoutePage(SetupPage, {
      pattern: "/events/:slug/manage/bilaterals",
      path: w.setupPath,
      loaderData: page.body,
      actionData: backwards.body,
    });
    expect(html).toContain("The end must be after the start.");
  });

  it("saves the settings, refusing min above max with 400", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const save = (fields: Record<string, string>) =>
      call(setupAction, formRequest(w.setupPath, { intent: "settings", ...fields }, { cookie: w.organizerCookie }), params);
    const settingsRow = () =>
      db()
        .selectFrom("events")
        .select(["bilateral_slot_minutes", "bilateral_min_slots", "bilateral_max_slots"])
        .where("id", "=", w.event.id)
        .executeTakeFirstOrThrow();

    const refused = await save({
      slotMinutes: "20",
      minSlots: "4",
      maxSlots: "2",
    });
    expect(refused.status).toBe(400);
    expect(fieldErrors(refused.body)).toMatchObject({
      maxSlots: ["bilateralSetup:errors.minAboveMax"],
    });
    const tooLong = await save({
      slotMinutes: "300",
      minSlots: "1",
      maxSlots: "2",
    });
    expect(tooLong.status).toBe(400);
    expect(fieldErrors(tooLong.body)).toMatchObject({
      slotMinutes: ["bilateralSetup:errors.slotMinutes"],
    });
    expect(await settingsRow()).toEqual({
      bilateral_slot_minutes: 30,
      bilateral_min_slots: 1,
      bilateral_max_slots: 4,
    });

    const saved = await save({
      slotMinutes: "20",
      minSlots: "2",
      maxSlots: "6",
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { notice: "settings.saved" },
    });
    expect(await settingsRow()).toEqual({
      bilateral_slot_minutes: 20,
      bilateral_min_slots: 2,
      bilateral_max_slots: 6,
    });
  });

  it("adds, edits and removes places, refusing 0 tables and a missing name with 400", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const post = (fields: Record<string, string>) => call(setupAction, formRequest(w.setupPath, fields, { cookie: w.organizerCookie }), params);

    const noTables = await post({
      intent: "add-place",
      nameEn: "Bilateral room",
      tables: "0",
    });
    expect(noTables.status).toBe(400);
    expect(fieldErrors(noTables.body)).toMatchObject({
      tables: ["bilateralSetup:errors.tables"],
    });
    const noName = await post({ intent: "add-place", tables: "3" });
    expect(noName.status).toBe(400);
    expect(fieldErrors(noName.body)).toMatchObject({
      nameEn: ["bilateralSetup:errors.nameRequired"],
    });
    expect(await countRows(db(), "bilateral_places", w.event.id)).toBe(0);

    const added = await post({
      intent: "add-place",
      nameEn: "Bilateral room",
      nameZh: "雙邊會談室",
      tables: "4",
      position: "1",
    });
    expect(added).toMatchObject({
      status: 200,
      body: { notice: "places.added" },
    });
    const place = await db()
      .selectFrom("bilateral_places")
      .select(["id", "name_en", "name_zh", "tables"])
      .where("event_id", "=", w.event.id)
      .executeTakeFirstOrThrow();
    expect(place).toMatchObject({
      name_en: "Bilateral room",
      name_zh: "雙邊會談室",
      tables: 4,
    });

    const lowered = await post({
      intent: "save-place",
      placeId: String(place.id),
      nameEn: "Room B",
      tables: "0",
    });
    expect(lowered).toMatchObject({
      status: 400,
      body: { formId: `place-${place.id}` },
    });
    const edited = await post({
      intent: "save-place",
      placeId: String(place.id),
      nameEn: "Room B",
      tables: "2",
      position: "1",
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { formId: `place-${place.id}`, notice: "places.saved" },
    });
    expect(await db().selectFrom("bilateral_places").select(["name_en", "name_zh", "tables"]).where("id", "=", place.id).executeTakeFirstOrThrow()).toEqual({
      name_en: "Room B",
      name_zh: null,
      tables: 2,
    });

    const page = await call(setupLoader, getRequest(w.setupPath, { cookie: w.organizerCookie }), params);
    const html = await renderRoutePage(SetupPage, {
      pattern: "/events/:slug/manage/bilaterals",
      path: w.setupPath,
      loaderData: page.body,
      language: "zh-TW",
    });
    expect(html).toContain("2 桌");

    const removed = await post({
      intent: "remove-place",
      placeId: String(place.id),
    });
    expect(removed).toMatchObject({
      status: 200,
      body: { formId: `remove-place-${place.id}`, notice: "places.removed" },
    });
    expect(await countRows(db(), "bilateral_places", w.event.id)).toBe(0);
  });

  it("refuses with 400 to remove a window or a place a booked meeting uses, keeping both", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const at = new Date().toISOString();
    const post = (fields: Record<string, string>) => call(setupAction, formRequest(w.setupPath, fields, { cookie: w.organizerCookie }), params);
    await post({
      intent: "add-window",
      day: "2011-03-28",
      startTime: "13:00",
      endTime: "16:00",
    });
    await post({ intent: "add-place", nameEn: "Room A", tables: "3" });
    const window = await db().selectFrom("bilateral_windows").select("id").where("event_id", "=", w.event.id).executeTakeFirstOrThrow();
    const place = await db().selectFrom("bilateral_places").select("id").where("event_id", "=", w.event.id).executeTakeFirstOrThrow();
    const taiwan = await db().selectFrom("delegations").select("id").where("key", "=", w.key).executeTakeFirstOrThrow();
    const { id: korea } = await db()
      .insertInto("delegations")
      .values({
        event_id: w.event.id,
        key: `kr-${w.event.id}`,
        name_en: "Korea",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("bilaterals")
      .values({
        event_id: w.event.id,
        requester_id: taiwan.id,
        recipient_id: korea,
        topic: "AEO",
        length_slots: 2,
        priority: "high",
        status: "booked",
        starts_at: "2011-03-28T21:00:00.000Z",
        ends_at: "2011-03-28T22:00:00.000Z",
        place_id: place.id,
        table_number: 3,
        booked_via: "organizer",
        created_at: at,
        updated_at: at,
      })
      .execute();

    const windowRefused = await post({
      intent: "remove-window",
      windowId: String(window.id),
    });
    expect(windowRefused).toMatchObject({
      status: 400,
      body: {
        formId: `window-${window.id}`,
        result: { error: { "": ["bilateralSetup:errors.windowBooked"] } },
      },
    });
    const placeRefused = await post({
      intent: "remove-place",
      placeId: String(place.id),
    });
    expect(placeRefused).toMatchObject({
      status: 400,
      body: {
        result: { error: { "": ["bilateralSetup:errors.placeBooked"] } },
      },
    });
    const tablesRefused = await post({
      intent: "save-place",
      placeId: String(place.id),
      nameEn: "Room A",
      tables: "2",
    });
    expect(tablesRefused.status).toBe(400);
    expect(fieldErrors(tablesRefused.body)).toMatchObject({
      tables: ["bilateralSetup:errors.tablesBooked"],
    });
    const slotRefused = await post({
      intent: "settings",
      slotMinutes: "15",
      minSlots: "1",
      maxSlots: "4",
    });
    expect(slotRefused.status).toBe(400);
    expect(fieldErrors(slotRefused.body)).toMatchObject({
      slotMinutes: ["bilateralSetup:errors.slotLengthBooked"],
    });
    expect(await countRows(db(), "bilateral_windows", w.event.id)).toBe(1);
    expect(await db().selectFrom("bilateral_places").select("tables").where("id", "=", place.id).executeTakeFirstOrThrow()).toEqual({ tables: 3 });
  });

  it("lets only organizers edit the setup", async () => {
    const w = await world();
    const params = { slug: w.event.slug };
    const request = (cookie: string) => formRequest(w.setupPath, { intent: "add-place", nameEn: "Room", tables: "2" }, { cookie });
    expect((await call(setupAction, request(w.headCookie), params)).status).toBe(403);
    expect((await call(setupAction, request(w.strangerCookie), params)).status).toBe(403);
    expect((await call(setupLoader, getRequest(w.setupPath, { cookie: w.headCookie }), params)).status).toBe(403);
    expect(await countRows(db(), "bilateral_places", w.event.id)).toBe(0);
  });

  it("lets the head set teams, self-booking and busy blocks, refusing a block outside the event's days with 400", async () => {
    const w = await world();
    const params = { slug: w.event.slug, key: w.key };
    const post = (fields: Record<string, string>, cookie = w.headCookie) =>
      call(availabilityAction, formRequest(w.availabilityPath, fields, { cookie }), params);

    expect((await post({ intent: "options", teams: "2", selfBooking: "on" }, w.strangerCookie)).status).toBe(403);
    const badTeams = await post({ intent: "options", teams: "21" });
    expect(badTeams.status).toBe(400);
    expect(fieldErrors(badTeams.body)).toMatchObject({
      teams: ["bilateralSetup:errors.teams"],
    });
    const options = await post({
      intent: "options",
      teams: "2",
      selfBooking: "on",
    });
    expect(options).toMatchObject({
      status: 200,
      body: { notice: "availability.optionsSaved" },
    });
    expect(await db().selectFrom("delegations").select(["bilateral_teams", "self_booking"]).where("key", "=", w.key).executeTakeFirstOrThrow()).toEqual({
      bilateral_teams: 2,
      self_booking: 1,
    });

    const outside = await post({
      intent: "add-block",
      day: "2011-03-31",
      startTime: "09:00",
      endTime: "10:00",
    });
    expect(outside.status).toBe(400);
    expect(fieldErrors(outside.body)).toMatchObject({
      day: ["bilateralSetup:errors.outsideEventDays"],
    });
    const backwards = await post({
      intent: "add-block",
      day: "2011-03-29",
      startTime: "10:00",
      endTime: "09:00",
    });
    expect(backwards.status).toBe(400);
    expect(fieldErrors(backwards.body)).toMatchObject({
      endTime: ["bilateralSetup:errors.endNotAfterStart"],
    });
    expect(await countRows(db(), "bilateral_busy_blocks", w.event.id)).toBe(0);

    const added = await post({
      intent: "add-block",
      day: "2011-03-29",
      startTime: "09:00",
      endTime: "10:30",
      note: "Internal <b>briefing</b>",
    });
    expect(added).toMatchObject({
      status: 200,
      body: { notice: "availability.blockAdded" },
    });
    const block = await db()
      .selectFrom("bilateral_busy_blocks")
      .select(["id", "starts_at", "ends_at", "note"])
      .where("event_id", "=", w.event.id)
      .executeTakeFirstOrThrow();
    expect(block).toMatchObject({
      starts_at: "2011-03-29T16:00:00.000Z",
      ends_at: "2011-03-29T17:30:00.000Z",
      note: "Internal <b>briefing</b>",
    });

    // The organizer may manage it too.
    const removed = await post({ intent: "remove-block", blockId: String(block.id) }, w.organizerCookie);
    expect(removed).toMatchObject({
      status: 200,
      body: {
        formId: `block-${block.id}`,
        notice: "availability.blockRemoved",
      },
    });
    expect(await countRows(db(), "bilateral_busy_blocks", w.event.id)).toBe(0);
  });

  it("shows the blocks and when members are busy by window, in the event's zone, in English and Chinese", async () => {
    const w = await world();
    const at = new Date().toISOString();
    await db()
      .insertInto("bilateral_windows")
      .values({
        event_id: w.event.id,
        starts_at: "2011-03-28T20:00:00.000Z",
        ends_at: "2011-03-28T23:00:00.000Z",
        created_at: at,
      })
      .execute();
    const { id: sessionId } = await db()
      .insertInto("sessions")
      .values({
        event_id: w.event.id,
        type: "plenary",
        title_en: "Opening",
        starts_at: "2011-03-28T21:00:00.000Z",
        ends_at: "2011-03-28T21:45:00.000Z",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("session_people").values({ session_id: sessionId, person_id: w.personId, role: "speaker" }).execute();
    const params = { slug: w.event.slug, key: w.key };
    await call(
      availabilityAction,
      formRequest(
        w.availabilityPath,
        {
          intent: "add-block",
          day: "2011-03-28",
          startTime: "13:00",
          endTime: "13:30",
          note: "<script>x</script>",
        },
        { cookie: w.headCookie },
      ),
      params,
    );

    const page = await call(availabilityLoader, getRequest(w.availabilityPath, { cookie: w.headCookie }), params);
    expect(page.status).toBe(200);
    const pattern = "/events/:slug/delegations/:key/availability";
    const english = await renderRoutePage(AvailabilityPage, {
      pattern,
      path: w.availabilityPath,
      loaderData: page.body,
    });
    expect(english).toContain("Availability for bilateral meetings: Taiwan");
    expect(english).toContain("Monday, March 28, 2011, 13:00–13:30 (Pacific Daylight Time)");
    expect(english).toContain("Monday, March 28, 2011, 13:00–16:00 (Pacific Daylight Time)");
    // The only member speaks 14:00–14:45: the delegation cannot meet in those slots, nor in its block.
    expect(english).toContain("The delegation cannot meet: 13:00–13:30, 14:00–15:00");
    expect(english).toContain("<dd>14:00–15:00</dd>");
    expect(english).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(english).not.toContain("<script>x</script>");
    const chinese = await renderRoutePage(AvailabilityPage, {
      pattern,
      path: w.availabilityPath,
      loaderData: page.body,
      language: "zh-TW",
    });
    expect(chinese).toContain("雙邊會談可行時間");
    expect(chinese).toContain("13:00–16:00（太平洋夏令時間）");
    expect(chinese).toContain("本團無法會談：13:00–13:30, 14:00–15:00");
  });
});
