import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Locator, Page } from "playwright-core";

/*
 * Accessibility checks for browser tests. Each returns what is wrong as readable strings (an
 * empty list when all is well), so a test can `expect(problems).toEqual([])` and the failure
 * names the rule, the element and the page.
 *
 * - axeViolations: axe-core with the WCAG 2.0/2.1 A and AA rules.
 * - checkEmptySubmit: what axe cannot see about a form's errors (shown, announced, tied to fields).
 * - focusRingProblems: the focus indicator of every focusable element, its contrast computed from
 *   the computed styles.
 * - liveRegionProblems: a polite live region that was on the page before an update holds its result.
 */

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * axe-core's own script. It is evaluated through the DevTools protocol (page.evaluate), which the
 * page's Content-Security-Policy does not govern: the app's nonce-based `script-src` would refuse an
 * inline <script> from addScriptTag, and bypassCSP would switch off the very policy the app ships.
 */
function axeScript(): string {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/**
 * Puts axe-core into every page the context opens from now on (an init script, also outside the
 * page's CSP), so axeViolations need not send it over for each page. Optional: axeViolations
 * evaluates it itself on a page without it.
 */
export async function installAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: axeScript() });
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeRule {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

const MAX_TARGETS = 12;

/**
 * Runs axe-core on the page as it is now (WCAG 2.0/2.1 A and AA rules only) and lists each violated
 * rule once: `rule-id [impact] at URL: help — targets: selector | selector …`, with the first
 * node's failure summary.
 */
export async function axeViolations(page: Page, { label }: { label?: string } = {}): Promise<string[]> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!present) await page.evaluate(axeScript());
  const violations = (await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations;
  }, [...WCAG_TAGS])) as AxeRule[];
  const where = `${label ? `${label} ` : ""}${page.url()}`;
  return violations.map((rule) => {
    const targets = rule.nodes.map((node) => node.target.map(String).join(" >>> "));
    const shown = targets.slice(0, MAX_TARGETS).join(" | ") + (targets.length > MAX_TARGETS ? ` | … ${targets.length - MAX_TARGETS} more` : "");
    const summary = rule.nodes[0]?.failureSummary?.replace(/\s+/g, " ").trim();
    return `${rule.id} [${rule.impact ?? "no impact"}] at ${where}: ${rule.help} — ${targets.length} node(s): ${shown}${summary ? ` — ${summary}` : ""}`;
  });
}

/** A short name for a form in messages: its aria-label, its id, or its first heading or legend. */
export async function describeForm(form: Locator): Promise<string> {
  return form.evaluate((element) => {
    const form = element as HTMLFormElement;
    const labelledBy = form.getAttribute("aria-labelledby");
    const labelled = labelledBy
      ?.split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .filter(Boolean)
      .join(" ");
    const name = form.getAttribute("aria-label") || labelled || form.querySelector("legend, h2, h3")?.textContent?.trim() || "";
    const action = form.getAttribute("action") ?? "";
    return [form.id ? `#${form.id}` : "form", name ? `“${name}”` : "", action ? `(action ${action})` : ""].filter(Boolean).join(" ");
  });
}

export interface EmptySubmitOptions {
  /**
   * Empty the form's required fields first (text, textarea, a select with an empty choice,
   * checkboxes): for an edit form, whose fields arrive filled, so that its submit must fail.
   */
  clearRequired?: boolean;
  /** How long to wait for the errors after pressing submit (default 8 s). */
  timeoutMs?: number;
}

/** How long a page with nothing pending must stay without an answer before the check stops waiting for one. */
const QUIET_MS = 1_500;
/** How long the DOM must stay unchanged after the answer before it is judged. */
const STILL_MS = 400;

const CONTROLS = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea";

/**
 * Submits the form as it is (a create form: empty) with its submit button, and reports what is
 * missing of the expected answer:
 * - the submit is refused (the page stays where it is);
 * - an element with role="alert" (the error summary) with text becomes visible, so it is announced
 *   (an alert appearing or changing is announced by screen readers) — or it receives focus;
 * - at least one field is marked aria-invalid="true", every required field left empty is, and every
 *   invalid field has an aria-describedby naming a visible element that now holds its message.
 */
export async function checkEmptySubmit(page: Page, form: Locator, { clearRequired = false, timeoutMs = 8_000 }: EmptySubmitOptions = {}): Promise<string[]> {
  const name = `${await describeForm(form)} at ${page.url()}`;
  // What the page looks like before (and before any field is emptied, which may validate it on blur):
  // which alerts show what, which field is described by what.
  await form.evaluate((element, controlsSelector) => {
    const visible = (node: Element) => {
      const box = (node as HTMLElement).getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== "hidden";
    };
    const state = window as unknown as { __a11yBefore?: { alerts: Map<Element, string>; descriptions: Map<Element, string>; invalid: number } };
    // An alert's text as it was, or "" if hidden: showing a hidden alert counts as a change.
    const alerts = new Map<Element, string>();
    for (const alert of document.querySelectorAll('[role="alert"]')) alerts.set(alert, visible(alert) ? (alert.textContent ?? "").replace(/\s+/g, " ").trim() : "");
    const descriptions = new Map<Element, string>();
    for (const control of element.querySelectorAll(controlsSelector)) {
      const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      descriptions.set(control, ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? "").join(" "));
    }
    state.__a11yBefore = { alerts, descriptions, invalid: document.querySelectorAll('[aria-invalid="true"]').length };
    // When the page last changed: the answer is read once it has stopped changing.
    const changes = window as unknown as { __a11yLastChange?: number; __a11yObserver?: MutationObserver };
    changes.__a11yObserver?.disconnect();
    changes.__a11yLastChange = performance.now();
    changes.__a11yObserver = new MutationObserver(() => {
      changes.__a11yLastChange = performance.now();
    });
    changes.__a11yObserver.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  }, CONTROLS);

  if (clearRequired) {
    const controls = form.locator(CONTROLS);
    for (let index = 0; index < (await controls.count()); index += 1) {
      const control = controls.nth(index);
      const kind = await control.evaluate((element) => {
        const field = element as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
        const required = field.required || field.getAttribute("aria-required") === "true";
        const empty = field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio") ? !field.checked : field.value === "";
        if (!required || field.disabled || empty) return "keep";
        if (field instanceof HTMLSelectElement) return [...field.options].some((option) => option.value === "") ? "select" : "keep";
        if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) return "check";
        if (field instanceof HTMLInputElement && field.type === "file") return "keep";
        return "text";
      });
      if (kind === "text") await control.fill("");
      else if (kind === "select") await control.selectOption("");
      else if (kind === "check") await control.setChecked(false);
    }
  }

  // A form folded into a disclosure (a <details> around it or inside it) is opened first, as its user does.
  await form.evaluate((element) => {
    for (let details = element.closest("details"); details; details = details.parentElement?.closest("details") ?? null) details.open = true;
    for (const details of element.querySelectorAll("details")) details.open = true;
  });
  const submitter = await form.evaluate((element) => {
    const candidates = [...element.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button:not([type]), button[type="submit"], input[type="submit"]')].filter(
      (button) => button.getAttribute("aria-hidden") !== "true" && button.tabIndex !== -1 && !button.disabled,
    );
    // Buttons carrying a name send an intent of their own (remove an item, add a row); the form's own submit has none.
    const plain = candidates.filter((button) => !button.name);
    const chosen = (plain.length ? plain : candidates).at(-1);
    if (!chosen) return -1;
    return [...element.querySelectorAll("button, input")].indexOf(chosen);
  });
  // Fields emptied above may already be marked (validated on blur): the answer to wait for is the submit's.
  await page.evaluate(() => {
    const state = window as unknown as { __a11yBefore?: { invalid: number } };
    if (state.__a11yBefore) state.__a11yBefore.invalid = document.querySelectorAll('[aria-invalid="true"]').length;
  });
  const before = page.url();
  if (submitter < 0) {
    await form.evaluate((element) => (element as HTMLFormElement).requestSubmit());
  } else {
    await form.locator("button, input").nth(submitter).click();
  }

  // Wait for an answer: an alert or a field marked invalid, another address, or — when nothing
  // shows — the app at rest (no navigation or fetch of Remix's router pending) for a while.
  const started = Date.now();
  let idleSince: number | undefined;
  for (;;) {
    const state = await page
      .evaluate(() => {
        const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; fetchers: Map<string, { state: string }> } } }).__remixRouter;
        const busy = router ? router.state.navigation.state !== "idle" || [...router.state.fetchers.values()].some((fetcher) => fetcher.state !== "idle") : false;
        const earlier = (window as unknown as { __a11yBefore?: { alerts: Map<Element, string>; invalid: number } }).__a11yBefore;
        const alertChanged = [...document.querySelectorAll('[role="alert"]')].some((alert) => {
          const text = (alert.textContent ?? "").replace(/\s+/g, " ").trim();
          const box = alert.getBoundingClientRect();
          return text !== "" && box.width > 0 && box.height > 0 && earlier?.alerts.get(alert) !== text;
        });
        const invalid = document.querySelectorAll('[aria-invalid="true"]').length;
        return { answered: alertChanged || invalid !== (earlier?.invalid ?? 0), busy };
      })
      .catch(() => ({ answered: false, busy: true }));
    const now = Date.now();
    idleSince = state.busy ? undefined : (idleSince ?? now);
    if (state.answered || page.url() !== before || now - started > timeoutMs) break;
    if (idleSince !== undefined && now - idleSince >= QUIET_MS && now - started >= QUIET_MS) break;
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState("load").catch(() => undefined);
  // Let the answer finish rendering (a summary may follow the fields' errors): until the DOM has been still for a while.
  await page
    .waitForFunction(
      (quiet) => {
        const changes = window as unknown as { __a11yLastChange?: number };
        return changes.__a11yLastChange === undefined || performance.now() - changes.__a11yLastChange >= quiet;
      },
      STILL_MS,
      { timeout: timeoutMs, polling: 100 },
    )
    .catch(() => undefined);
  if (page.url() !== before) return [`${name}: the empty submit was accepted: the page went on to ${page.url()}`];
  if ((await form.count()) === 0) return [`${name}: the form is gone after the empty submit (page now ${page.url()})`];

  const found = await form.evaluate((element, controlsSelector) => {
    const problems: string[] = [];
    const visible = (node: Element) => {
      const box = (node as HTMLElement).getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== "hidden";
    };
    const text = (node: Element | null) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();
    const state = window as unknown as { __a11yBefore?: { alerts: Map<Element, string>; descriptions: Map<Element, string> } };
    const earlier = state.__a11yBefore ?? { alerts: new Map<Element, string>(), descriptions: new Map<Element, string>() };

    // The error summary: a visible role="alert" whose text is new (shown, inserted or changed), or focused.
    const active = document.activeElement;
    const alerts = [...document.querySelectorAll('[role="alert"]')].filter((alert) => visible(alert) && text(alert) !== "");
    const announced = alerts.filter((alert) => earlier.alerts.get(alert) !== text(alert));
    const focused = alerts.filter((alert) => active !== null && (alert === active || alert.contains(active)));
    if (announced.length === 0 && focused.length === 0) {
      problems.push(
        alerts.length === 0
          ? 'no error summary: no visible element with role="alert" holds the errors after the submit'
          : 'the role="alert" on the page did not change with the submit and has no focus: nothing announces the errors',
      );
    }

    const labelOf = (control: Element) => {
      const field = control as HTMLInputElement;
      const label = field.labels?.[0] ? text(field.labels[0]) : field.getAttribute("aria-label") ?? "";
      return `${control.tagName.toLowerCase()}[name="${field.name ?? ""}"]${label ? ` “${label}”` : ""}`;
    };
    const controls = [...element.querySelectorAll(controlsSelector)] as Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
    const invalid = controls.filter((control) => control.getAttribute("aria-invalid") === "true");
    if (invalid.length === 0) problems.push('no field is marked aria-invalid="true" after the empty submit');
    for (const control of controls) {
      if (control.disabled) continue;
      const required = control.required || control.getAttribute("aria-required") === "true";
      const empty =
        control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio")
          ? !control.checked
          : control instanceof HTMLInputElement && control.type === "file"
            ? (control.files?.length ?? 0) === 0
            : control.value === "";
      const isInvalid = control.getAttribute("aria-invalid") === "true";
      if (required && empty && !isInvalid) problems.push(`${labelOf(control)} is required and empty but not marked aria-invalid="true"`);
      if (!isInvalid) continue;
      const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      if (ids.length === 0) {
        problems.push(`${labelOf(control)} is invalid but has no aria-describedby pointing to its message`);
        continue;
      }
      const missing = ids.filter((id) => !document.getElementById(id));
      if (missing.length) problems.push(`${labelOf(control)}: aria-describedby names ${missing.map((id) => `#${id}`).join(", ")}, which is not on the page`);
      const targets = ids.map((id) => document.getElementById(id)).filter((node): node is HTMLElement => node !== null);
      const now = targets.map((node) => text(node)).join(" ");
      const shown = targets.filter((node) => visible(node) && text(node) !== "");
      if (now === "" || now === (earlier.descriptions.get(control) ?? "").replace(/\s+/g, " ").trim() || shown.length === 0) {
        problems.push(`${labelOf(control)} is invalid but its aria-describedby (${ids.map((id) => `#${id}`).join(" ")}) holds no visible error message`);
      }
      // A message that is only a dotted identifier is a translation key nobody translated.
      const keys = targets.flatMap((node) => [...node.querySelectorAll("li, p")].concat(node)).map((node) => text(node)).filter((message) => /^[a-z][\w-]*(\.[\w-]+)+$/.test(message));
      if (keys.length) problems.push(`${labelOf(control)} shows an untranslated message key as its error: ${[...new Set(keys)].join(", ")}`);
    }
    return problems;
  }, CONTROLS);
  return found.map((problem) => `${name}: ${problem}`);
}

export interface FocusRingOptions {
  /** The most Tab presses (default 250); a page with more stops shows a problem. */
  maxTabs?: number;
  /** The least contrast between the focus indicator and what is behind it (default 3, WCAG 1.4.11). */
  minimumContrast?: number;
}

interface FocusSample {
  element: string;
  kind: string;
  problem?: string;
}

/**
 * Tabs through the page (from wherever focus is, once round) and judges each focused element's
 * indicator from its computed style while focused: an outline (style not none, width > 0) or a box
 * shadow must exist, and its colour must reach `minimumContrast` against the colour behind it —
 * for an outline or outer shadow the first non-transparent background of the ancestors (the
 * page's if none; semi-transparent layers composited), for an inset one the element's own.
 * Colours are resolved to sRGB by painting them on a canvas, so any CSS colour syntax works.
 * Problems with the same cause are grouped: `cause — N element(s): a, b, c`.
 */
export async function focusRingProblems(page: Page, { maxTabs = 250, minimumContrast = 3 }: FocusRingOptions = {}): Promise<string[]> {
  const seen = new Set<string>();
  const samples: FocusSample[] = [];
  let first: string | undefined;
  let previous: string | undefined;
  let completed = false;
  await page.evaluate(() => {
    (window as unknown as { __a11yIds?: WeakMap<Element, string> }).__a11yIds = new WeakMap();
  });
  for (let press = 0; press < maxTabs; press += 1) {
    await page.keyboard.press("Tab");
    const sample = await page.evaluate((minimum) => {
      const state = window as unknown as { __a11yIds: WeakMap<Element, string>; __a11yNext?: number };
      const element = document.activeElement;
      if (!element || element === document.body || element === document.documentElement) return null;
      let key = state.__a11yIds.get(element);
      if (!key) {
        state.__a11yNext = (state.__a11yNext ?? 0) + 1;
        key = `e${state.__a11yNext}`;
        state.__a11yIds.set(element, key);
      }
      const html = element as HTMLElement;
      const text = (html.innerText || html.getAttribute("aria-label") || (html as HTMLInputElement).name || "").replace(/\s+/g, " ").trim().slice(0, 40);
      const tag = element.tagName.toLowerCase();
      const type = element.getAttribute("type");
      const describe = `${tag}${type ? `[type=${type}]` : ""}${html.id ? `#${html.id}` : ""}${text ? ` “${text}”` : ""}`;

      // Any CSS colour → [r, g, b, a] in sRGB 0–255, alpha 0–1, by painting it.
      const canvas = document.createElement("canvas");
      canvas.width = 1;
      canvas.height = 1;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      const rgba = (color: string): [number, number, number, number] | null => {
        if (!context) return null;
        context.clearRect(0, 0, 1, 1);
        context.fillStyle = "rgba(0, 0, 0, 0)";
        context.fillStyle = color;
        context.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
        if (a === 0) return [0, 0, 0, 0];
        // getImageData gives premultiplied-then-unpremultiplied values; good to within rounding.
        return [r, g, b, a / 255];
      };
      const over = (top: [number, number, number, number], bottom: [number, number, number]): [number, number, number] => [
        top[0] * top[3] + bottom[0] * (1 - top[3]),
        top[1] * top[3] + bottom[1] * (1 - top[3]),
        top[2] * top[3] + bottom[2] * (1 - top[3]),
      ];
      const luminance = ([r, g, b]: [number, number, number]) => {
        const channel = (value: number) => {
          const c = value / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const contrast = (a: [number, number, number], b: [number, number, number]) => {
        const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
      };
      const rgbText = (color: [number, number, number]) => `rgb(${color.map((value) => Math.round(value)).join(", ")})`;
      /** The colour behind `start`: its and its ancestors' backgrounds composited down to the first opaque one (white under all). */
      const backdrop = (start: Element | null): [number, number, number] => {
        const layers: Array<[number, number, number, number]> = [];
        for (let node = start; node; node = node.parentElement) {
          const color = rgba(getComputedStyle(node).backgroundColor);
          if (color && color[3] > 0) {
            layers.push(color);
            if (color[3] >= 1) break;
          }
        }
        let result: [number, number, number] = [255, 255, 255];
        for (const layer of layers.reverse()) result = over(layer, result);
        return result;
      };

      const style = getComputedStyle(element);
      const box = html.getBoundingClientRect();
      const outlineWidth = parseFloat(style.outlineWidth) || 0;
      const hasOutline = style.outlineStyle !== "none" && outlineWidth > 0;
      const shadow = style.boxShadow && style.boxShadow !== "none" ? style.boxShadow : "";
      if (box.width <= 1 || box.height <= 1) {
        return { key, element: describe, kind: "hidden", problem: `the focused element is not visible (${box.width}×${box.height} px)` };
      }
      if (!hasOutline && !shadow) {
        return { key, element: describe, kind: "none", problem: "no focus indicator: outline-style none (or width 0) and no box-shadow while focused" };
      }
      let color: [number, number, number, number] | null;
      let behind: [number, number, number];
      let what: string;
      if (hasOutline) {
        color = rgba(style.outlineColor);
        const inset = (parseFloat(style.outlineOffset) || 0) < 0;
        behind = backdrop(inset ? element : element.parentElement);
        what = `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
      } else {
        const colorText = shadow.match(/(rgba?\([^)]*\)|#[0-9a-f]{3,8}|(?:ok)?l(?:ab|ch)\([^)]*\)|color\([^)]*\)|hsla?\([^)]*\))/i)?.[0] ?? "currentcolor";
        color = rgba(colorText === "currentcolor" ? style.color : colorText);
        behind = backdrop(/\binset\b/.test(shadow) ? element : element.parentElement);
        what = `box-shadow ${shadow}`;
      }
      if (!color) return { key, element: describe, kind: "unreadable", problem: `cannot read the colour of the ${what}` };
      const ring = over(color, behind);
      const ratio = contrast(ring, behind);
      if (ratio < minimum) {
        return {
          key,
          element: describe,
          kind: "contrast",
          problem: `focus indicator (${what}) is ${rgbText(ring)} on ${rgbText(behind)}: contrast ${ratio.toFixed(2)}:1, below ${minimum}:1`,
        };
      }
      return { key, element: describe, kind: "ok" };
    }, minimumContrast);
    if (!sample) continue;
    if (first === undefined) first = sample.key;
    else if (sample.key === first && previous !== first) {
      completed = true;
      break;
    }
    previous = sample.key;
    if (seen.has(sample.key)) continue;
    seen.add(sample.key);
    samples.push(sample);
  }
  const where = page.url();
  const problems: string[] = [];
  if (samples.length === 0) problems.push(`${where}: Tab reached no focusable element`);
  if (!completed && samples.length > 0) problems.push(`${where}: ${maxTabs} Tab presses did not come round to the first element again (raise maxTabs?)`);
  const groups = new Map<string, string[]>();
  for (const sample of samples) {
    if (!sample.problem) continue;
    groups.set(sample.problem, [...(groups.get(sample.problem) ?? []), sample.element]);
  }
  for (const [problem, elements] of groups) {
    const shown = elements.slice(0, 6).join(", ") + (elements.length > 6 ? `, … ${elements.length - 6} more` : "");
    problems.push(`${where}: ${problem} — ${elements.length} element(s): ${shown}`);
  }
  return problems;
}

export interface LiveRegionCheck {
  /** Does what updates the results (apply a filter) and resolves once the page shows them. */
  update: () => Promise<void>;
  /** The text the region must hold afterwards, e.g. the number of results shown (read after the update). */
  expected: () => Promise<string | RegExp>;
}

const LIVE_REGIONS = '[role="status"], [aria-live="polite"]';

/**
 * Runs `update` and checks that a polite live region (role="status" or aria-live="polite") that
 * was already on the page before holds the expected text afterwards — screen readers announce
 * changes to a region they already know, not a region inserted together with its text — and that
 * the update happened in the same document (a full page load announces nothing).
 */
export async function liveRegionProblems(page: Page, { update, expected }: LiveRegionCheck): Promise<string[]> {
  await page.evaluate((selector) => {
    const state = window as unknown as { __a11yLive?: { regions: Element[]; texts: string[] }; __a11ySameDocument?: boolean };
    const regions = [...document.querySelectorAll(selector)];
    state.__a11yLive = { regions, texts: regions.map((region) => (region.textContent ?? "").replace(/\s+/g, " ").trim()) };
    state.__a11ySameDocument = true;
  }, LIVE_REGIONS);
  const before = page.url();
  await update();
  const want = await expected();
  const matches = (text: string) => (typeof want === "string" ? text.includes(want) : want.test(text));
  const outcome = await page.evaluate((selector) => {
    const state = window as unknown as { __a11yLive?: { regions: Element[]; texts: string[] }; __a11ySameDocument?: boolean };
    const text = (node: Element) => (node.textContent ?? "").replace(/\s+/g, " ").trim();
    const earlier = state.__a11yLive?.regions ?? [];
    return {
      sameDocument: state.__a11ySameDocument === true,
      kept: earlier.map((region, index) => ({ connected: region.isConnected, before: state.__a11yLive?.texts[index] ?? "", now: text(region) })),
      current: [...document.querySelectorAll(selector)].map((region) => ({ isNew: !earlier.includes(region), now: text(region), html: region.outerHTML.slice(0, 160) })),
    };
  }, LIVE_REGIONS);
  const where = `${before} → ${page.url()}`;
  if (!outcome.sameDocument) return [`${where}: the update reloaded the page; a live region in a new document announces nothing`];
  if (outcome.kept.some((region) => region.connected && region.now !== region.before && matches(region.now))) return [];
  const inserted = outcome.current.filter((region) => region.isNew && matches(region.now));
  if (inserted.length > 0) {
    return [`${where}: the text ${String(want)} is in a live region that was not on the page before the update (inserted with its text, so not announced): ${inserted[0].html}`];
  }
  const regions = outcome.current.map((region) => `“${region.now.slice(0, 80)}”`).join(", ");
  return [
    `${where}: no polite live region (role="status" or aria-live="polite") present before the update holds ${String(want)} after it` +
      (regions ? `; live regions now: ${regions}` : "; the page has no polite live region at all"),
  ];
}
