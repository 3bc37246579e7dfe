import { describe, expect, it } from "vitest";
import { dayBoundsUtc, daysBetween, formatClock, localToUtc, utcToLocal, zoneName } from "../../lib/zoned-time";

describe("zoned time", () => {
  it("turns San Diego wall-clock time into UTC and reads it back in Taipei", () => {
    const bilateral = localToUtc("2011-03-28", "15:00", "America/Los_Angeles");
    expect(bilateral).toEqual({ ok: true, iso: "2011-03-28T22:00:00.000Z" });
    expect(utcToLocal("2011-03-28T22:00:00.000Z", "Asia/Taipei")).toEqual({ day: "2011-03-29", time: "06:00" });
    expect(formatClock("2011-03-28T22:00:00.000Z", "America/Los_Angeles")).toBe("15:00");
  });

  it("refuses a time the clocks skip on the 2011-03-13 spring-forward night and handles the short day", () => {
    expect(localToUtc("2011-03-13", "02:30", "America/Los_Angeles")).toEqual({ ok: false, reason: "nonexistent" });
    expect(localToUtc("2011-03-13", "01:59", "America/Los_Angeles")).toEqual({ ok: true, iso: "2011-03-13T09:59:00.000Z" });
    expect(localToUtc("2011-03-13", "03:00", "America/Los_Angeles")).toEqual({ ok: true, iso: "2011-03-13T10:00:00.000Z" });
    expect(dayBoundsUtc("2011-03-13", "America/Los_Angeles")).toEqual({ start: "2011-03-13T08:00:00.000Z", end: "2011-03-14T07:00:00.000Z" });
  });

  it("refuses malformed input", () => {
    expect(localToUtc("2011-02-30", "10:00", "America/Los_Angeles")).toEqual({ ok: false, reason: "invalid" });
    expect(localToUtc("2011-03-28", "25:00", "America/Los_Angeles")).toEqual({ ok: false, reason: "invalid" });
    expect(localToUtc("2011-03-28", "10:00", "Mars/Olympus")).toEqual({ ok: false, reason: "invalid" });
  });

  it("lists the event's days", () => {
    expect(daysBetween("2011-03-28", "2011-03-30")).toEqual(["2011-03-28", "2011-03-29", "2011-03-30"]);
    expect(daysBetween("2011-04-26", "2011-04-26")).toEqual(["2011-04-26"]);
  });

  it("names the zone in the reader's language", () => {
    expect(zoneName("America/Los_Angeles", "en", "2011-03-28T22:00:00.000Z")).toBe("Pacific Daylight Time");
    expect(zoneName("Asia/Taipei", "en", "2011-03-28T22:00:00.000Z")).toBe("Taiwan Standard Time");
  });
});
