// Calendars are read in Taipei: nothing below may depend on the server's own zone.
process.env.TZ = "Asia/Taipei";

import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { saveSession, type SessionInput } from "../../../app/models/session.server";
import { loader as eventFeedLoader } from "../../../app/routes/events.$slug.calendar[.ics]";
import { loader as scheduleJsonLoader } from "../../../app/routes/events.$slug.schedule[.json]";
import { loader as scheduleXmlLoader } from "../../../app/routes/events.$slug.schedule[.xml]";
import { loader as sessionFeedLoader } from "../../../app/routes/events.$slug.sessions.$sessionId_.calendar[.ics]";
import { findReadableEvent, type ReadableEvent } from "../../../app/policy.server";
import { seedDemo } from "../../../db/seed/demo";
import { describeEachEngine } from "../../support/engines";
import { insertEvent, insertUser, serveAppFrom } from "../../support/app";
import { validateScheduleJson, validateScheduleXml } from "../../support/interop-validators";
import { queryCounter } from "../../support/query-counter";
import { sessionInput } from "../../support/session-input";

type Loader = typeof eventFeedLoader;


async function call(loader: Loader, path: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  try {
    return (await loader({ request: new Request(`http://plenary.test${path}`, { headers }), params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const data = thrown as { type?: string; init?: ResponseInit | null; data?: unknown };
    if (data?.type === "DataWithResponseInit") return new Response(JSON.stringify(data.data), data.init ?? undefined);
    throw thrown;
  }
}

function vevents(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
}


describeEachEngine("calendar feed and export routes", ({ db }) => {
  const counter = queryCounter();
  serveAppFrom(() => db().withPlugin(counter.plugin));

  let actor: number;
  async function sanDiego(visibility: "public" | "private" = "public") {
    const row = await insertEvent(db(), { visibility, title_en: "C-TPAT Conference", title_zh: "C-TPAT 研討會" });
    return (await db()
      .selectFrom("events")
      .select(["id", "slug", "time_zone", "starts_on", "ends_on"])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow()) as ReadableEvent;
  }
  async function save(event: ReadableEvent, overrides: Partial<SessionInput> = {}, sessionId?: number) {
    actor ??= (await insertUser(db())).id;
    const saved = await saveSession(db(), { event, input: sessionInput({ day: "2011-03-28", startTime: "09:00", endTime: "10:00", ...overrides }), actorUserId: actor, sessionId });
    if (!saved.ok) throw new Error(`not saved: ${JSON.stringify(saved)}`);
    return saved.sessionId;
  }

  it("serves the San Diego agenda at the right hour to a server in Taipei", async () => {
    expect(new Date(Date.UTC(2011, 2, 28)).getTimezoneOffset()).toBe(-480);
    const event = await sanDiego();
    await save(event);
    await save(event, { titleEn: "Opening", titleZh: "開幕", type: "plenary", startTime: "08:00", endTime: "08:45" });

    const response = await call(eventFeedLoader, `/events/${event.slug}/calendar.ics`, { slug: event.slug });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    const text = await response.text();
    const events = vevents(text);
    expect(events).toHaveLength(2);
    const workshop = events.find((e) => e.summary === "Verifying Security Measures");
    expect(workshop?.startDate.zone?.tzid).toBe("America/Los_Angeles");
    expect([workshop?.startDate.hour, workshop?.startDate.minute]).toEqual([9, 0]);
    expect(workshop?.startDate.toJSDate().toISOString()).toBe("2011-03-28T16:00:00.000Z");
    expect(workshop?.endDate.toJSDate().toISOString()).toBe("2011-03-28T17:00:00.000Z");
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles");

    const chinese = await (await call(eventFeedLoader, `/events/${event.slug}/calendar.ics?lang=zh-TW`, { slug: event.slug })).text();
    expect(
      vevents(chinese)
        .map((e) => e.summary)
        .sort(),
    ).toEqual(["實地查證安全措施", "開幕"]);
  });

  it("filters by track, room, type and person", async () => {
    const event = await sanDiego();
    const room = await db()
      .insertInto("rooms")
      .values({ event_id: event.id, name_en: "Harbor", name_zh: null, capacity: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const track = await db().insertInto("tracks").values({ event_id: event.id, name_en: "Trade", name_zh: null }).returning("id").executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const person = await db().insertInto("people").values({ name: "Speaker", created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
    await save(event, { titleEn: "In the room", roomId: room.id });
    await save(event, { titleEn: "On the track", trackId: track.id, startTime: "10:00", endTime: "11:00" });
    await save(event, {
      titleEn: "A plenary",
      type: "plenary",
      startTime: "11:00",
      endTime: "12:00",
      people: [{ personId: person.id, role: "speaker", itemIndex: null }],
    });
    const titles = async (query: string) =>
      vevents(await (await call(eventFeedLoader, `/events/${event.slug}/calendar.ics?${query}`, { slug: event.slug })).text()).map((e) => e.summary);
    expect(await titles(`room=${room.id}`)).toEqual(["In the room"]);
    expect(await titles(`track=${track.id}`)).toEqual(["On the track"]);
    expect(await titles("type=plenary")).toEqual(["A plenary"]);
    expect(await titles(`person=${person.id}`)).toEqual(["A plenary"]);

    for (const query of ["room=abc", "type=party", "lang=fr", "track=0x10", "person=2147483648"]) {
      const refused = await call(eventFeedLoader, `/events/${event.slug}/calendar.ics?${query}`, { slug: event.slug }, { "Accept-Language": "zh-TW" });
      expect(refused.status, query).toBe(400);
      expect(await refused.text()).toContain("行事曆網址");
    }
  });

  it("answers a revalidation 304 from the version alone, and a move with the new time and a higher SEQUENCE", async () => {
    const event = await sanDiego();
    const id = await save(event);
    const url = `/events/${event.slug}/calendar.ics`;
    const first = await call(eventFeedLoader, url, { slug: event.slug });
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    const [before] = vevents(await first.text());
    expect(before.sequence).toBe(0);

    counter.count = 0;
    const again = await call(eventFeedLoader, url, { slug: event.slug }, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    // The event's lookup and the version: no session is read, no feed built.
    expect(counter.count).toBe(2);
    expect((await call(eventFeedLoader, url, { slug: event.slug }, { "If-Modified-Since": lastModified })).status).toBe(304);
    expect((await call(eventFeedLoader, `${url}?lang=zh-TW`, { slug: event.slug }, { "If-None-Match": etag })).status).toBe(200);

    await save(event, { startTime: "13:00", endTime: "14:00" }, id);
    const moved = await call(eventFeedLoader, url, { slug: event.slug }, { "If-None-Match": etag });
    expect(moved.status).toBe(200);
    const [after] = vevents(await moved.text());
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBe(1);
    expect(after.startDate.toJSDate().toISOString()).toBe("2011-03-28T20:00:00.000Z");
  });

  it("keeps a cancelled session in the feed as CANCELLED", async () => {
    const event = await sanDiego();
    const id = await save(event);
    await save(event, { status: "cancelled" }, id);
    const [cancelled] = vevents(await (await call(eventFeedLoader, `/events/${event.slug}/calendar.ics`, { slug: event.slug })).text());
    // The event is in 2011: more than 30 days ago, so it has left the feed by now.
    expect(cancelled).toBeUndefined();
    const fresh = await db()
      .insertInto("events")
      .values({
        slug: `calendar-now-${Date.now()}`,
        title_en: "Next week",
        time_zone: "America/Los_Angeles",
        starts_on: new Date().toISOString().slice(0, 10),
        ends_on: new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10),
        visibility: "public",
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning("slug")
      .executeTakeFirstOrThrow();
    const upcoming = (await findReadableEvent(db(), fresh.slug, null)) as ReadableEvent;
    const soon = await save(upcoming, { day: upcoming.ends_on, status: "cancelled" });
    const [kept] = vevents(await (await call(eventFeedLoader, `/events/${upcoming.slug}/calendar.ics`, { slug: upcoming.slug })).text());
    expect(kept.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    const single = await call(sessionFeedLoader, `/events/${upcoming.slug}/sessions/${soon}/calendar.ics`, { slug: upcoming.slug, sessionId: String(soon) });
    expect(kept.uid).toBe(vevents(await single.text())[0].uid);
  });

  it("refuses a language it does not know on the session feed and the exports, in the viewer's language", async () => {
    const event = await sanDiego();
    const id = await save(event);
    const english = { "Accept-Language": "en" };
    const answers = [
      await call(sessionFeedLoader, `/events/${event.slug}/sessions/${id}/calendar.ics?lang=fr`, { slug: event.slug, sessionId: String(id) }, english),
      await call(scheduleXmlLoader, `/events/${event.slug}/schedule.xml?lang=fr`, { slug: event.slug }, english),
      await call(scheduleJsonLoader, `/events/${event.slug}/schedule.json?lang=`, { slug: event.slug }, english),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain("calendar address");
    }
    const chinese = await call(sessionFeedLoader, `/events/${event.slug}/sessions/${id}/calendar.ics?lang=zh-TW`, { slug: event.slug, sessionId: String(id) });
    expect(vevents(await chinese.text())[0].summary).toBe("實地查證安全措施");
  });

  it("hides a private event's feed from the public", async () => {
    const event = await sanDiego("private");
    await save(event);
    expect((await call(eventFeedLoader, `/events/${event.slug}/calendar.ics`, { slug: event.slug })).status).toBe(404);
    expect((await call(scheduleXmlLoader, `/events/${event.slug}/schedule.xml`, { slug: event.slug })).status).toBe(404);
  });

  it("gives one session as a calendar file with the feed's UID", async () => {
    const event = await sanDiego();
    const id = await save(event);
    const other = await sanDiego();
    const response = await call(sessionFeedLoader, `/events/${event.slug}/sessions/${id}/calendar.ics`, { slug: event.slug, sessionId: String(id) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(".ics");
    const [single] = vevents(await response.text());
    const [inFeed] = vevents(await (await call(eventFeedLoader, `/events/${event.slug}/calendar.ics`, { slug: event.slug })).text());
    expect(single.uid).toBe(inFeed.uid);
    for (const [slug, sessionId] of [
      [other.slug, String(id)],
      [event.slug, "0x1"],
      [event.slug, "2147483648"],
    ]) {
      expect((await call(sessionFeedLoader, `/events/${slug}/sessions/${sessionId}/calendar.ics`, { slug, sessionId })).status).toBe(404);
    }
  });

  describe("the demo events' schedule exports", () => {
    it("validate against the frab XSD and the c3voc JSON schema, in both languages", async () => {
      await seedDemo(db());
      for (const slug of ["ctpat-2011", "aeo-taipei-2011"]) {
        for (const lang of ["en", "zh-TW"]) {
          const xml = await call(scheduleXmlLoader, `/events/${slug}/schedule.xml?lang=${lang}`, { slug });
          expect(xml.status).toBe(200);
          expect(xml.headers.get("content-type")).toBe("application/xml; charset=utf-8");
          expect(await validateScheduleXml(await xml.text()), `${slug} xml ${lang}`).toEqual([]);
          const json = await call(scheduleJsonLoader, `/events/${slug}/schedule.json?lang=${lang}`, { slug });
          expect(json.status).toBe(200);
          const text = await json.text();
          expect(validateScheduleJson(text), `${slug} json ${lang}`).toEqual([]);
          const sessions = await db()
            .selectFrom("sessions")
            .innerJoin("events", "events.id", "sessions.event_id")
            .select((eb) => eb.fn.countAll<number>().as("count"))
            .where("events.slug", "=", slug)
            .where("sessions.status", "!=", "cancelled")
            .executeTakeFirstOrThrow();
          const days = (JSON.parse(text) as { schedule: { conference: { days: Array<{ rooms: Record<string, unknown[]> }> } } }).schedule.conference.days;
          expect(days.flatMap((day) => Object.values(day.rooms).flat())).toHaveLength(Number(sessions.count));
        }
      }
    }, 60_000);
  });
});
