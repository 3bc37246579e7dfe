import { readFile } from "node:fs/promises";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { expect, it } from "vitest";
import type { SchedulePreview } from "../../../app/models/bilateral-schedule.server";
import ItineraryPage, { loader as itineraryLoader } from "../../../app/routes/events.$slug.bilaterals.itinerary";
import MatrixPage, { links as matrixLinks, loader as matrixLoader } from "../../../app/routes/events.$slug.manage.bilaterals_.matrix";
import SchedulerPage, { action as schedulerAction, loader as schedulerLoader } from "../../../app/routes/events.$slug.manage.bilaterals_.scheduler";
import { action as progressAction } from "../../../app/routes/events.$slug.manage.bilaterals_.scheduler[.progress]";
import type { Db } from "../../../db/client";
import { formRequest, getRequest, giveRole, insertUser, runRoute, serveAppFrom, signedInCookie } from "../../support/app";
import { describeEachEngine } from "../../support/engines";
import { renderRoutePage } from "../../support/render-page";
import { BOOKED_TOPIC, insertScheduleWorld, SECRET_MINUTES, SLOT, type ScheduleWorld } from "../../support/schedule-world";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const call = (route: Loader | Action, request: Request, params: Record<string, string>) => runRoute(() => route({ request, params, context: {} }));

async function signedInPeople(db: Db, world: ScheduleWorld) {
  const organizer = await insertUser(db, { name: "Organizer" });
  await giveRole(db, organizer.id, world.event.id, "organizer");
  const taiwan = await insertUser(db, { name: "Chen Wen-hua" });
  await db.insertInto("person_accounts").values({ person_id: world.delegation.tw.personId, user_id: taiwan.id, linked_at: new Date().toISOString() }).execute();
  const stranger = await insertUser(db, { name: "Visitor" });
  return { organizer: await signedInCookie(db, organizer), taiwan: await signedInCookie(db, taiwan), stranger: await signedInCookie(db, stranger) };
}

/** Server-rendered HTML without React's markers between adjacent text parts. */
async function renderText(...args: Parameters<typeof renderRoutePage>) {
  return (await renderRoutePage(...args)).replaceAll("<!-- -->", "");
}

/** The lines of a newline-delimited JSON body. */
function jsonLines(body: unknown): unknown[] {
  return String(body)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

describeEachEngine("bilateral plan routes", ({ db }) => {
  serveAppFrom(db);

  async function world() {
    const made = await insertScheduleWorld(db());
    const cookies = await signedInPeople(db(), made);
    const base = `/events/${made.event.slug}`;
    return { ...made, cookies, base, params: { slug: made.event.slug } };
  }

  it("previews the schedule for organizers only, and shows what is placed and why the rest is not", async () => {
    const { cookies, base, params } = await world();
    const path = `${base}/manage/bilaterals/scheduler`;
    expect((await call(schedulerLoader, getRequest(path, { cookie: cookies.organizer }), params)).status).toBe(200);
    expect((await call(schedulerLoader, getRequest(path, { cookie: cookies.taiwan }), params)).status).toBe(403);
    expect((await call(schedulerAction, formRequest(path, { intent: "preview" }, { cookie: cookies.taiwan }), params)).status).toBe(403);

    const answer = await call(schedulerAction, formRequest(path, { intent: "preview" }, { cookie: cookies.organizer }), params);
    expect(answer.status).toBe(200);
    const body = answer.body as { kind: string; preview: SchedulePreview };
    expect(body.kind).toBe("preview");
    expect(body.preview.placed.map((meeting) => meeting.startsAt)).toEqual([SLOT(2), SLOT(4)]);

    const html = await renderText(SchedulerPage, {
      pattern: "/events/:slug/manage/bilaterals/scheduler",
      path,
      loaderData: { event: { slug: params.slug, time_zone: "America/Los_Angeles" } },
      actionData: body,
    });
    expect(html).toContain("Preview ready: 2 of 4 requests can be placed.");
    expect(html).toContain("Must-meet requests placed: 1 of 1");
    expect(html).toContain("Total weight placed (high 3, normal 2, low 1): 5");
    expect(html).toContain("Meetings at one of their preferred times: 1");
    // 21:00Z is 14:00 in San Diego (PDT).
    expect(html).toContain("Times in Pacific Daylight Time (America/Los_Angeles).");
    expect(html).toContain("Mon, Mar 28 14:00–15:00");
    expect(html).toContain("Harbor Room, table 1");
    expect(html).toContain("No meeting window is long enough for this meeting.");
    expect(html).toContain("The two delegations (or an attendee) have no free time in common.");
    expect(html).toContain(`name="fingerprint" value="${body.preview.fingerprint}"`);
    expect(html).toMatch(/<button[^>]*name="intent"[^>]*value="apply"[^>]*>Apply this schedule<\/button>/);

    const chinese = await renderText(SchedulerPage, {
      pattern: "/events/:slug/manage/bilaterals/scheduler",
      path,
      loaderData: { event: { slug: params.slug, time_zone: "America/Los_Angeles" } },
      actionData: body,
      language: "zh-TW",
    });
    expect(chinese).toContain("沒有任何會談時段長度足以容納這場會談。");
    expect(chinese).toContain("套用此排程");
  });

  it("streams progress lines, then the preview", async () => {
    const { cookies, base, params } = await world();
    const path = `${base}/manage/bilaterals/scheduler.progress`;
    expect((await call(progressAction, formRequest(path, { intent: "preview" }, { cookie: cookies.taiwan }), params)).status).toBe(403);
    const response = (await progressAction({
      request: formRequest(path, { intent: "preview" }, { cookie: cookies.organizer }),
      params,
      context: {},
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/x-ndjson");
    // Read as the page's script reads it: progress first, the preview last.
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(jsonLines(first.value)).toEqual([{ done: expect.any(Number), total: expect.any(Number) }]);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    const lines = jsonLines(`${first.value}${rest}`);
    const last = lines.pop() as { preview: SchedulePreview };
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toEqual({ done: expect.any(Number), total: expect.any(Number) });
    expect(lines.at(-1)).toEqual({ done: (lines.at(-1) as { total: number }).total, total: (lines.at(-1) as { total: number }).total });
    const direct = await call(
      schedulerAction,
      formRequest(`${base}/manage/bilaterals/scheduler`, { intent: "preview" }, { cookie: cookies.organizer }),
      params,
    );
    expect(last.preview).toEqual((direct.body as { preview: SchedulePreview }).preview);
  });

  it("applies a fresh preview, and answers 409 with a new preview when things changed since", async () => {
    const made = await world();
    const { cookies, base, params } = made;
    const path = `${base}/manage/bilaterals/scheduler`;
    const preview = (
      (await call(schedulerAction, formRequest(path, { intent: "preview" }, { cookie: cookies.organizer }), params)).body as { preview: SchedulePreview }
    ).preview;

    // Someone answers a request meanwhile: the preview is stale.
    await db().updateTable("bilaterals").set({ status: "accepted" }).where("id", "=", made.bilaterals.requested).execute();
    const stale = await call(schedulerAction, formRequest(path, { intent: "apply", fingerprint: preview.fingerprint }, { cookie: cookies.organizer }), params);
    expect(stale.status).toBe(409);
    const staleBody = stale.body as { kind: string; preview: SchedulePreview };
    expect(staleBody.kind).toBe("changed");
    expect(staleBody.preview.fingerprint).not.toBe(preview.fingerprint);
    const statuses = await db().selectFrom("bilaterals").select("status").where("event_id", "=", made.event.id).where("status", "=", "booked").execute();
    expect(statuses).toHaveLength(1);
    const html = await renderText(SchedulerPage, {
      pattern: "/events/:slug/manage/bilaterals/scheduler",
      path,
      loaderData: { event: { slug: params.slug, time_zone: "America/Los_Angeles" } },
      actionData: staleBody,
    });
    expect(html).toContain("Requests or bookings changed since this preview, so nothing was booked.");
    expect(html).toContain('role="alert"');

    const applied = await call(
      schedulerAction,
      formRequest(path, { intent: "apply", fingerprint: staleBody.preview.fingerprint }, { cookie: cookies.organizer }),
      params,
    );
    expect(applied).toMatchObject({ status: 200, body: { kind: "applied", placed: staleBody.preview.placed.length } });
    const booked = await db()
      .selectFrom("bilaterals")
      .select(["id", "booked_via"])
      .where("event_id", "=", made.event.id)
      .where("status", "=", "booked")
      .orderBy("id")
      .execute();
    expect(booked).toHaveLength(1 + staleBody.preview.placed.length);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("event_id", "=", made.event.id)
      .where("action", "=", "bilateral_schedule.apply")
      .execute();
    expect(audit).toHaveLength(1);
    const appliedHtml = await renderText(SchedulerPage, {
      pattern: "/events/:slug/manage/bilaterals/scheduler",
      path,
      loaderData: { event: { slug: params.slug, time_zone: "America/Los_Angeles" } },
      actionData: applied.body,
    });
    expect(appliedHtml).toContain(`${staleBody.preview.placed.length} meetings booked.`);

    const malformed = await call(schedulerAction, formRequest(path, { intent: "apply", fingerprint: "<script>" }, { cookie: cookies.organizer }), params);
    expect(malformed.status).toBe(400);
  });

  it("draws the matrix for organizers, filtered, without topics or minutes, printable on A4 landscape", async () => {
    const made = await world();
    const { cookies, base, params } = made;
    const path = `${base}/manage/bilaterals/matrix`;
    expect((await call(matrixLoader, getRequest(path, { cookie: cookies.taiwan }), params)).status).toBe(403);
    const answer = await call(matrixLoader, getRequest(path, { cookie: cookies.organizer }), params);
    expect(answer.status).toBe(200);
    const html = await renderText(MatrixPage, { pattern: "/events/:slug/manage/bilaterals/matrix", path, loaderData: answer.body });
    expect(html).toContain("<table");
    expect(html).toContain('scope="colgroup"');
    expect(html).toMatch(/<th scope="col"[^>]*>13:00<\/th>/);
    // The meeting is a cell spanning its two slots, in both sides' rows.
    expect(html.match(/<td colSpan="2" class="matrix-meeting">/g)).toHaveLength(2);
    expect(html).toContain("with Korea Customs Service");
    expect(html).toContain("with Taiwan Customs");
    expect(html).toContain("13:00–14:00 · Harbor Room, table 1 · 2 attendees");
    expect(html).toContain("1 of 2 tables in use");
    expect(html).toContain("Pacific Daylight Time");
    expect(html).toContain("1 booked · 4 accepted, not yet scheduled · 2 still being negotiated");
    for (const hidden of [BOOKED_TOPIC, SECRET_MINUTES, "Container security pilot"]) expect(html).not.toContain(hidden);

    // A delegation of two teams meeting twice at once: two lanes, one row group headed by its name.
    await db().updateTable("delegations").set({ bilateral_teams: 2 }).where("id", "=", made.delegation.kr.id).execute();
    await db()
      .updateTable("bilaterals")
      .set({ status: "booked", starts_at: SLOT(0), ends_at: SLOT(1), place_id: made.placeId, table_number: 2, booked_via: "organizer" })
      .where("id", "=", made.bilaterals.requested)
      .execute();
    const twoLanes = await renderText(MatrixPage, {
      pattern: "/events/:slug/manage/bilaterals/matrix",
      path,
      loaderData: (await call(matrixLoader, getRequest(path, { cookie: cookies.organizer }), params)).body,
    });
    expect(twoLanes).toContain('<th scope="rowgroup" rowspan="2" class="matrix-delegation">Korea Customs Service</th>');
    expect(twoLanes).toContain("2 of 2 tables in use");

    const korea = await call(matrixLoader, getRequest(`${path}?delegation=kr&day=2011-03-28`, { cookie: cookies.organizer }), params);
    const koreaHtml = await renderText(MatrixPage, {
      pattern: "/events/:slug/manage/bilaterals/matrix",
      path: `${path}?delegation=kr&day=2011-03-28`,
      loaderData: korea.body,
    });
    expect(koreaHtml).toContain("with Taiwan Customs");
    expect(koreaHtml).not.toContain("with Korea Customs Service");
    expect(koreaHtml).toContain('class="matrix-delegation">Korea Customs Service<');
    expect(koreaHtml).not.toContain('class="matrix-delegation">European Commission<');
    expect(koreaHtml).toMatch(/<option value="kr" selected="">/);
    // A hostile filter shows everything rather than failing.
    expect((await call(matrixLoader, getRequest(`${path}?day=<script>`, { cookie: cookies.organizer }), params)).status).toBe(200);

    const chinese = await renderText(MatrixPage, { pattern: "/events/:slug/manage/bilaterals/matrix", path, loaderData: answer.body, language: "zh-TW" });
    expect(chinese).toContain("會談總表");
    expect(chinese).toContain("2 桌中有 1 桌使用中");

    const stylesheet = matrixLinks().find((link) => "rel" in link && link.rel === "stylesheet");
    expect(stylesheet).toBeDefined();
    const css = await readFile(new URL("../../../app/components/bilaterals/plan/meeting-matrix.css", import.meta.url), "utf8");
    expect(css).toMatch(/@media print\s*{[^]*@page\s*{\s*size:\s*A4 landscape/);
  });

  it("shows a delegation member their delegation's itinerary, and explains it to others", async () => {
    const { cookies, base, params } = await world();
    const path = `${base}/bilaterals/itinerary`;
    const answer = await call(itineraryLoader, getRequest(path, { cookie: cookies.taiwan }), params);
    expect(answer.status).toBe(200);
    const html = await renderText(ItineraryPage, { pattern: "/events/:slug/bilaterals/itinerary", path, loaderData: answer.body });
    expect(html).toContain("Taiwan Customs");
    expect(html).toContain("Monday, March 28, 2011");
    expect(html).toContain("Tuesday, March 29, 2011");
    const order = ["Opening plenary", "Meeting with Korea Customs Service", "Verifying Security Measures"].map((text) => html.indexOf(text));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("Harbor Room, table 1");
    expect(html).toContain("Chen Wen-hua (seat held)");
    expect(html).toContain("Chen Wen-hua (speaker)");
    // 20:00Z is 13:00 in San Diego.
    expect(html).toContain('<time dateTime="2011-03-28T20:00:00.000Z">13:00</time>');

    const stranger = await call(itineraryLoader, getRequest(path, { cookie: cookies.stranger }), params);
    expect(stranger.body).toMatchObject({ delegation: null, entries: [] });
    const strangerHtml = await renderText(ItineraryPage, { pattern: "/events/:slug/bilaterals/itinerary", path, loaderData: stranger.body });
    expect(strangerHtml).toContain("you are not a member of a delegation of this event");
    expect(strangerHtml).not.toContain("Korea Customs Service");

    const anonymous = await call(itineraryLoader, getRequest(path), params);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });
});
