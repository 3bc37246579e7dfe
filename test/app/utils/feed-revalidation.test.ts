import type { IncomingMessage, ServerResponse } from "node:http";
import { expect, it } from "vitest";
import { loader as eventFeedLoader } from "../../../app/routes/events.$slug.calendar[.ics]";
import { saveSession } from "../../../app/models/session.server";
import { calendarVersionOf } from "../../../app/models/calendar.server";
import { eventFeedVariant, parseEventFeedQuery } from "../../../app/utils/calendar-feed-query";
import { validatorsOf } from "../../../app/utils/http-cache.server";
import { createFeedRevalidation, REVALIDATION_CACHE_MS } from "../../../app/utils/feed-revalidation.server";
import { describeEachEngine } from "../../support/engines";
import { insertEvent, insertUser, serveAppFrom } from "../../support/app";
import { sessionInput } from "../../support/session-input";

const SESSION = sessionInput({ titleZh: null, day: "2011-03-28", startTime: "09:00", endTime: "10:00" });

/** A request as node:http hands it over, and a response that records what was written. */
function exchange(url: string, headers: Record<string, string> = {}, method = "GET") {
  const written: { status?: number; headers?: Record<string, string>; ended: boolean } = { ended: false };
  const request = { method, url, headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) } as unknown as IncomingMessage;
  const response = {
    writeHead(status: number, sent: Record<string, string>) {
      written.status = status;
      written.headers = sent;
      return this;
    },
    end() {
      written.ended = true;
    },
  } as unknown as ServerResponse;
  return { request, response, written };
}

describeEachEngine("feed revalidation ahead of the framework", ({ db }) => {
  serveAppFrom(db);

  async function publishedFeed(visibility: "public" | "unlisted" | "private" = "public") {
    const { slug } = await insertEvent(db(), { visibility });
    const event = await db().selectFrom("events").select(["id", "slug", "time_zone", "starts_on", "ends_on"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    const actor = await insertUser(db());
    const saved = await saveSession(db(), { event, input: SESSION, actorUserId: actor.id });
    if (!saved.ok) throw new Error("not saved");
    const path = `/events/${slug}/calendar.ics?lang=zh-TW&type=workshop`;
    if (visibility === "private") {
      // Its team reads it with their cookies; the validators it would carry are the same.
      const row = await db().selectFrom("events").select(["calendar_version", "calendar_changed_at", "updated_at"]).where("id", "=", event.id).executeTakeFirstOrThrow();
      const query = parseEventFeedQuery(new URL(path, "http://plenary.test").searchParams);
      const validators = validatorsOf(calendarVersionOf(row, new Date()), eventFeedVariant(query ?? { filters: {}, language: "en" }));
      return { slug, event, actor, sessionId: saved.sessionId, path, etag: validators.etag, lastModified: validators.lastModified ?? "" };
    }
    const first = (await eventFeedLoader({ request: new Request(`http://plenary.test${path}`), params: { slug }, context: {} })) as Response;
    return { slug, event, actor, sessionId: saved.sessionId, path, etag: first.headers.get("etag") ?? "", lastModified: first.headers.get("last-modified") ?? "" };
  }

  it("answers the route's own ETag with 304 and the route's headers, then from memory within a second", async () => {
    const feed = await publishedFeed("unlisted");
    let now = Date.now();
    const revalidate = createFeedRevalidation(db(), { clock: () => now });

    const first = exchange(feed.path, { "If-None-Match": feed.etag });
    expect(await revalidate(first.request, first.response)).toBe(true);
    expect(first.written).toEqual({
      status: 304,
      headers: { ETag: feed.etag, "Last-Modified": feed.lastModified, "Cache-Control": "public, max-age=300, must-revalidate" },
      ended: true,
    });

    // Within the second the version is not read again: the answer comes at once, not as a Promise.
    const again = exchange(feed.path, { "If-Modified-Since": feed.lastModified });
    expect(revalidate(again.request, again.response)).toBe(true);

    // A move is seen once the second is over: the copy is no longer current, and the route answers.
    await saveSession(db(), { event: feed.event, sessionId: feed.sessionId, input: { ...SESSION, startTime: "11:00", endTime: "12:00" }, actorUserId: feed.actor.id });
    now += REVALIDATION_CACHE_MS;
    const moved = exchange(feed.path, { "If-None-Match": feed.etag });
    expect(await revalidate(moved.request, moved.response)).toBe(false);
    expect(moved.written).toEqual({ ended: false });
  });

  it("leaves to the route whatever it may not answer: other addresses, other methods, unknown queries, stale copies, private events", async () => {
    const feed = await publishedFeed();
    const hidden = await publishedFeed("private");
    const revalidate = createFeedRevalidation(db());
    const cases: Array<[string, Record<string, string>, string?]> = [
      [feed.path, {}],
      [feed.path, { "If-None-Match": feed.etag }, "POST"],
      [`/events/${feed.slug}/calendar.ics?lang=fr`, { "If-None-Match": feed.etag }],
      [`/events/${feed.slug}/calendar.ics?lang=en`, { "If-None-Match": feed.etag }],
      [`/events/${feed.slug}/schedule.json`, { "If-None-Match": feed.etag }],
      [`/events/${feed.slug}/calendar.ics/`, { "If-None-Match": feed.etag }],
      ["/events/no-such-event/calendar.ics", { "If-None-Match": feed.etag }],
      [hidden.path, { "If-None-Match": hidden.etag }],
    ];
    for (const [url, headers, method] of cases) {
      const { request, response, written } = exchange(url, headers, method);
      expect(await revalidate(request, response), `${method ?? "GET"} ${url}`).toBe(false);
      expect(written.ended).toBe(false);
    }
  });
});
