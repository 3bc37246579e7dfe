import type { MetaArgs } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { createInstance } from "i18next";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import AccessibilityStatement, { meta as statementMeta, policy } from "../../../app/routes/accessibility";
import { meta as personMeta } from "../../../app/routes/events.$slug.people.$personId";
import App from "../../../app/root";
import { PeopleByRole, type SessionPerson } from "../../../app/components/agenda/people-by-role";
import { i18nConfig } from "../../../app/i18n/config";
import { common as english } from "../../../app/i18n/locales/en/common";
import { common as chinese } from "../../../app/i18n/locales/zh-TW/common";

type Language = "en" | "zh-TW";

/** `matches` as the meta functions read them: the root route's data carries the request's language. */
const matchesFor = (locale: Language) => [{ id: "root", data: { locale } }] as unknown as MetaArgs["matches"];

async function render(language: Language, routes: Parameters<typeof createRemixStub>[0], path: string, hydrationData?: object) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  const Stub = createRemixStub(routes);
  // React warns about the router's useLayoutEffect on every link rendered on the server: noise here.
  const consoleError = console.error;
  const quiet = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) consoleError(...args);
  });
  try {
    return renderToString(createElement(I18nextProvider, { i18n }, createElement(Stub, { initialEntries: [path], hydrationData })));
  } finally {
    quiet.mockRestore();
  }
}

const renderStatement = (language: Language) =>
  render(language, [{ id: "accessibility", path: "/accessibility", Component: AccessibilityStatement }], "/accessibility");

/** Visible text of the HTML, without tags and React's text separators. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "");

describe("the accessibility statement at /accessibility", () => {
  it("is public and titled in the viewer's language", () => {
    expect(policy).toBe("public");
    const title = (language: Language) => (statementMeta({ matches: matchesFor(language) } as MetaArgs) as Array<{ title: string }>)[0].title;
    expect(title("en")).toBe("Accessibility statement · Plenary");
    expect(title("zh-TW")).toBe("無障礙聲明 · Plenary");
  });

  it("says in English what it aims to meet, how it is checked, its limits, how to report a barrier, and its date", async () => {
    const html = await renderStatement("en");
    const text = textOf(html);
    expect(html).toContain('<h1 id="accessibility-title">Accessibility statement</h1>');
    expect(text).toContain("WCAG) 2.1 at Level AA");
    // The Taiwanese guideline's Chinese name carries its language on the English page (3.1.2).
    expect(html).toContain('<span lang="zh-TW">網站無障礙規範</span>');
    expect(text).toContain("axe-core runs on every page, in both languages, at desktop and at phone screen widths");
    expect(text).toContain("the focus is followed through the whole tab order");
    expect(text).toContain("cannot carry their own language mark");
    expect(text).toContain("responsibility of whoever uploads them");
    expect(text).toContain("contact the organizer of the event concerned, or the platform administrators of this installation");
    expect(text).toContain("This statement was prepared on November 30, 2026.");
    expect(html).not.toMatch(/@|mailto:/);
    expect(html.match(/<h2 /g)).toHaveLength(4);
  });

  it("says the same in Chinese, dated in the ROC era, with nothing marked as another language", async () => {
    const html = await renderStatement("zh-TW");
    const text = textOf(html);
    expect(html).toContain('<h1 id="accessibility-title">無障礙聲明</h1>');
    expect(text).toContain("WCAG）2.1 版 AA 等級為目標，即我國「網站無障礙規範」之 AA 等級");
    expect(text).toContain("axe-core 自動化工具");
    expect(text).toContain("下拉式選單中的選項");
    expect(text).toContain("由上傳者負責");
    expect(text).toContain("請與該活動的主辦單位聯繫，或洽本站的平台管理員");
    expect(text).toContain("本聲明製作日期：民國115年11月30日。");
    expect(html).not.toContain("lang=");
    expect(html).not.toMatch(/@|mailto:/);
    expect(html.match(/<h2 /g)).toHaveLength(4);
  });

  it("has every English key in Chinese, and no English left in the Chinese texts but names", () => {
    const keysOf = (value: object, prefix = ""): string[] =>
      Object.entries(value).flatMap(([key, inner]) => (typeof inner === "string" ? [`${prefix}${key}`] : keysOf(inner as object, `${prefix}${key}.`)));
    expect(keysOf(chinese.accessibility).sort()).toEqual(keysOf(english.accessibility).sort());
    const strings = (value: object): string[] => Object.values(value).flatMap((inner) => (typeof inner === "string" ? [inner] : strings(inner as object)));
    for (const text of strings(chinese.accessibility)) {
      expect(text.replace(/Plenary|WCAG|W3C|AA|axe-core|\{\{date\}\}/g, ""), text).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it("is linked from every page's footer, in both languages", async () => {
    for (const [language, label] of [
      ["en", "Accessibility statement"],
      ["zh-TW", "無障礙聲明"],
    ] as const) {
      const rootData = { locale: language, user: null, canUseDirectory: false };
      const html = await render(
        language,
        [{ id: "root", path: "/", Component: App as ComponentType, loader: () => rootData, children: [{ id: "routes/accessibility", path: "accessibility", Component: AccessibilityStatement }] }],
        "/",
        { loaderData: { root: rootData } },
      );
      const footer = html.match(/<footer class="site-footer">([\s\S]*?)<\/footer>/)?.[1] ?? "";
      expect(footer).toMatch(new RegExp(`<a [^>]*href="/accessibility"[^>]*>${label}</a>`));
      expect(footer).toContain(language === "en" ? "conference and workshop management" : "研討會與工作坊管理");
    }
  });
});

describe("people named on a session page", () => {
  const person = (id: number, name: string, nameNative: string | null, extra: Partial<SessionPerson> = {}): SessionPerson => ({
    id,
    role: "speaker",
    name,
    name_native: nameNative,
    title_en: null,
    title_zh: null,
    organization_name_en: null,
    organization_name_zh: null,
    ...extra,
  });
  const people = [
    person(1, "Wen Wu-yen", "溫武彥", { title_en: "Officer", title_zh: "科員", organization_name_zh: "財政部關務署" }),
    person(2, "Kim Young-soo", "김영수", { organization_name_en: "Korea Customs Service", organization_name_zh: "韓國關稅廳" }),
  ];
  const renderPeople = (language: Language) =>
    render(
      language,
      [{ id: "session", path: "/events/x/sessions/1", Component: () => createElement(PeopleByRole, { people, slug: "x", tz: undefined, variant: "sections" }) }],
      "/events/x/sessions/1",
    );

  it("marks native names and one-language details with their language on an English page", async () => {
    const html = (await renderPeople("en")).replace(/<!-- -->/g, "");
    expect(html).toContain(' (<span lang="zh-TW">溫武彥</span>)');
    expect(html).toContain(' (<span lang="ko">김영수</span>)');
    expect(html).toContain('<span class="person-details">, Officer, <span lang="zh-TW">財政部關務署</span></span>');
    expect(html).toContain('<span class="person-details">, Korea Customs Service</span>');
  });

  it("marks only what is not Chinese on a Chinese page", async () => {
    const html = (await renderPeople("zh-TW")).replace(/<!-- -->/g, "");
    expect(html).toContain(" (溫武彥)");
    expect(html).toContain(' (<span lang="ko">김영수</span>)');
    expect(html).toContain('<span class="person-details">, 科員, 財政部關務署</span>');
    expect(html).toContain('<span class="person-details">, 韓國關稅廳</span>');
  });
});

describe("the person page's title", () => {
  const data = {
    person: { name: "Wen Wu-yen" },
    event: { title_en: "2011 C-TPAT Conference", title_zh: "2011 年 C-TPAT 年會" },
  };
  const title = (language: Language, event = data.event) =>
    (personMeta({ data: { ...data, event }, matches: matchesFor(language) } as unknown as Parameters<typeof personMeta>[0]) as Array<{ title: string }>)[0].title;

  it("follows the page language, falling back to the other version of the event title", () => {
    expect(title("en")).toBe("Wen Wu-yen · 2011 C-TPAT Conference · Plenary");
    expect(title("zh-TW")).toBe("Wen Wu-yen · 2011 年 C-TPAT 年會 · Plenary");
    expect(title("zh-TW", { title_en: "2011 C-TPAT Conference", title_zh: "" })).toBe("Wen Wu-yen · 2011 C-TPAT Conference · Plenary");
    expect(title("en", { title_en: null as unknown as string, title_zh: "2011 年 C-TPAT 年會" })).toBe("Wen Wu-yen · 2011 年 C-TPAT 年會 · Plenary");
  });
});
