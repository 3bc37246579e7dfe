/**
 * Where each session of a day sits in the agenda grid: one column per room in use (more when
 * sessions in one room overlap, so none hides another), one row per slot of time counted from the
 * day's earliest start. Works on instants only, so the same layout holds in any display zone.
 */

export const SLOT_MINUTES = 5;

export interface GridSession {
  id: number;
  starts_at: string;
  ends_at: string;
  room_id: number | null;
}

export interface GridColumn {
  /** null: the column for sessions without a room. */
  roomId: number | null;
  /** 1-based, among the session columns (the time labels are not counted). */
  firstColumn: number;
  /** Side-by-side lanes, more than one only when sessions in this room overlap. */
  lanes: number;
}

export interface GridPlacement<S> {
  session: S;
  column: number;
  /** 1-based slot row where the session starts, and how many slots it covers. */
  row: number;
  rowSpan: number;
}

export interface GridTimeMark {
  iso: string;
  /** The day's last end sits on the line after the last slot row, in a row of its own. */
  row: number;
  /** Down to the next mark, so a label never forces its row to grow on its own. */
  rowSpan: number;
}

export interface DayGrid<S> {
  columns: GridColumn[];
  columnCount: number;
  rowCount: number;
  placements: GridPlacement<S>[];
  timeMarks: GridTimeMark[];
}

/** `roomOrder`: the event's room ids in display order; rooms not used by any session get no column. */
export function layoutDayGrid<S extends GridSession>(sessions: readonly S[], roomOrder: readonly number[], slotMinutes = SLOT_MINUTES): DayGrid<S> {
  if (sessions.length === 0) return { columns: [], columnCount: 0, rowCount: 0, placements: [], timeMarks: [] };
  const slotMs = slotMinutes * 60_000;
  const origin = Math.floor(Math.min(...sessions.map((s) => Date.parse(s.starts_at))) / slotMs) * slotMs;
  const rowOf = (iso: string, round: (n: number) => number) => 1 + round((Date.parse(iso) - origin) / slotMs);

  const byRoom = new Map<number | null, S[]>();
  for (const session of sessions) {
    const inRoom = byRoom.get(session.room_id);
    if (inRoom) inRoom.push(session);
    else byRoom.set(session.room_id, [session]);
  }
  const roomsInUse: Array<number | null> = roomOrder.filter((id) => byRoom.has(id));
  // A room id the event no longer lists still gets a column, before the one for sessions without a room.
  for (const id of byRoom.keys()) if (id !== null && !roomsInUse.includes(id)) roomsInUse.push(id);
  if (byRoom.has(null)) roomsInUse.push(null);

  const laneOf = new Map<number, number>();
  const columns: GridColumn[] = [];
  let nextColumn = 1;
  for (const roomId of roomsInUse) {
    const lanes = assignLanes(byRoom.get(roomId) ?? []);
    for (const [id, lane] of lanes.laneOf) laneOf.set(id, nextColumn + lane);
    columns.push({ roomId, firstColumn: nextColumn, lanes: lanes.count });
    nextColumn += lanes.count;
  }

  const placements = sessions.map((session) => {
    const row = rowOf(session.starts_at, Math.floor);
    const endLine = rowOf(session.ends_at, Math.ceil);
    return { session, column: laneOf.get(session.id) ?? 1, row, rowSpan: Math.max(1, endLine - row) };
  });
  const rowCount = Math.max(...placements.map((p) => p.row + p.rowSpan - 1));

  // Clocks on the side: every start, and every end after which the day pauses (11:00 before lunch).
  const spans = sessions.map((s) => [Date.parse(s.starts_at), Date.parse(s.ends_at)] as const);
  const pauses = spans.map(([, end]) => end).filter((end) => !spans.some(([start, otherEnd]) => start <= end && end < otherEnd));
  const instants = [...new Set([...spans.map(([start]) => start), ...pauses])].sort((a, b) => a - b);
  const lastLine = rowCount + 1;
  const timeMarks = instants.map((instant, index) => {
    const iso = new Date(instant).toISOString();
    const row = rowOf(iso, Math.floor);
    const nextRow = index + 1 < instants.length ? rowOf(new Date(instants[index + 1]).toISOString(), Math.floor) : lastLine;
    return { iso, row, rowSpan: Math.max(1, nextRow - row) };
  });

  return { columns, columnCount: nextColumn - 1, rowCount, placements, timeMarks };
}

/** Interval partitioning: each session takes the first lane that is free when it starts. */
function assignLanes(sessions: readonly GridSession[]) {
  const ordered = [...sessions].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || Date.parse(a.ends_at) - Date.parse(b.ends_at));
  const laneEnds: number[] = [];
  const laneOf = new Map<number, number>();
  for (const session of ordered) {
    const start = Date.parse(session.starts_at);
    let lane = laneEnds.findIndex((end) => end <= start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = Date.parse(session.ends_at);
    laneOf.set(session.id, lane);
  }
  return { laneOf, count: Math.max(1, laneEnds.length) };
}
