import type { BilateralRequest, BilateralSchedulerInput } from "../../app/scheduling/bilateral-scheduler";

/**
 * The starts where a request fits on its own: its slots lie in one window, each with a table, and
 * both sides are free in all of them. Written apart from the scheduler, for the references it is
 * measured against (the test's brute force, the benchmark's MIP).
 */
export function feasibleStarts(input: BilateralSchedulerInput, request: BilateralRequest): number[] {
  const busy = new Map(input.delegations.map((d) => [d.id, new Set(d.busySlots ?? [])]));
  const byIndex = new Map(input.slots.map((slot) => [slot.index, slot]));
  return input.slots
    .map((slot) => slot.index)
    .filter((start) => {
      for (let k = 0; k < request.length; k++) {
        const slot = byIndex.get(start + k);
        if (!slot || slot.windowId !== byIndex.get(start)?.windowId || slot.tables < 1) return false;
        if (request.sides.some((side) => busy.get(side)?.has(start + k))) return false;
      }
      return true;
    });
}
