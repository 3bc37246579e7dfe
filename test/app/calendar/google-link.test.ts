import { describe, expect, it } from "vitest";
import { googleCalendarLink } from "../../../app/calendar/google-link";
import { ORIGIN, sanDiegoEvent, session } from "./sources";

function query(link: string) {
  const url = new URL(link);
  return { base: `${url.origin}${url.pathname}`, names: [...url.searchParams.keys()], params: Object.fromEntries(url.searchParams) };
}

describe("googleCalendarLink", () => {
  it("gives title, UTC times, the session page with its description, the place and the event zone", () => {
    const link = googleCalendarLink({ event: sanDiegoEvent(), session: session(), language: "en", origin: ORIGIN });
    expect(query(link)).toEqual({
      base: "https://calendar.google.com/calendar/render",
      names: ["action", "text", "dates", "details", "location", "ctz"],
      params: {
        action: "TEMPLATE",
        text: "Opening plenary",
        dates: "20110328T160000Z/20110328T170000Z",
        details: `${ORIGIN}/events/ctpat-2011/sessions/11\n\nWelcome and keynote.`,
        location: "Grand Ballroom, Manchester Grand Hyatt, San Diego",
        ctz: "America/Los_Angeles",
      },
    });
  });

  it("writes Chinese for zh-TW, encodes every value, and leaves out a place the session does not have", () => {
    const link = googleCalendarLink({
      event: sanDiegoEvent({ venue: null, city: null }),
      session: session({ title: { en: "A & B", zh: "甲 & 乙 #1 ?x=y+z" }, description: { en: null, zh: null }, room: null, roomId: null }),
      language: "zh-TW",
      origin: ORIGIN,
    });
    expect(link).not.toMatch(/[ #]/);
    expect(link).toContain("text=%E7%94%B2%20%26%20%E4%B9%99%20%231%20%3Fx%3Dy%2Bz&");
    expect(query(link).params).toEqual({
      action: "TEMPLATE",
      text: "甲 & 乙 #1 ?x=y+z",
      dates: "20110328T160000Z/20110328T170000Z",
      details: `${ORIGIN}/events/ctpat-2011/sessions/11`,
      ctz: "America/Los_Angeles",
    });
  });
});
