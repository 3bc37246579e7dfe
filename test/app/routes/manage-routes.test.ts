import { access } from "node:fs/promises";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import ConflictsPage, { loader as conflictsLoader } from "../../../app/routes/events.$slug.manage.conflicts";
import { loader as layoutLoader } from "../../../app/routes/events.$slug.manage";
import { loader as overviewLoader } from "../../../app/routes/events.$slug.manage._index";
import { action as roomsAction, loader as roomsLoader } from "../../../app/routes/events.$slug.manage.rooms";
import { action as editSessionAction, loader as editSessionLoader } from "../../../app/routes/events.$slug.manage.sessions.$sessionId";
import { action as newSessionAction, loader as newSessionLoader } from "../../../app/routes/events.$slug.manage.sessions.new";
import { action as settingsAction, loader as settingsLoader } from "../../../app/routes/events.$slug.manage.settings";
import { action as tracksAction, loader as tracksLoader } from "../../../app/routes/events.$slug.manage.tracks";
import { action as newEventAction, loader as newEventLoader } from "../../../app/routes/events.new";
import { MAX_UPLOAD_BYTES } from "../../../app/utils/uploads.server";
import type { Database } from "../../../db/schema";
import { describeEachEngine } from "../../support/engines";
import {
  fieldErrors,
  formRequest,
  getRequest,
  giveRole,
  insertEvent,
  insertUser,
  runRoute,
  serveAppFrom,
  signedInCookie,
} from "../../support/app";
import { renderRoutePage } from "../../support/render-page";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

describeEachEngine("event management routes", ({ db }) => {
  serveAppFrom(db);

  const now = () => new Date().toISOString();

  async function countRows(table: keyof Database, where?: { column: "event_id" | "session_id"; value: number }) {
    let query = db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
    if (where) query = query.where(sql.ref(where.column), "=", where.value);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  /** A private event in America/Los_Angeles (2011-03-28 to 30) with an organizer, staff, and another event's organizer. */
  async function eventWithTeam() {
    const event = await insertEvent(db(), { visibility: "private" });
    const otherEvent = await insertEvent(db());
    const [organizer, staff, otherOrganizer] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    await giveRole(db(), organizer.id, event.id, "organizer");
    await giveRole(db(), staff.id, event.id, "staff");
    await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
    return { event, otherEvent, organizer, staff, otherOrganizer, cookie: await signedInCookie(db(), organizer) };
  }

  async function insertRoom(eventId: number, name: string, capacity: number | null = null) {
    return (await db().insertInto("rooms").values({ event_id: eventId, name_en: name, capacity }).returning("id").executeTakeFirstOrThrow()).id;
  }

  async function insertTrack(eventId: number, name: string) {
    return (await db().insertInto("tracks").values({ event_id: eventId, name_en: name }).returning("id").executeTakeFirstOrThrow()).id;
  }

  async function insertPerson(name: string) {
    return (await db().insertInto("people").values({ name, created_at: now(), updated_at: now() }).returning("id").executeTakeFirstOrThrow()).id;
  }

  const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

  function sessionFields(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      intent: "save-session",
      type: "workshop",
      titleEn: "Verifying Security Measures",
      titleZh: "實地查證安全措施",
      day: "2011-03-29",
      startTime: "09:30",
      endTime: "11:00",
      status: "scheduled",
      ...overrides,
    };
  }

  async function createSession(slug: string, cookie: string, overrides: Record<string, string> = {}) {
    const outcome = await call(newSessionAction, formRequest(`/events/${slug}/manage/sessions/new`, sessionFields(overrides), { cookie }), { slug });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(302);
    const location = outcome.headers.get("Location") ?? "";
    const match = location.match(/^\/events\/[^/]+\/manage\/sessions\/(\d+)\?saved=1$/);
    expect(match, location).not.toBeNull();
    return Number(match?.[1]);
  }

  function eventFields(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      slug: `aeo-taipei-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      titleEn: "AEO International Seminar",
      titleZh: "優質企業國際研討會",
      kind: "seminar",
      city: "Taipei",
      venue: "Grand Hotel",
      timeZone: "Asia/Taipei",
      startsOn: "2011-09-27",
      endsOn: "2011-09-28",
      visibility: "public",
      ...overrides,
    };
  }

  function uploadRequest(urlPath: string, fields: Record<string, string | File>, cookie: string | undefined) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    return new Request(`http://localhost${urlPath}`, { method: "POST", headers: cookie ? { Cookie: cookie } : {}, body });
  }

  const uploadsDir = () => path.resolve(process.env.UPLOADS_DIR ?? "");
  const fileExists = (storedName: string) =>
    access(path.join(uploadsDir(), storedName)).then(
      () => true,
      () => false,
    );

  describe("who may manage", () => {
    it("sends anonymous visitors to sign in and refuses staff and other events' organizers, for every loader and action", async () => {
      const { event, staff, otherOrganizer, cookie } = await eventWithTeam();
      const slug = event.slug;
      const roomId = await insertRoom(event.id, "Harbor A");
      const trackId = await insertTrack(event.id, "Trade");
      const sessionId = await createSession(slug, cookie);
      const base = `/events/${slug}/manage`;
      const uploaded = await call(editSessionAction, uploadRequest(`${base}/sessions/${sessionId}`, { intent: "upload", file: new File(["%PDF-1.4"], "slides.pdf") }, cookie), {
        slug,
        sessionId: String(sessionId),
      });
      expect(uploaded.status).toBe(200);
      const attachment = await db().selectFrom("attachments").select(["id", "stored_name"]).where("session_id", "=", sessionId).executeTakeFirstOrThrow();
      const loaders: Array<[string, Loader, Record<string, string>]> = [
        [base, layoutLoader, { slug }],
        [base, overviewLoader, { slug }],
        [`${base}/settings`, settingsLoader, { slug }],
        [`${base}/rooms`, roomsLoader, { slug }],
        [`${base}/tracks`, tracksLoader, { slug }],
        [`${base}/conflicts`, conflictsLoader, { slug }],
        [`${base}/sessions/new`, newSessionLoader, { slug }],
        [`${base}/sessions/${sessionId}`, editSessionLoader, { slug, sessionId: String(sessionId) }],
      ];
      const actions: Array<[string, Action, Record<string, string>, Record<string, string>]> = [
        [`${base}/settings`, settingsAction, { slug }, eventFields({ slug })],
        [`${base}/rooms`, roomsAction, { slug }, { intent: "save", nameEn: "Intruder room" }],
        [`${base}/rooms`, roomsAction, { slug }, { intent: "delete", roomId: String(roomId) }],
        [`${base}/tracks`, tracksAction, { slug }, { intent: "save", nameEn: "Intruder track", color: "#000000" }],
        [`${base}/tracks`, tracksAction, { slug }, { intent: "delete", trackId: String(trackId) }],
        [`${base}/sessions/new`, newSessionAction, { slug }, sessionFields({ titleEn: "Intruder session" })],
        [`${base}/sessions/${sessionId}`, editSessionAction, { slug, sessionId: String(sessionId) }, sessionFields({ titleEn: "Intruder session" })],
        [`${base}/sessions/${sessionId}`, editSessionAction, { slug, sessionId: String(sessionId) }, { intent: "delete-session", confirm: "on" }],
        [`${base}/sessions/${sessionId}`, editSessionAction, { slug, sessionId: String(sessionId) }, { intent: "delete-attachment", attachmentId: String(attachment.id) }],
      ];
      const counts = async () => [await countRows("rooms", { column: "event_id", value: event.id }), await countRows("tracks", { column: "event_id", value: event.id }), await countRows("sessions", { column: "event_id", value: event.id })];
      const before = await counts();

      // The event is private: whoever may not read it gets 404 (its address reveals nothing); its
      // staff, who may read it, get 403.
      const visitors: Array<[string, string | undefined, number]> = [
        ["anonymous", undefined, 404],
        ["staff", await signedInCookie(db(), staff), 403],
        ["another event's organizer", await signedInCookie(db(), otherOrganizer), 404],
      ];
      for (const [who, userCookie, status] of visitors) {
        for (const [urlPath, loader, params] of loaders) {
          expect((await call(loader, getRequest(urlPath, { cookie: userCookie }), params)).status, `${who} ${urlPath}`).toBe(status);
        }
        for (const [urlPath, action, params, fields] of actions) {
          expect((await call(action, formRequest(urlPath, fields, { cookie: userCookie }), params)).status, `${who} ${urlPath} ${fields.intent}`).toBe(status);
        }
        const upload = await call(
          editSessionAction,
          uploadRequest(`${base}/sessions/${sessionId}`, { intent: "upload", file: new File(["x"], "intruder.pdf") }, userCookie),
          { slug, sessionId: String(sessionId) },
        );
        expect(upload.status, who).toBe(status);
      }

      expect(await counts()).toEqual(before);
      expect(await countRows("attachments", { column: "session_id", value: sessionId })).toBe(1);
      expect(await fileExists(attachment.stored_name)).toBe(true);
      const session = await db().selectFrom("sessions").select("title_en").where("id", "=", sessionId).executeTakeFirstOrThrow();
      expect(session.title_en).toBe("Verifying Security Measures");
      const stored = await db().selectFrom("events").select("slug").where("id", "=", event.id).executeTakeFirstOrThrow();
      expect(stored.slug).toBe(slug);
    });

    it("refuses a session of another event through this event's address", async () => {
      const { event, otherEvent, cookie } = await eventWithTeam();
      const otherSession = await db()
        .insertInto("sessions")
        .values({ event_id: otherEvent.id, type: "plenary", title_en: "Elsewhere", starts_at: "2011-03-28T16:00:00.000Z", ends_at: "2011-03-28T17:00:00.000Z", created_at: now(), updated_at: now() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const params = { slug: event.slug, sessionId: String(otherSession.id) };
      const urlPath = `/events/${event.slug}/manage/sessions/${otherSession.id}`;
      expect((await call(editSessionLoader, getRequest(urlPath, { cookie }), params)).status).toBe(404);
      const update = await call(editSessionAction, formRequest(urlPath, sessionFields({ titleEn: "Hijacked" }), { cookie }), params);
      expect(update.status).toBe(404);
      const remove = await call(editSessionAction, formRequest(urlPath, { intent: "delete-session", confirm: "on" }, { cookie }), params);
      expect(remove.status).toBe(404);
      const row = await db().selectFrom("sessions").select("title_en").where("id", "=", otherSession.id).executeTakeFirstOrThrow();
      expect(row.title_en).toBe("Elsewhere");
      expect((await call(editSessionLoader, getRequest(`/events/${event.slug}/manage/sessions/abc`, { cookie }), { slug: event.slug, sessionId: "abc" })).status).toBe(404);
    });

    it("sends anonymous visitors of a readable event to sign in, and refuses another event's organizer", async () => {
      const event = await insertEvent(db(), { visibility: "public" });
      const otherOrganizer = await insertUser(db());
      await giveRole(db(), otherOrganizer.id, (await insertEvent(db())).id, "organizer");
      const urlPath = `/events/${event.slug}/manage/settings`;
      const anonymous = await call(settingsLoader, getRequest(urlPath), { slug: event.slug });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(urlPath)}`);
      const stranger = await call(settingsLoader, getRequest(urlPath, { cookie: await signedInCookie(db(), otherOrganizer) }), { slug: event.slug });
      expect(stranger.status).toBe(403);
    });

    it("lets only platform admins create events", async () => {
      const { organizer } = await eventWithTeam();
      const anonymous = await call(newEventLoader, getRequest("/events/new"), {});
      expect(anonymous.status).toBe(302);
      const cookie = await signedInCookie(db(), organizer);
      expect((await call(newEventLoader, getRequest("/events/new", { cookie }), {})).status).toBe(403);
      const fields = eventFields();
      expect((await call(newEventAction, formRequest("/events/new", fields, { cookie }), {})).status).toBe(403);
      expect((await call(newEventAction, formRequest("/events/new", fields), {})).status).toBe(302);
      expect(await db().selectFrom("events").select("id").where("slug", "=", fields.slug).executeTakeFirst()).toBeUndefined();
    });
  });

  describe("creating and editing the event", () => {
    async function adminCookie() {
      return signedInCookie(db(), await insertUser(db(), { isAdmin: true }));
    }

    it("refuses bad input by field with 400 and creates nothing", async () => {
      const cookie = await adminCookie();
      const before = await countRows("events");
      const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
        [
          { slug: "Bad Slug!", titleEn: "", titleZh: "", kind: "party", timeZone: "Mars/Olympus", startsOn: "2011-09-28", endsOn: "2011-09-27", visibility: "secret" },
          {
            slug: ["manage:event.errors.slugFormat"],
            titleEn: ["manage:event.errors.titleRequired"],
            kind: ["validation.invalidChoice"],
            timeZone: ["manage:event.errors.timeZone"],
            endsOn: ["manage:event.errors.endsBeforeStarts"],
            visibility: ["validation.invalidChoice"],
          },
        ],
        [{ slug: "new" }, { slug: ["manage:event.errors.slugReserved"] }],
        [{ slug: "ab" }, { slug: ["manage:event.errors.slugFormat"] }],
        [{ timeZone: "local" }, { timeZone: ["manage:event.errors.timeZone"] }],
        [{ timeZone: "UTC+8" }, { timeZone: ["manage:event.errors.timeZone"] }],
        [{ startsOn: "2011-09-28", endsOn: "2011-09-27" }, { endsOn: ["manage:event.errors.endsBeforeStarts"] }],
        [{ startsOn: "2011-02-30" }, { startsOn: ["manage:validation.date"] }],
        [{ startsOn: "2011-01-01", endsOn: "2011-12-31" }, { endsOn: ["manage:event.errors.tooManyDays"] }],
        [{ hostOrganizationId: "999999" }, { hostOrganizationId: ["manage:event.errors.unknownOrganization"] }],
      ];
      for (const [overrides, expected] of cases) {
        const outcome = await call(newEventAction, formRequest("/events/new", eventFields(overrides), { cookie }), {});
        expect(outcome.status, JSON.stringify(overrides)).toBe(400);
        expect(fieldErrors(outcome.body)).toEqual(expected);
      }
      expect(await countRows("events")).toBe(before);
    });

    it("refuses a slug another event has", async () => {
      const cookie = await adminCookie();
      const existing = await insertEvent(db());
      const before = await countRows("events");
      const outcome = await call(newEventAction, formRequest("/events/new", eventFields({ slug: existing.slug }), { cookie }), {});
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toEqual({ slug: ["manage:event.slugTaken"] });
      expect(await countRows("events")).toBe(before);
    });

    it("creates the event with its creator as organizer and opens its management page", async () => {
      const admin = await insertUser(db(), { isAdmin: true });
      const cookie = await signedInCookie(db(), admin);
      const host = await db()
        .insertInto("organizations")
        .values({ name_en: "Taipei Customs", name_zh: "臺北關", country: "TW", kind: "customs", created_at: now(), updated_at: now() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const loaded = await call(newEventLoader, getRequest("/events/new", { cookie }), {});
      expect(loaded.status).toBe(200);
      expect((loaded.body as { timeZones: string[] }).timeZones).toContain("Asia/Taipei");
      const fields = eventFields({ slug: `AEO-Seminar-${Date.now()}`, timeZone: "asia/taipei", hostOrganizationId: String(host.id) });
      const outcome = await call(newEventAction, formRequest("/events/new", fields, { cookie }), {});
      const slug = fields.slug.toLowerCase();
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toBe(`/events/${slug}/manage`);
      const row = await db().selectFrom("events").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ title_en: "AEO International Seminar", title_zh: "優質企業國際研討會", kind: "seminar", time_zone: "Asia/Taipei", host_organization_id: host.id, description_en: null });
      const role = await db().selectFrom("event_roles").select("role").where("event_id", "=", row.id).where("user_id", "=", admin.id).executeTakeFirst();
      expect(role?.role).toBe("organizer");
    });

    it("updates the settings, refusing bad input and a taken slug with 400 and changing nothing", async () => {
      const { event, cookie } = await eventWithTeam();
      const taken = await insertEvent(db());
      const urlPath = `/events/${event.slug}/manage/settings`;
      const params = { slug: event.slug };
      const before = await db().selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();

      const loaded = await call(settingsLoader, getRequest(urlPath, { cookie }), params);
      expect(loaded.status).toBe(200);
      expect((loaded.body as { event: { slug: string } }).event.slug).toBe(event.slug);

      const bad = await call(settingsAction, formRequest(urlPath, eventFields({ slug: event.slug, timeZone: "Nowhere/Special", endsOn: "2011-09-01" }), { cookie }), params);
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toEqual({ timeZone: ["manage:event.errors.timeZone"], endsOn: ["manage:event.errors.endsBeforeStarts"] });
      const duplicate = await call(settingsAction, formRequest(urlPath, eventFields({ slug: taken.slug }), { cookie }), params);
      expect(duplicate.status).toBe(400);
      expect(fieldErrors(duplicate.body)).toEqual({ slug: ["manage:event.slugTaken"] });
      expect(await db().selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow()).toEqual(before);

      const newSlug = `${event.slug}-renamed`;
      const saved = await call(settingsAction, formRequest(urlPath, eventFields({ slug: newSlug, titleZh: "" }), { cookie }), params);
      expect(saved.status).toBe(302);
      expect(saved.headers.get("Location")).toBe(`/events/${newSlug}/manage/settings?saved=1`);
      const after = await db().selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ slug: newSlug, title_zh: null, time_zone: "Asia/Taipei", starts_on: "2011-09-27" });
    });
  });

  describe("rooms and tracks", () => {
    it("validates rooms with 400 by field, stores nothing, and refuses another event's room", async () => {
      const { event, otherEvent, cookie } = await eventWithTeam();
      const urlPath = `/events/${event.slug}/manage/rooms`;
      const params = { slug: event.slug };
      const foreignRoom = await insertRoom(otherEvent.id, "Elsewhere");
      const before = await countRows("rooms");
      const bad = await call(roomsAction, formRequest(urlPath, { intent: "save", nameEn: "", nameZh: "", capacity: "0", position: "x" }, { cookie }), params);
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toEqual({
        nameEn: ["manage:rooms.nameRequired"],
        capacity: ["manage:validation.capacity"],
        position: ["manage:validation.position"],
      });
      const badDelete = await call(roomsAction, formRequest(urlPath, { intent: "delete", roomId: "abc" }, { cookie }), params);
      expect(badDelete.status).toBe(400);
      expect(fieldErrors(badDelete.body)).toEqual({ roomId: ["validation.invalidChoice"] });
      const foreignEdit = await call(roomsAction, formRequest(urlPath, { intent: "save", roomId: String(foreignRoom), nameEn: "Mine now" }, { cookie }), params);
      expect(foreignEdit.status).toBe(404);
      const foreignDelete = await call(roomsAction, formRequest(urlPath, { intent: "delete", roomId: String(foreignRoom) }, { cookie }), params);
      expect(foreignDelete.status).toBe(404);
      expect(await countRows("rooms")).toBe(before);
      const foreign = await db().selectFrom("rooms").select("name_en").where("id", "=", foreignRoom).executeTakeFirstOrThrow();
      expect(foreign.name_en).toBe("Elsewhere");
    });

    it("adds, edits and deletes a room", async () => {
      const { event, cookie } = await eventWithTeam();
      const urlPath = `/events/${event.slug}/manage/rooms`;
      const params = { slug: event.slug };
      const added = await call(roomsAction, formRequest(urlPath, { intent: "save", nameEn: "Harbor A", nameZh: "港灣A廳", capacity: "120", position: "1" }, { cookie }), params);
      expect(added.status).toBe(200);
      const rows = await db().selectFrom("rooms").selectAll().where("event_id", "=", event.id).execute();
      expect(rows).toEqual([expect.objectContaining({ name_en: "Harbor A", name_zh: "港灣A廳", capacity: 120, position: 1 })]);
      const listed = await call(roomsLoader, getRequest(urlPath, { cookie }), params);
      expect((listed.body as { rooms: Array<{ id: number }> }).rooms.map((room) => room.id)).toEqual([rows[0].id]);
      const edited = await call(roomsAction, formRequest(urlPath, { intent: "save", roomId: String(rows[0].id), nameEn: "Harbor B", capacity: "" }, { cookie }), params);
      expect(edited.status).toBe(200);
      expect(await db().selectFrom("rooms").select(["name_en", "name_zh", "capacity"]).where("id", "=", rows[0].id).executeTakeFirstOrThrow()).toEqual({ name_en: "Harbor B", name_zh: null, capacity: null });
      const removed = await call(roomsAction, formRequest(urlPath, { intent: "delete", roomId: String(rows[0].id) }, { cookie }), params);
      expect(removed.status).toBe(200);
      expect(await countRows("rooms", { column: "event_id", value: event.id })).toBe(0);
    });

    it("refuses a bad colour and a nameless track with 400, and stores colours in lower case", async () => {
      const { event, cookie } = await eventWithTeam();
      const urlPath = `/events/${event.slug}/manage/tracks`;
      const params = { slug: event.slug };
      const before = await countRows("tracks");
      for (const color of ["red", "#12345", "#12345g", ""]) {
        const bad = await call(tracksAction, formRequest(urlPath, { intent: "save", nameEn: "Trade", color }, { cookie }), params);
        expect(bad.status, color).toBe(400);
        expect(fieldErrors(bad.body), color).toEqual({ color: [color === "" ? "validation.required" : "manage:tracks.colorFormat"] });
      }
      const nameless = await call(tracksAction, formRequest(urlPath, { intent: "save", color: "#336699" }, { cookie }), params);
      expect(fieldErrors(nameless.body)).toEqual({ nameEn: ["manage:tracks.nameRequired"] });
      expect(await countRows("tracks")).toBe(before);

      const added = await call(tracksAction, formRequest(urlPath, { intent: "save", nameZh: "貿易便捷化", color: "#AA33CC", position: "2" }, { cookie }), params);
      expect(added.status).toBe(200);
      const track = await db().selectFrom("tracks").selectAll().where("event_id", "=", event.id).executeTakeFirstOrThrow();
      expect(track).toMatchObject({ name_en: null, name_zh: "貿易便捷化", color: "#aa33cc", position: 2 });
      const removed = await call(tracksAction, formRequest(urlPath, { intent: "delete", trackId: String(track.id) }, { cookie }), params);
      expect(removed.status).toBe(200);
      expect(await countRows("tracks", { column: "event_id", value: event.id })).toBe(0);
    });
  });

  describe("sessions", () => {
    async function sessionRows(eventId: number) {
      return db().selectFrom("sessions").selectAll().where("event_id", "=", eventId).orderBy("id").execute();
    }

    it("refuses each kind of bad session with 400 by field and stores nothing", async () => {
      const { event, otherEvent, cookie } = await eventWithTeam();
      const urlPath = `/events/${event.slug}/manage/sessions/new`;
      const params = { slug: event.slug };
      const foreignRoom = await insertRoom(otherEvent.id, "Elsewhere");
      const foreignTrack = await insertTrack(otherEvent.id, "Elsewhere");
      const speaker = await insertPerson("Norma Rivera");
      const counts = async () => [await countRows("sessions"), await countRows("session_items"), await countRows("session_people")];
      const before = await counts();
      const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
        [{ startTime: "11:00", endTime: "09:30" }, { endTime: ["manage:session.errors.endNotAfterStart"] }],
        [{ day: "2011-03-31" }, { day: ["manage:session.errors.outsideEventDays"] }],
        [
          { "items[0].titleEn": "Late remarks", "items[0].startTime": "10:30", "items[0].endTime": "11:30" },
          { "items[0].startTime": ["manage:session.errors.itemOutsideSession"] },
        ],
        [
          { roomId: String(foreignRoom), trackId: String(foreignTrack) },
          { roomId: ["manage:session.errors.unknownRoom"], trackId: ["manage:session.errors.unknownTrack"] },
        ],
        [
          { "people[0].personId": String(speaker), "people[0].role": "speaker", "people[1].personId": String(speaker), "people[1].role": "speaker", "people[2].personId": "99999999", "people[2].role": "chair" },
          { "people[1].role": ["manage:session.errors.duplicateRole"], "people[2].personId": ["manage:session.errors.unknownPerson"] },
        ],
        [
          { titleEn: "", titleZh: "", type: "party", startTime: "25:00", status: "" },
          { titleEn: ["manage:session.errors.titleRequired"], type: ["validation.invalidChoice"], startTime: ["manage:session.errors.invalidTime"], status: ["validation.required"] },
        ],
        [{ capacity: "0", roomId: "x" }, { capacity: ["manage:validation.capacity"], roomId: ["validation.invalidChoice"] }],
        [
          { "items[0].titleEn": "", "items[0].startTime": "09:30", "items[0].endTime": "10:00", "people[0].role": "speaker" },
          { "items[0].titleEn": ["manage:session.errors.titleRequired"], "people[0].personId": ["validation.required"] },
        ],
      ];
      for (const [overrides, expected] of cases) {
        const outcome = await call(newSessionAction, formRequest(urlPath, sessionFields(overrides), { cookie }), params);
        expect(outcome.status, JSON.stringify(overrides)).toBe(400);
        expect(fieldErrors(outcome.body), JSON.stringify(overrides)).toEqual(expected);
      }
      expect(await counts()).toEqual(before);
    });

    it("refuses 02:30 on the night the clocks skip it (2011-03-13 in America/Los_Angeles)", async () => {
      const { event, cookie } = await eventWithTeam();
      await db().updateTable("events").set({ starts_on: "2011-03-12", ends_on: "2011-03-14" }).where("id", "=", event.id).execute();
      const outcome = await call(
        newSessionAction,
        formRequest(`/events/${event.slug}/manage/sessions/new`, sessionFields({ day: "2011-03-13", startTime: "02:30", endTime: "04:00" }), { cookie }),
        { slug: event.slug },
      );
      expect(outcome.status).toBe(400);
      expect(fieldErrors(outcome.body)).toEqual({ startTime: ["manage:session.errors.nonexistentTime"] });
      expect(await sessionRows(event.id)).toEqual([]);
    });

    it("answers a list button pressed without JavaScript with the longer list, storing nothing", async () => {
      const { event, cookie } = await eventWithTeam();
      const fields = sessionFields({ __intent__: JSON.stringify({ type: "insert", payload: { name: "items" } }) });
      const outcome = await call(newSessionAction, formRequest(`/events/${event.slug}/manage/sessions/new`, fields, { cookie }), { slug: event.slug });
      expect(outcome.status).toBe(200);
      expect((outcome.body as { result: { initialValue: { items: unknown[] } } }).result.initialValue.items).toHaveLength(1);
      expect(await sessionRows(event.id)).toEqual([]);
    });

    it("stores 15:00–17:00 on 2011-03-28 in America/Los_Angeles as 22:00Z–00:00Z, with items and people", async () => {
      const { event, cookie } = await eventWithTeam();
      const roomId = await insertRoom(event.id, "Harbor A");
      const trackId = await insertTrack(event.id, "Bilaterals");
      const chair = await insertPerson("Carlos E. Ochoa");
      const sessionId = await createSession(event.slug, cookie, {
        type: "meeting",
        titleEn: "Bilateral with the U.S.",
        titleZh: "",
        day: "2011-03-28",
        startTime: "15:00",
        endTime: "17:00",
        roomId: String(roomId),
        trackId: String(trackId),
        capacity: "40",
        audienceNoteEn: "Delegations only",
        "items[0].titleEn": "Opening remarks",
        "items[0].startTime": "15:00",
        "items[0].endTime": "15:15",
        "people[0].personId": String(chair),
        "people[0].role": "chair",
        "people[0].itemIndex": "0",
      });
      const row = await db().selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        event_id: event.id,
        starts_at: "2011-03-28T22:00:00.000Z",
        ends_at: "2011-03-29T00:00:00.000Z",
        title_zh: null,
        room_id: roomId,
        track_id: trackId,
        capacity: 40,
        audience_note_en: "Delegations only",
        status: "scheduled",
      });
      const items = await db().selectFrom("session_items").selectAll().where("session_id", "=", sessionId).execute();
      expect(items).toEqual([expect.objectContaining({ title_en: "Opening remarks", starts_at: "2011-03-28T22:00:00.000Z", ends_at: "2011-03-28T22:15:00.000Z" })]);
      const people = await db().selectFrom("session_people").selectAll().where("session_id", "=", sessionId).execute();
      expect(people).toEqual([expect.objectContaining({ person_id: chair, role: "chair", item_id: items[0].id })]);

      const page = await call(editSessionLoader, getRequest(`/events/${event.slug}/manage/sessions/${sessionId}?saved=1`, { cookie }), { slug: event.slug, sessionId: String(sessionId) });
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({
        saved: true,
        warnings: [],
        defaults: { day: "2011-03-28", startTime: "15:00", endTime: "17:00", roomId: String(roomId), people: [{ personId: String(chair), role: "chair", itemIndex: "0" }] },
      });
    });

    it("shows the warning right after saving a session whose speaker is already booked at that time", async () => {
      const { event, cookie } = await eventWithTeam();
      const norma = await insertPerson("Norma Rivera");
      const speaker = { "people[0].personId": String(norma), "people[0].role": "speaker" };
      const first = await createSession(event.slug, cookie, { titleEn: "Supply Chain Security", startTime: "09:00", endTime: "10:30", ...speaker });
      const second = await createSession(event.slug, cookie, { titleEn: "Mutual Recognition", startTime: "10:00", endTime: "11:00", ...speaker });
      const page = await call(editSessionLoader, getRequest(`/events/${event.slug}/manage/sessions/${second}?saved=1`, { cookie }), { slug: event.slug, sessionId: String(second) });
      expect(page.status).toBe(200);
      const body = page.body as { saved: boolean; warnings: unknown[]; lookup: { people: Record<number, { name: string }>; sessions: Record<number, { title_en: string }> } };
      expect(body.saved).toBe(true);
      expect(body.warnings).toEqual([
        { kind: "person_double_booked", personId: norma, sessionIds: [first, second], startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T18:00:00.000Z" },
      ]);
      expect(body.lookup.people[norma].name).toBe("Norma Rivera");
      expect(body.lookup.sessions[first].title_en).toBe("Supply Chain Security");
    });

    it("updates a session, refusing bad input with 400 and leaving the row as it was", async () => {
      const { event, cookie } = await eventWithTeam();
      const sessionId = await createSession(event.slug, cookie);
      const urlPath = `/events/${event.slug}/manage/sessions/${sessionId}`;
      const params = { slug: event.slug, sessionId: String(sessionId) };
      const before = await db().selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
      const bad = await call(editSessionAction, formRequest(urlPath, sessionFields({ titleEn: "Moved", startTime: "11:00", endTime: "10:00" }), { cookie }), params);
      expect(bad.status).toBe(400);
      expect(fieldErrors(bad.body)).toEqual({ endTime: ["manage:session.errors.endNotAfterStart"] });
      const outside = await call(editSessionAction, formRequest(urlPath, sessionFields({ day: "2011-04-01" }), { cookie }), params);
      expect(fieldErrors(outside.body)).toEqual({ day: ["manage:session.errors.outsideEventDays"] });
      const unknownIntent = await call(editSessionAction, formRequest(urlPath, sessionFields({ intent: "rename" }), { cookie }), params);
      expect(unknownIntent.status).toBe(400);
      expect(await db().selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow()).toEqual(before);

      const saved = await call(editSessionAction, formRequest(urlPath, sessionFields({ titleEn: "Moved", day: "2011-03-30", startTime: "13:00", endTime: "14:00", status: "tentative" }), { cookie }), params);
      expect(saved.status).toBe(302);
      expect(saved.headers.get("Location")).toBe(`${urlPath}?saved=1`);
      const after = await db().selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ title_en: "Moved", starts_at: "2011-03-30T20:00:00.000Z", ends_at: "2011-03-30T21:00:00.000Z", status: "tentative" });
    });

    it("deletes a session only when confirmed, with its files", async () => {
      const { event, cookie } = await eventWithTeam();
      const sessionId = await createSession(event.slug, cookie);
      const urlPath = `/events/${event.slug}/manage/sessions/${sessionId}`;
      const params = { slug: event.slug, sessionId: String(sessionId) };
      const uploaded = await call(editSessionAction, uploadRequest(urlPath, { intent: "upload", file: new File(["%PDF-1.4"], "slides.pdf") }, cookie), params);
      expect(uploaded.status).toBe(200);
      const attachment = await db().selectFrom("attachments").select("stored_name").where("session_id", "=", sessionId).executeTakeFirstOrThrow();
      expect(await fileExists(attachment.stored_name)).toBe(true);

      const unconfirmed = await call(editSessionAction, formRequest(urlPath, { intent: "delete-session" }, { cookie }), params);
      expect(unconfirmed.status).toBe(400);
      expect(fieldErrors(unconfirmed.body)).toEqual({ confirm: ["manage:session.deleteNotConfirmed"] });
      expect(await sessionRows(event.id)).toHaveLength(1);

      const deleted = await call(editSessionAction, formRequest(urlPath, { intent: "delete-session", confirm: "on" }, { cookie }), params);
      expect(deleted.status).toBe(302);
      expect(deleted.headers.get("Location")).toBe(`/events/${event.slug}/manage?deleted=1`);
      expect(await sessionRows(event.id)).toEqual([]);
      expect(await countRows("attachments", { column: "session_id", value: sessionId })).toBe(0);
      expect(await fileExists(attachment.stored_name)).toBe(false);
    });
  });

  describe("attachments", () => {
    async function aSession() {
      const team = await eventWithTeam();
      const sessionId = await createSession(team.event.slug, team.cookie);
      const urlPath = `/events/${team.event.slug}/manage/sessions/${sessionId}`;
      return { ...team, sessionId, urlPath, params: { slug: team.event.slug, sessionId: String(sessionId) } };
    }

    it("refuses a too-large file, a disallowed type, a missing file and a long label with 400 by field, storing nothing", async () => {
      const { sessionId, urlPath, params, cookie } = await aSession();
      const cases: Array<[Record<string, string | File>, Record<string, string[]>]> = [
        [{ file: new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], "huge.pdf") }, { file: ["manage:attachments.errors.tooLarge"] }],
        [{ file: new File(["MZ"], "tool.exe") }, { file: ["manage:attachments.errors.fileType"] }],
        [{ file: new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }) }, { file: ["manage:attachments.errors.fileType"] }],
        [{ file: new File([], "") }, { file: ["validation.required"] }],
        [{ file: new File(["%PDF"], "slides.pdf"), annexLabel: "A".repeat(61) }, { annexLabel: ["validation.tooLong"] }],
      ];
      for (const [fields, expected] of cases) {
        const outcome = await call(editSessionAction, uploadRequest(urlPath, { intent: "upload", ...fields }, cookie), params);
        expect(outcome.status, Object.keys(expected).join()).toBe(400);
        expect(fieldErrors(outcome.body)).toEqual(expected);
      }
      expect(await countRows("attachments", { column: "session_id", value: sessionId })).toBe(0);
      const page = await call(editSessionLoader, getRequest(urlPath, { cookie }), params);
      expect((page.body as { uploads: { extensions: string[] } }).uploads.extensions).toContain(".pdf");
    });

    it("uploads a file with its annex label, lists it, and deletes it with its file", async () => {
      const { otherEvent, otherOrganizer, sessionId, urlPath, params, cookie } = await aSession();
      const uploaded = await call(editSessionAction, uploadRequest(urlPath, { intent: "upload", file: new File(["%PDF-1.4 slides"], "CBP Update.PDF"), annexLabel: "Annex 9" }, cookie), params);
      expect(uploaded.status).toBe(200);
      expect(uploaded.body).toMatchObject({ form: "upload", notice: "attachments.uploaded" });
      const row = await db().selectFrom("attachments").selectAll().where("session_id", "=", sessionId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ annex_label: "Annex 9", file_name: "CBP Update.PDF", content_type: "application/pdf", size_bytes: 15 });
      expect(await fileExists(row.stored_name)).toBe(true);
      const page = await call(editSessionLoader, getRequest(urlPath, { cookie }), params);
      expect((page.body as { attachments: Array<{ id: number }> }).attachments.map((a) => a.id)).toEqual([row.id]);

      const badId = await call(editSessionAction, formRequest(urlPath, { intent: "delete-attachment", attachmentId: "x" }, { cookie }), params);
      expect(badId.status).toBe(400);
      expect(fieldErrors(badId.body)).toEqual({ attachmentId: ["validation.invalidChoice"] });
      // Another event's organizer cannot reach this file through their own event.
      const otherCookie = await signedInCookie(db(), otherOrganizer);
      const otherSession = await createSession(otherEvent.slug, otherCookie);
      const foreign = await call(
        editSessionAction,
        formRequest(`/events/${otherEvent.slug}/manage/sessions/${otherSession}`, { intent: "delete-attachment", attachmentId: String(row.id) }, { cookie: otherCookie }),
        { slug: otherEvent.slug, sessionId: String(otherSession) },
      );
      expect(foreign.status).toBe(404);
      expect(await countRows("attachments", { column: "session_id", value: sessionId })).toBe(1);

      const deleted = await call(editSessionAction, formRequest(urlPath, { intent: "delete-attachment", attachmentId: String(row.id) }, { cookie }), params);
      expect(deleted.status).toBe(200);
      expect(await countRows("attachments", { column: "session_id", value: sessionId })).toBe(0);
      expect(await fileExists(row.stored_name)).toBe(false);
    });
  });

  describe("overview and conflicts", () => {
    it("lists a room booked twice on the conflicts page and counts it on the overview", async () => {
      const { event, cookie } = await eventWithTeam();
      const params = { slug: event.slug };
      const empty = await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts`, { cookie }), params);
      expect((empty.body as { conflicts: unknown[] }).conflicts).toEqual([]);

      const roomId = await insertRoom(event.id, "Harbor A", 100);
      const inRoom = { roomId: String(roomId) };
      const first = await createSession(event.slug, cookie, { titleEn: "Plenary", startTime: "09:00", endTime: "10:00", ...inRoom });
      const second = await createSession(event.slug, cookie, { titleEn: "Workshop", startTime: "09:30", endTime: "10:30", ...inRoom });
      await createSession(event.slug, cookie, { titleEn: "Later", startTime: "10:30", endTime: "11:30", ...inRoom });

      const page = await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts`, { cookie }), params);
      expect(page.status).toBe(200);
      const body = page.body as { conflicts: unknown[]; lookup: { rooms: Record<number, { name_en: string }> } };
      expect(body.conflicts).toEqual([{ kind: "room_double_booked", roomId, sessionIds: [first, second], startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T17:30:00.000Z" }]);
      expect(body.lookup.rooms[roomId].name_en).toBe("Harbor A");

      const overview = await call(overviewLoader, getRequest(`/events/${event.slug}/manage`, { cookie }), params);
      const summary = overview.body as { conflictCount: number; days: Array<{ day: string; sessions: Array<{ id: number; startTime: string }> }> };
      expect(summary.conflictCount).toBe(1);
      expect(summary.days.map((day) => day.day)).toEqual(["2011-03-28", "2011-03-29", "2011-03-30"]);
      expect(summary.days[1].sessions.map((session) => session.startTime)).toEqual(["09:00", "09:30", "10:30"]);
    });

    interface ConflictsPageData {
      slug: string;
      conflicts: Array<{ kind: string; roomId?: number; sessionIds?: number[]; sessionCount?: number; sessionId?: number; startsAt?: string; endsAt?: string }>;
      countsByKind: Record<string, number>;
      paging: { page: number; pageCount: number; total: number; first: number; last: number };
      lookup: { sessions: Record<number, { title_en: string }>; rooms: Record<number, unknown>; people: Record<number, unknown> };
    }

    /** Sessions straight into the table (the form would take minutes for a hundred), ids in the order given. */
    async function insertSessions(eventId: number, rows: ReadonlyArray<{ title: string; startsAt: Date; minutes: number; roomId: number; capacity?: number }>) {
      const ids: number[] = [];
      for (let index = 0; index < rows.length; index += 50) {
        const values = rows.slice(index, index + 50).map((row) => ({
          event_id: eventId,
          type: "workshop" as const,
          title_en: row.title,
          starts_at: row.startsAt.toISOString(),
          ends_at: new Date(row.startsAt.getTime() + row.minutes * 60_000).toISOString(),
          room_id: row.roomId,
          capacity: row.capacity ?? null,
          created_at: now(),
          updated_at: now(),
        }));
        const inserted = await db().insertInto("sessions").values(values).returning("id").execute();
        ids.push(...inserted.map((row) => row.id));
      }
      return ids;
    }

    const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

    const renderConflictsPage = (data: ConflictsPageData, language: "en" | "zh-TW") =>
      renderRoutePage(ConflictsPage, { pattern: "/events/:slug/manage/conflicts", path: `/events/${data.slug}/manage/conflicts`, loaderData: data, language });

    it("lists 120 sessions overlapping in one room as one conflict that names 20 of them, and sends only their names", async () => {
      const { event, cookie } = await eventWithTeam();
      const params = { slug: event.slug };
      const roomId = await insertRoom(event.id, "Harbor A");
      const elsewhere = await insertRoom(event.id, "Harbor B");
      // One a minute from 09:00 local (16:00Z), four hours each: every pair overlaps.
      const ids = await insertSessions(
        event.id,
        Array.from({ length: 120 }, (_, index) => ({ title: `Overlap ${index + 1}`, startsAt: minutesAfter("2011-03-29T16:00:00.000Z", index), minutes: 240, roomId })),
      );
      const [alone] = await insertSessions(event.id, [{ title: "Alone", startsAt: minutesAfter("2011-03-29T16:00:00.000Z", 0), minutes: 60, roomId: elsewhere }]);

      const page = await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts`, { cookie }), params);
      expect(page.status).toBe(200);
      const body = page.body as ConflictsPageData;
      expect(body.conflicts).toEqual([
        { kind: "room_double_booked", roomId, sessionIds: ids.slice(0, 20), sessionCount: 120, startsAt: "2011-03-29T16:00:00.000Z", endsAt: "2011-03-29T21:59:00.000Z" },
      ]);
      expect(body.countsByKind).toEqual({ room_double_booked: 1 });
      expect(body.paging).toEqual({ page: 1, pageCount: 1, total: 1, first: 1, last: 1 });
      expect(Object.keys(body.lookup.sessions).map(Number).sort((a, b) => a - b)).toEqual(ids.slice(0, 20));
      expect(body.lookup.sessions[alone]).toBeUndefined();
      expect(Object.keys(body.lookup.rooms).map(Number)).toEqual([roomId]);
      expect(body.lookup.people).toEqual({});
      // One pair per conflict would have been 7,140 of them.
      expect(JSON.stringify(body).length).toBeLessThan(10_000);

      const english = await renderConflictsPage(body, "en");
      expect(english).toContain("and 100 more sessions");
      expect(english).toContain("Overlap 20<");
      expect(english).not.toContain("Overlap 21<");
      expect(english).toContain("Showing 1–1 of 1 conflict.");
      expect(english).not.toContain("Next page");
      expect(english.length).toBeLessThan(30_000);
      const chinese = await renderConflictsPage(body, "zh-TW");
      expect(chinese).toContain("以及另外 100 場");
      expect(chinese).toContain("顯示第 1–1 項，共 1 項衝突。");

      // A page number that is not a positive whole number up to 100,000 shows the first page; one
      // past the end shows the last. None of them fails.
      for (const query of ["abc", "0", "-1", "1e3", "1.5", "0x10", " 2", "", "99999999999", "100001", "2", "100000"]) {
        const odd = await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts?page=${encodeURIComponent(query)}`, { cookie }), params);
        expect(odd.status, query).toBe(200);
        expect((odd.body as ConflictsPageData).paging.page, query).toBe(1);
      }
    });

    it("says when a speaker has a bilateral meeting during their session, naming the time but not the meeting's topic", async () => {
      const data: ConflictsPageData = {
        slug: "ctpat-2011",
        conflicts: [{ kind: "person_in_meeting", personId: 7, sessionId: 3, meetingId: 40, startsAt: "2011-03-29T18:30:00.000Z", endsAt: "2011-03-29T19:30:00.000Z" } as never],
        countsByKind: { person_in_meeting: 1 },
        paging: { page: 1, pageCount: 1, total: 1, first: 1, last: 1 },
        lookup: {
          sessions: { 3: { id: 3, title_en: "AEO panel", title_zh: null, starts_at: "2011-03-29T19:00:00.000Z", ends_at: "2011-03-29T20:00:00.000Z" } },
          rooms: {},
          people: { 7: { name: "Wen Wu-yen", nameNative: "溫武彥" } },
          timeZone: "America/Los_Angeles",
          firstDay: "2011-03-28",
          lastDay: "2011-03-30",
        } as ConflictsPageData["lookup"],
      };
      const english = await renderConflictsPage(data, "en");
      expect(english).toContain("In a session during a bilateral meeting (1)");
      expect(english).toMatch(/Wen Wu-yen.*<\/strong> attends a bilateral meeting \(.*11:30–12:30.*\) during <a[^>]*>AEO panel<\/a>/s);
      const chinese = await renderConflictsPage(data, "zh-TW");
      expect(chinese).toContain("場次與雙邊會談時間重疊（1）");
      expect(chinese).toContain("另有雙邊會談。");
    });

    it("pages the conflicts 50 at a time, double bookings first, with names for the shown page only", async () => {
      const { event, cookie } = await eventWithTeam();
      const params = { slug: event.slug };
      const roomId = await insertRoom(event.id, "Harbor C", 10);
      // 55 separate pairs, an hour apart from 01:00 local on the first day, then one session too big for the room.
      const pairs = await insertSessions(
        event.id,
        Array.from({ length: 55 }, (_, pair) => [
          { title: `Pair ${pair} first`, startsAt: minutesAfter("2011-03-28T08:00:00.000Z", pair * 60), minutes: 30, roomId },
          { title: `Pair ${pair} second`, startsAt: minutesAfter("2011-03-28T08:00:00.000Z", pair * 60 + 15), minutes: 30, roomId },
        ]).flat(),
      );
      const [crowded] = await insertSessions(event.id, [{ title: "Crowded", startsAt: new Date("2011-03-30T20:00:00.000Z"), minutes: 60, roomId, capacity: 50 }]);

      const first = (await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts`, { cookie }), params)).body as ConflictsPageData;
      expect(first.paging).toEqual({ page: 1, pageCount: 2, total: 56, first: 1, last: 50 });
      expect(first.countsByKind).toEqual({ room_double_booked: 55, over_room_capacity: 1 });
      expect(first.conflicts.map((conflict) => conflict.sessionIds)).toEqual(Array.from({ length: 50 }, (_, pair) => [pairs[2 * pair], pairs[2 * pair + 1]]));
      expect(Object.keys(first.lookup.sessions)).toHaveLength(100);
      const html = await renderConflictsPage(first, "en");
      expect(html).toContain("Showing 1–50 of 56 conflicts.");
      expect(html).toContain("Rooms booked twice (55)");
      expect(html).toContain('href="/events/' + event.slug + '/manage/conflicts?page=2"');
      expect(html).not.toContain("Previous page");

      const second = (await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts?page=2`, { cookie }), params)).body as ConflictsPageData;
      expect(second.paging).toEqual({ page: 2, pageCount: 2, total: 56, first: 51, last: 56 });
      expect(second.conflicts.map((conflict) => conflict.kind)).toEqual([...Array(5).fill("room_double_booked"), "over_room_capacity"]);
      expect(second.conflicts[0].sessionIds).toEqual([pairs[100], pairs[101]]);
      expect(second.conflicts[5]).toEqual({ kind: "over_room_capacity", sessionId: crowded, roomId, capacity: 50, roomCapacity: 10 });
      expect(Object.keys(second.lookup.sessions).map(Number).sort((a, b) => a - b)).toEqual([...pairs.slice(100), crowded]);
      const zh = await renderConflictsPage(second, "zh-TW");
      expect(zh).toContain("顯示第 51–56 項，共 56 項衝突。");
      expect(zh).toContain("上一頁");
      expect(zh).not.toContain("下一頁");

      const past = (await call(conflictsLoader, getRequest(`/events/${event.slug}/manage/conflicts?page=3`, { cookie }), params)).body as ConflictsPageData;
      expect(past.paging.page).toBe(2);
    });
  });
});
