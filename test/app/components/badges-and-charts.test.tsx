import { createInstance } from "i18next";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { neutralizeCell, toCsv } from "../../../app/components/attendance/attendance-csv";
import { BarChart } from "../../../app/components/attendance/bar-chart";
import { badgeQrDataUri } from "../../../app/components/badges/badge-qr.server";
import { BadgeSheets, type BadgeView } from "../../../app/components/badges/badge-sheet";
import { i18nConfig } from "../../../app/i18n/config";

async function render(element: React.ReactElement, language = "en") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  return renderToString(<I18nextProvider i18n={i18n}>{element}</I18nextProvider>);
}

async function badge(index: number, overrides: Partial<BadgeView> = {}): Promise<BadgeView> {
  const badgeCode = `ABCD${String(index).padStart(4, "0")}WXYZ`;
  return {
    personId: index,
    name: `Person ${index}`,
    nameNative: null,
    organizationEn: null,
    organizationZh: null,
    organizationText: null,
    delegationEn: null,
    delegationZh: null,
    categoryEn: null,
    categoryZh: null,
    badgeCode,
    qr: await badgeQrDataUri(badgeCode),
    ...overrides,
  };
}

describe("badges", () => {
  it("prints names in both scripts, organization, delegation, category, and the code as QR and text", async () => {
    const wen = await badge(1, {
      name: "Wen Wu-yen",
      nameNative: "溫武彥",
      organizationEn: "Customs Administration, Ministry of Finance",
      organizationZh: "財政部關務署",
      delegationEn: "Taiwan",
      delegationZh: "臺灣",
      categoryEn: "Foreign customs administration",
      categoryZh: null,
    });
    const html = await render(<BadgeSheets badges={[wen]} perPage={4} />);
    expect(html).toContain('<p class="name-badge-name">Wen Wu-yen</p>');
    expect(html).toContain('<span lang="zh-TW">溫武彥</span>');
    expect(html).toContain("Customs Administration, Ministry of Finance");
    expect(html).toContain("Taiwan");
    expect(html).toContain("Foreign customs administration");
    expect(html).toContain("ABCD-0001-WXYZ");
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code of badge ABCD-0001-WXYZ"/);
    // In Chinese, the directory's Chinese organization name, and the English category marked as English.
    const chinese = await render(<BadgeSheets badges={[wen]} perPage={4} />, "zh-TW");
    expect(chinese).toContain("財政部關務署");
    expect(chinese).toContain('<span lang="en">Foreign customs administration</span>');
    expect(chinese).toContain("溫武彥");
    expect(chinese).not.toContain('<span lang="zh-TW">溫武彥</span>');
  });

  it("draws a QR code that carries exactly the badge code", async () => {
    const uri = await badgeQrDataUri("ABCD0001WXYZ");
    const svg = Buffer.from(uri.replace("data:image/svg+xml;base64,", ""), "base64").toString("utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<path");
    expect(svg).not.toContain("<script");
  });

  it("uses the registration's typed organization when the directory has none, escaped", async () => {
    const html = await render(<BadgeSheets badges={[await badge(2, { organizationText: "<script>alert(1)</script>" })]} perPage={4} />);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
  });

  it("cuts badges into pages of 4 or 8", async () => {
    const badges = await Promise.all(Array.from({ length: 9 }, (_, index) => badge(index + 1)));
    const byFour = await render(<BadgeSheets badges={badges} perPage={4} />);
    expect(byFour.match(/class="badge-page badge-page-4"/g)).toHaveLength(3);
    expect(byFour.match(/class="name-badge"/g)).toHaveLength(9);
    const byEight = await render(<BadgeSheets badges={badges} perPage={8} />);
    expect(byEight.match(/class="badge-page badge-page-8"/g)).toHaveLength(2);
  });
});

describe("the attendance bar chart", () => {
  it("is an image with a title and description, with labels and figures written out", async () => {
    const html = await render(
      <BarChart
        title="Checked in per day"
        description="Registered (hatched) and checked in (solid)."
        rows={[
          { key: "a", label: "Taiwan", total: 3, part: 2, valueText: "2 of 3" },
          { key: "b", label: "臺灣代表團", lang: "zh-TW", total: 0, part: 0, valueText: "0 of 0" },
        ]}
      />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-description"/);
    expect(html).toContain("<title");
    expect(html).toContain(">Checked in per day</title>");
    expect(html).toContain(">Registered (hatched) and checked in (solid).</desc>");
    expect(html).toContain(">Taiwan</text>");
    expect(html).toContain(">2 of 3</text>");
    expect(html).toContain('lang="zh-TW"');
    expect(html).toContain("<pattern");
  });
});

describe("attendance CSV", () => {
  it("neutralises formulas, keeps numbers, and starts with a byte order mark", () => {
    expect(neutralizeCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(neutralizeCell(`${start}1`)).toBe(`'${start}1`);
    expect(neutralizeCell(-1)).toBe(-1);
    expect(neutralizeCell("Taiwan")).toBe("Taiwan");
    const csv = toCsv({ header: ["Delegation", "Registered"], rows: [["=cmd|' /C calc'!A0", 2], ['Say "hi", <script>', 1]] });
    expect(csv).toBe("\uFEFFDelegation,Registered\r\n'=cmd|' /C calc'!A0,2\r\n\"Say \"\"hi\"\", <script>\",1\r\n");
  });
});
