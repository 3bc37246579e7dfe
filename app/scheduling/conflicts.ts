/**
 * Agenda clashes, worked out from plain data (no database): a room booked twice at once, a person
 * in two overlapping sessions in any role, a person in a session during a bilateral meeting they
 * attend, a session outside the event's days, and a session capacity above its room's. Cancelled
 * sessions clash with nothing.
 *
 * Double bookings come as groups, one per run of overlapping sessions, not one per pair: a room
 * with n sessions all at once is one warning, not n(n-1)/2, and finding it is a sort and a sweep.
 */

export interface ScheduledSession {
  id: number;
  startsAt: string;
  endsAt: string;
  roomId: number | null;
  capacity: number | null;
  status: "scheduled" | "tentative" | "cancelled";
}

export interface ConflictInput {
  sessions: readonly ScheduledSession[];
  /** Capacity of each room, null when unknown. */
  roomCapacities: ReadonlyMap<number, number | null>;
  /** Who takes part in which session, in any role. */
  assignments: ReadonlyArray<{ sessionId: number; personId: number }>;
  /** The instants where the event's first day begins and its last day ends, in its own zone. */
  eventWindow: { start: string; end: string };
  /** Booked bilateral meetings with their attendees: a person in one cannot be in a session then. */
  meetings?: ReadonlyArray<{ id: number; startsAt: string; endsAt: string; attendees: readonly number[] }>;
}

/**
 * Sessions that overlap one another, directly or through others (A overlaps B, B overlaps C):
 * at least two, in the order they start (then by id), and the span from the first start to the
 * last end.
 */
export interface OverlapGroup {
  sessionIds: number[];
  startsAt: string;
  endsAt: string;
}

export type Conflict =
  | ({ kind: "room_double_booked"; roomId: number } & OverlapGroup)
  | ({ kind: "person_double_booked"; personId: number } & OverlapGroup)
  /** When and where only: organizers may know that a meeting happens, not what it is about. */
  | { kind: "person_in_meeting"; personId: number; sessionId: number; meetingId: number; startsAt: string; endsAt: string }
  | { kind: "outside_event_days"; sessionId: number }
  | { kind: "over_room_capacity"; sessionId: number; roomId: number; capacity: number; roomCapacity: number };

// ISO-8601 UTC strings of one format compare correctly as text.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The groups of overlapping sessions among `sessions`, found by sorting and one sweep: a session
 * joins the current group when it starts before the latest end so far. Among sessions starting at
 * once the shorter goes first, so an empty session (start = end) only joins a group that really
 * runs across its instant, as the pairwise rule (a.start < b.end and b.start < a.end) says.
 */
function overlapGroups(sessions: readonly ScheduledSession[]): OverlapGroup[] {
  const sorted = [...sessions].sort((a, b) => compareText(a.startsAt, b.startsAt) || compareText(a.endsAt, b.endsAt) || a.id - b.id);
  const groups: OverlapGroup[] = [];
  let members: ScheduledSession[] = [];
  let latestEnd = "";
  const close = () => {
    if (members.length < 2) return;
    members.sort((a, b) => compareText(a.startsAt, b.startsAt) || a.id - b.id);
    groups.push({ sessionIds: members.map((session) => session.id), startsAt: members[0].startsAt, endsAt: latestEnd });
  };
  for (const session of sorted) {
    if (members.length > 0 && session.startsAt < latestEnd) {
      members.push(session);
      if (session.endsAt > latestEnd) latestEnd = session.endsAt;
    } else {
      close();
      members = [session];
      latestEnd = session.endsAt;
    }
  }
  close();
  return groups;
}

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Earliest first, then by room or person: the same agenda always lists its clashes in the same order. */
function byStartThen<T extends OverlapGroup>(keyOf: (conflict: T) => number) {
  return (a: T, b: T) => compareText(a.startsAt, b.startsAt) || keyOf(a) - keyOf(b) || a.sessionIds[0] - b.sessionIds[0];
}

export function findConflicts(input: ConflictInput): Conflict[] {
  const active = input.sessions.filter((session) => session.status !== "cancelled");
  const byId = new Map(active.map((session) => [session.id, session]));
  const conflicts: Conflict[] = [];

  const rooms: Array<Extract<Conflict, { kind: "room_double_booked" }>> = [];
  for (const [roomId, sessions] of groupBy(active, (session) => session.roomId)) {
    for (const group of overlapGroups(sessions)) rooms.push({ kind: "room_double_booked", roomId, ...group });
  }
  conflicts.push(...rooms.sort(byStartThen((conflict) => conflict.roomId)));

  // A person listed twice in one session (speaker and moderator) is there once.
  const sessionsOfPerson = new Map<number, Set<number>>();
  for (const { sessionId, personId } of input.assignments) {
    if (!byId.has(sessionId)) continue;
    const ids = sessionsOfPerson.get(personId) ?? new Set<number>();
    ids.add(sessionId);
    sessionsOfPerson.set(personId, ids);
  }
  const people: Array<Extract<Conflict, { kind: "person_double_booked" }>> = [];
  for (const [personId, ids] of sessionsOfPerson) {
    if (ids.size < 2) continue;
    const sessions = [...ids].map((id) => byId.get(id)).filter((s): s is ScheduledSession => s !== undefined);
    for (const group of overlapGroups(sessions)) people.push({ kind: "person_double_booked", personId, ...group });
  }
  conflicts.push(...people.sort(byStartThen((conflict) => conflict.personId)));

  const inMeetings: Array<Extract<Conflict, { kind: "person_in_meeting" }>> = [];
  for (const meeting of input.meetings ?? []) {
    for (const personId of new Set(meeting.attendees)) {
      for (const sessionId of sessionsOfPerson.get(personId) ?? []) {
        const session = byId.get(sessionId);
        if (session && session.startsAt < meeting.endsAt && meeting.startsAt < session.endsAt) {
          inMeetings.push({ kind: "person_in_meeting", personId, sessionId, meetingId: meeting.id, startsAt: meeting.startsAt, endsAt: meeting.endsAt });
        }
      }
    }
  }
  conflicts.push(
    ...inMeetings.sort(
      (a, b) => compareText(a.startsAt, b.startsAt) || a.personId - b.personId || a.sessionId - b.sessionId || a.meetingId - b.meetingId,
    ),
  );

  for (const session of active) {
    if (session.startsAt < input.eventWindow.start || session.endsAt > input.eventWindow.end) {
      conflicts.push({ kind: "outside_event_days", sessionId: session.id });
    }
    const roomCapacity = session.roomId === null ? null : input.roomCapacities.get(session.roomId);
    if (session.capacity !== null && roomCapacity != null && session.roomId !== null && session.capacity > roomCapacity) {
      conflicts.push({ kind: "over_room_capacity", sessionId: session.id, roomId: session.roomId, capacity: session.capacity, roomCapacity });
    }
  }
  return conflicts;
}

/** The conflicts that involve one session: the warnings shown right after saving it. */
export function conflictsOfSession(conflicts: readonly Conflict[], sessionId: number): Conflict[] {
  return conflicts.filter((conflict) =>
    "sessionIds" in conflict ? conflict.sessionIds.includes(sessionId) : conflict.sessionId === sessionId,
  );
}
