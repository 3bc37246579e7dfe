import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContextOptions, type Browser as PlaywrightBrowser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "./engines";
import { startServer, type RunningServer } from "./server";

const CHROMIUM = "/usr/bin/chromium";

/** Flags that keep Chromium off this machine's closed network (background networking, component updates, sync, QUIC). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Whether Debian's Chromium is here; with REQUIRE_BROWSER=1 its absence is an error, else a notice. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER === "1") {
    throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Debian's chromium package`);
  }
  console.warn(`Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium to run them)`);
  return false;
}

export interface Browser {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile and the flags that keep it off this machine's closed
 * network (background networking, component updates, sync, QUIC).
 */
export async function launchBrowser({ locale = "en-US" }: { locale?: string } = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "plenary-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale,
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  keepProblems(page, problems);
  return {
    page,
    problems,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Keeps the page's console errors and uncaught errors (with the address they happened on) in `problems`. */
function keepProblems(page: Page, problems: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
}

/**
 * A page in a browser context of its own (English unless `options` say otherwise), with the suites'
 * timeouts, whose console and page errors go to `problems`.
 */
export async function pageOfItsOwn(browser: PlaywrightBrowser, problems: string[], options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  keepProblems(page, problems);
  return page;
}

/** Signs in through the form as a demo account and waits to land on `path`. */
export async function signInAs(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}${path}`);
}

/**
 * Headless Chromium (same flags as launchBrowser) for a suite that needs several browser contexts
 * at once, e.g. one per role and language: `browser.newContext({ locale, viewport })`. Close it.
 */
export async function launchChromium(): Promise<PlaywrightBrowser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface AppInBrowser {
  server: () => RunningServer;
  page: () => Page;
  problems: () => string[];
  /** The test's own connection to the server's database, to read what no page shows. */
  db: () => Db;
}

/**
 * For a browser suite: before it, the built server on a fresh SQLite database (the demo is loaded
 * into it at start-up) and a fresh Chromium; after it, both gone.
 */
export function serveAppInBrowser(): AppInBrowser {
  let database: TestDatabase | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: database.url });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.cleanup();
  }, 60_000);
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start`);
    return value;
  };
  return {
    server: () => started(server, "The server"),
    page: () => started(browser, "Chromium").page,
    problems: () => started(browser, "Chromium").problems,
    db: () => started(database, "The database").db,
  };
}
