/**
 * Agenda clashes, worked out from plain data (no database): a room booked twice at once, a person
 * in two overlapping sessions in any role, a session outside the event's days, and a session
 * capacity above its room's. Cancelled sessions clash with nothing.
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
}

export type Conflict =
  | { kind: "room_double_booked"; roomId: number; sessionIds: [number, number] }
  | { kind: "person_double_booked"; personId: number; sessionIds: [number, number] }
  | { kind: "outside_event_days"; sessionId: number }
  | { kind: "over_room_capacity"; sessionId: number; roomId: number; capacity: number; roomCapacity: number };

// ISO-8601 UTC strings of one format compare correctly as text.
function overlaps(a: ScheduledSession, b: ScheduledSession): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** Every overlapping pair within one group, found with a sweep over start times. */
function overlappingPairs(sessions: ScheduledSession[]): Array<[number, number]> {
  const sorted = [...sessions].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id - b.id));
  const pairs: Array<[number, number]> = [];
  let open: ScheduledSession[] = [];
  for (const session of sorted) {
    open = open.filter((earlier) => earlier.endsAt > session.startsAt);
    for (const earlier of open) if (overlaps(earlier, session)) pairs.push([earlier.id, session.id]);
    open.push(session);
  }
  return pairs;
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

export function findConflicts(input: ConflictInput): Conflict[] {
  const active = input.sessions.filter((session) => session.status !== "cancelled");
  const byId = new Map(active.map((session) => [session.id, session]));
  const conflicts: Conflict[] = [];

  for (const [roomId, sessions] of groupBy(active, (session) => session.roomId)) {
    for (const sessionIds of overlappingPairs(sessions)) conflicts.push({ kind: "room_double_booked", roomId, sessionIds });
  }

  const sessionsOfPerson = new Map<number, Set<number>>();
  for (const { sessionId, personId } of input.assignments) {
    if (!byId.has(sessionId)) continue;
    const ids = sessionsOfPerson.get(personId) ?? new Set<number>();
    ids.add(sessionId);
    sessionsOfPerson.set(personId, ids);
  }
  for (const [personId, ids] of sessionsOfPerson) {
    if (ids.size < 2) continue;
    const sessions = [...ids].map((id) => byId.get(id)).filter((s): s is ScheduledSession => s !== undefined);
    for (const sessionIds of overlappingPairs(sessions)) conflicts.push({ kind: "person_double_booked", personId, sessionIds });
  }

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
