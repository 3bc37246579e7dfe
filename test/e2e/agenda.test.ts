import { describe, expect, test } from "vitest";
import { DEMO_ORGANIZER_EMAIL } from "../../db/seed/demo";
import { browserAvailable, serveAppInBrowser, signInAs } from "../support/browser";

const WORKSHOP_EN = "Risk Profiling for Trusted Traders";
const WORKSHOP_ZH = "優質企業風險剖析";

describe.skipIf(!browserAvailable())("organizing the agenda in Chromium (built server, demo data, SQLite)", () => {
  const app = serveAppInBrowser();

  test(
    "the organizer adds a workshop, is warned that its speaker is booked twice, and the public grid shows it in both languages",
    async () => {
      const server = app.server();
      const page = app.page();

      await signInAs(page, server.url, DEMO_ORGANIZER_EMAIL, "/events/ctpat-2011/manage/sessions/new");

      // A workshop on 29 March, 08:30–10:00 San Diego time, in a free room, with Bradd Skinner
      // speaking: he also speaks in the welcome meeting (08:00–09:00) that morning.
      await page.getByLabel("Type").selectOption("workshop");
      await page.getByLabel("Title (English) (required in English or Chinese)", { exact: true }).fill(WORKSHOP_EN);
      await page.getByLabel("Title (Chinese) (required in English or Chinese)", { exact: true }).fill(WORKSHOP_ZH);
      await page.getByLabel("Day").selectOption("2011-03-29");
      await page.getByLabel("Start time").fill("08:30");
      await page.getByLabel("End time").fill("10:00");
      await page.getByLabel("Room").selectOption({ label: "Bilateral Room 1" });
      await page.getByRole("button", { name: "Add a person" }).click();
      const personSelect = page.getByLabel("Person (required)", { exact: true });
      const skinner = await personSelect.locator("option", { hasText: "Bradd M. Skinner" }).getAttribute("value");
      if (!skinner) throw new Error("The person picker does not offer Bradd M. Skinner");
      await personSelect.selectOption(skinner);
      await page.getByRole("button", { name: "Add session" }).click();

      await page.waitForURL(/\/events\/ctpat-2011\/manage\/sessions\/\d+/);
      await page.getByText("Bradd M. Skinner is also in Foreign Customs Administrations Welcome Meeting").waitFor();

      // The public agenda's grid for that day holds the workshop, in English and in Chinese.
      await page.goto(`${server.url}/events/ctpat-2011?day=2011-03-29&view=grid`);
      const grid = page.locator(".agenda-grid");
      await grid.getByRole("link", { name: WORKSHOP_EN }).waitFor();
      await page.getByRole("banner").getByRole("button", { name: "中文（台灣）" }).click();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-TW");
      await grid.getByRole("link", { name: WORKSHOP_ZH }).waitFor();
      expect(await grid.getByRole("link", { name: WORKSHOP_EN }).count()).toBe(0);

      expect(app.problems(), `output of the server:\n${server.output()}`).toEqual([]);
    },
    120_000,
  );
});
