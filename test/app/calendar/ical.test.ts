import ICAL from "ical.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCalendar } from "../../../app/calendar/ical";
import type { CalendarSource } from "../../../app/calendar/types";
import { CHINESE_LABELS, ORIGIN, calendarSource, meeting, sanDiegoEvent, session } from "./sources";

// Every feed is read back with ical.js, which knows no zone but the VTIMEZONEs the feed carries.

function parseCalendar(text: string): ICAL.Component {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return root;
}

function entries(text: string): ICAL.Component[] {
  return parseCalendar(text).getAllSubcomponents("vevent");
}

function only(text: string): ICAL.Component {
  const [entry, ...rest] = entries(text);
  expect(rest).toEqual([]);
  return entry;
}

function timeOf(entry: ICAL.Component, name: "dtstart" | "dtend"): ICAL.Time {
  return entry.getFirstPropertyValue(name) as ICAL.Time;
}

/** The wall-clock time as written, its zone, and the instant in UTC. */
function readTime(entry: ICAL.Component, name: "dtstart" | "dtend") {
  const time = timeOf(entry, name);
  return { wall: time.toString(), zone: time.zone?.tzid, utc: time.toJSDate().toISOString() };
}

function text(entry: ICAL.Component, name: string): string {
  return String(entry.getFirstPropertyValue(name));
}

/** A TEXT value ical.js does not know (NAME, X-WR-*), unescaped as RFC 5545 says. */
function rawText(component: ICAL.Component, name: string): string {
  return String(component.getFirstPropertyValue(name)).replace(/\\([\\;,nN])/g, (_, escaped: string) => (escaped.toLowerCase() === "n" ? "\n" : escaped));
}

function propertyNames(component: ICAL.Component): string[] {
  return component.getAllProperties().map((property) => property.name);
}

function physicalLines(feed: string): string[] {
  expect(feed.endsWith("\r\n")).toBe(true);
  return feed.slice(0, -2).split("\r\n");
}

function unfold(feed: string): string[] {
  return physicalLines(feed.replace(/\r\n /g, ""));
}

/** The unfolded lines of the calendar's own properties, or of its events. */
function headerLines(feed: string): string[] {
  const lines = unfold(feed);
  return lines.slice(0, lines.indexOf("BEGIN:VTIMEZONE"));
}

function eventLines(feed: string): string[] {
  const lines = unfold(feed);
  return lines.slice(lines.indexOf("END:VTIMEZONE"));
}

afterEach(() => ICAL.TimezoneService.reset());

describe("buildCalendar: the calendar", () => {
  it("writes the calendar's properties before its components, with CRLF line endings", () => {
    const feed = buildCalendar(calendarSource());
    expect(feed.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(headerLines(feed)).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Plenary//Plenary calendar feeds//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "NAME:C-TPAT Annual Conference 2011",
      "X-WR-CALNAME:C-TPAT Annual Conference 2011",
      "DESCRIPTION:The partnership's yearly gathering.",
      "X-WR-CALDESC:The partnership's yearly gathering.",
      "X-WR-TIMEZONE:America/Los_Angeles",
      "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
      "X-PUBLISHED-TTL:PT1H",
    ]);
    expect(unfold(feed).at(-1)).toBe("END:VCALENDAR");
  });

  it("leaves the calendar's description out when the event has none", () => {
    const lines = headerLines(buildCalendar(calendarSource({ event: sanDiegoEvent({ description: { en: null, zh: " " } }) })));
    expect(lines).toContain("NAME:C-TPAT Annual Conference 2011");
    expect(lines.filter((line) => /^(DESCRIPTION|X-WR-CALDESC):/.test(line))).toEqual([]);
  });

  it("has one VEVENT per session and per meeting and the event zone's VTIMEZONE once", () => {
    const feed = buildCalendar(calendarSource({ sessions: [session(), session({ id: 12 }), session({ id: 13 })], meetings: [meeting(), meeting({ id: 32 })] }));
    const root = parseCalendar(feed);
    expect(root.getAllSubcomponents("vevent")).toHaveLength(5);
    expect(root.getAllSubcomponents().map((component) => component.name)).toEqual(["vtimezone", "vevent", "vevent", "vevent", "vevent", "vevent"]);
    expect(root.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("America/Los_Angeles");
  });

  it("is a valid calendar with only its zone when there is nothing to show", () => {
    const root = parseCalendar(buildCalendar(calendarSource({ sessions: [] })));
    expect(root.getAllSubcomponents().map((component) => component.name)).toEqual(["vtimezone"]);
  });

  it("gives byte-identical feeds for the same source, whatever the server's zone", () => {
    const source = calendarSource({ sessions: [session(), session({ id: 12, status: "cancelled" })], meetings: [meeting()] });
    const first = buildCalendar(source);
    expect(buildCalendar(source)).toBe(first);
    const original = process.env.TZ;
    try {
      process.env.TZ = "Europe/Berlin";
      expect(buildCalendar(source)).toBe(first);
    } finally {
      process.env.TZ = original;
    }
  });
});

describe("buildCalendar: times", () => {
  describe("read on a server in Taipei", () => {
    const original = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = "Asia/Taipei";
    });
    afterAll(() => {
      process.env.TZ = original;
    });

    it("puts the San Diego session at 09:00 in San Diego and 16:00 UTC", () => {
      expect(new Date(Date.UTC(2011, 2, 28)).getTimezoneOffset()).toBe(-480);
      const feed = buildCalendar(calendarSource());
      expect(unfold(feed)).toContain("DTSTART;TZID=America/Los_Angeles:20110328T090000");
      expect(unfold(feed)).toContain("DTEND;TZID=America/Los_Angeles:20110328T100000");
      const entry = only(feed);
      expect(readTime(entry, "dtstart")).toEqual({ wall: "2011-03-28T09:00:00", zone: "America/Los_Angeles", utc: "2011-03-28T16:00:00.000Z" });
      expect(readTime(entry, "dtend")).toEqual({ wall: "2011-03-28T10:00:00", zone: "America/Los_Angeles", utc: "2011-03-28T17:00:00.000Z" });
    });
  });

  it("carries a VTIMEZONE with San Diego's standard and daylight offsets", () => {
    const zone = parseCalendar(buildCalendar(calendarSource())).getFirstSubcomponent("vtimezone");
    const rules = zone?.getAllSubcomponents().map((rule) => ({
      kind: rule.name,
      from: rule.getFirstProperty("tzoffsetfrom")?.toICALString(),
      to: rule.getFirstProperty("tzoffsetto")?.toICALString(),
    }));
    expect(rules).toEqual([
      { kind: "daylight", from: "TZOFFSETFROM:-0800", to: "TZOFFSETTO:-0700" },
      { kind: "standard", from: "TZOFFSETFROM:-0700", to: "TZOFFSETTO:-0800" },
    ]);
  });

  it("converts right on both sides of the 2011 changes to and from daylight saving time", () => {
    // Clocks went forward at 02:00 on 13 March 2011 and back at 02:00 on 6 November 2011.
    const instants = [
      ["2011-03-13T09:30:00.000Z", "2011-03-13T01:30:00"], // PST
      ["2011-03-13T10:30:00.000Z", "2011-03-13T03:30:00"], // PDT, an hour of wall time later
      ["2011-11-06T07:30:00.000Z", "2011-11-06T00:30:00"], // PDT
      ["2011-11-06T11:00:00.000Z", "2011-11-06T03:00:00"], // PST
    ];
    const sessions = instants.map(([startsAt], index) => session({ id: index + 1, startsAt, endsAt: startsAt }));
    const read = entries(buildCalendar(calendarSource({ sessions }))).map((entry) => readTime(entry, "dtstart"));
    expect(read).toEqual(instants.map(([utc, wall]) => ({ wall, zone: "America/Los_Angeles", utc })));
  });

  it("writes the times of the repeated hour in UTC, as readers disagree on which one the wall time means", () => {
    // 01:30 happened twice on 6 November 2011: at 08:30Z (PDT) and at 09:30Z (PST). RFC 5545 reads
    // TZID=…:20111106T013000 as the first, ical.js as the second.
    const sessions = [
      session({ id: 1, startsAt: "2011-11-06T08:00:00.000Z", endsAt: "2011-11-06T08:30:00.000Z" }),
      session({ id: 2, startsAt: "2011-11-06T09:30:00.000Z", endsAt: "2011-11-06T09:45:00.000Z" }),
      session({ id: 3, startsAt: "2011-11-06T10:00:00.000Z", endsAt: "2011-11-06T10:30:00.000Z" }),
    ];
    const feed = buildCalendar(calendarSource({ sessions }));
    expect(eventLines(feed).filter((line) => line.startsWith("DTSTART") || line.startsWith("DTEND"))).toEqual([
      "DTSTART:20111106T080000Z",
      "DTEND:20111106T083000Z",
      "DTSTART:20111106T093000Z",
      "DTEND:20111106T094500Z",
      "DTSTART;TZID=America/Los_Angeles:20111106T020000",
      "DTEND;TZID=America/Los_Angeles:20111106T023000",
    ]);
    expect(entries(feed).map((entry) => [readTime(entry, "dtstart").utc, readTime(entry, "dtend").utc])).toEqual(
      sessions.map((entry) => [entry.startsAt, entry.endsAt]),
    );
  });

  it("uses the zone's canonical name as TZID for an alias", () => {
    const feed = buildCalendar(calendarSource({ event: sanDiegoEvent({ timeZone: "US/Pacific" }) }));
    expect(readTime(only(feed), "dtstart")).toEqual({ wall: "2011-03-28T09:00:00", zone: "America/Los_Angeles", utc: "2011-03-28T16:00:00.000Z" });
    expect(unfold(feed)).toContain("X-WR-TIMEZONE:America/Los_Angeles");
  });

  it("writes DTSTAMP and LAST-MODIFIED from the entry's last change and CREATED, all in UTC with Z", () => {
    const lines = eventLines(buildCalendar(calendarSource({ meetings: [meeting()] })));
    expect(lines.filter((line) => /^(DTSTAMP|CREATED|LAST-MODIFIED):/.test(line))).toEqual([
      "DTSTAMP:20110201T120000Z",
      "CREATED:20110110T120000Z",
      "LAST-MODIFIED:20110201T120000Z",
      "DTSTAMP:20110320T093000Z",
      "CREATED:20110301T090000Z",
      "LAST-MODIFIED:20110320T093000Z",
    ]);
  });
});

describe("buildCalendar: identity and state", () => {
  const uidOf = (source: CalendarSource) => entries(buildCalendar(source)).map((entry) => text(entry, "uid"));

  it("keeps a session's UID across builds, a rename, a move and another host name", () => {
    const [uid] = uidOf(calendarSource());
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uidOf(calendarSource())).toEqual([uid]);
    const moved = session({
      title: { en: "Opening plenary (renamed)", zh: "改名" },
      startsAt: "2011-03-29T16:00:00.000Z",
      endsAt: "2011-03-29T17:00:00.000Z",
      sequence: 4,
    });
    expect(uidOf(calendarSource({ sessions: [moved], origin: "http://other-host.test:8080", name: "Another name" }))).toEqual([uid]);
  });

  it("gives different UIDs to different sessions, to a meeting with the same id, and to another event's session", () => {
    const uids = [
      ...uidOf(calendarSource({ sessions: [session({ id: 11 }), session({ id: 12 })], meetings: [meeting({ id: 11 })] })),
      ...uidOf(calendarSource({ event: sanDiegoEvent({ id: 8 }) })),
      ...uidOf(calendarSource({ event: sanDiegoEvent({ createdAt: "2012-01-01T00:00:00.000Z" }) })),
    ];
    expect(new Set(uids).size).toBe(5);
  });

  it("carries SEQUENCE, and STATUS for every state of a session and a meeting", () => {
    const feed = buildCalendar(
      calendarSource({
        sessions: [session({ id: 1, sequence: 0 }), session({ id: 2, status: "tentative", sequence: 2 }), session({ id: 3, status: "cancelled", sequence: 5 })],
        meetings: [meeting({ id: 1, sequence: 3 }), meeting({ id: 2, status: "cancelled", sequence: 7 })],
      }),
    );
    expect(entries(feed).map((entry) => [entry.getFirstPropertyValue("sequence"), text(entry, "status"), text(entry, "transp")])).toEqual([
      [0, "CONFIRMED", "OPAQUE"],
      [2, "TENTATIVE", "OPAQUE"],
      [5, "CANCELLED", "OPAQUE"],
      [3, "CONFIRMED", "OPAQUE"],
      [7, "CANCELLED", "OPAQUE"],
    ]);
  });
});

describe("buildCalendar: what a session says", () => {
  it("writes summary, description with the people, location, URL, categories and organizer, and no attendee", () => {
    const entry = only(buildCalendar(calendarSource()));
    expect(text(entry, "summary")).toBe("Opening plenary");
    expect(text(entry, "description")).toBe("Welcome and keynote.\n\nSpeaker: Alan Bersin\nModerator: Chen Wen-Hsien (陳文賢)");
    expect(text(entry, "location")).toBe("Grand Ballroom, Manchester Grand Hyatt, San Diego");
    expect(text(entry, "url")).toBe(`${ORIGIN}/events/ctpat-2011/sessions/11`);
    expect(entry.getFirstProperty("categories")?.getValues()).toEqual(["Plenary", "Supply chain security"]);
    const organizer = entry.getFirstProperty("organizer");
    expect(organizer?.getFirstValue()).toBe("mailto:noreply@plenary.example.org");
    expect(organizer?.getParameter("cn")).toBe("U.S. Customs and Border Protection");
    expect(entry.getAllProperties("attendee")).toEqual([]);
  });

  it("writes Chinese for zh-TW, falling back to English where there is no Chinese, and the reverse", () => {
    const mixed = session({ title: { en: "Opening plenary", zh: null }, description: { en: null, zh: "中文說明" }, track: { en: null, zh: "供應鏈安全" } });
    const chinese = only(buildCalendar(calendarSource({ sessions: [mixed], language: "zh-TW", labels: CHINESE_LABELS })));
    expect(text(chinese, "summary")).toBe("Opening plenary");
    expect(text(chinese, "description")).toBe("中文說明\n\n講者: Alan Bersin\n主持人: Chen Wen-Hsien (陳文賢)");
    expect(text(chinese, "location")).toBe("大宴會廳, Manchester Grand Hyatt, San Diego");
    expect(chinese.getFirstProperty("categories")?.getValues()).toEqual(["全體會議", "供應鏈安全"]);
    expect(chinese.getFirstProperty("organizer")?.getParameter("cn")).toBe("美國海關暨邊境保護署");
    const english = only(buildCalendar(calendarSource({ sessions: [mixed] })));
    expect(text(english, "description")).toBe("中文說明\n\nSpeaker: Alan Bersin\nModerator: Chen Wen-Hsien (陳文賢)");
    expect(english.getFirstProperty("categories")?.getValues()).toEqual(["Plenary", "供應鏈安全"]);
  });

  it("leaves out what a session does not have, and names the event as organizer when it has no host", () => {
    const bare = session({ description: { en: null, zh: null }, people: [], room: null, roomId: null, track: null });
    const entry = only(buildCalendar(calendarSource({ sessions: [bare], event: sanDiegoEvent({ host: null, venue: null, city: null }) })));
    expect(propertyNames(entry)).not.toContain("description");
    expect(propertyNames(entry)).not.toContain("location");
    expect(entry.getFirstProperty("categories")?.getValues()).toEqual(["Plenary"]);
    expect(entry.getFirstProperty("organizer")?.getParameter("cn")).toBe("C-TPAT Annual Conference 2011");
  });

  it("names the organizer by its address when neither host nor event has a name a parameter can hold", () => {
    const event = sanDiegoEvent({ host: { en: '""', zh: null }, title: { en: null, zh: null } });
    const organizer = only(buildCalendar(calendarSource({ event }))).getFirstProperty("organizer");
    expect([organizer?.getParameter("cn"), organizer?.getFirstValue()]).toEqual(["noreply@plenary.example.org", "mailto:noreply@plenary.example.org"]);
  });
});

describe("buildCalendar: what a meeting says", () => {
  it("gives the sides in the summary and topic, place and sides only in the description", () => {
    const entry = only(buildCalendar(calendarSource({ sessions: [], meetings: [meeting()] })));
    expect(text(entry, "summary")).toBe("Bilateral meeting: Taiwan – Korea");
    expect(text(entry, "description")).toBe("Topic: Mutual recognition of AEO programmes\nPlace: Harbor Room, Table 2\nSides: Taiwan – Korea");
    expect(text(entry, "location")).toBe("Harbor Room, Table 2, Manchester Grand Hyatt, San Diego");
    expect(text(entry, "url")).toBe(`${ORIGIN}/events/ctpat-2011/bilaterals/31`);
    expect(readTime(entry, "dtstart")).toEqual({ wall: "2011-03-28T13:00:00", zone: "America/Los_Angeles", utc: "2011-03-28T20:00:00.000Z" });
    expect(propertyNames(entry).sort()).toEqual(
      [
        "uid",
        "sequence",
        "dtstamp",
        "dtstart",
        "dtend",
        "summary",
        "transp",
        "location",
        "description",
        "organizer",
        "url",
        "status",
        "created",
        "last-modified",
      ].sort(),
    );
  });

  it("writes a meeting in Chinese, and without a place or table when it has none", () => {
    const entry = only(
      buildCalendar(calendarSource({ sessions: [], meetings: [meeting({ place: null, tableNumber: null })], language: "zh-TW", labels: CHINESE_LABELS })),
    );
    expect(text(entry, "summary")).toBe("雙邊會談：臺灣－韓國");
    expect(text(entry, "description")).toBe("議題: Mutual recognition of AEO programmes\n雙方: 臺灣 – 韓國");
    expect(text(entry, "location")).toBe("Manchester Grand Hyatt, San Diego");
  });

  it("fills the templates without reading a side's `$&` or braces as template syntax", () => {
    const entry = only(buildCalendar(calendarSource({ sessions: [], meetings: [meeting({ requester: { en: "A $& {{recipient}}", zh: null } })] })));
    expect(text(entry, "summary")).toBe("Bilateral meeting: A $& {{recipient}} – Korea");
  });
});

describe("buildCalendar: hostile text", () => {
  const hostile = "Evil\nBEGIN:VEVENT\r\nUID:forged;x=1,y\\2\rEND:VCALENDAR";
  // What the reader gets back: every line break as "\n", nothing else changed.
  const readBack = "Evil\nBEGIN:VEVENT\nUID:forged;x=1,y\\2\nEND:VCALENDAR";

  it("can add no property or component, from any text field, and each reads back exactly", () => {
    const source = calendarSource({
      name: `Feed${hostile}`,
      event: sanDiegoEvent({
        description: { en: `About${hostile}`, zh: null },
        venue: `Venue${hostile}`,
        city: "City",
        host: { en: `Host "quoted"\\${hostile}^`, zh: null },
      }),
      sessions: [
        session({
          title: { en: `Title${hostile}`, zh: null },
          description: { en: `Text${hostile}`, zh: null },
          room: { en: `Room${hostile}`, zh: null },
          track: { en: `Track${hostile}`, zh: null },
          people: [{ id: 1, name: `Person${hostile}`, nameNative: null, role: "speaker" }],
        }),
      ],
      meetings: [meeting({ topic: `Topic${hostile}`, place: { en: `Place${hostile}`, zh: null }, requester: { en: `Side${hostile}`, zh: null } })],
      labels: { ...calendarSource().labels, sessionTypes: { plenary: `Type${hostile}` } },
    });
    const root = parseCalendar(buildCalendar(source));
    expect(root.getAllSubcomponents().map((component) => component.name)).toEqual(["vtimezone", "vevent", "vevent"]);
    expect(propertyNames(root)).toEqual([
      "version",
      "prodid",
      "calscale",
      "method",
      "name",
      "x-wr-calname",
      "description",
      "x-wr-caldesc",
      "x-wr-timezone",
      "refresh-interval",
      "x-published-ttl",
    ]);
    expect(rawText(root, "name")).toBe(`Feed${readBack}`);
    expect(rawText(root, "x-wr-calname")).toBe(`Feed${readBack}`);
    expect(text(root, "description")).toBe(`About${readBack}`);
    expect(rawText(root, "x-wr-caldesc")).toBe(`About${readBack}`);

    const [sessionEntry, meetingEntry] = root.getAllSubcomponents("vevent");
    expect(propertyNames(sessionEntry).sort()).toEqual(
      [
        "uid",
        "sequence",
        "dtstamp",
        "dtstart",
        "dtend",
        "summary",
        "transp",
        "location",
        "description",
        "organizer",
        "categories",
        "url",
        "status",
        "created",
        "last-modified",
      ].sort(),
    );
    expect(text(sessionEntry, "summary")).toBe(`Title${readBack}`);
    expect(text(sessionEntry, "description")).toBe(`Text${readBack}\n\nSpeaker: Person${readBack}`);
    expect(text(sessionEntry, "location")).toBe(`Room${readBack}, Venue${readBack}, City`);
    expect(sessionEntry.getFirstProperty("categories")?.getValues()).toEqual([`Type${readBack}`, `Track${readBack}`]);
    // A quoted parameter cannot hold quotes, backslashes or line breaks: they are dropped; a caret survives.
    expect(sessionEntry.getFirstProperty("organizer")?.getParameter("cn")).toBe("Host quotedEvilBEGIN:VEVENTUID:forged;x=1,y2END:VCALENDAR^");
    expect(sessionEntry.getFirstProperty("organizer")?.getFirstValue()).toBe("mailto:noreply@plenary.example.org");

    expect(text(meetingEntry, "summary")).toBe(`Bilateral meeting: Side${readBack} – Korea`);
    expect(text(meetingEntry, "description")).toBe(`Topic: Topic${readBack}\nPlace: Place${readBack}, Table 2\nSides: Side${readBack} – Korea`);
    expect(text(meetingEntry, "location")).toBe(`Place${readBack}, Table 2, Venue${readBack}, City`);
  });

  it("drops NUL and other control characters but keeps tabs", () => {
    const entry = only(buildCalendar(calendarSource({ sessions: [session({ title: { en: "A\u0000B\u0007C\u001bD\u007fE\u0085F\tG", zh: null } })] })));
    expect(text(entry, "summary")).toBe("ABCDEF\tG");
  });
});

describe("buildCalendar: folding", () => {
  const longChinese = "優質企業相互承認與供應鏈安全：亞太地區海關合作的經驗、挑戰與展望（含韓國、歐盟及美國之比較）".repeat(3);
  // One-, two-, three- and four-octet characters, so that folds fall at every kind of boundary.
  const mixed = `${"Zoll é 關稅 😀 ".repeat(12)}end`;

  /** The feed's physical lines as bytes, split at CRLF. */
  function octetLines(feed: string): Buffer[] {
    const bytes = Buffer.from(feed, "utf8");
    const lines: Buffer[] = [];
    let start = 0;
    for (let at = bytes.indexOf("\r\n"); at !== -1; at = bytes.indexOf("\r\n", start)) {
      lines.push(bytes.subarray(start, at));
      start = at + 2;
    }
    expect(start).toBe(bytes.length);
    return lines;
  }

  it.each(["", "a", "ab", "abc"])("folds at 75 octets, never inside a UTF-8 character, and unfolds to the original (offset %j)", (shift) => {
    const title = `${shift}${longChinese}${mixed}`;
    const feed = buildCalendar(calendarSource({ sessions: [session({ title: { en: null, zh: title } })], name: `訂閱 ${shift}${mixed}` }));
    const strict = new TextDecoder("utf-8", { fatal: true });
    const lines = octetLines(feed);
    lines.forEach((line, index) => {
      expect(line.length).toBeLessThanOrEqual(75);
      // Each physical line is whole UTF-8 on its own: no character was cut in two.
      strict.decode(line);
      const next = lines[index + 1];
      // A line is folded only when its next character would not fit.
      if (next?.[0] === 0x20) expect(line.length + Buffer.byteLength([...strict.decode(next.subarray(1))][0])).toBeGreaterThan(75);
    });
    // Unfolding (each CRLF with the one space after it removed) gives the line back exactly.
    expect(unfold(feed)).toContain(`SUMMARY:${title}`);
    expect(text(only(feed), "summary")).toBe(title);
    expect(rawText(parseCalendar(feed), "x-wr-calname")).toBe(`訂閱 ${shift}${mixed}`);
  });
});
