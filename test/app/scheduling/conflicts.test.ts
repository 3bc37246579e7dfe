import { describe, expect, it } from "vitest";
import { conflictsOfSession, findConflicts, type ConflictInput, type ScheduledSession } from "../../../app/scheduling/conflicts";

const window = { start: "2011-03-28T07:00:00.000Z", end: "2011-03-31T07:00:00.000Z" };

function at(time: string) {
  return `2011-03-29T${time}:00.000Z`;
}

function session(id: number, start: string, end: string, extra: Partial<ScheduledSession> = {}): ScheduledSession {
  return { id, startsAt: at(start), endsAt: at(end), roomId: 1, capacity: null, status: "scheduled", ...extra };
}

function conflictsOf(sessions: ScheduledSession[], extra: Partial<ConflictInput> = {}) {
  return findConflicts({ sessions, roomCapacities: new Map(), assignments: [], eventWindow: window, ...extra });
}

describe("findConflicts", () => {
  it("finds a room booked twice at once, but not back-to-back sessions", () => {
    const conflicts = conflictsOf([session(1, "16:30", "18:00"), session(2, "17:30", "18:30"), session(3, "18:30", "19:00")], {
      roomCapacities: new Map([[1, 100]]),
    });
    expect(conflicts).toEqual([{ kind: "room_double_booked", roomId: 1, sessionIds: [1, 2], startsAt: at("16:30"), endsAt: at("18:30") }]);
  });

  it("lists a chain of overlapping sessions as one group (A overlaps B, B overlaps C, A not C)", () => {
    const conflicts = conflictsOf([session(3, "10:30", "12:00"), session(1, "09:00", "10:00"), session(2, "09:30", "11:00")]);
    expect(conflicts).toEqual([{ kind: "room_double_booked", roomId: 1, sessionIds: [1, 2, 3], startsAt: at("09:00"), endsAt: at("12:00") }]);
  });

  it("keeps a long session and the later ones it overlaps in one group, though those never meet", () => {
    // 1 runs 09:00–13:00; 2 (09:30–10:00) and 3 (12:00–12:30) never meet, but both overlap 1.
    const conflicts = conflictsOf([session(1, "09:00", "13:00"), session(2, "09:30", "10:00"), session(3, "12:00", "12:30")]);
    expect(conflicts).toEqual([{ kind: "room_double_booked", roomId: 1, sessionIds: [1, 2, 3], startsAt: at("09:00"), endsAt: at("13:00") }]);
  });

  it("lists separate runs in one room, and runs in different rooms, as separate groups, earliest first", () => {
    const conflicts = conflictsOf([
      session(1, "09:00", "10:00"),
      session(2, "09:30", "10:30"),
      session(3, "10:30", "11:00"), // starts as 2 ends: not part of the first run
      session(4, "14:00", "15:00"),
      session(5, "14:00", "14:30"),
      session(6, "08:00", "09:00", { roomId: 2 }),
      session(7, "08:15", "08:45", { roomId: 2 }),
    ]);
    expect(conflicts).toEqual([
      { kind: "room_double_booked", roomId: 2, sessionIds: [6, 7], startsAt: at("08:00"), endsAt: at("09:00") },
      { kind: "room_double_booked", roomId: 1, sessionIds: [1, 2], startsAt: at("09:00"), endsAt: at("10:30") },
      { kind: "room_double_booked", roomId: 1, sessionIds: [4, 5], startsAt: at("14:00"), endsAt: at("15:00") },
    ]);
  });

  it("orders a group's sessions by start, then id, whatever order they come in", () => {
    const conflicts = conflictsOf([session(9, "09:00", "09:30"), session(4, "09:00", "11:00"), session(2, "10:00", "10:15")]);
    expect(conflicts).toEqual([{ kind: "room_double_booked", roomId: 1, sessionIds: [4, 9, 2], startsAt: at("09:00"), endsAt: at("11:00") }]);
  });

  it("treats an empty session (start = end) as the pairwise rule does", () => {
    // At 10:00 exactly: inside 09:00–11:00 (a clash), but not inside a session that starts at 10:00.
    expect(conflictsOf([session(1, "09:00", "11:00"), session(2, "10:00", "10:00")])).toEqual([
      { kind: "room_double_booked", roomId: 1, sessionIds: [1, 2], startsAt: at("09:00"), endsAt: at("11:00") },
    ]);
    expect(conflictsOf([session(1, "10:00", "11:00"), session(2, "10:00", "10:00"), session(3, "09:00", "10:00")])).toEqual([]);
  });

  it("finds a person in overlapping sessions in different rooms and roles, one group per run", () => {
    const conflicts = conflictsOf(
      [
        session(1, "16:30", "18:00", { roomId: 1 }),
        session(2, "17:00", "17:30", { roomId: 2 }),
        session(3, "18:00", "19:00", { roomId: 3 }),
        session(4, "17:45", "18:15", { roomId: 4 }),
        session(5, "20:00", "21:00", { roomId: 5 }),
        session(6, "20:30", "21:30", { roomId: 6 }),
      ],
      {
        assignments: [
          { sessionId: 1, personId: 7 },
          { sessionId: 2, personId: 7 },
          { sessionId: 2, personId: 7 },
          { sessionId: 3, personId: 7 },
          { sessionId: 5, personId: 7 },
          { sessionId: 5, personId: 8 },
          { sessionId: 6, personId: 8 },
        ],
      },
    );
    expect(conflicts).toEqual([
      { kind: "person_double_booked", personId: 7, sessionIds: [1, 2], startsAt: at("16:30"), endsAt: at("18:00") },
      { kind: "person_double_booked", personId: 8, sessionIds: [5, 6], startsAt: at("20:00"), endsAt: at("21:30") },
    ]);
  });

  it("finds a person in a session during a bilateral meeting they attend, not one back to back or one without them", () => {
    const sessions = [session(1, "11:00", "12:00", { roomId: 1 }), session(2, "12:30", "13:00", { roomId: 2 }), session(3, "11:30", "12:00", { roomId: 3, status: "cancelled" })];
    const assignments = [
      { sessionId: 1, personId: 7 },
      { sessionId: 2, personId: 7 },
      { sessionId: 3, personId: 7 },
      { sessionId: 1, personId: 8 },
    ];
    const meetings = [
      { id: 40, startsAt: at("11:30"), endsAt: at("12:30"), attendees: [7, 9] },
      { id: 41, startsAt: at("13:00"), endsAt: at("14:00"), attendees: [7] },
    ];
    const conflicts = conflictsOf(sessions, { assignments, meetings });
    expect(conflicts).toEqual([{ kind: "person_in_meeting", personId: 7, sessionId: 1, meetingId: 40, startsAt: at("11:30"), endsAt: at("12:30") }]);
    expect(conflictsOfSession(conflicts, 1)).toHaveLength(1);
    expect(conflictsOfSession(conflicts, 2)).toEqual([]);
  });

  it("ignores cancelled sessions, also as the link between two others", () => {
    const conflicts = conflictsOf(
      [session(1, "16:30", "18:00"), session(2, "17:00", "17:30", { status: "cancelled" })],
      {
        assignments: [
          { sessionId: 1, personId: 7 },
          { sessionId: 2, personId: 7 },
        ],
      },
    );
    expect(conflicts).toEqual([]);
    // 2 would join 1 and 3 into one run; cancelled, it leaves them apart.
    expect(conflictsOf([session(1, "09:00", "10:00"), session(2, "09:30", "10:30", { status: "cancelled" }), session(3, "10:00", "11:00")])).toEqual([]);
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

  it("gives each session the groups it belongs to", () => {
    const conflicts = conflictsOf(
      [session(1, "09:00", "10:00"), session(2, "09:30", "10:30"), session(3, "10:15", "11:00"), session(4, "12:00", "13:00")],
      { assignments: [{ sessionId: 3, personId: 5 }, { sessionId: 1, personId: 5 }] },
    );
    expect(conflictsOfSession(conflicts, 3)).toEqual([
      { kind: "room_double_booked", roomId: 1, sessionIds: [1, 2, 3], startsAt: at("09:00"), endsAt: at("11:00") },
    ]);
    expect(conflictsOfSession(conflicts, 4)).toEqual([]);
  });

  it("reports 20,000 sessions all overlapping in one room, and a person in all of them, as one group each", () => {
    const count = 20_000;
    const base = Date.parse("2011-03-29T16:00:00.000Z");
    // Each starts a second after the one before and lasts a day: every pair overlaps.
    const sessions = Array.from({ length: count }, (_, index) => ({
      id: count - index,
      startsAt: new Date(base + index * 1000).toISOString(),
      endsAt: new Date(base + index * 1000 + 86_400_000).toISOString(),
      roomId: 1,
      capacity: null,
      status: "scheduled" as const,
    }));
    const conflicts = findConflicts({
      sessions,
      roomCapacities: new Map(),
      assignments: sessions.map((s) => ({ sessionId: s.id, personId: 1 })),
      eventWindow: { start: "2011-03-28T07:00:00.000Z", end: "2011-04-30T07:00:00.000Z" },
    });
    expect(conflicts).toHaveLength(2);
    const [room, person] = conflicts;
    expect(room).toMatchObject({ kind: "room_double_booked", roomId: 1, startsAt: sessions[0].startsAt, endsAt: sessions[count - 1].endsAt });
    expect(person).toMatchObject({ kind: "person_double_booked", personId: 1 });
    if (room.kind !== "room_double_booked") throw new Error("expected the room's group first");
    expect(room.sessionIds).toHaveLength(count);
    expect(room.sessionIds.slice(0, 3)).toEqual([count, count - 1, count - 2]);
  });
});
