import { describe, expect, it } from "vitest";
import {
  PRIORITY_WEIGHTS,
  scheduleBilaterals,
  type BilateralObjective,
  type BilateralRequest,
  type BilateralSchedule,
  type BilateralSchedulerInput,
  type BilateralSlot,
} from "../../../app/scheduling/bilateral-scheduler";
import { seededRandom } from "../../../lib/seeded-random";
import { feasibleStarts } from "../../support/bilateral-starts";

// --- An independent checker: written from the rules, sharing no code with the scheduler. ---

/** Every rule a schedule must keep; returns the broken ones (empty when the schedule is sound). */
function violations(input: BilateralSchedulerInput, schedule: BilateralSchedule): string[] {
  const problems: string[] = [];
  const slotByIndex = new Map(input.slots.map((slot) => [slot.index, slot]));
  const teamsOf = new Map(input.delegations.map((d) => [d.id, d.teams ?? 1]));
  const busyOf = new Map(input.delegations.map((d) => [d.id, new Set(d.busySlots ?? [])]));
  const personBusyOf = new Map((input.people ?? []).map((p) => [p.id, new Set(p.busySlots)]));
  const locked = input.locked ?? [];
  const lockedIds = new Set(locked.map((m) => m.requestId));
  const requestById = new Map(input.requests.map((r) => [r.id, r]));

  type Occupation = { requestId: number; sides: readonly number[]; attendees: readonly number[]; slots: number[]; table: number };
  const occupations: Occupation[] = [];
  const slotsOf = (start: number, length: number, requestId: number) => {
    const first = slotByIndex.get(start);
    const covered: number[] = [];
    for (let k = 0; k < length; k++) {
      const slot = slotByIndex.get(start + k);
      if (!slot || !first || slot.windowId !== first.windowId) problems.push(`request ${requestId}: slot ${start + k} not in the window of its start`);
      covered.push(start + k);
    }
    return covered;
  };
  for (const meeting of locked) {
    occupations.push({
      requestId: meeting.requestId,
      sides: meeting.sides,
      attendees: meeting.attendees,
      slots: slotsOf(meeting.start, meeting.length, meeting.requestId),
      table: meeting.table,
    });
  }

  const seen = new Set<number>();
  for (const meeting of schedule.placed) {
    const request = requestById.get(meeting.requestId);
    if (!request) {
      problems.push(`placed unknown request ${meeting.requestId}`);
      continue;
    }
    if (lockedIds.has(meeting.requestId)) problems.push(`locked request ${meeting.requestId} placed again`);
    if (seen.has(meeting.requestId)) problems.push(`request ${meeting.requestId} placed twice`);
    seen.add(meeting.requestId);
    if (meeting.length !== request.length) problems.push(`request ${meeting.requestId}: length ${meeting.length}`);
    const covered = slotsOf(meeting.start, request.length, meeting.requestId);
    for (const index of covered) {
      const slot = slotByIndex.get(index);
      if (slot && (!Number.isInteger(meeting.table) || meeting.table < 1 || meeting.table > slot.tables)) {
        problems.push(`request ${meeting.requestId}: table ${meeting.table} does not exist in slot ${index}`);
      }
      for (const side of request.sides)
        if (busyOf.get(side)?.has(index)) problems.push(`request ${meeting.requestId}: delegation ${side} busy in slot ${index}`);
      for (const person of request.attendees)
        if (personBusyOf.get(person)?.has(index)) problems.push(`request ${meeting.requestId}: person ${person} busy in slot ${index}`);
    }
    occupations.push({ requestId: request.id, sides: request.sides, attendees: request.attendees, slots: covered, table: meeting.table });
  }

  for (const slot of input.slots) {
    const here = occupations.filter((o) => o.slots.includes(slot.index));
    const perDelegation = new Map<number, number>();
    const perPerson = new Map<number, number>();
    const tablesUsed = new Set<number>();
    for (const o of here) {
      for (const side of o.sides) perDelegation.set(side, (perDelegation.get(side) ?? 0) + 1);
      for (const person of new Set(o.attendees)) perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
      if (tablesUsed.has(o.table)) problems.push(`slot ${slot.index}: table ${o.table} holds two meetings`);
      tablesUsed.add(o.table);
    }
    for (const [delegation, count] of perDelegation) {
      if (count > (teamsOf.get(delegation) ?? 1)) problems.push(`slot ${slot.index}: delegation ${delegation} in ${count} meetings`);
    }
    for (const [person, count] of perPerson) if (count > 1) problems.push(`slot ${slot.index}: person ${person} in ${count} meetings`);
  }

  const unplacedIds = schedule.unplaced.map((u) => u.requestId);
  for (const request of input.requests) {
    if (lockedIds.has(request.id)) continue;
    const times = Number(seen.has(request.id)) + unplacedIds.filter((id) => id === request.id).length;
    if (times !== 1) problems.push(`request ${request.id} accounted for ${times} times`);
  }
  const recomputed: BilateralObjective = { mustMeets: 0, weight: 0, preferred: 0 };
  for (const meeting of schedule.placed) {
    const request = requestById.get(meeting.requestId);
    if (!request) continue;
    recomputed.mustMeets += Number(request.mustMeet);
    recomputed.weight += request.weight;
    recomputed.preferred += Number((request.preferredStarts ?? []).includes(meeting.start));
  }
  if (JSON.stringify(recomputed) !== JSON.stringify(schedule.objective))
    problems.push(`objective ${JSON.stringify(schedule.objective)} is really ${JSON.stringify(recomputed)}`);
  return problems;
}

function schedule(input: BilateralSchedulerInput) {
  const result = scheduleBilaterals(input);
  expect(violations(input, result)).toEqual([]);
  return result;
}

// --- Builders ---

/** Slots 0.. in windows of `perWindow` slots, each with `tables` tables. */
function slots(count: number, perWindow = count, tables: number | number[] = 1): BilateralSlot[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    startsAt: new Date(Date.UTC(2011, 2, 28, 5 + index)).toISOString(),
    windowId: Math.floor(index / perWindow) + 1,
    tables: Array.isArray(tables) ? tables[index] : tables,
  }));
}

function request(id: number, sides: [number, number], extra: Partial<BilateralRequest> = {}): BilateralRequest {
  return { id, sides, length: 1, weight: PRIORITY_WEIGHTS.normal, mustMeet: false, attendees: [], ...extra };
}

const startOf = (result: BilateralSchedule, requestId: number) => result.placed.find((m) => m.requestId === requestId)?.start;
const reasonOf = (result: BilateralSchedule, requestId: number) => result.unplaced.find((u) => u.requestId === requestId)?.reason;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// --- Brute force: every combination of "not placed" or a start for each request. ---

function bruteForceOptimum(input: BilateralSchedulerInput): BilateralObjective {
  const slotByIndex = new Map(input.slots.map((slot) => [slot.index, slot]));
  const teamsOf = new Map(input.delegations.map((d) => [d.id, d.teams ?? 1]));
  const options = input.requests.map((r) => feasibleStarts(input, r));
  const delegationUse = new Map<string, number>();
  const personUse = new Map<string, number>();
  const tableUse = new Map<number, number>();
  const canAdd = (r: BilateralRequest, start: number) => {
    for (let k = 0; k < r.length; k++) {
      const index = start + k;
      if ((tableUse.get(index) ?? 0) + 1 > (slotByIndex.get(index)?.tables ?? 0)) return false;
      for (const side of r.sides) if ((delegationUse.get(`${side}/${index}`) ?? 0) + 1 > (teamsOf.get(side) ?? 1)) return false;
      for (const person of r.attendees) if (personUse.get(`${person}/${index}`)) return false;
    }
    return true;
  };
  const add = (r: BilateralRequest, start: number, delta: number) => {
    for (let k = 0; k < r.length; k++) {
      const index = start + k;
      tableUse.set(index, (tableUse.get(index) ?? 0) + delta);
      for (const side of r.sides) delegationUse.set(`${side}/${index}`, (delegationUse.get(`${side}/${index}`) ?? 0) + delta);
      for (const person of r.attendees) personUse.set(`${person}/${index}`, (personUse.get(`${person}/${index}`) ?? 0) + delta);
    }
  };
  let best: BilateralObjective = { mustMeets: 0, weight: 0, preferred: 0 };
  const better = (a: BilateralObjective, b: BilateralObjective) => a.mustMeets - b.mustMeets || a.weight - b.weight || a.preferred - b.preferred;
  const visit = (i: number, current: BilateralObjective) => {
    if (i === input.requests.length) {
      if (better(current, best) > 0) best = { ...current };
      return;
    }
    visit(i + 1, current);
    const r = input.requests[i];
    for (const start of options[i]) {
      if (!canAdd(r, start)) continue;
      add(r, start, 1);
      visit(i + 1, {
        mustMeets: current.mustMeets + Number(r.mustMeet),
        weight: current.weight + r.weight,
        preferred: current.preferred + Number((r.preferredStarts ?? []).includes(start)),
      });
      add(r, start, -1);
    }
  };
  visit(0, best);
  return best;
}

function randomInstance(random: () => number): BilateralSchedulerInput {
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const delegationCount = int(4, 6);
  const delegations = Array.from({ length: delegationCount }, (_, i) => ({
    id: i + 1,
    teams: random() < 0.2 ? 2 : 1,
    busySlots: [0, 1, 2, 3, 4, 5].filter(() => random() < 0.15),
  }));
  // Two people per delegation, so requests of one delegation often share an attendee.
  const peopleOf = (delegation: number) => [delegation * 10 + 1, delegation * 10 + 2];
  const priorities = Object.values(PRIORITY_WEIGHTS);
  const requests = Array.from({ length: int(5, 8) }, (_, i) => {
    const left = int(1, delegationCount);
    let right = int(1, delegationCount - 1);
    if (right >= left) right++;
    return request(i + 1, [left, right], {
      length: int(1, 2),
      weight: priorities[int(0, 2)],
      mustMeet: random() < 0.2,
      preferredStarts: random() < 0.5 ? [int(0, 5)] : [],
      attendees: [peopleOf(left)[int(0, 1)], peopleOf(right)[int(0, 1)]],
    });
  });
  return { slots: slots(6, 3, int(1, 2)), delegations, requests };
}

describe("scheduleBilaterals", () => {
  it("exports the weights of the priorities", () => {
    expect(PRIORITY_WEIGHTS).toEqual({ high: 3, normal: 2, low: 1 });
  });

  it("places a must-meet of low weight before two heavy requests it excludes", () => {
    // Delegation 1 holds one meeting at once: either the 2-slot must-meet, or the two high ones.
    const input: BilateralSchedulerInput = {
      slots: slots(2, 2, 3),
      delegations: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      requests: [
        request(1, [1, 2], { weight: PRIORITY_WEIGHTS.high }),
        request(2, [1, 3], { weight: PRIORITY_WEIGHTS.high }),
        request(3, [1, 4], { weight: PRIORITY_WEIGHTS.low, mustMeet: true, length: 2 }),
      ],
    };
    const result = schedule(input);
    expect(result.placed.map((m) => m.requestId)).toEqual([3]);
    expect(result.objective).toEqual({ mustMeets: 1, weight: 1, preferred: 0 });
    expect(result.unplaced).toEqual([
      { requestId: 1, reason: "outranked" },
      { requestId: 2, reason: "outranked" },
    ]);
    // Without the mark the two heavy requests win.
    const unmarked = schedule({ ...input, requests: input.requests.map((r) => ({ ...r, mustMeet: false })) });
    expect(unmarked.placed.map((m) => m.requestId).sort()).toEqual([1, 2]);
  });

  it("keeps locked meetings where they are, counts them, and avoids their tables", () => {
    const input: BilateralSchedulerInput = {
      slots: slots(3, 3, 2),
      delegations: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }],
      locked: [
        { requestId: 10, sides: [1, 2], attendees: [7], start: 0, length: 2, table: 1 },
        { requestId: 11, sides: [3, 4], attendees: [], start: 1, length: 1, table: 2 },
      ],
      requests: [
        // Already booked: ignored, never moved.
        request(10, [1, 2], { length: 2 }),
        // Delegation 1 is in the locked meeting in slots 0 and 1: only slot 2 is left.
        request(20, [1, 3]),
        // Person 7 attends the locked meeting in slots 0 and 1: only slot 2 is left (with 20, on the other table).
        request(21, [4, 5], { attendees: [7], weight: PRIORITY_WEIGHTS.low }),
        // Slot 0 has a free table (table 2).
        request(22, [3, 5], { preferredStarts: [0] }),
      ],
    };
    const result = schedule(input);
    expect(result.placed.some((m) => m.requestId === 10 || m.requestId === 11)).toBe(false);
    expect(startOf(result, 20)).toBe(2);
    expect(result.placed.find((m) => m.requestId === 22)).toEqual({ requestId: 22, start: 0, length: 1, table: 2 });
    expect(startOf(result, 21)).toBe(2);
  });

  it("repairs: re-run with the booked meetings locked, it moves none of them and places new requests around them", () => {
    const random = seededRandom(7);
    const base = randomInstance(random);
    const first = schedule(base);
    const requestById = new Map(base.requests.map((r) => [r.id, r]));
    const kept = first.placed.slice(1);
    const locked = kept.map((m) => {
      const r = requestById.get(m.requestId) as BilateralRequest;
      return { requestId: m.requestId, sides: r.sides, attendees: r.attendees, start: m.start, length: m.length, table: m.table };
    });
    const fresh = [request(100, [1, 2], { length: 1 }), request(101, [3, 4], { length: 2, mustMeet: true })];
    const repairInput = { ...base, locked, requests: [...base.requests, ...fresh] };
    const repaired = schedule(repairInput);
    expect(repaired.placed.filter((m) => locked.some((l) => l.requestId === m.requestId))).toEqual([]);
    // Locked ones are counted by the checker; at least the cancelled meeting's request or a new one fits again.
    expect(repaired.placed.length).toBeGreaterThan(0);
  });

  it("refuses a locked meeting outside one window, naming the same one in any order", () => {
    const lockedAt = (requestId: number, start: number) => ({ requestId, sides: [1, 2] as const, attendees: [], start, length: 2, table: 1 });
    // Windows hold slots 0–1 and 2–3: a meeting of two slots starting at 1 or 3 leaves its window.
    const input: BilateralSchedulerInput = { slots: slots(4, 2), delegations: [{ id: 1 }, { id: 2 }], requests: [], locked: [lockedAt(9, 1), lockedAt(8, 3)] };
    const message = "Locked meeting of request 8 is not inside one window.";
    expect(() => scheduleBilaterals(input)).toThrow(message);
    expect(() => scheduleBilaterals({ ...input, locked: [...(input.locked ?? [])].reverse() })).toThrow(message);
  });

  it("gives the tables to a shorter meeting of the same worth, with weights of zero as with positive ones", () => {
    for (const weight of [0, 1]) {
      // One table per slot: the long request goes first (fewer starts), then the short one takes its place.
      const input: BilateralSchedulerInput = {
        slots: slots(2, 2, 1),
        delegations: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
        requests: [request(1, [1, 2], { length: 2, weight }), request(2, [3, 4], { weight })],
      };
      const result = schedule(input);
      expect(result.placed.map((m) => m.requestId)).toEqual([2]);
      expect(reasonOf(result, 1)).toBe("outranked");
    }
  });

  it("gives the same output twice and for the input in any order", () => {
    const random = seededRandom(2011);
    for (let round = 0; round < 10; round++) {
      const input = randomInstance(random);
      input.locked = [];
      const result = schedule(input);
      expect(scheduleBilaterals(input)).toEqual(result);
      const reordered: BilateralSchedulerInput = {
        slots: shuffled(input.slots, random),
        delegations: shuffled(input.delegations, random).map((d) => ({ ...d, busySlots: shuffled(d.busySlots ?? [], random) })),
        requests: shuffled(input.requests, random).map((r) => ({ ...r, attendees: shuffled(r.attendees, random) })),
        locked: [],
      };
      expect(scheduleBilaterals(reordered)).toEqual(result);
    }
  });

  it("explains every request it cannot place", () => {
    const input: BilateralSchedulerInput = {
      // Two windows of two slots; slot 3 has no table.
      slots: slots(4, 2, [1, 1, 1, 0]),
      delegations: [{ id: 1, busySlots: [0, 1] }, { id: 2 }, { id: 3, busySlots: [0, 1, 2, 3] }, { id: 4 }, { id: 5 }, { id: 6, busySlots: [2] }],
      requests: [
        request(1, [2, 4], { length: 3 }),
        request(2, [2, 4], { length: 0 }),
        request(3, [2, 3]),
        request(4, [1, 6], { length: 1 }),
        request(5, [4, 5], { weight: PRIORITY_WEIGHTS.high, length: 2 }),
        request(6, [2, 5], { weight: PRIORITY_WEIGHTS.low }),
        request(7, [1, 2], { weight: PRIORITY_WEIGHTS.high }),
      ],
    };
    const result = schedule(input);
    expect(reasonOf(result, 1)).toBe("invalid_length");
    expect(reasonOf(result, 2)).toBe("invalid_length");
    expect(reasonOf(result, 3)).toBe("no_common_free_time");
    // Delegation 1 is free in slots 2 and 3, delegation 6 busy in 2: slot 3 has no table.
    expect(reasonOf(result, 4)).toBe("no_table");
    // 5 takes slots 0–1 and 7 takes slot 2 (the only one with a table where 1 is free): 6 has no room left.
    expect(startOf(result, 5)).toBe(0);
    expect(startOf(result, 7)).toBe(2);
    expect(reasonOf(result, 6)).toBe("outranked");
  });

  it("never puts a person in two meetings at once, across requests of different delegations", () => {
    const twoTables = slots(1, 1, 2);
    const input: BilateralSchedulerInput = {
      slots: twoTables,
      delegations: [{ id: 1, teams: 2 }, { id: 2 }, { id: 3 }],
      requests: [request(1, [1, 2], { attendees: [5, 20] }), request(2, [1, 3], { attendees: [5, 30] })],
    };
    expect(schedule(input).placed).toHaveLength(1);
    expect(schedule({ ...input, requests: [request(1, [1, 2], { attendees: [5] }), request(2, [1, 3], { attendees: [6] })] }).placed).toHaveLength(2);
    expect(schedule({ ...input, slots: slots(2, 2, 2) }).placed).toHaveLength(2);
  });

  it("never places a meeting where an attendee is busy, and says why when nowhere is left", () => {
    const input: BilateralSchedulerInput = {
      slots: slots(3, 3, 1),
      delegations: [{ id: 1 }, { id: 2 }, { id: 3 }],
      // Person 5 speaks in slots 0 and 1; person 6 is busy throughout; person 7 attends nothing here.
      people: [
        { id: 5, busySlots: [0, 1] },
        { id: 6, busySlots: [0, 1, 2] },
        { id: 7, busySlots: [2] },
      ],
      requests: [request(1, [1, 2], { attendees: [5], preferredStarts: [0] }), request(2, [1, 3], { attendees: [6] })],
    };
    const result = schedule(input);
    expect(startOf(result, 1)).toBe(2);
    expect(reasonOf(result, 2)).toBe("no_common_free_time");
    // Without the busy slots both fit, the first at its preferred start.
    const free = schedule({ ...input, people: [] });
    expect(startOf(free, 1)).toBe(0);
    expect(free.placed).toHaveLength(2);
  });

  it("lets a delegation hold as many meetings at once as it has teams", () => {
    const input: BilateralSchedulerInput = {
      slots: slots(1, 1, 5),
      delegations: [{ id: 1, teams: 2 }, { id: 2 }, { id: 3 }, { id: 4 }],
      requests: [request(1, [1, 2]), request(2, [1, 3]), request(3, [1, 4])],
    };
    const result = schedule(input);
    expect(result.placed).toHaveLength(2);
    expect(new Set(result.placed.map((m) => m.table)).size).toBe(2);
    expect(schedule({ ...input, delegations: [{ id: 1, teams: 3 }] }).placed).toHaveLength(3);
  });

  it("never lets a meeting span two windows", () => {
    // Slots 1 and 2 follow each other but belong to different windows.
    const input: BilateralSchedulerInput = {
      slots: slots(4, 2, 1),
      delegations: [{ id: 1, busySlots: [0, 3] }, { id: 2 }],
      requests: [request(1, [1, 2], { length: 2 })],
    };
    expect(schedule(input).unplaced).toEqual([{ requestId: 1, reason: "no_common_free_time" }]);
    const freed = schedule({ ...input, delegations: [{ id: 1, busySlots: [0] }, { id: 2 }] });
    expect(freed.placed).toEqual([{ requestId: 1, start: 2, length: 2, table: 1 }]);
  });

  it("keeps one table for a whole meeting when slots have different numbers of tables", () => {
    // Slot 0 has two tables, slot 1 one: the 2-slot meeting needs table 1, the other takes table 2.
    const shrinking = schedule({
      slots: slots(2, 2, [2, 1]),
      delegations: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      requests: [request(1, [1, 2]), request(2, [3, 4], { length: 2 })],
    });
    expect(shrinking.placed).toEqual([
      { requestId: 2, start: 0, length: 2, table: 1 },
      { requestId: 1, start: 0, length: 1, table: 2 },
    ]);
    // One, two, one tables: two 2-slot meetings both need table 1 in slot 1, so only one can run.
    const narrowEnds = schedule({
      slots: slots(3, 3, [1, 2, 1]),
      delegations: [{ id: 1, busySlots: [2] }, { id: 2 }, { id: 3, busySlots: [0] }, { id: 4 }],
      requests: [request(1, [1, 2], { length: 2 }), request(2, [3, 4], { length: 2 })],
    });
    expect(narrowEnds.placed).toHaveLength(1);
    expect(narrowEnds.unplaced).toHaveLength(1);
  });

  it("prefers a preferred start when it costs nothing", () => {
    const result = schedule({
      slots: slots(4, 4, 1),
      delegations: [{ id: 1 }, { id: 2 }],
      requests: [request(1, [1, 2], { preferredStarts: [3] })],
    });
    expect(result.objective).toEqual({ mustMeets: 0, weight: 2, preferred: 1 });
  });

  it("reports progress up to the total", () => {
    const calls: Array<[number, number]> = [];
    const random = seededRandom(5);
    const requests = Array.from({ length: 600 }, (_, i) => request(i + 1, [1 + (i % 40), 41 + (i % 7)], { length: 1 + (i % 2) }));
    const input = { slots: slots(8, 4, 3), delegations: [], requests: shuffled(requests, random) };
    const result = scheduleBilaterals(input, { onProgress: (done, total) => calls.push([done, total]) });
    expect(violations(input, result)).toEqual([]);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)?.[0]).toBe(calls.at(-1)?.[1]);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1][0])).toBe(true);
  });

  it("matches the brute-force optimum on most small random cases and never exceeds it", () => {
    const random = seededRandom(20110328);
    const instances = 30;
    let sameWeight = 0;
    let optimal = 0;
    for (let i = 0; i < instances; i++) {
      const input = randomInstance(random);
      const result = schedule(input);
      const best = bruteForceOptimum(input);
      const gap = [best.mustMeets - result.objective.mustMeets, best.weight - result.objective.weight, best.preferred - result.objective.preferred];
      const lexicographicDifference = gap.find((value) => value !== 0) ?? 0;
      expect(lexicographicDifference).toBeGreaterThanOrEqual(0);
      // Every must-meet the optimum can place, the scheduler places.
      expect(result.objective.mustMeets).toBe(best.mustMeets);
      if (gap[1] === 0) sameWeight++;
      if (lexicographicDifference === 0) optimal++;
    }
    // Stated shares, from this seed's 30 cases (29 reach the optimal weight and 25 the optimum on
    // all three criteria; the misses are a preferred time short, or 1 of weight, found only by
    // exchanging placed requests for unplaced ones of the same value).
    expect(sameWeight).toBeGreaterThanOrEqual(Math.ceil(instances * 0.9));
    expect(optimal).toBeGreaterThanOrEqual(Math.ceil(instances * 0.8));
  });
});
