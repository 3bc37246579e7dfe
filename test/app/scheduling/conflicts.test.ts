import { describe, expect, it } from "vitest";
import { conflictsOfSession, findConflicts, type ScheduledSession } from "../../../app/scheduling/conflicts";

const window = { start: "2011-03-28T07:00:00.000Z", end: "2011-03-31T07:00:00.000Z" };

function session(id: number, start: string, end: string, extra: Partial<ScheduledSession> = {}): ScheduledSession {
  return { id, startsAt: `2011-03-29T${start}:00.000Z`, endsAt: `2011-03-29T${end}:00.000Z`, roomId: 1, capacity: null, status: "scheduled", ...extra };
}

describe("findConflicts", () => {
  it("finds a room booked twice at once, but not back-to-back sessions", () => {
    const conflicts = findConflicts({
      sessions: [session(1, "16:30", "18:00"), session(2, "17:30", "18:30"), session(3, "18:30", "19:00")],
      roomCapacities: new Map([[1, 100]]),
      assignments: [],
      eventWindow: window,
    });
    expect(conflicts).toEqual([{ kind: "room_double_booked", roomId: 1, sessionIds: [1, 2] }]);
  });

  it("finds a person in two overlapping sessions in different rooms and roles", () => {
    const conflicts = findConflicts({
      sessions: [session(1, "16:30", "18:00", { roomId: 1 }), session(2, "17:00", "17:30", { roomId: 2 }), session(3, "18:00", "19:00", { roomId: 3 })],
      roomCapacities: new Map(),
      assignments: [
        { sessionId: 1, personId: 7 },
        { sessionId: 2, personId: 7 },
        { sessionId: 2, personId: 7 },
        { sessionId: 3, personId: 7 },
      ],
      eventWindow: window,
    });
    expect(conflicts).toEqual([{ kind: "person_double_booked", personId: 7, sessionIds: [1, 2] }]);
  });

  it("ignores cancelled sessions", () => {
    const conflicts = findConflicts({
      sessions: [session(1, "16:30", "18:00"), session(2, "17:00", "17:30", { status: "cancelled" })],
      roomCapacities: new Map(),
      assignments: [
        { sessionId: 1, personId: 7 },
        { sessionId: 2, personId: 7 },
      ],
      eventWindow: window,
    });
    expect(conflicts).toEqual([]);
  });

  it("flags sessions outside the event's days and above the room's capacity", () => {
    const conflicts = findConflicts({
      sessions: [
        { id: 1, startsAt: "2011-03-31T16:00:00.000Z", endsAt: "2011-03-31T17:00:00.000Z", roomId: null, capacity: null, status: "scheduled" },
        session(2, "16:00", "17:00", { capacity: 300, roomId: 4 }),
        session(3, "18:00", "19:00", { capacity: 20, roomId: 4 }),
      ],
      roomCapacities: new Map([[4, 120]]),
      assignments: [],
      eventWindow: window,
    });
    expect(conflicts).toEqual([
      { kind: "outside_event_days", sessionId: 1 },
      { kind: "over_room_capacity", sessionId: 2, roomId: 4, capacity: 300, roomCapacity: 120 },
    ]);
    expect(conflictsOfSession(conflicts, 2)).toHaveLength(1);
    expect(conflictsOfSession(conflicts, 3)).toHaveLength(0);
  });
});
