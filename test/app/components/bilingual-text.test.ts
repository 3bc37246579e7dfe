import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BilingualText, NativeName } from "../../../app/components/ui/bilingual-text";

const bilingual = (en: string | null, zh: string | null, language: string, fallback?: string) =>
  renderToString(createElement("p", null, createElement(BilingualText, { en, zh, language, fallback })));
const native = (name: string, language: string) => renderToString(createElement("p", null, createElement(NativeName, { name, language })));

describe("BilingualText", () => {
  it("shows the page language's version without a lang mark", () => {
    expect(bilingual("Opening ceremony", "開幕典禮", "en")).toBe("<p>Opening ceremony</p>");
    expect(bilingual("Opening ceremony", "開幕典禮", "zh-TW")).toBe("<p>開幕典禮</p>");
  });

  it("marks the other language's version with its lang when the page's is missing", () => {
    expect(bilingual(null, "開幕典禮", "en")).toBe('<p><span lang="zh-TW">開幕典禮</span></p>');
    expect(bilingual("Opening ceremony", "   ", "zh-TW")).toBe('<p><span lang="en">Opening ceremony</span></p>');
  });

  it("renders nothing, or the fallback unmarked, when both versions are empty", () => {
    expect(bilingual(null, null, "en")).toBe("<p></p>");
    expect(bilingual("", " ", "zh-TW", "—")).toBe("<p>—</p>");
  });

  it("escapes stored text", () => {
    expect(bilingual(null, "<b>議程</b>", "en")).toBe('<p><span lang="zh-TW">&lt;b&gt;議程&lt;/b&gt;</span></p>');
  });
});

describe("NativeName", () => {
  it("marks a name with the language of its script unless that is the page's", () => {
    expect(native("溫武彥", "en")).toBe('<p><span lang="zh-TW">溫武彥</span></p>');
    expect(native("溫武彥", "zh-TW")).toBe("<p>溫武彥</p>");
    expect(native("김영수", "zh-TW")).toBe('<p><span lang="ko">김영수</span></p>');
    expect(native("김영수", "en")).toBe('<p><span lang="ko">김영수</span></p>');
    expect(native("やまだ", "en")).toBe('<p><span lang="ja">やまだ</span></p>');
  });

  it("leaves names in other scripts unmarked", () => {
    expect(native("Wen Wu-yen", "zh-TW")).toBe("<p>Wen Wu-yen</p>");
    expect(native("Иванов", "en")).toBe("<p>Иванов</p>");
  });
});
