import type { CalendarEventInfo, CalendarLabels, CalendarMeeting, CalendarSession, CalendarSource, ScheduleSource } from "../../../app/calendar/types";

/*
 * The builders' inputs for the tests: the 2011 conference in San Diego (America/Los_Angeles, PDT
 * from 13 March 2011: UTC−7), with English and Chinese texts, a session without room or track,
 * a tentative and a cancelled one, and two bilateral meetings.
 */

export const ORIGIN = "https://plenary.example.org";

export function sanDiegoEvent(overrides: Partial<CalendarEventInfo> = {}): CalendarEventInfo {
  return {
    id: 7,
    slug: "ctpat-2011",
    title: { en: "C-TPAT Annual Conference 2011", zh: "2011年C-TPAT年會" },
    description: { en: "The partnership's yearly gathering.", zh: null },
    city: "San Diego",
    venue: "Manchester Grand Hyatt",
    timeZone: "America/Los_Angeles",
    startsOn: "2011-03-28",
    endsOn: "2011-03-30",
    createdAt: "2010-11-02T08:00:00.000Z",
    host: { en: "U.S. Customs and Border Protection", zh: "美國海關暨邊境保護署" },
    ...overrides,
  };
}

export function session(overrides: Partial<CalendarSession> = {}): CalendarSession {
  return {
    id: 11,
    type: "plenary",
    title: { en: "Opening plenary", zh: "開幕全體會議" },
    description: { en: "Welcome and keynote.", zh: "歡迎與主題演講。" },
    // 09:00–10:00 in San Diego (PDT).
    startsAt: "2011-03-28T16:00:00.000Z",
    endsAt: "2011-03-28T17:00:00.000Z",
    status: "scheduled",
    sequence: 0,
    createdAt: "2011-01-10T12:00:00.000Z",
    updatedAt: "2011-02-01T12:00:00.000Z",
    roomId: 1,
    room: { en: "Grand Ballroom", zh: "大宴會廳" },
    track: { en: "Supply chain security", zh: "供應鏈安全" },
    people: [
      { id: 101, name: "Alan Bersin", nameNative: null, role: "speaker" },
      { id: 102, name: "Chen Wen-Hsien", nameNative: "陳文賢", role: "moderator" },
    ],
    ...overrides,
  };
}

export function meeting(overrides: Partial<CalendarMeeting> = {}): CalendarMeeting {
  return {
    id: 31,
    status: "booked",
    // 13:00–14:00 in San Diego.
    startsAt: "2011-03-28T20:00:00.000Z",
    endsAt: "2011-03-28T21:00:00.000Z",
    sequence: 3,
    createdAt: "2011-03-01T09:00:00.000Z",
    updatedAt: "2011-03-20T09:30:00.000Z",
    topic: "Mutual recognition of AEO programmes",
    place: { en: "Harbor Room", zh: "港灣廳" },
    tableNumber: 2,
    requester: { en: "Taiwan", zh: "臺灣" },
    recipient: { en: "Korea", zh: "韓國" },
    ...overrides,
  };
}

export const ENGLISH_LABELS: CalendarLabels = {
  sessionTypes: { plenary: "Plenary", keynote: "Keynote", workshop: "Workshop", panel: "Panel", break: "Break", other: "Other" },
  roles: { speaker: "Speaker", moderator: "Moderator", panelist: "Panelist", chair: "Chair", host: "Host" },
  meetingSummary: "Bilateral meeting: {{requester}} – {{recipient}}",
  topic: "Topic",
  place: "Place",
  table: "Table {{number}}",
  sides: "Sides",
  calendarFile: "Calendar file (iCalendar)",
};

export const CHINESE_LABELS: CalendarLabels = {
  sessionTypes: { plenary: "全體會議", keynote: "主題演講", workshop: "工作坊", panel: "座談", break: "休息", other: "其他" },
  roles: { speaker: "講者", moderator: "主持人", panelist: "與談人", chair: "主席", host: "主辦" },
  meetingSummary: "雙邊會談：{{requester}}－{{recipient}}",
  topic: "議題",
  place: "地點",
  table: "第{{number}}桌",
  sides: "雙方",
  calendarFile: "行事曆檔案（iCalendar）",
};

export function calendarSource(overrides: Partial<CalendarSource> = {}): CalendarSource {
  return {
    event: sanDiegoEvent(),
    sessions: [session()],
    meetings: [],
    language: "en",
    origin: ORIGIN,
    name: "C-TPAT Annual Conference 2011",
    organizerEmail: "noreply@plenary.example.org",
    labels: ENGLISH_LABELS,
    ...overrides,
  };
}

/** Two rooms, English and Chinese texts, hostile text, sessions without room or track, a tentative one. */
export function scheduleSource(overrides: Partial<ScheduleSource> = {}): ScheduleSource {
  return {
    event: sanDiegoEvent(),
    rooms: [
      { id: 1, name: { en: "Grand Ballroom", zh: "大宴會廳" } },
      { id: 2, name: { en: 'Room <B> & "C"', zh: null } },
    ],
    sessions: [
      session(),
      session({
        id: 12,
        type: "workshop",
        title: { en: null, zh: "優質企業（AEO）相互承認工作坊" },
        description: { en: null, zh: "第一行\n第二行" },
        startsAt: "2011-03-29T17:30:00.000Z",
        endsAt: "2011-03-29T19:00:00.000Z",
        status: "tentative",
        roomId: null,
        room: null,
        track: null,
        people: [],
      }),
      session({
        id: 13,
        type: "panel",
        title: { en: "Risk <management> & \"trade\" 'facilitation'\u0000\nline two", zh: null },
        description: { en: "Tags <b>bold</b> & ]]> end\u0007 bell\r\nnext", zh: null },
        startsAt: "2011-03-28T18:15:00.000Z",
        endsAt: "2011-03-28T19:00:00.000Z",
        roomId: 2,
        room: { en: 'Room <B> & "C"', zh: null },
        track: { en: "Trade & <facilitation>", zh: null },
        people: [{ id: 103, name: 'O\'Brien "Pat" <pat>', nameNative: null, role: "panelist" }],
      }),
    ],
    attachments: [
      {
        id: 9,
        sessionId: 13,
        label: "Annex 9",
        fileName: "risk-slides.pptx",
        contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      },
      { id: 10, sessionId: 13, label: null, fileName: 'Report "final" <v2> & notes.pdf', contentType: "application/pdf" },
    ],
    language: "en",
    origin: ORIGIN,
    labels: ENGLISH_LABELS,
    ...overrides,
  };
}
