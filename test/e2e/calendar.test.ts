import ICAL from "ical.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_DELEGATE_EMAIL } from "../../db/seed/demo";
import { browserAvailable, launchChromium, pageOfItsOwn, serveAppInBrowser, signInAs } from "../support/browser";

const EVENT = "/events/ctpat-2011";

function vevents(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
}

describe.skipIf(!browserAvailable())("calendar feeds in Chromium (built server, demo data, SQLite)", () => {
  const app = serveAppInBrowser();
  let chromium: Browser | undefined;
  const problems: string[] = [];
  beforeAll(async () => {
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
  }, 60_000);

  async function newPage(): Promise<Page> {
    if (!chromium) throw new Error("Chromium did not start");
    return pageOfItsOwn(chromium, problems);
  }

  test("a reader subscribes to the agenda: the address from the page gives every session at its hour in San Diego", async () => {
    const base = app.server().url;
    const page = await newPage();
    await page.goto(`${base}${EVENT}`);
    const calendar = page.getByRole("region", { name: "Calendar" });
    const address = await calendar.getByLabel("Calendar address").inputValue();
    expect(address).toBe(`${base}${EVENT}/calendar.ics?lang=en`);
    expect(await calendar.getByRole("link", { name: "Subscribe in your calendar app" }).getAttribute("href")).toBe(address.replace(/^http:/, "webcal:"));

    const response = await fetch(address);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const events = vevents(await response.text());
    const sessions = await app
      .db()
      .selectFrom("sessions")
      .innerJoin("events", "events.id", "sessions.event_id")
      .select("sessions.id")
      .where("events.slug", "=", "ctpat-2011")
      .execute();
    expect(events).toHaveLength(sessions.length);
    const welcome = events.find((event) => event.summary === "Foreign Customs Administrations Welcome Meeting");
    expect(welcome?.startDate.toJSDate().toISOString()).toBe("2011-03-29T15:00:00.000Z");
    expect([welcome?.startDate.hour, welcome?.startDate.zone?.tzid]).toEqual([8, "America/Los_Angeles"]);

    // The same address again, as a calendar app revalidates it.
    const again = await fetch(address, { headers: { "If-None-Match": response.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
    expect(problems).toEqual([]);
  });

  test("Taiwan's head makes the delegation's private feed from the itinerary, reads its meetings, and revokes it", async () => {
    const base = app.server().url;
    const page = await newPage();
    await signInAs(page, base, DEMO_DELEGATE_EMAIL, `${EVENT}/bilaterals/itinerary`);

    await page.getByRole("button", { name: "Make the delegation's calendar address" }).click();
    await page.getByRole("status").filter({ hasText: "Your new feed is ready" }).waitFor();
    const feed = page.getByRole("article").filter({ hasText: "Delegation's schedule" });
    const address = await feed.getByLabel("Calendar address").inputValue();
    expect(address).toMatch(new RegExp(`^${base}/feeds/[\\w-]{43}/calendar\\.ics\\?lang=en$`));

    // The itinerary now offers the same address.
    await page.goto(`${base}${EVENT}/bilaterals/itinerary`);
    expect(await page.getByRole("region", { name: "Calendar" }).getByLabel("Calendar address").inputValue()).toBe(address);

    // Read as a calendar app would: no cookie. The fixture's three meetings, and none of their minutes.
    const text = await (await fetch(address)).text();
    const meetings = vevents(text).filter((event) => event.summary.startsWith("Bilateral meeting"));
    expect(meetings).toHaveLength(3);
    const minutes = await app.db().selectFrom("bilateral_minutes").select(["body_en", "body_zh"]).execute();
    expect(minutes.length).toBeGreaterThan(0);
    for (const row of minutes) {
      for (const body of [row.body_en, row.body_zh]) {
        const line = body?.split("\n").find((part) => part.trim().length > 20);
        if (line) expect(text.replace(/\r\n /g, "")).not.toContain(line.trim().slice(0, 20));
      }
    }

    await page.goto(`${base}/account/feeds`);
    await page
      .getByRole("article")
      .filter({ hasText: "Delegation's schedule" })
      .getByRole("button", { name: /^Revoke/ })
      .click();
    await page.getByRole("status").filter({ hasText: "The feed is revoked" }).waitFor();
    expect((await fetch(address)).status).toBe(404);
    expect(problems).toEqual([]);
  });
});
