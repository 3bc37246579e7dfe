import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildScheduleJson } from "../../../app/calendar/schedule-json";
import { buildScheduleXml } from "../../../app/calendar/schedule-xml";
import type { ScheduleSource } from "../../../app/calendar/types";
import { entryUid } from "../../../app/calendar/uid";
import { validateScheduleJson, validateScheduleXml } from "../../support/interop-validators";
import { CHINESE_LABELS, ORIGIN, sanDiegoEvent, scheduleSource, session } from "./sources";

// What conference apps read: checked against c3voc's XSD and JSON schema, and read back field by field.

interface JsonEvent {
  guid: string;
  id: number;
  date: string;
  start: string;
  end: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string;
  abstract: string;
  description: string;
  persons: Array<{ id: number; public_name: string }>;
  links: unknown[];
  attachments: unknown[];
}

interface JsonSchedule {
  schedule: {
    version: string;
    base_url: string;
    conference: {
      acronym: string;
      title: string;
      start: string;
      end: string;
      daysCount: number;
      timeslot_duration: string;
      time_zone_name?: string;
      tracks: Array<{ name: string }>;
      rooms: Array<{ name: string; guid: string }>;
      days: Array<{ index: number; date: string; day_start: string; day_end: string; rooms: Record<string, JsonEvent[]> }>;
    };
  };
}

function readJson(source: ScheduleSource): JsonSchedule {
  return JSON.parse(buildScheduleJson(source));
}

function jsonEvents(source: ScheduleSource): JsonEvent[] {
  return readJson(source).schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());
}

describe("the validators", () => {
  it("accept pretalx's own export", () => {
    expect(validateScheduleJson(readFileSync(new URL("../../fixtures/interop/pretalx-democon.json", import.meta.url), "utf8"))).toEqual([]);
  });

  it("reject a schedule.xml that breaks the XSD or is not well-formed", async () => {
    const xml = buildScheduleXml(scheduleSource());
    expect(await validateScheduleXml(xml.replace(/<title>Opening plenary<\/title>/, ""))).not.toEqual([]);
    expect(await validateScheduleXml(xml.replace(/guid="[0-9a-f-]+" id="11"/, 'guid="not-a-uuid" id="11"'))).not.toEqual([]);
    expect(await validateScheduleXml(xml.replace("<start>09:00</start>", "<start>9 o'clock</start>"))).not.toEqual([]);
    expect(await validateScheduleXml(xml.replace("Trade &amp; ", "Trade & "))).not.toEqual([]);
  });

  it("reject a schedule.json that breaks the schema", () => {
    const json = readJson(scheduleSource());
    const broken = (change: (document: JsonSchedule) => void) => {
      const copy: JsonSchedule = structuredClone(json);
      change(copy);
      return validateScheduleJson(JSON.stringify(copy));
    };
    expect(broken((document) => (document.schedule.conference.acronym = "C-TPAT 2011"))).not.toEqual([]);
    expect(broken((document) => (document.schedule.conference.days[0].rooms["Grand Ballroom"][0].guid = "11"))).not.toEqual([]);
    expect(broken((document) => Object.assign(document.schedule.conference.days[0].rooms["Grand Ballroom"][0], { colour: "red" }))).not.toEqual([]);
    expect(broken((document) => Object.assign(document.schedule.conference.days[0].rooms["Grand Ballroom"][0].persons[0], { name: "both kinds" }))).not.toEqual(
      [],
    );
  });
});

describe("buildScheduleXml and buildScheduleJson: validity", () => {
  const sources: Array<[string, ScheduleSource]> = [
    ["English", scheduleSource()],
    ["Chinese", scheduleSource({ language: "zh-TW", labels: CHINESE_LABELS })],
    ["no sessions", scheduleSource({ sessions: [] })],
    [
      "a short slug, a zone c3voc does not name, a session outside the event's days",
      scheduleSource({
        event: sanDiegoEvent({ slug: "ab", timeZone: "Etc/GMT+8" }),
        sessions: [session({ startsAt: "2011-04-02T17:00:00.000Z", endsAt: "2011-04-02T18:00:00.000Z" })],
      }),
    ],
  ];

  it.each(sources)("writes a schedule.xml valid against frab's XSD (%s)", async (_, source) => {
    expect(await validateScheduleXml(buildScheduleXml(source))).toEqual([]);
  });

  it.each(sources)("writes a schedule.json valid against c3voc's schema (%s)", (_, source) => {
    expect(validateScheduleJson(buildScheduleJson(source))).toEqual([]);
  });
});

describe("buildScheduleJson: contents", () => {
  it("lists the event's local days and every room on each, the sessions without a room last under an unnamed one", () => {
    const { conference } = readJson(scheduleSource()).schedule;
    expect(conference).toMatchObject({ acronym: "ctpat_2011", title: "C-TPAT Annual Conference 2011", start: "2011-03-28", end: "2011-03-30", daysCount: 3 });
    expect(conference.time_zone_name).toBe("America/Los_Angeles");
    expect(conference.timeslot_duration).toBe("00:15");
    expect(conference.rooms.map((room) => room.name)).toEqual(["Grand Ballroom", 'Room <B> & "C"', ""]);
    expect(conference.tracks).toEqual([{ name: "Supply chain security" }, { name: "Trade & <facilitation>" }]);
    expect(
      conference.days.map((day) => ({
        index: day.index,
        date: day.date,
        start: day.day_start,
        end: day.day_end,
        rooms: Object.fromEntries(Object.entries(day.rooms).map(([room, events]) => [room, events.map((event) => event.id)])),
      })),
    ).toEqual([
      {
        index: 1,
        date: "2011-03-28",
        start: "2011-03-28T00:00:00-07:00",
        end: "2011-03-29T00:00:00-07:00",
        rooms: { "Grand Ballroom": [11], 'Room <B> & "C"': [13], "": [] },
      },
      {
        index: 2,
        date: "2011-03-29",
        start: "2011-03-29T00:00:00-07:00",
        end: "2011-03-30T00:00:00-07:00",
        rooms: { "Grand Ballroom": [], 'Room <B> & "C"': [], "": [12] },
      },
      {
        index: 3,
        date: "2011-03-30",
        start: "2011-03-30T00:00:00-07:00",
        end: "2011-03-31T00:00:00-07:00",
        rooms: { "Grand Ballroom": [], 'Room <B> & "C"': [], "": [] },
      },
    ]);
  });

  it("describes a session as conference apps read it", () => {
    const [opening] = jsonEvents(scheduleSource());
    expect(opening).toEqual({
      guid: entryUid("session", 11, sanDiegoEvent()),
      id: 11,
      date: "2011-03-28T09:00:00-07:00",
      start: "09:00",
      end: "2011-03-28T10:00:00-07:00",
      duration: "01:00",
      room: "Grand Ballroom",
      slug: "ctpat_2011-11-plenary-opening-plenary",
      url: `${ORIGIN}/events/ctpat-2011/sessions/11`,
      title: "Opening plenary",
      subtitle: "開幕全體會議",
      track: "Supply chain security",
      type: "Plenary",
      language: "en",
      abstract: "Welcome and keynote.",
      description: "Speaker: Alan Bersin\nModerator: Chen Wen-Hsien (陳文賢)",
      persons: [
        { id: 101, public_name: "Alan Bersin" },
        { id: 102, public_name: "Chen Wen-Hsien (陳文賢)" },
      ],
      links: [{ type: "related", url: `${ORIGIN}/events/ctpat-2011/sessions/11/calendar.ics`, title: "Calendar file (iCalendar)" }],
      attachments: [],
    });
  });

  it("lists a session's slides and annexes with their addresses, slides by their type", () => {
    const panel = jsonEvents(scheduleSource()).find((event) => event.id === 13);
    expect(panel?.attachments).toEqual([
      { type: "slides", url: `${ORIGIN}/events/ctpat-2011/attachments/9`, title: "Annex 9: risk-slides.pptx" },
      { type: "paper", url: `${ORIGIN}/events/ctpat-2011/attachments/10`, title: 'Report "final" <v2> & notes.pdf' },
    ]);
  });

  it("writes Chinese for zh-TW with the English title as subtitle, and says which language a fallback is in", () => {
    const events = jsonEvents(scheduleSource({ language: "zh-TW", labels: CHINESE_LABELS }));
    expect(events.map((event) => [event.id, event.title, event.subtitle, event.language, event.type, event.track])).toEqual([
      [11, "開幕全體會議", "Opening plenary", "zh-TW", "全體會議", "供應鏈安全"],
      [13, "Risk <management> & \"trade\" 'facilitation'\nline two", "", "en", "座談", "Trade & <facilitation>"],
      [12, "優質企業（AEO）相互承認工作坊", "", "zh-TW", "工作坊", null],
    ]);
    expect(jsonEvents(scheduleSource()).find((event) => event.id === 12)).toMatchObject({ language: "zh-TW", slug: "ctpat_2011-12-workshop", room: "" });
  });

  it("keeps hostile text exactly, less its control characters", () => {
    const panel = jsonEvents(scheduleSource()).find((event) => event.id === 13);
    expect(panel).toMatchObject({
      title: "Risk <management> & \"trade\" 'facilitation'\nline two",
      abstract: "Tags <b>bold</b> & ]]> end bell\nnext",
      room: 'Room <B> & "C"',
      track: "Trade & <facilitation>",
      persons: [{ id: 103, public_name: 'O\'Brien "Pat" <pat>' }],
    });
  });

  it("writes times with the offset of the day they fall on, across daylight saving time", () => {
    const source = scheduleSource({
      event: sanDiegoEvent({ startsOn: "2011-03-12", endsOn: "2011-03-13" }),
      sessions: [
        session({ id: 1, startsAt: "2011-03-12T17:00:00.000Z", endsAt: "2011-03-12T18:00:00.000Z" }),
        // 01:30 PST to 03:30 PDT: one hour, though the clocks moved two.
        session({ id: 2, startsAt: "2011-03-13T09:30:00.000Z", endsAt: "2011-03-13T10:30:00.000Z" }),
      ],
    });
    const { days } = readJson(source).schedule.conference;
    expect(days.map((day) => [day.day_start, day.day_end])).toEqual([
      ["2011-03-12T00:00:00-08:00", "2011-03-13T00:00:00-08:00"],
      ["2011-03-13T00:00:00-08:00", "2011-03-14T00:00:00-07:00"],
    ]);
    expect(jsonEvents(source).map((event) => [event.date, event.start, event.end, event.duration])).toEqual([
      ["2011-03-12T09:00:00-08:00", "09:00", "2011-03-12T10:00:00-08:00", "01:00"],
      ["2011-03-13T01:30:00-08:00", "01:30", "2011-03-13T03:30:00-07:00", "01:00"],
    ]);
  });

  it("leaves cancelled sessions out", () => {
    const source = scheduleSource();
    source.sessions[0] = { ...source.sessions[0], status: "cancelled" };
    expect(jsonEvents(source).map((event) => event.id)).toEqual([13, 12]);
    expect(buildScheduleXml(source)).not.toContain('id="11"');
  });

  it("widens the days to a session outside the event's, so none is lost", () => {
    const source = scheduleSource({ sessions: [session({ startsAt: "2011-04-01T17:00:00.000Z", endsAt: "2011-04-01T18:00:00.000Z" })] });
    const { conference } = readJson(source).schedule;
    expect([conference.start, conference.end, conference.daysCount]).toEqual(["2011-03-28", "2011-04-01", 5]);
    expect(conference.days[4].rooms["Grand Ballroom"].map((event) => event.id)).toEqual([11]);
  });

  it("keeps guids and slugs across builds and a rename, and changes the version when the agenda changes", () => {
    const first = readJson(scheduleSource());
    expect(readJson(scheduleSource())).toEqual(first);
    const renamed = scheduleSource();
    renamed.sessions[0] = { ...renamed.sessions[0], title: { en: "Opening plenary", zh: "新名稱" } };
    expect(jsonEvents(renamed).map((event) => event.guid)).toEqual(jsonEvents(scheduleSource()).map((event) => event.guid));
    const moved = scheduleSource();
    moved.sessions[0] = { ...moved.sessions[0], startsAt: "2011-03-28T16:30:00.000Z" };
    expect(readJson(moved).schedule.version).not.toBe(first.schedule.version);
    expect(readJson(moved).schedule.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it("gives rooms that share a name distinct keys, so no room's sessions merge into another's", () => {
    const source = scheduleSource({
      rooms: [
        { id: 1, name: { en: "Hall", zh: null } },
        { id: 2, name: { en: "Hall", zh: null } },
      ],
      sessions: [session({ id: 1, roomId: 1 }), session({ id: 2, roomId: 2 })],
    });
    const { conference } = readJson(source).schedule;
    expect(conference.rooms.map((room) => room.name)).toEqual(["Hall", "Hall (2)"]);
    expect(new Set(conference.rooms.map((room) => room.guid)).size).toBe(2);
    expect(Object.entries(conference.days[0].rooms).map(([room, events]) => [room, events.map((event) => [event.id, event.room])])).toEqual([
      ["Hall", [[1, "Hall"]]],
      ["Hall (2)", [[2, "Hall (2)"]]],
    ]);
  });

  it("leaves out a zone name c3voc's schema does not take", () => {
    const source = scheduleSource({ event: sanDiegoEvent({ timeZone: "Etc/GMT+8" }) });
    expect(readJson(source).schedule.conference.time_zone_name).toBeUndefined();
    expect(buildScheduleXml(source)).toContain("<time_zone_name>Etc/GMT+8</time_zone_name>");
  });
});

describe("buildScheduleXml: contents", () => {
  it("escapes markup in text and attributes and drops control characters", () => {
    const xml = buildScheduleXml(scheduleSource());
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\r]/);
    expect(xml).toContain(`<title>Risk &lt;management&gt; &amp; "trade" 'facilitation'\nline two</title>`);
    expect(xml).toContain(`<abstract>Tags &lt;b&gt;bold&lt;/b&gt; &amp; ]]&gt; end bell\nnext</abstract>`);
    expect(xml).toContain(`<room name="Room &lt;B&gt; &amp; &quot;C&quot;" guid=`);
    expect(xml).toContain(`<track name="Trade &amp; &lt;facilitation&gt;"/>`);
    expect(xml).toContain(`<person id="103">O'Brien "Pat" &lt;pat&gt;</person>`);
    expect(xml).toContain(`<attachment href="${ORIGIN}/events/ctpat-2011/attachments/10" type="paper">Report "final" &lt;v2&gt; &amp; notes.pdf</attachment>`);
    expect(xml).toContain(`<link href="${ORIGIN}/events/ctpat-2011/sessions/13/calendar.ics" type="related">Calendar file (iCalendar)</link>`);
  });

  it("keeps a line break in an attribute as a character reference", () => {
    const xml = buildScheduleXml(scheduleSource({ rooms: [{ id: 1, name: { en: "Hall\nEast\twing", zh: null } }], sessions: [session()] }));
    expect(xml).toContain(`<room name="Hall&#10;East&#9;wing" guid=`);
    expect(xml).toContain(`<room>Hall\nEast\twing</room>`);
  });

  it("writes the same event, guid and times as the JSON export", () => {
    const xml = buildScheduleXml(scheduleSource());
    const [opening] = jsonEvents(scheduleSource());
    expect(xml).toContain(`<event guid="${opening.guid}" id="11">`);
    expect(xml).toContain(
      [`<date>2011-03-28T09:00:00-07:00</date>`, `<start>09:00</start>`, `<duration>01:00</duration>`, `<room>Grand Ballroom</room>`]
        .map((line) => `        ${line}`)
        .join("\n"),
    );
    expect(xml).toContain(`<day index="2" date="2011-03-29" start="2011-03-29T00:00:00-07:00" end="2011-03-30T00:00:00-07:00">`);
  });
});
