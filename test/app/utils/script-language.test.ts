import { describe, expect, it } from "vitest";
import { formatOfficialDay, languageMark, localized, localizedPart } from "../../../app/utils/localized";
import { scriptLanguage } from "../../../app/utils/script-language";

describe("scriptLanguage", () => {
  it("tells a name's language from its script: Han → zh-TW, hangul → ko, kana → ja", () => {
    expect(scriptLanguage("溫武彥")).toBe("zh-TW");
    expect(scriptLanguage("张美芳")).toBe("zh-TW"); // simplified characters are Han too
    expect(scriptLanguage("김영수")).toBe("ko");
    expect(scriptLanguage("やまだ たろう")).toBe("ja");
    expect(scriptLanguage("ヤマダ・タロウ")).toBe("ja");
  });

  it("lets kana and hangul win over Han characters mixed into the same name", () => {
    expect(scriptLanguage("山田たろう")).toBe("ja");
    expect(scriptLanguage("金영수")).toBe("ko");
    // Kanji alone cannot be told from Chinese: the documented limitation.
    expect(scriptLanguage("山田太郎")).toBe("zh-TW");
  });

  it("gives no language for Latin, other scripts, digits, punctuation or nothing", () => {
    for (const text of ["Wen Wu-yen", "Müller", "Иванов", "สมชาย", "123 (—)", "・ー", "", null, undefined]) {
      expect(scriptLanguage(text), String(text)).toBeNull();
    }
  });
});

describe("languageMark", () => {
  it("marks a part only when its language differs from the page's", () => {
    expect(languageMark("zh-TW", "en")).toBe("zh-TW");
    expect(languageMark("en", "zh-TW")).toBe("en");
    expect(languageMark("ko", "zh-TW")).toBe("ko");
    expect(languageMark("zh-TW", "zh-TW")).toBeUndefined();
    expect(languageMark("zh-tw", "zh-TW")).toBeUndefined();
    expect(languageMark("en", "en")).toBeUndefined();
    expect(languageMark(null, "en")).toBeUndefined();
  });
});

describe("localizedPart", () => {
  it("shows what localized() shows and says which language that text is in", () => {
    const cases: Array<[string | null, string | null, string]> = [
      ["Welcome", "歡迎", "en"],
      ["Welcome", "歡迎", "zh-TW"],
      [null, "歡迎", "en"],
      ["Welcome", "  ", "zh-TW"],
      ["  Welcome  ", null, "en"],
      [null, null, "zh-TW"],
    ];
    for (const [english, chinese, language] of cases) {
      expect(localizedPart(english, chinese, language).text).toBe(localized(english, chinese, language));
    }
    expect(localizedPart("Welcome", "歡迎", "en")).toEqual({ text: "Welcome", lang: "en" });
    expect(localizedPart("Welcome", "歡迎", "zh-TW")).toEqual({ text: "歡迎", lang: "zh-TW" });
    expect(localizedPart(null, "歡迎", "en")).toEqual({ text: "歡迎", lang: "zh-TW" });
    expect(localizedPart("Welcome", "  ", "zh-TW")).toEqual({ text: "Welcome", lang: "en" });
    expect(localizedPart("", "", "en")).toEqual({ text: "", lang: "en" });
  });
});

describe("formatOfficialDay", () => {
  it("dates a formal text with the ROC era in Chinese and as formatDay does in English, whatever the process zone", () => {
    expect(formatOfficialDay("2026-11-30", "zh-TW")).toBe("民國115年11月30日");
    expect(formatOfficialDay("2011-03-27", "zh-TW")).toBe("民國100年3月27日");
    expect(formatOfficialDay("2026-11-30", "en")).toBe("November 30, 2026");
  });
});
