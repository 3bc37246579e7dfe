import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROUTE_POLICIES, type RoutePolicy } from "../../app/policy.server";
import { DEMO_ADMIN_EMAIL, DEMO_DELEGATE_EMAIL, DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, DEMO_STAFF_EMAIL } from "../../db/seed/demo";
import { axeViolations, checkEmptySubmit, describeForm, focusRingProblems, installAxe, liveRegionProblems } from "../support/accessibility";
import { browserAvailable, launchChromium } from "../support/browser";
import { createTestDatabase, type TestDatabase } from "../support/engines";
import { fillPattern, loadServerBuild, manifestRoutes, type ManifestRoute } from "../support/route-world";
import { startServer, type RunningServer } from "../support/server";

/*
 * WCAG 2.1 AA in the browser, over every page of the built app's route manifest: a route added
 * tomorrow is visited the day it is added, as the roles its declared policy lets in, in English
 * and Chinese, at desktop and phone widths, and axe-core must find nothing. Then what axe cannot
 * see: the empty submit of every form on those pages, the focus ring's contrast, and the agenda's
 * live region. The last block shows each check failing on a page made to fail it.
 */

const EVENT = "ctpat-2011";
const LANGUAGES = ["en", "zh-TW"] as const;
type Language = (typeof LANGUAGES)[number];
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

type Role = "anonymous" | "delegate" | "staff" | "organizer" | "admin";

/**
 * Who visits a page of each policy. Staff are the least a signed-in page or an event's page sees
 * beyond the public; organizers also see the event's pages (with their own controls on them).
 */
const ROLES_FOR_POLICY: Record<RoutePolicy, readonly Role[]> = {
  public: ["anonymous"],
  "signed-in": ["staff", "delegate"],
  "event-reader": ["anonymous", "delegate", "staff", "organizer"],
  "event-organizer": ["organizer"],
  "event-staff": ["staff"],
  "event-attendee": ["delegate"],
  "delegation-manager": ["delegate"],
  "bilateral-party": ["delegate", "organizer"],
  // Calendar feeds only, no page: calendar apps read them without signing in.
  "feed-token": [],
  directory: ["organizer"],
  admin: ["admin"],
};

/** How the suite fills each path parameter (values read from the demo data in beforeAll). */
const PARAMETERS = ["slug", "sessionId", "personId", "organizationId", "key", "token", "bilateralId"] as const;

/** The demo account each signed-in role uses; the delegate heads the Taiwan delegation (`:key`). */
const DEMO_ACCOUNTS: Record<Exclude<Role, "anonymous">, string> = {
  delegate: DEMO_DELEGATE_EMAIL,
  staff: DEMO_STAFF_EMAIL,
  organizer: DEMO_ORGANIZER_EMAIL,
  admin: DEMO_ADMIN_EMAIL,
};
const DELEGATION = "tw";
const INVITATION_TOKEN = "accessibility-suite-invitation-token-000000".slice(0, 43);

/**
 * Besides its plain address, states of a page its address alone does not show. The agenda opens
 * on the event's first day, which the demo leaves empty: its grid and list are seen on the busiest day.
 */
const VARIANTS: Record<string, ReadonlyArray<(values: Record<string, string>) => string>> = {
  "routes/events.$slug._index": [(values) => `?day=${values.busiestDay}&view=grid`, (values) => `?day=${values.busiestDay}&view=list`],
};

const available = browserAvailable();
const pageRoutes: ManifestRoute[] = available ? manifestRoutes(await loadServerBuild()).filter((route) => !route.isResource) : [];

/** Routes sharing a URL (a layout and its index, root and `/`) are one page. */
interface AppPage {
  pattern: string;
  routes: ManifestRoute[];
  /** What keeps the suite from visiting it, if anything: an unknown policy. */
  problem?: string;
  roles: Role[];
}

/** The pages of the manifest's page routes, each with the roles its routes' policies let in. */
function pagesOf(routes: readonly ManifestRoute[]): AppPage[] {
  const pages: AppPage[] = [];
  for (const route of routes) {
    let entry = pages.find((page) => page.pattern === route.pattern);
    if (!entry) {
      entry = { pattern: route.pattern, routes: [], roles: [] };
      pages.push(entry);
    }
    entry.routes.push(route);
    if (typeof route.policy !== "string" || !(route.policy in ROUTE_POLICIES)) {
      entry.problem = `${route.id} (${route.pattern}) declares no known policy (${String(route.policy)}): the accessibility suite cannot tell who may see it`;
      continue;
    }
    for (const role of ROLES_FOR_POLICY[route.policy as RoutePolicy]) if (!entry.roles.includes(role)) entry.roles.push(role);
  }
  return pages;
}

/** What keeps the suite from visiting some page: a path parameter it cannot fill, a policy it does not know. */
function coverageProblems(routes: readonly ManifestRoute[]): string[] {
  const unknown = routes.flatMap((route) =>
    [...route.pattern.matchAll(/:(\w+)/g)]
      .map((match) => match[1])
      .filter((name) => !(PARAMETERS as readonly string[]).includes(name))
      .map((name) => `${route.id} (${route.pattern}) has :${name}, which test/e2e/accessibility.test.ts cannot fill yet (add it to PARAMETERS)`),
  );
  const policies = pagesOf(routes)
    .filter((page) => page.problem)
    .map((page) => page.problem as string);
  return [...unknown, ...policies];
}

const pages = pagesOf(pageRoutes);
// A page none of whose routes has a known policy still gets a test, which fails naming it.
const visits = pages.flatMap((page) => (page.roles.length ? page.roles : (["anonymous"] as Role[])).map((role) => ({ page, role })));
const ids = (page: AppPage) => page.routes.map((route) => route.id).join(", ");

describe.skipIf(!available)("accessibility (WCAG 2.1 AA) in Chromium: every page of the route manifest", () => {
  let database: TestDatabase | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts = new Map<string, Promise<{ context: BrowserContext; page: Page }>>();
  const values: Record<string, string> = {};
  /** The forms each page showed in the axe pass (English, desktop), so the form pass revisits only pages with some to submit. */
  const formsSeen = new Map<string, FormInfo[]>();
  /** Script and style requests of each page that failed (a rebuild while the suite runs removes the served pages' assets). */
  const missingAssets = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    const db = database.db;
    // The demo is loaded by the server at start-up.
    const event = await db.selectFrom("events").select(["id", "time_zone"]).where("slug", "=", EVENT).executeTakeFirstOrThrow();
    // The richest session of the event (most people), one of its people and that person's organization.
    const session = await db
      .selectFrom("sessions")
      .leftJoin("session_people", "session_people.session_id", "sessions.id")
      .select((eb) => ["sessions.id", eb.fn.count<number>("session_people.person_id").as("people")])
      .where("sessions.event_id", "=", event.id)
      .groupBy("sessions.id")
      .orderBy("people", "desc")
      .orderBy("sessions.id")
      .executeTakeFirstOrThrow();
    const person = await db
      .selectFrom("session_people")
      .innerJoin("people", "people.id", "session_people.person_id")
      .select(["people.id", "people.organization_id"])
      .where("session_people.session_id", "=", session.id)
      .orderBy("session_people.position")
      .executeTakeFirstOrThrow();
    const organization = person.organization_id ?? (await db.selectFrom("organizations").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    // The event's busiest day, in its own zone.
    const days = new Map<string, number>();
    for (const { starts_at } of await db.selectFrom("sessions").select("starts_at").where("event_id", "=", event.id).execute()) {
      const day = DateTime.fromISO(starts_at, { zone: event.time_zone }).toISODate() ?? "";
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    const busiestDay = [...days].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!busiestDay) throw new Error(`${EVENT} has no sessions in the demo`);
    // Taiwan's meeting with Korea, whose minutes both sides read.
    const bilateral = await db
      .selectFrom("bilaterals")
      .innerJoin("delegations", "delegations.id", "bilaterals.recipient_id")
      .select("bilaterals.id")
      .where("bilaterals.event_id", "=", event.id)
      .where("delegations.key", "=", "kr")
      .where("bilaterals.status", "=", "booked")
      .executeTakeFirstOrThrow();
    const filled: Record<(typeof PARAMETERS)[number], string> = {
      slug: EVENT,
      sessionId: String(session.id),
      personId: String(person.id),
      organizationId: String(organization),
      key: DELEGATION,
      token: INVITATION_TOKEN,
      bilateralId: String(bilateral.id),
    };
    // An open invitation to create an account, for Chang Mei-fang, so that /welcome/:token shows its form.
    const invited = await db.selectFrom("people").select("id").where("key", "=", "chang").executeTakeFirstOrThrow();
    await db
      .insertInto("account_invitations")
      .values({
        person_id: invited.id,
        token_hash: createHash("sha256").update(INVITATION_TOKEN).digest("hex"),
        email: "chang@example.test",
        invited_by: null,
        created_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
      })
      .execute();
    Object.assign(values, filled, { busiestDay });
  }, 180_000);

  afterAll(async () => {
    for (const entry of contexts.values()) await (await entry.catch(() => undefined))?.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await database?.cleanup();
  }, 60_000);

  const base = () => {
    if (!server) throw new Error("The server did not start");
    return server.url;
  };

  /** One browser context per role and language, signed in once per role (the Chinese one reuses the cookies). */
  function pageFor(role: Role, language: Language): Promise<Page> {
    const key = `${role}/${language}`;
    let entry = contexts.get(key);
    if (!entry) {
      entry = (async () => {
        if (!browser) throw new Error("Chromium did not start");
        const storageState = role !== "anonymous" && language !== "en" ? await (await pageFor(role, "en")).context().storageState() : undefined;
        const context = await browser.newContext({
          locale: language === "en" ? "en-US" : "zh-TW",
          extraHTTPHeaders: { "Accept-Language": language === "en" ? "en-US,en;q=0.9" : "zh-TW,zh;q=0.9" },
          viewport: { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height },
          storageState,
        });
        context.setDefaultTimeout(15_000);
        context.setDefaultNavigationTimeout(30_000);
        await installAxe(context);
        const page = await context.newPage();
        const missing: string[] = [];
        missingAssets.set(page, missing);
        page.on("response", (response) => {
          if (response.status() >= 400 && new URL(response.url()).pathname.startsWith("/build/")) missing.push(`${response.status()} ${new URL(response.url()).pathname}`);
        });
        if (role !== "anonymous" && !storageState) {
          const [email, password] = [DEMO_ACCOUNTS[role], DEMO_PASSWORD];
          await page.goto(`${base()}/login`);
          const form = page.locator("form", { has: page.locator('input[name="email"]') });
          await form.locator('input[name="email"]').fill(email);
          await form.locator('input[name="password"]').fill(password);
          await form.locator('button[type="submit"]').click();
          await page.waitForURL((url) => !url.pathname.startsWith("/login"));
        }
        return { context, page };
      })();
      contexts.set(key, entry);
    }
    return entry.then(({ page }) => page);
  }

  /** The page's URL with its parameters filled; throws naming the route when the suite cannot fill one. */
  function urlOf(page: AppPage): string {
    if (page.problem) throw new Error(page.problem);
    try {
      return fillPattern({ id: ids(page), pattern: page.pattern }, values);
    } catch {
      const missing = [...page.pattern.matchAll(/:(\w+)/g)].map((match) => match[1]).filter((name) => !(name in values));
      throw new Error(
        `${ids(page)} (${page.pattern}): the accessibility suite has no value for ${missing.map((name) => `:${name}`).join(", ")}; ` +
          "read one from the demo data in the beforeAll of test/e2e/accessibility.test.ts (PARAMETERS)",
      );
    }
  }

  /**
   * The page's plain address and, for the first role that visits it, its variants (VARIANTS): the
   * other roles see the same content in them with only their own header, which the plain address
   * already shows them (this keeps the run bounded).
   */
  function urlsOf(page: AppPage, role: Role): string[] {
    const url = urlOf(page);
    if (role !== page.roles[0]) return [url];
    return [url, ...page.routes.flatMap((route) => (VARIANTS[route.id] ?? []).map((variant) => `${url}${variant(values)}`))];
  }

  /** Goes to the page as it is served and waits for it to hydrate; returns what went wrong (a redirect, a wrong status or language). */
  async function visit(page: Page, path: string, language: Language, expectedStatus: number): Promise<string[]> {
    missingAssets.get(page)?.splice(0);
    const response = await page.goto(`${base()}${path}`).catch((error: Error) => {
      // A server that died says why in its output.
      throw new Error(`${error.message}\n--- the server's last output ---\n${server?.output().slice(-3000)}`);
    });
    const problems: string[] = [];
    const hydrated = await page
      .waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (!hydrated) {
      const missing = missingAssets.get(page) ?? [];
      problems.push(
        `${path}: the page did not hydrate within 15 s` +
          (missing.length ? ` (its assets failed: ${missing.join(", ")}; was the app rebuilt while the suite ran?)` : ""),
      );
    }
    const landed = new URL(page.url());
    if (landed.pathname !== new URL(path, base()).pathname) problems.push(`${path}: the visit ended at ${landed.pathname}${landed.search} instead`);
    if (response?.status() !== expectedStatus) problems.push(`${path}: answered ${response?.status()}, expected ${expectedStatus}`);
    const lang = await page.locator("html").getAttribute("lang");
    if (lang !== language) problems.push(`${path}: <html lang="${lang}">, expected "${language}"`);
    return problems;
  }

  const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const statusOf = (page: AppPage) => (page.pattern.endsWith("*") ? 404 : 200);
  const visitKey = (page: AppPage, role: Role) => `${page.pattern} as ${role}`;

  test("the suite knows every path parameter and policy of the manifest's pages", () => {
    expect(coverageProblems(pageRoutes)).toEqual([]);
    expect(pageRoutes.length).toBeGreaterThan(10);
  });

  describe("axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa): zero violations", () => {
    test.each(visits.map(({ page, role }) => [page.pattern, role, ids(page), page, role] as const))(
      "%s as %s (%s), en and zh-TW, desktop and phone",
      async (_pattern, _role, _ids, page, role) => {
        const urls = urlsOf(page, role);
        // The two languages in parallel, each in its own context (and renderer process).
        const perLanguage = await Promise.all(
          LANGUAGES.map(async (language) => {
            const problems: string[] = [];
            const tab = await pageFor(role, language);
            for (const [index, path] of urls.entries()) {
              await tab.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
              problems.push(...(await visit(tab, path, language, statusOf(page))));
              if (language === "en" && index === 0) formsSeen.set(visitKey(page, role), await formsOn(tab));
              for (const viewport of VIEWPORTS) {
                await tab.setViewportSize({ width: viewport.width, height: viewport.height });
                await settle(tab);
                problems.push(...(await axeViolations(tab, { label: `[${role}, ${language}, ${viewport.name} ${viewport.width}×${viewport.height}]` })));
              }
            }
            await tab.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
            return problems;
          }),
        );
        const problems = perLanguage.flat();
        expect(problems, `axe on ${urls.join(", ")} as ${role}: ${problems.length} problem(s):\n${problems.join("\n")}\n`).toEqual([]);
      },
      180_000,
    );
  });

  describe("forms: an empty submit shows and announces its errors (and the page with them passes axe)", () => {
    test.each(visits.map(({ page, role }) => [page.pattern, role, ids(page), page, role] as const))(
      "forms on %s as %s (%s)",
      async (_pattern, _role, _ids, page, role) => {
        const path = urlOf(page);
        const tab = await pageFor(role, "en");
        await tab.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
        let forms = formsSeen.get(visitKey(page, role));
        let fresh = false;
        if (!forms) {
          expect(await visit(tab, path, "en", statusOf(page))).toEqual([]);
          forms = await formsOn(tab);
          fresh = true;
        }
        const problems: string[] = [];
        const checked = new Map<string, string>();
        const notes: string[] = [];
        for (const form of forms) {
          let skip: string | undefined;
          if (/\/locale$/.test(form.action)) skip = "the language switcher (excluded by the suite's brief)";
          else if (/\/logout$/.test(form.action)) skip = "sign-out (excluded by the suite's brief)";
          else if (form.method !== "post") skip = `a ${form.method.toUpperCase()} form (search or filter): its submit shows results, not errors`;
          else if (form.fields === 0) skip = "no field to fill, only buttons (delete, sign out everywhere…): its submit is an action, not a mistake";
          else if (form.emptiable === 0 && form.textFields === 0) {
            skip = "no required field that can be left empty, and nothing to type (only choices or boxes): nothing marks its submit as it is as a mistake";
          } else if (form.emptiable === 0 && form.filled) {
            skip =
              "no required field that can be left empty (none marked, or only choices without an empty option) and its fields arrive filled: " +
              "an edit form whose submit as it is saves (its fields are checked empty on the page that creates them)";
          } else if (checked.has(form.signature)) skip = `the same fields as ${checked.get(form.signature)}, checked once`;
          if (skip) {
            notes.push(`not submitted: ${form.name} — ${skip}`);
            continue;
          }
          checked.set(form.signature, form.name);
          // Each form on a fresh copy of the page, so one form's errors do not hide another's.
          if (!fresh || checked.size > 1) expect(await visit(tab, path, "en", statusOf(page))).toEqual([]);
          fresh = false;
          const locator = tab.locator("form").nth(form.index);
          problems.push(...(await checkEmptySubmit(tab, locator, { clearRequired: form.requiredFilled })));
          problems.push(...(await axeViolations(tab, { label: `[${role}, en, after the empty submit of ${form.name}]` })));
        }
        console.info(
          `forms on ${path} as ${role}: ${checked.size} submitted empty${checked.size ? ` (${[...checked.values()].join("; ")})` : ""}` +
            (notes.length ? `\n  ${notes.join("\n  ")}` : ""),
        );
        expect(problems, `forms on ${path} as ${role}: ${problems.length} problem(s):\n${problems.join("\n")}\n`).toEqual([]);
      },
      120_000,
    );
  });

  describe("focus ring: visible, 3:1 against what is behind it (computed styles)", () => {
    const samples: Array<{ name: string; role: Role; path: () => string }> = [
      { name: "home", role: "anonymous", path: () => "/" },
      { name: "agenda (busiest day, grid)", role: "anonymous", path: () => `/events/${EVENT}?day=${values.busiestDay}&view=grid` },
      { name: "sign-in", role: "anonymous", path: () => "/login" },
      { name: "session edit (date, time inputs, selects)", role: "organizer", path: () => `/events/${EVENT}/manage/sessions/${values.sessionId}` },
    ];
    test.each(samples.map((sample) => [sample.name, sample] as const))(
      "%s",
      async (_name, sample) => {
        const tab = await pageFor(sample.role, "en");
        await tab.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
        expect(await visit(tab, sample.path(), "en", 200)).toEqual([]);
        const problems = await focusRingProblems(tab, { maxTabs: 400 });
        expect(problems, `focus ring on ${sample.path()}: ${problems.length} problem(s):\n${problems.join("\n")}\n`).toEqual([]);
      },
      120_000,
    );
  });

  test(
    "live region: after a filter on the agenda, a polite live region holds the new count",
    async () => {
      const tab = await pageFor("anonymous", "en");
      const agenda = `/events/${EVENT}?day=${values.busiestDay}&view=list`;
      const sessionsShown = () =>
        tab.locator('main a[href*="/sessions/"]').evaluateAll((links) => new Set(links.map((link) => (link as HTMLAnchorElement).pathname)).size);
      expect(await visit(tab, agenda, "en", 200)).toEqual([]);
      const unfiltered = await sessionsShown();
      const types = await tab.locator('form[role="search"] select[name="type"] option').evaluateAll((options) =>
        options.map((option) => (option as HTMLOptionElement).value).filter(Boolean),
      );
      // A type that leaves some but not all of the day's sessions, found by visiting each.
      let chosen: { type: string; count: number } | undefined;
      for (const type of types) {
        expect(await visit(tab, `${agenda}&type=${type}`, "en", 200)).toEqual([]);
        const count = await sessionsShown();
        if (count > 0 && count < unfiltered) {
          chosen = { type, count };
          break;
        }
      }
      if (!chosen) throw new Error(`No session type on ${values.busiestDay} narrows the ${unfiltered} sessions of ${EVENT}: the demo changed`);
      const { type, count } = chosen;
      expect(await visit(tab, agenda, "en", 200)).toEqual([]);
      const problems = await liveRegionProblems(tab, {
        update: async () => {
          const filters = tab.locator('form[role="search"]');
          await filters.locator('select[name="type"]').selectOption(type);
          await filters.locator('button[type="submit"]').click();
          await tab.waitForURL((url) => url.searchParams.get("type") === type);
          await expect.poll(sessionsShown).toBe(count);
          await settle(tab);
        },
        expected: async () => new RegExp(`(^|\\D)${count}(\\D|$)`),
      });
      expect(problems, `live region on ${agenda} filtered by type=${type} (${count} of ${unfiltered} sessions):\n${problems.join("\n")}\n`).toEqual([]);
    },
    120_000,
  );
});

interface FormInfo {
  /** Its place among the page's forms. */
  index: number;
  name: string;
  method: string;
  action: string;
  /** Visible fields (not hidden inputs, not buttons). */
  fields: number;
  required: number;
  /** Required fields that are empty or can be emptied (text, boxes, a select with an empty choice). */
  emptiable: number;
  requiredFilled: boolean;
  /** Visible fields one types into (text, email, date, time, textarea, file…). */
  textFields: number;
  /** Whether any field one types words, dates or times into holds a value: an edit form. */
  filled: boolean;
  /** Its action and fields, ids masked: repeated row forms (one per room) are checked once. */
  signature: string;
}

/** The page's forms and what the form pass needs to know of them. */
async function formsOn(page: Page): Promise<FormInfo[]> {
  const forms = await page.locator("form").evaluateAll((elements) =>
    elements.map((element, index) => {
      const form = element as HTMLFormElement;
      const controls = [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")];
      const shown = controls.filter((control) => !(control instanceof HTMLInputElement && ["hidden", "submit", "button", "reset", "image"].includes(control.type)));
      const required = shown.filter((control) => control.required || control.getAttribute("aria-required") === "true");
      const hasValue = (control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) =>
        control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio") ? control.checked : control.value !== "";
      const textLike = shown.filter((control) => !(control instanceof HTMLSelectElement) && !(control instanceof HTMLInputElement && ["checkbox", "radio", "range", "color"].includes(control.type)));
      const signature = [
        form.getAttribute("action") ?? "",
        ...controls.map((control) => `${control.type}:${control.name}${control.type === "hidden" && /intent/.test(control.name) ? `=${control.value}` : ""}`).sort(),
      ].join("|");
      return {
        index,
        method: (form.getAttribute("method") ?? "get").toLowerCase(),
        action: form.getAttribute("action") ?? "",
        fields: shown.length,
        required: required.length,
        emptiable: required.filter(
          (control) =>
            !hasValue(control) ||
            (control instanceof HTMLSelectElement ? [...control.options].some((option) => option.value === "") : !(control instanceof HTMLInputElement && control.type === "file")),
        ).length,
        requiredFilled: required.some(hasValue),
        textFields: textLike.length,
        // Numbers and colours often arrive with a default (the next position, a track colour) in create forms too.
        filled: textLike.some((control) => !(control instanceof HTMLInputElement && ["number", "file"].includes(control.type)) && hasValue(control)),
        signature: signature.replace(/\d+/g, "#"),
      };
    }),
  );
  const named: FormInfo[] = [];
  for (const form of forms) named.push({ ...form, name: await describeForm(page.locator("form").nth(form.index)) });
  return named;
}

describe("a page the suite cannot visit fails it, naming the route", () => {
  const route = (id: string, pattern: string, policy: unknown): ManifestRoute => ({ id, pattern, policy, hasLoader: true, hasAction: false, isResource: false, isIndex: false });
  test("a path parameter nobody fills, and a policy nobody knows", () => {
    const problems = coverageProblems([
      route("routes/events.$slug.widgets.$widgetId", "/events/:slug/widgets/:widgetId", "event-reader"),
      route("routes/mystery", "/mystery", undefined),
      route("routes/events.$slug.sessions.$sessionId", "/events/:slug/sessions/:sessionId", "event-reader"),
    ]);
    expect(problems).toEqual([
      "routes/events.$slug.widgets.$widgetId (/events/:slug/widgets/:widgetId) has :widgetId, which test/e2e/accessibility.test.ts cannot fill yet (add it to PARAMETERS)",
      "routes/mystery (/mystery) declares no known policy (undefined): the accessibility suite cannot tell who may see it",
    ]);
  });
});

describe.skipIf(!available)("the accessibility checks fail on pages made to fail them", () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const fixtureHtml = (body: string, head = "") =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fixture</title>${head}</head><body><main><h1>Fixture</h1>${body}</main></body></html>`;

  test("axeViolations reports `label` for an unlabelled input, and nothing for the same page labelled", async () => {
    await page.setContent(fixtureHtml('<form><input type="text" name="q"><button type="submit">Search</button></form>'));
    const violations = await axeViolations(page);
    expect(violations.some((violation) => violation.startsWith("label "))).toBe(true);
    expect(violations.find((violation) => violation.startsWith("label "))).toContain("input");

    await page.setContent(fixtureHtml('<form><label for="q">Search</label><input id="q" type="text" name="q"><button type="submit">Search</button></form>'));
    expect(await axeViolations(page)).toEqual([]);
  });

  test("checkEmptySubmit reports a form whose empty submit shows no error", async () => {
    await page.setContent(
      fixtureHtml(`
        <form id="silent" novalidate>
          <label for="name">Name</label><input id="name" name="name" required>
          <button type="submit">Save</button>
        </form>
        <script>document.getElementById("silent").addEventListener("submit", (event) => event.preventDefault());</script>`),
    );
    const problems = await checkEmptySubmit(page, page.locator("#silent"), { timeoutMs: 1_000 });
    expect(problems.some((problem) => problem.includes('no error summary: no visible element with role="alert"'))).toBe(true);
    expect(problems.some((problem) => problem.includes('“Name” is required and empty but not marked aria-invalid="true"'))).toBe(true);
    expect(problems.some((problem) => problem.includes('no field is marked aria-invalid="true"'))).toBe(true);
  });

  test("checkEmptySubmit reports errors shown without role=alert, fields without their message, and an accepted submit", async () => {
    // Errors shown, but no summary and the message not tied to the field.
    await page.setContent(
      fixtureHtml(`
        <form id="half" novalidate>
          <label for="email">Email</label><input id="email" name="email" type="email" required>
          <p id="email-error" hidden>Enter your email</p>
          <button type="submit">Save</button>
        </form>
        <script>
          document.getElementById("half").addEventListener("submit", (event) => {
            event.preventDefault();
            document.getElementById("email").setAttribute("aria-invalid", "true");
            document.getElementById("email-error").hidden = false;
          });
        </script>`),
    );
    const half = await checkEmptySubmit(page, page.locator("#half"), { timeoutMs: 1_000 });
    expect(half.some((problem) => problem.includes("no error summary"))).toBe(true);
    expect(half.some((problem) => problem.includes("“Email” is invalid but has no aria-describedby"))).toBe(true);

    // An edit form whose cleared submit goes through (nothing validates it).
    await page.setContent(fixtureHtml(`<form id="open" novalidate action="about:blank#saved"><label for="t">Title</label><input id="t" name="t" value="Kept" required><button>Save</button></form>`));
    const open = await checkEmptySubmit(page, page.locator("#open"), { clearRequired: true, timeoutMs: 1_000 });
    expect(open).toHaveLength(1);
    expect(open[0]).toContain("the empty submit was accepted");

    // Everything in place, but the message is a translation key nobody translated.
    await page.setContent(
      fixtureHtml(`
        <form id="keyed" novalidate>
          <div id="keyed-summary" role="alert"></div>
          <label for="file">File</label><input id="file" name="file" type="file" required>
          <ul id="file-error"></ul>
          <button type="submit">Upload</button>
        </form>
        <script>
          document.getElementById("keyed").addEventListener("submit", (event) => {
            event.preventDefault();
            const file = document.getElementById("file");
            file.setAttribute("aria-invalid", "true");
            file.setAttribute("aria-describedby", "file-error");
            document.getElementById("file-error").innerHTML = "<li>validation.required</li>";
            document.getElementById("keyed-summary").textContent = "There is 1 problem";
          });
        </script>`),
    );
    const keyed = await checkEmptySubmit(page, page.locator("#keyed"), { timeoutMs: 1_000 });
    expect(keyed).toHaveLength(1);
    expect(keyed[0]).toContain("untranslated message key as its error: validation.required");

    // The browser's own validation bubble (no novalidate) is neither a summary nor aria-invalid.
    await page.setContent(fixtureHtml(`<form id="native"><label for="n">Name</label><input id="n" name="n" required><button>Save</button></form>`));
    const native = await checkEmptySubmit(page, page.locator("#native"), { timeoutMs: 1_000 });
    expect(native.some((problem) => problem.includes("no error summary"))).toBe(true);
    expect(native.some((problem) => problem.includes('no field is marked aria-invalid="true"'))).toBe(true);
  });

  test("checkEmptySubmit passes a form that does it right (the check is not always failing)", async () => {
    await page.setContent(
      fixtureHtml(`
        <form id="good" novalidate>
          <div id="summary" role="alert" tabindex="-1"></div>
          <label for="title">Title</label><input id="title" name="title" required aria-describedby="title-hint">
          <p id="title-hint">As printed on the agenda</p><p id="title-error"></p>
          <button type="submit">Save</button>
        </form>
        <script>
          document.getElementById("good").addEventListener("submit", (event) => {
            event.preventDefault();
            const title = document.getElementById("title");
            title.setAttribute("aria-invalid", "true");
            title.setAttribute("aria-describedby", "title-hint title-error");
            document.getElementById("title-error").textContent = "Enter a title";
            const summary = document.getElementById("summary");
            summary.textContent = "1 error: Enter a title";
            summary.focus();
          });
        </script>`),
    );
    expect(await checkEmptySubmit(page, page.locator("#good"), { timeoutMs: 2_000 })).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  test("focusRingProblems reports a missing indicator and a faint one, and passes a strong one", async () => {
    await page.setContent(
      fixtureHtml(
        '<p><a href="#a" id="none">No ring</a> <a href="#b" id="faint">Faint ring</a> <button id="shadow">Faint shadow</button></p>',
        "<style>#none:focus{outline:none} #faint:focus-visible{outline:3px solid #f0b429;outline-offset:2px} #shadow{border:0} #shadow:focus-visible{outline:none;box-shadow:0 0 0 3px rgba(11,92,173,0.2)}</style>",
      ),
    );
    const problems = await focusRingProblems(page);
    expect(problems.some((problem) => problem.includes("no focus indicator") && problem.includes("#none"))).toBe(true);
    expect(problems.some((problem) => /contrast 1\.\d\d:1, below 3:1/.test(problem) && problem.includes("#faint"))).toBe(true);
    expect(problems.some((problem) => problem.includes("box-shadow") && problem.includes("#shadow"))).toBe(true);

    await page.setContent(
      fixtureHtml(
        '<div style="background:#1c2430;padding:1rem"><a href="#c" id="dark" style="color:#fff">On dark</a></div><p><a href="#d" id="light">On light</a> <input aria-label="Start" type="time" id="time"></p>',
        "<style>a:focus-visible,input:focus-visible{outline:3px solid #0b5cad;outline-offset:2px} #dark:focus-visible{outline-color:#ffd166}</style>",
      ),
    );
    expect(await focusRingProblems(page)).toEqual([]);
  });

  test("liveRegionProblems reports a count written into a region inserted with it, and passes a region updated in place", async () => {
    const fixture = (inPlace: boolean) =>
      fixtureHtml(`
        <button id="filter">Filter</button>
        ${inPlace ? '<p id="count" role="status">12 sessions</p>' : ""}
        <script>
          document.getElementById("filter").addEventListener("click", () => {
            ${inPlace ? 'document.getElementById("count").textContent = "3 sessions";' : 'const p = document.createElement("p"); p.setAttribute("role", "status"); p.textContent = "3 sessions"; document.querySelector("main").append(p);'}
          });
        </script>`);
    const check = () => liveRegionProblems(page, { update: () => page.click("#filter"), expected: async () => /(^|\D)3(\D|$)/ });
    await page.setContent(fixture(false));
    const inserted = await check();
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toContain("was not on the page before the update");
    await page.setContent(fixture(true));
    expect(await check()).toEqual([]);
  });
});
