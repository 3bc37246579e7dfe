/**
 * The grid of bilateral slots, from plain data (no database): each window of the event is cut into
 * slots of the event's slot length from its start (a remainder shorter than a slot is left out),
 * and slots are numbered across windows in time order. A meeting runs in consecutive slots of one
 * window; the scheduler, the booking rules and the pictures all count in these slots.
 */

export interface BilateralWindow {
  id: number;
  /** ISO-8601 UTC. */
  startsAt: string;
  endsAt: string;
}

export interface GridSlot {
  index: number;
  windowId: number;
  startsAt: string;
  endsAt: string;
}

const MINUTE = 60_000;

/** The slots of `windows`, in time order (windows that overlap are taken as given: their slots interleave). */
export function slotGrid(windows: readonly BilateralWindow[], slotMinutes: number): GridSlot[] {
  const pieces: Omit<GridSlot, "index">[] = [];
  for (const window of windows) {
    const end = Date.parse(window.endsAt);
    for (let start = Date.parse(window.startsAt); start + slotMinutes * MINUTE <= end; start += slotMinutes * MINUTE) {
      pieces.push({ windowId: window.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + slotMinutes * MINUTE).toISOString() });
    }
  }
  pieces.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.windowId - b.windowId));
  return pieces.map((piece, index) => ({ index, ...piece }));
}

/** The indexes where a meeting of `length` slots can start: `length` consecutive slots of one window. */
export function startsFor(grid: readonly GridSlot[], length: number): number[] {
  const starts: number[] = [];
  if (!Number.isInteger(length) || length < 1) return starts;
  for (let index = 0; index + length <= grid.length; index += 1) {
    const last = grid[index + length - 1];
    if (last.windowId === grid[index].windowId && runsOn(grid, index, length)) starts.push(index);
  }
  return starts;
}

/** Whether the slots from `index` follow one another without a gap (one window, one after the other). */
function runsOn(grid: readonly GridSlot[], index: number, length: number): boolean {
  for (let offset = 1; offset < length; offset += 1) {
    const slot = grid[index + offset];
    if (slot.windowId !== grid[index].windowId || slot.startsAt !== grid[index + offset - 1].endsAt) return false;
  }
  return true;
}

/** The slot starting exactly at `instant` (any ISO-8601 form), if any. */
export function slotAt(grid: readonly GridSlot[], instant: string): GridSlot | undefined {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) return undefined;
  return grid.find((slot) => Date.parse(slot.startsAt) === at);
}

/** Indexes of the slots that overlap the interval [startsAt, endsAt). */
export function slotsOverlapping(grid: readonly GridSlot[], interval: { startsAt: string; endsAt: string }): number[] {
  const start = Date.parse(interval.startsAt);
  const end = Date.parse(interval.endsAt);
  return grid.filter((slot) => Date.parse(slot.startsAt) < end && start < Date.parse(slot.endsAt)).map((slot) => slot.index);
}
