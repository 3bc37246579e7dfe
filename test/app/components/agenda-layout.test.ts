import { describe, expect, it } from "vitest";
import { formatShortDay, zonedRange, zoneNameOnDay } from "../../../app/components/agenda/agenda-time";
import { agendaHref } from "../../../app/components/agenda/agenda-links";
import { layoutDayGrid } from "../../../app/components/agenda/grid-layout";
import { displayName, groupByRole } from "../../../app/components/agenda/session-people";
import { attachmentDisposition } from "../../../app/utils/content-disposition";
import { defaultAgendaDay, displayZone } from "../../../app/utils/agenda-params";

// 2011-03-29 in San Diego (UTC-7): 09:30 is 16:30Z.
const session = (id: number, start: string, end: string, roomId: number | null) => ({
  id,
  starts_at: `2011-03-29T${start}:00.000Z`,
  ends_at: `2011-03-29T${end}:00.000Z`,
  room_id: roomId,
});

describe("layoutDayGrid", () => {
  it("puts parallel workshops side by side, one column per room in the event's room order", () => {
    const workshops = [session(1, "16:30", "18:00", 12), session(2, "16:30", "18:00", 10), session(3, "16:30", "18:00", 11)];
    const grid = layoutDayGrid(workshops, [10, 11, 12, 13]);
    expect(grid.columns).toEqual([
      { roomId: 10, firstColumn: 1, lanes: 1 },
      { roomId: 11, firstColumn: 2, lanes: 1 },
      { roomId: 12, firstColumn: 3, lanes: 1 },
    ]);
    expect(grid.placements.map((p) => [p.session.id, p.column, p.row])).toEqual([
      [1, 3, 1],
      [2, 1, 1],
      [3, 2, 1],
    ]);
  });

  it("spans a 90-minute session over 18 five-minute rows, counted from the day's earliest start", () => {
    const grid = layoutDayGrid([session(1, "15:00", "16:00", 10), session(2, "16:30", "18:00", 10)], [10]);
    expect(grid.placements[0]).toMatchObject({ row: 1, rowSpan: 12 });
    expect(grid.placements[1]).toMatchObject({ row: 19, rowSpan: 18 });
    expect(grid.rowCount).toBe(36);
    // Clocks at each start and where the day pauses: 16:00 (nothing until 16:30) and the last end.
    expect(grid.timeMarks).toEqual([
      { iso: "2011-03-29T15:00:00.000Z", row: 1, rowSpan: 12 },
      { iso: "2011-03-29T16:00:00.000Z", row: 13, rowSpan: 6 },
      { iso: "2011-03-29T16:30:00.000Z", row: 19, rowSpan: 18 },
      { iso: "2011-03-29T18:00:00.000Z", row: 37, rowSpan: 1 },
    ]);
  });

  it("gives overlapping sessions in one room lanes of their own instead of hiding one under the other", () => {
    const grid = layoutDayGrid([session(1, "16:00", "17:00", 10), session(2, "16:30", "17:30", 10), session(3, "17:00", "17:30", 10), session(4, "16:00", "17:00", 11)], [10, 11]);
    expect(grid.columns).toEqual([
      { roomId: 10, firstColumn: 1, lanes: 2 },
      { roomId: 11, firstColumn: 3, lanes: 1 },
    ]);
    const cells = grid.placements.map((p) => `${p.column}:${p.row}+${p.rowSpan}`);
    expect(cells).toEqual(["1:1+12", "2:7+12", "1:13+6", "3:1+12"]);
    expect(new Set(cells).size).toBe(4);
  });

  it("adds a last column for sessions without a room and only uses rooms that have sessions", () => {
    const grid = layoutDayGrid([session(1, "15:00", "15:10", null), session(2, "15:00", "16:00", 11)], [10, 11]);
    expect(grid.columns.map((c) => c.roomId)).toEqual([11, null]);
    expect(grid.placements.map((p) => p.column)).toEqual([2, 1]);
    expect(grid.placements[0].rowSpan).toBe(2);
  });

  it("snaps an off-grid start down and an off-grid end up, so nothing is cut", () => {
    const grid = layoutDayGrid([session(1, "15:02", "15:58", 10)], [10]);
    expect(grid.placements[0]).toMatchObject({ row: 1, rowSpan: 12 });
    expect(layoutDayGrid([], [10])).toEqual({ columns: [], columnCount: 0, rowCount: 0, placements: [], timeMarks: [] });
  });
});

describe("agenda times", () => {
  it("reads a 15:00 San Diego session as 06:00 the next day in Taipei, and marks the date", () => {
    expect(zonedRange("2011-03-28T22:00:00.000Z", "2011-03-28T23:30:00.000Z", "Asia/Taipei", "2011-03-28")).toEqual({
      start: { time: "06:00", day: "2011-03-29", otherDay: true },
      end: { time: "07:30", day: "2011-03-29", otherDay: false },
    });
    expect(zonedRange("2011-03-28T22:00:00.000Z", "2011-03-28T23:30:00.000Z", "America/Los_Angeles", "2011-03-28").start).toEqual({ time: "15:00", day: "2011-03-28", otherDay: false });
    // A session that runs past midnight in the display zone marks its end.
    expect(zonedRange("2011-03-29T15:30:00.000Z", "2011-03-29T16:30:00.000Z", "Asia/Taipei", "2011-03-29").end).toEqual({ time: "00:30", day: "2011-03-30", otherDay: true });
    expect(formatShortDay("2011-03-29", "en")).toBe("Tue, Mar 29");
    // ICU versions differ in spacing; the parts are what matter.
    expect(formatShortDay("2011-03-29", "zh-TW")).toMatch(/^3月29日\s?週二$/);
    expect(zoneNameOnDay("America/Los_Angeles", "en", "2011-03-29", "America/Los_Angeles")).toBe("Pacific Daylight Time");
  });

  it("opens on today while the event runs, else on its first day", () => {
    const days = ["2011-03-28", "2011-03-29", "2011-03-30"];
    // 06:00 UTC on 03-30 is still 03-29 in San Diego.
    expect(defaultAgendaDay(days, "America/Los_Angeles", new Date("2011-03-30T06:00:00Z"))).toBe("2011-03-29");
    expect(defaultAgendaDay(days, "America/Los_Angeles", new Date("2024-01-01T00:00:00Z"))).toBe("2011-03-28");
  });
});

describe("agenda helpers", () => {
  it("names people moderator first, then speakers, panelists, chair, host; Chinese readers see native names", () => {
    const people = [
      { name: "B", role: "panelist" as const },
      { name: "H", role: "host" as const },
      { name: "M", role: "moderator" as const },
      { name: "C", role: "panelist" as const },
    ];
    expect(groupByRole(people).map((g) => [g.role, g.people.map((p) => p.name)])).toEqual([
      ["moderator", ["M"]],
      ["panelist", ["B", "C"]],
      ["host", ["H"]],
    ]);
    expect(displayName({ name: "Wen Wu-yen", nameNative: "溫武彥" }, "zh-TW")).toBe("溫武彥");
    expect(displayName({ name: "Wen Wu-yen", nameNative: "溫武彥" }, "en")).toBe("Wen Wu-yen");
  });

  it("builds agenda links with only the parameters that are set", () => {
    expect(agendaHref("ctpat-2011", { day: "2011-03-29", view: "list", track: undefined, q: "", tz: "Asia/Taipei" })).toBe(
      "/events/ctpat-2011?day=2011-03-29&view=list&tz=Asia%2FTaipei",
    );
    expect(agendaHref("ctpat-2011", {})).toBe("/events/ctpat-2011");
  });

  it("encodes a download name per RFC 5987 and keeps header-breaking characters out", () => {
    expect(attachmentDisposition("附件一.pdf")).toBe(`attachment; filename="___.pdf"; filename*=UTF-8''%E9%99%84%E4%BB%B6%E4%B8%80.pdf`);
    const hostile = attachmentDisposition('x"; filename=evil.html\r\nSet-Cookie: a=b (1)*.pdf');
    expect(hostile).not.toMatch(/[\r\n]/);
    expect(hostile).toBe(
      `attachment; filename="x_; filename=evil.html__Set-Cookie: a=b (1)*.pdf"; filename*=UTF-8''x%22%3B%20filename%3Devil.html%0D%0ASet-Cookie%3A%20a%3Db%20%281%29%2A.pdf`,
    );
  });
});

describe("displayZone", () => {
  it("keeps the reader's pick and leaves the event's own zone out of links", () => {
    expect(displayZone("Asia/Taipei", "America/Los_Angeles")).toEqual({ tz: "Asia/Taipei", zone: "Asia/Taipei" });
    expect(displayZone("America/Los_Angeles", "America/Los_Angeles")).toEqual({ tz: undefined, zone: "America/Los_Angeles" });
    expect(displayZone(undefined, "America/Los_Angeles")).toEqual({ tz: undefined, zone: "America/Los_Angeles" });
  });
});
