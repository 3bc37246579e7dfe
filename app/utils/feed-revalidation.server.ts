import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "../../db/client";
import { calendarVersionOf, findPublicCalendarState } from "../models/calendar.server";
import { calendarCacheControl, eventFeedVariant, parseEventFeedQuery } from "./calendar-feed-query";
import { isNotModified, validatorHeaders, validatorsOf } from "./http-cache.server";

/** How long an event's version is reused before it is read again. */
export const REVALIDATION_CACHE_MS = 1000;

const EVENT_FEED_PATH = /^\/events\/([a-z0-9][a-z0-9-]{0,79})\/calendar\.ics$/;

type EventState = NonNullable<Awaited<ReturnType<typeof findPublicCalendarState>>>;

/**
 * Calendar apps revalidate a published event's feed far more often than it changes. This answers
 * those revalidations (a GET or HEAD of `/events/:slug/calendar.ics` with If-None-Match or
 * If-Modified-Since) with 304 ahead of Express and Remix, from the event's version read at most
 * once a second per event: the same validators the feed's route sends, for events anyone may read
 * (the `event-reader` policy's rule for them, in the query). Everything else, and any copy that is
 * not current, goes on to the route, which builds the feed. A change is seen within a second.
 *
 * Returns whether it answered; a Promise only when it had to read the version.
 */
export function createFeedRevalidation(db: Db, { cacheMs = REVALIDATION_CACHE_MS, clock = () => Date.now() } = {}) {
  const states = new Map<string, { state: EventState | undefined; readAt: number }>();

  async function stateOf(slug: string): Promise<EventState | undefined> {
    const cached = states.get(slug);
    if (cached && clock() - cached.readAt < cacheMs) return cached.state;
    const state = await findPublicCalendarState(db, slug);
    // Only events that exist are remembered: unknown addresses cannot fill the map.
    if (state) states.set(slug, { state, readAt: clock() });
    else states.delete(slug);
    return state;
  }

  function answer(request: IncomingMessage, response: ServerResponse, url: URL, state: EventState | undefined): boolean {
    if (!state) return false;
    const query = parseEventFeedQuery(url.searchParams);
    if (!query) return false;
    const validators = validatorsOf(calendarVersionOf(state, new Date(clock())), eventFeedVariant(query));
    if (!isNotModified({ get: (name) => headerOf(request, name) }, validators)) return false;
    response.writeHead(304, validatorHeaders(validators, calendarCacheControl(state.visibility)));
    response.end();
    return true;
  }

  return function revalidate(request: IncomingMessage, response: ServerResponse): boolean | Promise<boolean> {
    if ((request.method !== "GET" && request.method !== "HEAD") || !(request.headers["if-none-match"] || request.headers["if-modified-since"])) return false;
    const url = new URL(request.url ?? "/", "http://plenary.invalid");
    const slug = EVENT_FEED_PATH.exec(url.pathname)?.[1];
    if (!slug) return false;
    const cached = states.get(slug);
    if (cached && clock() - cached.readAt < cacheMs) return answer(request, response, url, cached.state);
    return stateOf(slug).then(
      (state) => answer(request, response, url, state),
      // The route reports its own errors; here a failed read only means the route answers.
      () => false,
    );
  };
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === "string" ? value : null;
}
