import { describe, expect, test } from "vitest";
import { DEMO_ORGANIZER_EMAIL } from "../../db/seed/demo";
import { browserAvailable, serveAppInBrowser, signInAs } from "../support/browser";

/** Where focus goes when the page changes under it (WCAG 2.4.3): never lost to <body>. */
describe.skipIf(!browserAvailable())("focus after changes of the page (Chromium, demo data)", () => {
  const app = serveAppInBrowser();
  const focused = () => app.page().evaluate(() => ({ id: document.activeElement?.id ?? "", tag: document.activeElement?.tagName ?? "", text: document.activeElement?.textContent?.trim() ?? "" }));

  test("a client-side navigation puts focus on the new page's heading", async () => {
    const page = app.page();
    await page.goto(`${app.server().url}/`);
    // Hydrated: the links navigate on the client from here on.
    await page.waitForLoadState("networkidle");
    await page.getByRole("main").getByRole("link", { name: "C-TPAT 2011 Annual Conference" }).first().click();
    await page.waitForURL(/\/events\/ctpat-2011/);
    await expect.poll(focused).toMatchObject({ tag: "H1", id: "event-title" });
  });

  test("removing a row puts focus on the row that took its place, then on the add button", async () => {
    const page = app.page();
    await signInAs(page, app.server().url, DEMO_ORGANIZER_EMAIL, "/events/ctpat-2011/manage/sessions/new");
    await page.getByRole("button", { name: "Add an item" }).click();
    await page.getByRole("button", { name: "Add an item" }).click();
    await page.getByRole("button", { name: "Remove item 1" }).click();
    await expect.poll(focused).toMatchObject({ id: "new-session-items[0]", tag: "FIELDSET" });
    await page.getByRole("button", { name: "Remove item 1" }).click();
    await expect.poll(focused).toMatchObject({ id: "new-session-add-item" });
    expect(app.problems(), `output of the server:\n${app.server().output()}`).toEqual([]);
  });

  test("required fields say so in their label", async () => {
    const page = app.page();
    await page.goto(`${app.server().url}/events/ctpat-2011/manage/sessions/new`);
    await expect(page.getByLabel("Start time (required)", { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByLabel("Title (English) (required in English or Chinese)", { exact: true }).count()).resolves.toBe(1);
  });
});
