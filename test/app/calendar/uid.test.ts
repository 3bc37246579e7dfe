import { describe, expect, it } from "vitest";
import { entryUid, nameBasedUuid, roomGuid } from "../../../app/calendar/uid";
import { sanDiegoEvent } from "./sources";

describe("nameBasedUuid", () => {
  it("gives the RFC's version 5 UUIDs (the values Python's uuid.uuid5 gives)", () => {
    expect(nameBasedUuid("http://python.org/")).toBe("4c565f0d-3f5a-5890-b41b-20cf47701c5e");
    expect(nameBasedUuid("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(nameBasedUuid("urn:plenary:臺灣")).toBe("a86f31d6-01b9-51fb-8dcd-baba297469d4");
  });
});

describe("entryUid and roomGuid", () => {
  it("depend on the kind, the id and the event with its creation instant, however that instant is written", () => {
    const event = sanDiegoEvent();
    const uid = entryUid("session", 11, event);
    expect(entryUid("session", 11, sanDiegoEvent({ title: { en: "Renamed", zh: null }, slug: "renamed", createdAt: "2010-11-02T08:00:00Z" }))).toBe(uid);
    const others = [
      entryUid("meeting", 11, event),
      entryUid("session", 12, event),
      entryUid("session", 11, sanDiegoEvent({ id: 8 })),
      entryUid("session", 11, sanDiegoEvent({ createdAt: "2010-11-02T08:00:01.000Z" })),
      roomGuid(11, event),
      roomGuid(null, event),
    ];
    expect(new Set([uid, ...others]).size).toBe(7);
  });
});
