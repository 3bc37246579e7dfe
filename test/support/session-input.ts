import type { SessionInput } from "../../app/models/session.server";

/** A workshop of the 2011 conference as the session form sends it, with `overrides`. */
export function sessionInput(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    type: "workshop",
    titleEn: "Verifying Security Measures",
    titleZh: "實地查證安全措施",
    descriptionEn: null,
    descriptionZh: null,
    trackId: null,
    roomId: null,
    day: "2011-03-29",
    startTime: "09:30",
    endTime: "11:00",
    capacity: null,
    audienceNoteEn: null,
    audienceNoteZh: null,
    status: "scheduled",
    items: [],
    people: [],
    ...overrides,
  };
}
