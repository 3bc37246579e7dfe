import type { MatrixMeeting } from "~/models/bilateral-schedule.server";

/**
 * A delegation's meetings in lanes: a delegation with several teams can hold meetings at the same
 * time, and each lane (one table row) holds meetings that do not overlap, so every meeting can be
 * one cell spanning its slots. Earliest first, each into the first lane free at its start.
 */
export function meetingLanes(meetings: readonly MatrixMeeting[]): MatrixMeeting[][] {
  const lanes: MatrixMeeting[][] = [];
  const sorted = [...meetings].sort((a, b) => a.startSlot - b.startSlot || a.endSlot - b.endSlot || a.id - b.id);
  for (const meeting of sorted) {
    const lane = lanes.find((taken) => taken[taken.length - 1].endSlot < meeting.startSlot);
    if (lane) lane.push(meeting);
    else lanes.push([meeting]);
  }
  return lanes;
}

/** The matrix's columns grouped under their event-local day, in order. */
export function slotsByDay<T extends { day: string }>(slots: readonly T[]): Array<{ day: string; slots: T[] }> {
  const groups: Array<{ day: string; slots: T[] }> = [];
  for (const slot of slots) {
    const last = groups[groups.length - 1];
    if (last && last.day === slot.day) last.slots.push(slot);
    else groups.push({ day: slot.day, slots: [slot] });
  }
  return groups;
}
