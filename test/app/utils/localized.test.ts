import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, localized } from "../../../app/utils/localized";
import { safeRedirect } from "../../../app/utils/http.server";

describe("formatInstant", () => {
  it("writes plain spaces, as every browser's ICU does, so a hydrating page shows the server's text", () => {
    expect(formatInstant("2026-11-30T16:03:00.000Z", "en", "UTC")).toBe("Nov 30, 2026, 4:03 PM");
    expect(formatInstant("2011-03-28T16:00:00.000Z", "en", "America/Los_Angeles")).toBe("Mar 28, 2011, 9:00 AM");
  });
});

describe("localized", () => {
  it("follows the viewer's language and falls back to the other version", () => {
    expect(localized("Welcome", "歡迎", "zh-TW")).toBe("歡迎");
    expect(localized("Welcome", "歡迎", "en")).toBe("Welcome");
    expect(localized(null, "歡迎", "en")).toBe("歡迎");
    expect(localized("Welcome", "  ", "zh-TW")).toBe("Welcome");
  });

  it("writes a calendar day the same whatever the process time zone", () => {
    expect(formatDay("2011-03-28", "en")).toBe("March 28, 2011");
    expect(formatDay("2011-03-28", "zh-TW")).toBe("2011年3月28日");
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeRedirect("/events/ctpat-2011?day=2")).toBe("/events/ctpat-2011?day=2");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null, "/account")).toBe("/account");
    expect(safeRedirect("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect("/\n/evil.example")).toBe("/");
    expect(safeRedirect("/./\\evil.example")).toBe("/");
    expect(safeRedirect("/events/../account#roles")).toBe("/account#roles");
  });
});
