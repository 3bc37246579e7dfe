import { describe, expect, test } from "vitest";
import { DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD } from "../../db/seed/demo";
import { browserAvailable, serveAppInBrowser } from "../support/browser";

const DEMO_EVENT_EN = "C-TPAT 2011 Annual Conference";
const DEMO_EVENT_ZH = "美國海關暨邊境保護署 100 年 C-TPAT 年度研討會";

describe.skipIf(!browserAvailable())("app shell in Chromium (built server, demo data, SQLite)", () => {
  const app = serveAppInBrowser();

  test(
    "lists the demo event, switches to Chinese, signs the organizer in and out, without console errors",
    async () => {
      const server = app.server();
      const page = app.page();
      const banner = page.getByRole("banner");

      // Home page, in English (the browser asks for en-US), with an enforced nonce-based CSP.
      const response = await page.goto(`${server.url}/`);
      expect(response?.status()).toBe(200);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("object-src 'none'");
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
      await page.getByRole("link", { name: DEMO_EVENT_EN }).waitFor();

      // Hydration worked under the CSP: following a link is a client-side navigation (the window survives).
      await page.evaluate(() => ((window as unknown as { __e2eMarker?: string }).__e2eMarker = "same document"));
      await banner.getByRole("link", { name: "Sign in" }).click();
      await page.waitForURL(/\/login\?/);
      await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { __e2eMarker?: string }).__e2eMarker)).toBe("same document");
      await banner.getByRole("link", { name: "Plenary" }).click();
      await page.waitForURL(`${server.url}/`);

      // Switch to Chinese with the header's language switcher.
      await banner.getByRole("button", { name: "中文（台灣）" }).click();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-TW");
      await banner.getByRole("link", { name: "登入", exact: true }).waitFor();
      await page.getByRole("link", { name: DEMO_EVENT_ZH }).waitFor();
      expect(await banner.getByRole("button", { name: "中文（台灣）" }).getAttribute("aria-pressed")).toBe("true");
      // Still Chinese after a full reload: the choice is kept in a cookie.
      await page.reload();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-TW");

      // Sign in as the demo organizer through the sign-in form.
      await banner.getByRole("link", { name: "登入", exact: true }).click();
      await page.waitForURL(/\/login\?/);
      await page.getByLabel("電子郵件").fill(DEMO_ORGANIZER_EMAIL);
      await page.getByLabel("密碼").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "登入", exact: true }).click();
      await page.waitForURL(`${server.url}/`);
      await banner.getByText("Demo Organizer").waitFor();
      await banner.getByRole("button", { name: "登出" }).waitFor();
      expect((await page.context().cookies()).map((cookie) => cookie.name)).toContain("plenary_session");
      // Signed in for the server too, not only in the client's state.
      await page.reload();
      await banner.getByText("Demo Organizer").waitFor();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-TW");

      // Sign out with the header's button.
      await banner.getByRole("button", { name: "登出" }).click();
      await banner.getByRole("link", { name: "登入", exact: true }).waitFor();
      expect(await banner.getByText("Demo Organizer").count()).toBe(0);
      expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("plenary_session");
      await page.reload();
      await banner.getByRole("link", { name: "登入", exact: true }).waitFor();
      expect(await banner.getByText("Demo Organizer").count()).toBe(0);

      expect(app.problems(), `output of the server:\n${server.output()}`).toEqual([]);
    },
    120_000,
  );
});
