import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import type { PersonRole, SessionStatus, SessionType } from "../../../db/schema";
import { zonedRange } from "../../../app/components/agenda/agenda-time";
import { loader as attachmentLoader } from "../../../app/routes/events.$slug.attachments.$attachmentId";
import { loader as agendaLoader } from "../../../app/routes/events.$slug._index";
import { loader as personLoader } from "../../../app/routes/events.$slug.people.$personId";
import { loader as sessionLoader } from "../../../app/routes/events.$slug.sessions.$sessionId";
import { localToUtc } from "../../../lib/zoned-time";
import { describeEachEngine } from "../../support/engines";
import { queryCounter } from "../../support/query-counter";
import { getRequest, giveRole, insertEvent, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";


const ZONE = "America/Los_Angeles";
const at = () => new Date().toISOString();
const utc = (day: string, time: string) => {
  const result = localToUtc(day, time, ZONE);
  if (!result.ok) throw new Error(`bad test time ${day} ${time}`);
  return result.iso;
};

interface SessionSpec {
  type: SessionType;
  titleEn: string | null;
  titleZh?: string;
  day: string;
  start: string;
  end: string;
  roomId: number | null;
  trackId: number | null;
  status?: SessionStatus;
  audienceNoteEn?: string;
  people?: Array<[number, PersonRole]>;
}

async function insertSession(db: Db, eventId: number, spec: SessionSpec) {
  const { id } = await db
    .insertInto("sessions")
    .values({
      event_id: eventId,
      key: null,
      type: spec.type,
      title_en: spec.titleEn,
      title_zh: spec.titleZh ?? null,
      description_en: null,
      description_zh: null,
      track_id: spec.trackId,
      room_id: spec.roomId,
      starts_at: utc(spec.day, spec.start),
      ends_at: utc(spec.day, spec.end),
      capacity: null,
      audience_note_en: spec.audienceNoteEn ?? null,
      audience_note_zh: null,
      status: spec.status ?? "scheduled",
      created_at: at(),
      updated_at: at(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [position, [personId, role]] of (spec.people ?? []).entries()) {
    await db.insertInto("session_people").values({ session_id: id, person_id: personId, role, position, item_id: null }).execute();
  }
  return id;
}

async function insertPerson(db: Db, name: string, nameNative: string | null, organizationId: number | null = null) {
  const { id } = await db
    .insertInto("people")
    .values({ key: null, name, name_native: nameNative, title_en: "Director", title_zh: "處長", email: null, organization_id: organizationId, created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * A small San Diego conference: a meeting on 03-28 at 15:00, two parallel workshops on 03-29 (one
 * cancelled, one with a Chinese title) and a panel with an audience note, plus a file on the panel.
 */
async function buildConference(db: Db, visibility: "public" | "unlisted" | "private" = "public") {
  const event = await insertEvent(db, { visibility, title_en: "C-TPAT Conference", title_zh: "C-TPAT 年會" });
  const rooms = await db
    .insertInto("rooms")
    .values(["Grand Ballroom", "Harbor A", "Harbor B"].map((name, position) => ({ event_id: event.id, name_en: name, name_zh: null, capacity: null, position })))
    .returning("id")
    .execute();
  const [ballroom, harborA, harborB] = rooms.map((room) => room.id);
  const tracks = await db
    .insertInto("tracks")
    .values([
      { event_id: event.id, name_en: "General Session", name_zh: "大會", color: "#0b5cad", position: 0 },
      { event_id: event.id, name_en: "Workshops", name_zh: "工作坊", color: "#1e6b34", position: 1 },
    ])
    .returning("id")
    .execute();
  const [general, workshops] = tracks.map((track) => track.id);
  const { id: customsId } = await db
    .insertInto("organizations")
    .values({ key: null, name_en: "Taiwan Customs", name_zh: "財政部關務署", country: "TW", kind: "customs", created_at: at(), updated_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const wen = await insertPerson(db, "Wen Wu-yen", "溫武彥", customsId);
  const alice = await insertPerson(db, "Alice Moderator", null);
  const bob = await insertPerson(db, "Bob Panelist", null);
  const meeting = await insertSession(db, event.id, {
    type: "meeting", titleEn: "Welcome Meeting", titleZh: "歡迎會議", day: "2011-03-28", start: "15:00", end: "16:30", roomId: ballroom, trackId: general, people: [[wen, "host"]],
  });
  const workshopA = await insertSession(db, event.id, {
    type: "workshop", titleEn: "Advanced Conveyance Inspection", day: "2011-03-29", start: "09:30", end: "11:00", roomId: harborA, trackId: workshops, people: [[alice, "speaker"]],
  });
  const workshopB = await insertSession(db, event.id, {
    type: "workshop", titleEn: "Verifying Security Measures", titleZh: "安全措施驗證", day: "2011-03-29", start: "09:30", end: "11:00", roomId: harborB, trackId: workshops, status: "cancelled", people: [[bob, "speaker"]],
  });
  const panel = await insertSession(db, event.id, {
    type: "panel", titleEn: "Looking back and moving forward", day: "2011-03-29", start: "13:15", end: "14:30", roomId: ballroom, trackId: general,
    audienceNoteEn: "ISA members only", people: [[alice, "moderator"], [wen, "panelist"], [bob, "panelist"]],
  });
  const { id: attachmentId } = await db
    .insertInto("attachments")
    .values({ session_id: panel, annex_label: "附件一", file_name: "附件一 \"slides\" (final).pdf", stored_name: `agenda-test-${event.id}.pdf`, content_type: "application/pdf", size_bytes: 9, uploaded_by: null, created_at: at() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await mkdir(process.env.UPLOADS_DIR ?? "", { recursive: true });
  await writeFile(path.join(process.env.UPLOADS_DIR ?? "", `agenda-test-${event.id}.pdf`), "%PDF-1.4\n");
  return { event, rooms: { ballroom, harborA, harborB }, tracks: { general, workshops }, people: { wen, alice, bob }, sessions: { meeting, workshopA, workshopB, panel }, attachmentId };
}

type AgendaData = Awaited<ReturnType<typeof agendaLoader>>;

describeEachEngine("agenda routes", ({ db }) => {
  const counter = queryCounter();
  serveAppFrom(() => db().withPlugin(counter.plugin));

  const agenda = (slug: string, search = "", cookie?: string) =>
    runRoute(() => agendaLoader({ request: getRequest(`/events/${slug}${search}`, { cookie }), params: { slug }, context: {} }));
  const titles = (body: unknown) => (body as AgendaData).program.sessions.map((session) => session.title_en);

  describe("/events/:slug", () => {
    it("shows the first day by default and another day on request, cancelled sessions included with their status", async () => {
      const { event } = await buildConference(db());
      const first = await agenda(event.slug);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ day: "2011-03-28", view: "grid", zone: ZONE, days: ["2011-03-28", "2011-03-29", "2011-03-30"] });
      expect(titles(first.body)).toEqual(["Welcome Meeting"]);

      const second = await agenda(event.slug, "?day=2011-03-29&view=list");
      expect(second.status).toBe(200);
      const body = second.body as AgendaData;
      expect(body.view).toBe("list");
      expect(titles(body)).toEqual(["Advanced Conveyance Inspection", "Verifying Security Measures", "Looking back and moving forward"]);
      expect(body.program.sessions.find((s) => s.title_en === "Verifying Security Measures")?.status).toBe("cancelled");
      const panel = body.program.sessions.find((s) => s.type === "panel");
      expect(panel?.audience_note_en).toBe("ISA members only");
      expect(panel?.people.map((p) => [p.name, p.role])).toEqual([["Alice Moderator", "moderator"], ["Wen Wu-yen", "panelist"], ["Bob Panelist", "panelist"]]);

      const empty = await agenda(event.slug, "?day=2011-03-30");
      expect(titles(empty.body)).toEqual([]);
    });

    it("filters by track, room, type and by text in titles (English or Chinese) and people's names", async () => {
      const { event, rooms, tracks } = await buildConference(db());
      const day = "?day=2011-03-29";
      expect(titles((await agenda(event.slug, `${day}&track=${tracks.workshops}`)).body)).toEqual(["Advanced Conveyance Inspection", "Verifying Security Measures"]);
      expect(titles((await agenda(event.slug, `${day}&room=${rooms.harborA}`)).body)).toEqual(["Advanced Conveyance Inspection"]);
      expect(titles((await agenda(event.slug, `${day}&type=panel`)).body)).toEqual(["Looking back and moving forward"]);
      expect(titles((await agenda(event.slug, `${day}&q=${encodeURIComponent("溫武彥")}`)).body)).toEqual(["Looking back and moving forward"]);
      expect(titles((await agenda(event.slug, `${day}&q=bob`)).body)).toEqual(["Verifying Security Measures", "Looking back and moving forward"]);
      expect(titles((await agenda(event.slug, `${day}&q=${encodeURIComponent("安全措施")}`)).body)).toEqual(["Verifying Security Measures"]);
      // Empty fields from the GET form mean "all".
      const all = await agenda(event.slug, `${day}&track=&room=&type=&q=&tz=`);
      expect(all.status).toBe(200);
      expect(titles(all.body)).toHaveLength(3);
      expect((all.body as AgendaData).filters).toEqual({ track: undefined, room: undefined, type: undefined, q: undefined, tz: undefined });
    });

    it("shows the times in the viewer's zone: 15:00 in San Diego on 03-28 is 06:00 on 03-29 in Taipei", async () => {
      const { event } = await buildConference(db());
      const outcome = await agenda(event.slug, "?day=2011-03-28&tz=Asia/Taipei");
      expect(outcome.status).toBe(200);
      const body = outcome.body as AgendaData;
      expect(body.zone).toBe("Asia/Taipei");
      expect(body.filters.tz).toBe("Asia/Taipei");
      expect(body.day).toBe("2011-03-28");
      const [meeting] = body.program.sessions;
      expect(meeting.starts_at).toBe("2011-03-28T22:00:00.000Z");
      expect(zonedRange(meeting.starts_at, meeting.ends_at, body.zone, body.day)).toEqual({
        start: { time: "06:00", day: "2011-03-29", otherDay: true },
        end: { time: "07:30", day: "2011-03-29", otherDay: false },
      });
      // The event's own zone is the default and is not repeated in links.
      const own = (await agenda(event.slug, `?tz=${ZONE}`)).body as AgendaData;
      expect(own.filters.tz).toBeUndefined();
      expect(own.zone).toBe(ZONE);
    });

    it("answers 400 for a day outside the event, an unknown zone, view or type, and a malformed id", async () => {
      const { event } = await buildConference(db());
      for (const search of ["?day=2011-04-01", "?day=tomorrow", "?tz=Mars/Olympus", "?tz=system", "?view=table", "?type=party", "?track=abc", "?room=-1"]) {
        expect((await agenda(event.slug, search)).status, search).toBe(400);
      }
    });

    it("hides a private event from anonymous visitors and other events' organizers, shows it to its staff, and reads unlisted events by link", async () => {
      const { event } = await buildConference(db(), "private");
      const staff = await insertUser(db());
      const otherOrganizer = await insertUser(db());
      const otherEvent = await insertEvent(db());
      await giveRole(db(), staff.id, event.id, "staff");
      await giveRole(db(), otherOrganizer.id, otherEvent.id, "organizer");
      expect((await agenda(event.slug)).status).toBe(404);
      expect((await agenda(event.slug, "", await signedInCookie(db(), otherOrganizer))).status).toBe(404);
      const forStaff = await agenda(event.slug, "?day=2011-03-29", await signedInCookie(db(), staff));
      expect(forStaff.status).toBe(200);
      expect(titles(forStaff.body)).toHaveLength(3);
      expect((forStaff.body as AgendaData).canManage).toBe(false);

      const unlisted = await buildConference(db(), "unlisted");
      expect((await agenda(unlisted.event.slug)).status).toBe(200);
      expect((await agenda("no-such-event")).status).toBe(404);
    });

    it("issues the same few queries for a day of 3 sessions and a day of 300 sessions with people", async () => {
      const { event, rooms, tracks, people } = await buildConference(db());
      const organizer = await insertUser(db());
      await giveRole(db(), organizer.id, event.id, "organizer");
      await db().updateTable("events").set({ host_organization_id: (await db().selectFrom("organizations").select("id").executeTakeFirstOrThrow()).id }).where("id", "=", event.id).execute();
      const roomIds = Object.values(rooms);
      const crowd = await db()
        .insertInto("sessions")
        .values(
          Array.from({ length: 300 }, (_, index) => ({
            event_id: event.id,
            key: null,
            type: "workshop" as const,
            title_en: `Breakout ${index}`,
            title_zh: null,
            description_en: null,
            description_zh: null,
            track_id: tracks.workshops,
            room_id: roomIds[index % roomIds.length],
            starts_at: utc("2011-03-30", `${String(8 + Math.floor(index / 30)).padStart(2, "0")}:00`),
            ends_at: utc("2011-03-30", `${String(8 + Math.floor(index / 30)).padStart(2, "0")}:45`),
            capacity: null,
            audience_note_en: null,
            audience_note_zh: null,
            created_at: at(),
            updated_at: at(),
          })),
        )
        .returning("id")
        .execute();
      await db()
        .insertInto("session_people")
        .values(crowd.flatMap(({ id }) => [
          { session_id: id, person_id: people.alice, role: "moderator" as const, position: 0, item_id: null },
          { session_id: id, person_id: people.wen, role: "speaker" as const, position: 1, item_id: null },
        ]))
        .execute();
      const cookie = await signedInCookie(db(), organizer);

      counter.count = 0;
      const small = await agenda(event.slug, "?day=2011-03-29", cookie);
      const smallCount = counter.count;
      counter.count = 0;
      const large = await agenda(event.slug, "?day=2011-03-30", cookie);
      const largeCount = counter.count;

      expect(titles(small.body)).toHaveLength(3);
      const largeBody = large.body as AgendaData;
      expect(largeBody.program.sessions).toHaveLength(300);
      expect(largeBody.program.sessions.every((session) => session.people.length === 2)).toBe(true);
      expect([largeBody.event.host_name_en, largeBody.event.host_name_zh]).toEqual(["Taiwan Customs", "財政部關務署"]);
      expect(largeBody.canManage).toBe(true);
      expect(largeCount).toBe(smallCount);
      expect(largeCount).toBeGreaterThanOrEqual(5);
      expect(largeCount).toBeLessThanOrEqual(7);
    });
  });

  describe("/events/:slug/sessions/:sessionId", () => {
    const sessionPage = (slug: string, sessionId: string | number, search = "", cookie?: string) =>
      runRoute(() => sessionLoader({ request: getRequest(`/events/${slug}/sessions/${sessionId}${search}`, { cookie }), params: { slug, sessionId: String(sessionId) }, context: {} }));
    type SessionData = Awaited<ReturnType<typeof sessionLoader>>;

    it("shows a session with its people, status and attachments in the chosen zone", async () => {
      const { event, sessions } = await buildConference(db());
      const outcome = await sessionPage(event.slug, sessions.panel, "?tz=Asia/Taipei");
      expect(outcome.status).toBe(200);
      const body = outcome.body as SessionData;
      expect(body.zone).toBe("Asia/Taipei");
      expect(body.session.people.map((p) => [p.name, p.role, p.organization_name_zh])).toEqual([
        ["Alice Moderator", "moderator", null],
        ["Wen Wu-yen", "panelist", "財政部關務署"],
        ["Bob Panelist", "panelist", null],
      ]);
      expect(body.session.attachments.map((a) => [a.annex_label, a.file_name, a.size_bytes])).toEqual([["附件一", "附件一 \"slides\" (final).pdf", 9]]);
      expect(body.session.attachments[0]).not.toHaveProperty("stored_name");
      const cancelled = await sessionPage(event.slug, sessions.workshopB);
      expect((cancelled.body as SessionData).session.status).toBe("cancelled");
      expect((await sessionPage(event.slug, sessions.panel, "?tz=Nowhere/Else")).status).toBe(400);
    });

    it("answers 404 for a session of another event, a malformed id, and a private event's session to outsiders", async () => {
      const { event } = await buildConference(db());
      const other = await buildConference(db());
      const hidden = await buildConference(db(), "private");
      expect((await sessionPage(event.slug, other.sessions.panel)).status).toBe(404);
      expect((await sessionPage(event.slug, "1e3x")).status).toBe(404);
      expect((await sessionPage(hidden.event.slug, hidden.sessions.panel)).status).toBe(404);
    });
  });

  describe("/events/:slug/people/:personId", () => {
    const personPage = (slug: string, personId: number) =>
      runRoute(() => personLoader({ request: getRequest(`/events/${slug}/people/${personId}`), params: { slug, personId: String(personId) }, context: {} }));
    type PersonData = Awaited<ReturnType<typeof personLoader>>;

    it("shows a person's sessions in this event with their roles, and 404 for someone without a role in it", async () => {
      const { event, people } = await buildConference(db());
      const other = await buildConference(db());
      const outcome = await personPage(event.slug, people.wen);
      expect(outcome.status).toBe(200);
      const body = outcome.body as PersonData;
      expect(body.person).toMatchObject({ name: "Wen Wu-yen", name_native: "溫武彥", organization_name_en: "Taiwan Customs" });
      expect(body.person).not.toHaveProperty("email");
      expect(body.sessions.map((s) => [s.title_en, s.role])).toEqual([["Welcome Meeting", "host"], ["Looking back and moving forward", "panelist"]]);
      // Someone who only takes part in another event is not listed here.
      expect((await personPage(event.slug, other.people.wen)).status).toBe(404);
      const stranger = await insertPerson(db(), "No Role", null);
      expect((await personPage(event.slug, stranger)).status).toBe(404);
    });
  });

  describe("/events/:slug/attachments/:attachmentId", () => {
    const download = (slug: string, attachmentId: number, cookie?: string) =>
      runRoute(() =>
        attachmentLoader({ request: getRequest(`/events/${slug}/attachments/${attachmentId}`, { cookie }), params: { slug, attachmentId: String(attachmentId) }, context: {} }),
      );

    it("sends the file as a download with safe headers", async () => {
      const { event, attachmentId } = await buildConference(db());
      const outcome = await download(event.slug, attachmentId);
      expect(outcome.status).toBe(200);
      expect(outcome.body).toBe("%PDF-1.4\n");
      expect(outcome.headers.get("Content-Type")).toBe("application/pdf");
      expect(outcome.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(outcome.headers.get("Content-Disposition")).toBe(
        `attachment; filename="___ _slides_ (final).pdf"; filename*=UTF-8''%E9%99%84%E4%BB%B6%E4%B8%80%20%22slides%22%20%28final%29.pdf`,
      );
    });

    it("refuses an attachment of another event and a private event's file to outsiders", async () => {
      const { event } = await buildConference(db());
      const other = await buildConference(db());
      const hidden = await buildConference(db(), "private");
      expect((await download(event.slug, other.attachmentId)).status).toBe(404);
      expect((await download(hidden.event.slug, hidden.attachmentId)).status).toBe(404);
      const staff = await insertUser(db());
      await giveRole(db(), staff.id, hidden.event.id, "staff");
      expect((await download(hidden.event.slug, hidden.attachmentId, await signedInCookie(db(), staff))).status).toBe(200);
    });

    it("answers 404, not a broken download, when the file is gone from disk", async () => {
      const { event, attachmentId } = await buildConference(db());
      await rm(path.join(process.env.UPLOADS_DIR ?? "", `agenda-test-${event.id}.pdf`));
      expect((await download(event.slug, attachmentId)).status).toBe(404);
    });
  });
});
