/**
 * The bilateral-meeting scheduler, from plain data (no database): given the event's slots, the
 * tables free in each, the delegations (how many meetings each can hold at once, when each is
 * busy), when attendees are busy, the requests and the meetings already booked by hand, it gives
 * a start and a table to as many requests as it can. The objective is lexicographic: first the
 * number of must-meet requests placed, then their total weight (priority high 3, normal 2, low 1),
 * then how many start at one of their preferred times.
 *
 * Rules a schedule keeps in every slot: a delegation holds at most `teams` meetings, a person
 * attends at most one, and no table holds two; a meeting runs in consecutive slots of one window
 * and keeps one table throughout. Locked meetings stay exactly where they are and use capacity.
 *
 * Repair: after cancellations or new requests, run it again with every booked meeting locked and
 * the unscheduled requests as `requests`. Nothing booked moves, so the result can be applied as
 * new bookings only.
 *
 * Method: must-meets alone first (the hardest to place first), then the others by weight per slot;
 * each request, in a greedy pass, takes the start that leaves its delegations and the tables the
 * most room according to the other requests' demand. Then bounded passes of local improvement: an
 * unplaced request takes a start where it fits once the one or two meetings in its way move
 * elsewhere (chains of such moves, a few levels deep, undone when they fail), or, failing that,
 * where the meetings in its way are together worth less (or as much but hold more slots), which
 * are then ejected and placed again where they fit. Then a pass moving meetings to preferred
 * times where that loses nothing, then tables. The same input, in any order, gives the same
 * output: every order breaks ties by id, and nothing is random.
 */

export const PRIORITY_WEIGHTS = { high: 3, normal: 2, low: 1 } as const;
export type BilateralPriority = keyof typeof PRIORITY_WEIGHTS;

export interface BilateralSlot {
  /** Slots of one window have consecutive indexes. */
  index: number;
  startsAt: string;
  windowId: number;
  /** Tables free in this slot. */
  tables: number;
}

export interface BilateralDelegation {
  id: number;
  /** How many meetings it can hold at once; 1 when absent. */
  teams?: number;
  /** Indexes of the slots where it cannot meet. */
  busySlots?: readonly number[];
}

export interface BilateralRequest {
  id: number;
  /** The two delegations' ids. */
  sides: readonly [number, number];
  /** In slots. */
  length: number;
  /** From `PRIORITY_WEIGHTS`. */
  weight: number;
  mustMeet: boolean;
  /** Slot indexes where the meeting would preferably start. */
  preferredStarts?: readonly number[];
  /** Person ids of everyone attending, on both sides. */
  attendees: readonly number[];
}

/** An attendee who cannot meet in some slots (a session they speak at or hold a seat in). */
export interface BilateralPerson {
  id: number;
  /** Indexes of the slots where they cannot attend a meeting. */
  busySlots: readonly number[];
}

/** A meeting already booked: it keeps its start and table. */
export interface LockedMeeting {
  requestId: number;
  sides: readonly [number, number];
  attendees: readonly number[];
  /** Slot index. */
  start: number;
  length: number;
  table: number;
}

export interface BilateralSchedulerInput {
  slots: readonly BilateralSlot[];
  delegations: readonly BilateralDelegation[];
  /** Requests to place; a request whose id is among the locked meetings is already placed and ignored. */
  requests: readonly BilateralRequest[];
  locked?: readonly LockedMeeting[];
  /** Attendees' busy slots; a request with a busy attendee cannot start where it would cover one. */
  people?: readonly BilateralPerson[];
}

export interface PlacedMeeting {
  requestId: number;
  /** Slot index of the first slot. */
  start: number;
  length: number;
  table: number;
}

/**
 * Why a request got no start: `invalid_length` (not a whole number of slots fitting in any
 * window), `no_common_free_time` (no start where both delegations and every attendee are free,
 * locked meetings counted), `no_table` (such starts exist but none has a table), `outranked` (it
 * fits alone, but the capacity went to requests worth more).
 */
export type UnplacedReason = "invalid_length" | "no_common_free_time" | "no_table" | "outranked";

export interface BilateralObjective {
  mustMeets: number;
  weight: number;
  preferred: number;
}

export interface BilateralSchedule {
  /** New meetings (locked ones are not repeated), by start, then table. */
  placed: PlacedMeeting[];
  /** By request id. */
  unplaced: Array<{ requestId: number; reason: UnplacedReason }>;
  /** Of the placed requests only. */
  objective: BilateralObjective;
}

export interface SchedulerOptions {
  /** Called during the run with work done and total work, last with done = total. */
  onProgress?: (done: number, total: number) => void;
}

/** Lexicographic comparison of two objectives: positive when `a` is better. */
export function compareObjectives(a: BilateralObjective, b: BilateralObjective): number {
  return a.mustMeets - b.mustMeets || a.weight - b.weight || a.preferred - b.preferred;
}

const IMPROVEMENT_PASSES = 3;
/** Placed meetings an unplaced request may try to displace in one pass: keeps large runs fast. */
const DISPLACEMENT_TRIALS = 8;
const PROGRESS_EVERY = 256;

interface Candidate {
  id: number;
  left: number;
  right: number;
  /** Dense person indexes, without repeats. */
  people: number[];
  length: number;
  weight: number;
  mustMeet: boolean;
  preferred: Set<number>;
  /** Slot positions where it may start once locked meetings are counted. */
  starts: number[];
  start: number;
}

/** Positive when `a` is worth more than `b` (must-meet first, then weight). */
function compareValue(a: Candidate, b: Candidate) {
  return Number(a.mustMeet) - Number(b.mustMeet) || a.weight - b.weight;
}

function denseIndex() {
  const indexes = new Map<number, number>();
  return {
    indexes,
    of(id: number) {
      let index = indexes.get(id);
      if (index === undefined) {
        index = indexes.size;
        indexes.set(id, index);
      }
      return index;
    },
  };
}

/** Work done and total work, as a run reports it now and then. */
export type SchedulerProgress = readonly [done: number, total: number];

export function scheduleBilaterals(input: BilateralSchedulerInput, options: SchedulerOptions = {}): BilateralSchedule {
  const steps = scheduleInSteps(input);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    options.onProgress?.(next.value[0], next.value[1]);
  }
}

/**
 * The same run, as a generator that yields its progress every few hundred steps (last with done =
 * total) and returns the schedule: a caller may pause between steps, e.g. to stream the progress
 * or to let a server answer other requests meanwhile.
 */
export function* scheduleInSteps(input: BilateralSchedulerInput): Generator<SchedulerProgress, BilateralSchedule, void> {
  const slots = [...input.slots].sort((a, b) => a.index - b.index);
  const slotCount = slots.length;
  const positionOf = new Map(slots.map((slot, position) => [slot.index, position]));
  // The last position reachable from each position through consecutive slots of its window.
  const runEnd = new Array<number>(slotCount);
  for (let position = slotCount - 1; position >= 0; position--) {
    const next = slots[position + 1];
    const joined = next !== undefined && next.windowId === slots[position].windowId && next.index === slots[position].index + 1;
    runEnd[position] = joined ? runEnd[position + 1] : position;
  }
  const tableCap = slots.map((slot) => Math.max(0, Math.floor(slot.tables)));

  const delegationIndex = denseIndex();
  const personIndex = denseIndex();
  const delegations = [...input.delegations].sort((a, b) => a.id - b.id);
  for (const delegation of delegations) delegationIndex.of(delegation.id);
  const locked = input.locked ?? [];
  const lockedIds = new Set(locked.map((meeting) => meeting.requestId));
  const requests = input.requests.filter((request) => !lockedIds.has(request.id)).sort((a, b) => a.id - b.id);
  // Loops over every request or meeting run in callbacks: V8 optimizes such a small function within
  // a few calls, whereas this generator is large, slow to compile, and drops back to unoptimized
  // code when the input changes shape (as a repair's locked meetings do).
  //
  // Each request's sides and attendees (without repeats) as dense indexes, looked up once. Only the
  // requests' attendees get one: a person in locked meetings alone never limits a start.
  const leftOf = new Int32Array(requests.length);
  const rightOf = new Int32Array(requests.length);
  const peopleOf = requests.map((request, index) => {
    leftOf[index] = delegationIndex.of(request.sides[0]);
    rightOf[index] = delegationIndex.of(request.sides[1]);
    const people: number[] = [];
    for (const person of request.attendees) {
      const p = personIndex.of(person);
      if (!people.includes(p)) people.push(p);
    }
    return people;
  });
  locked.forEach((meeting) => meeting.sides.forEach((side) => delegationIndex.of(side)));
  const delegationCount = delegationIndex.indexes.size;
  const personCount = personIndex.indexes.size;

  const teams = new Int32Array(delegationCount).fill(1);
  const busy = new Uint8Array(delegationCount * slotCount);
  delegations.forEach((delegation) => {
    const d = delegationIndex.of(delegation.id);
    teams[d] = Math.max(0, Math.floor(delegation.teams ?? 1));
    for (const slotIndex of delegation.busySlots ?? []) {
      const position = positionOf.get(slotIndex);
      if (position !== undefined) busy[d * slotCount + position] = 1;
    }
  });

  const personBusy = new Uint8Array(personCount * slotCount);
  (input.people ?? []).forEach((person) => {
    const p = personIndex.indexes.get(person.id);
    if (p === undefined) return;
    for (const slotIndex of person.busySlots) {
      const position = positionOf.get(slotIndex);
      if (position !== undefined) personBusy[p * slotCount + position] = 1;
    }
  });

  const delegationLoad = new Int32Array(delegationCount * slotCount);
  const personLoad = new Int32Array(personCount * slotCount);
  const tableLoad = new Int32Array(slotCount);
  /** Meetings placed by this run in each slot, for finding what blocks a start. */
  const meetingsInSlot: Array<Set<Candidate>> = slots.map(() => new Set());

  const occupy = (left: number, right: number, people: readonly number[], start: number, length: number, delta: number) => {
    for (let position = start; position < start + length; position++) {
      delegationLoad[left * slotCount + position] += delta;
      delegationLoad[right * slotCount + position] += delta;
      for (const person of people) personLoad[person * slotCount + position] += delta;
      tableLoad[position] += delta;
    }
  };

  const outsideWindows = (meeting: LockedMeeting) => {
    const start = positionOf.get(meeting.start);
    return start === undefined || start + meeting.length - 1 > runEnd[start];
  };
  locked.forEach((meeting) => {
    if (outsideWindows(meeting)) {
      const first = locked.filter(outsideWindows).sort((a, b) => a.requestId - b.requestId)[0];
      throw new Error(`Locked meeting of request ${first.requestId} is not inside one window.`);
    }
    const start = positionOf.get(meeting.start) as number;
    const people: number[] = [];
    for (const person of meeting.attendees) {
      const p = personIndex.indexes.get(person);
      if (p !== undefined && !people.includes(p)) people.push(p);
    }
    occupy(delegationIndex.of(meeting.sides[0]), delegationIndex.of(meeting.sides[1]), people, start, meeting.length, 1);
  });

  /** Whether the two sides and the people have room in every slot (`withTables`: and a table). */
  const roomFor = (left: number, right: number, people: readonly number[], start: number, length: number, withTables: boolean) => {
    const sameSide = left === right;
    for (let position = start; position < start + length; position++) {
      if (busy[left * slotCount + position] || busy[right * slotCount + position]) return false;
      const leftLoad = delegationLoad[left * slotCount + position] + (sameSide ? 2 : 1);
      if (leftLoad > teams[left]) return false;
      if (!sameSide && delegationLoad[right * slotCount + position] + 1 > teams[right]) return false;
      for (const person of people) if (personLoad[person * slotCount + position] > 0 || personBusy[person * slotCount + position]) return false;
      if (withTables && tableLoad[position] >= tableCap[position]) return false;
    }
    return true;
  };
  const fits = (candidate: Candidate, start: number) => roomFor(candidate.left, candidate.right, candidate.people, start, candidate.length, true);

  const reasons = new Map<number, UnplacedReason>();
  const candidates: Candidate[] = [];
  const noPreference = new Set<number>();
  requests.forEach((request, index) => {
    const length = request.length;
    const left = leftOf[index];
    const right = rightOf[index];
    const people = peopleOf[index];
    // One sweep: whether any start lies in a window, whether any is free, and those with a table too.
    let inWindow = false;
    let free = false;
    // Allocated at the first start only: in a repair most requests have none.
    let starts: number[] | undefined;
    if (Number.isInteger(length) && length >= 1) {
      for (let start = 0; start < slotCount; start++) {
        if (start + length - 1 > runEnd[start]) continue;
        inWindow = true;
        if (!roomFor(left, right, people, start, length, false)) continue;
        free = true;
        let tables = true;
        for (let position = start; position < start + length && tables; position++) tables = tableLoad[position] < tableCap[position];
        if (tables) (starts ??= []).push(start);
      }
    }
    if (!starts) {
      reasons.set(request.id, !inWindow ? "invalid_length" : !free ? "no_common_free_time" : "no_table");
      return;
    }
    let preferred = noPreference;
    for (const slotIndex of request.preferredStarts ?? []) {
      const position = positionOf.get(slotIndex);
      if (position === undefined) continue;
      if (preferred === noPreference) preferred = new Set();
      preferred.add(position);
    }
    candidates.push({ id: request.id, left, right, people, length, weight: request.weight, mustMeet: request.mustMeet, preferred, starts, start: -1 });
  });

  // Expected demand on each delegation and on the tables in each slot, spread evenly over each
  // request's possible starts: a start through crowded slots costs the others more.
  const delegationDemand = new Float64Array(delegationCount * slotCount);
  const tableDemand = new Float64Array(slotCount);
  candidates.forEach((candidate) => {
    const share = 1 / candidate.starts.length;
    for (const start of candidate.starts) {
      for (let position = start; position < start + candidate.length; position++) {
        delegationDemand[candidate.left * slotCount + position] += share;
        delegationDemand[candidate.right * slotCount + position] += share;
        tableDemand[position] += share;
      }
    }
  });
  const costOf = (candidate: Candidate, start: number) => {
    let cost = 0;
    for (let position = start; position < start + candidate.length; position++) {
      cost += delegationDemand[candidate.left * slotCount + position] / Math.max(1, teams[candidate.left]);
      cost += delegationDemand[candidate.right * slotCount + position] / Math.max(1, teams[candidate.right]);
      cost += tableDemand[position] / Math.max(1, tableCap[position]);
    }
    return cost;
  };

  /** Each slot's meetings, cheapest to eject first; recomputed when the slot changes. */
  const sortedInSlot: Array<Candidate[] | undefined> = slots.map(() => undefined);
  /**
   * When each slot last changed, counted in placements: a request that failed is tried again only
   * after a change in its reach. Moves of a chain count once it succeeds (`stamp` false until then).
   */
  let changes = 0;
  const changedAt = new Array<number>(slotCount).fill(0);
  const stampChange = (start: number, length: number) => {
    for (let position = start; position < start + length; position++) changedAt[position] = ++changes;
  };
  const place = (candidate: Candidate, start: number, stamp = true) => {
    candidate.start = start;
    occupy(candidate.left, candidate.right, candidate.people, start, candidate.length, 1);
    for (let position = start; position < start + candidate.length; position++) {
      meetingsInSlot[position].add(candidate);
      sortedInSlot[position] = undefined;
    }
    if (stamp) stampChange(start, candidate.length);
  };
  const unplace = (candidate: Candidate, stamp = true) => {
    occupy(candidate.left, candidate.right, candidate.people, candidate.start, candidate.length, -1);
    for (let position = candidate.start; position < candidate.start + candidate.length; position++) {
      meetingsInSlot[position].delete(candidate);
      sortedInSlot[position] = undefined;
    }
    if (stamp) stampChange(candidate.start, candidate.length);
    candidate.start = -1;
  };
  /** The fitting start that costs the others least, a preferred one on a tie; -1 when none fits. */
  const bestStart = (candidate: Candidate, except = -1) => {
    let best = -1;
    let bestCost = Infinity;
    for (const start of candidate.starts) {
      if (start === except || !fits(candidate, start)) continue;
      const cost = costOf(candidate, start) - (candidate.preferred.has(start) ? 1e-9 : 0);
      if (cost < bestCost) {
        best = start;
        bestCost = cost;
      }
    }
    return best;
  };

  const order = [...candidates].sort(
    (a, b) =>
      Number(b.mustMeet) - Number(a.mustMeet) ||
      // Must-meets count one each: the hardest to place go first. Others by weight per slot.
      (a.mustMeet ? a.starts.length - b.starts.length || a.length - b.length : b.weight / b.length - a.weight / a.length) ||
      b.weight - a.weight ||
      a.starts.length - b.starts.length ||
      a.id - b.id,
  );
  const total = order.length * (1 + IMPROVEMENT_PASSES) + 1;
  let done = 0;
  /** Counts one step; true when its progress is to be reported. */
  const step = () => ++done % PROGRESS_EVERY === 0;

  /** Placed meetings standing in the way of `candidate` starting at `start`. */
  const blockersOf = (candidate: Candidate, start: number) => {
    const blockers = new Set<Candidate>();
    for (let position = start; position < start + candidate.length; position++) {
      const tablesFull = tableLoad[position] >= tableCap[position];
      const leftFull = delegationLoad[candidate.left * slotCount + position] + 1 > teams[candidate.left];
      const rightFull = delegationLoad[candidate.right * slotCount + position] + 1 > teams[candidate.right];
      for (const other of meetingsInSlot[position]) {
        if (
          tablesFull ||
          (leftFull && (other.left === candidate.left || other.right === candidate.left)) ||
          (rightFull && (other.left === candidate.right || other.right === candidate.right)) ||
          other.people.some((person) => candidate.people.includes(person))
        ) {
          blockers.add(other);
        }
      }
    }
    return [...blockers].sort((a, b) => compareValue(a, b) || a.id - b.id);
  };

  /** Cheaper to eject first: less value, then more slots held (frees more room), then by id. */
  const cheaperFirst = (a: Candidate, b: Candidate) => compareValue(a, b) || b.length - a.length || a.id - b.id;

  const cheapestInSlot = (position: number) => (sortedInSlot[position] ??= [...meetingsInSlot[position]].sort(cheaperFirst));
  /**
   * The placed meetings to eject so that `candidate` fits at `start`: all that share an attendee,
   * the cheapest ones of each side that is out of teams, and then, in each slot still out of
   * tables, its cheapest meeting. (Locked meetings never count: starts leave room for them.)
   */
  const ejectionSet = (candidate: Candidate, start: number) => {
    const ejected = new Set<Candidate>();
    const end = start + candidate.length;
    for (let position = start; position < end; position++) {
      const here = cheapestInSlot(position);
      for (const other of here) if (other.people.some((person) => candidate.people.includes(person))) ejected.add(other);
      for (const side of candidate.left === candidate.right ? [candidate.left] : [candidate.left, candidate.right]) {
        const need = (candidate.left === candidate.right ? 2 : 1) + delegationLoad[side * slotCount + position] - teams[side];
        let removed = 0;
        for (const other of ejected)
          if ((other.left === side || other.right === side) && other.start <= position && position < other.start + other.length) removed++;
        for (const other of here) {
          if (removed >= need) break;
          if (ejected.has(other) || (other.left !== side && other.right !== side)) continue;
          ejected.add(other);
          removed++;
        }
      }
    }
    for (let position = start; position < end; position++) {
      const here = cheapestInSlot(position);
      let load = tableLoad[position];
      for (const other of ejected) if (other.start <= position && position < other.start + other.length) load--;
      for (const other of here) {
        if (load < tableCap[position]) break;
        if (ejected.has(other)) continue;
        ejected.add(other);
        load--;
      }
    }
    return [...ejected];
  };

  let trials = 0;
  /**
   * The ejection sets of the request being inserted, kept while the placements are as they were
   * (nothing in the journal: a failed chain is rolled back), as the chain and then the ejection
   * look at the same starts.
   */
  let inserting: { candidate: Candidate; sets: Map<number, Candidate[]> } | undefined;
  const blockersAt = (meeting: Candidate, start: number) => {
    if (inserting?.candidate !== meeting || journal.length > 0) return ejectionSet(meeting, start);
    let set = inserting.sets.get(start);
    if (!set) inserting.sets.set(start, (set = ejectionSet(meeting, start)));
    return set;
  };
  /** Changes made by `placeChain`, to undo those of a failed attempt. */
  const journal: Array<{ meeting: Candidate; from: number }> = [];
  const moveTo = (meeting: Candidate, start: number) => {
    journal.push({ meeting, from: meeting.start });
    if (meeting.start >= 0) unplace(meeting, false);
    if (start >= 0) place(meeting, start, false);
  };
  const rollBack = (mark: number) => {
    while (journal.length > mark) {
      const { meeting, from } = journal.pop() as { meeting: Candidate; from: number };
      if (meeting.start >= 0) unplace(meeting, false);
      if (from >= 0) place(meeting, from, false);
    }
  };

  /**
   * Places the unplaced `meeting` at a fitting start or, `depth` levels deep, at a start where it
   * fits once the one or two meetings in its way move elsewhere the same way. False (and nothing
   * changed) when it cannot, or when the trials run out.
   */
  const placeChain = (meeting: Candidate, depth: number): boolean => {
    const start = bestStart(meeting);
    if (start >= 0) {
      moveTo(meeting, start);
      return true;
    }
    if (depth === 0) return false;
    for (const start of meeting.starts) {
      const blockers = blockersAt(meeting, start);
      if (blockers.length > 2) continue;
      if (++trials > DISPLACEMENT_TRIALS * (meeting.mustMeet ? 4 : 1)) return false;
      const mark = journal.length;
      for (const blocker of blockers) moveTo(blocker, -1);
      moveTo(meeting, start);
      if (blockers.every((blocker) => placeChain(blocker, depth - 1))) return true;
      rollBack(mark);
    }
    return false;
  };
  /**
   * Whether `meeting` could be placed with every placed meeting kept (moved at most): that needs
   * as many free places as it holds slots among the tables and each of its sides, over all slots.
   * False once the tables are full, as they are after a full solve and so in a repair.
   */
  const roomLeftFor = (meeting: Candidate) => {
    const length = meeting.length;
    let tables = 0;
    for (let position = 0; position < slotCount; position++) tables += Math.max(0, tableCap[position] - tableLoad[position]);
    if (tables < length) return false;
    let left = 0;
    let right = 0;
    for (let position = 0; position < slotCount; position++) {
      if (!busy[meeting.left * slotCount + position]) left += Math.max(0, teams[meeting.left] - delegationLoad[meeting.left * slotCount + position]);
      if (!busy[meeting.right * slotCount + position]) right += Math.max(0, teams[meeting.right] - delegationLoad[meeting.right * slotCount + position]);
    }
    return meeting.left === meeting.right ? left >= 2 * length : left >= length && right >= length;
  };
  const placeSomewhere = (meeting: Candidate, depth: number) => {
    if (!roomLeftFor(meeting)) return false;
    const placed = placeChain(meeting, depth);
    if (placed) {
      // A chain that was rolled back changed nothing: only one that succeeded lets failed requests try again.
      for (const { meeting: moved, from } of journal) {
        if (from >= 0) stampChange(from, moved.length);
        stampChange(moved.start, moved.length);
      }
    }
    journal.length = 0;
    return placed;
  };

  const positiveWeights = candidates.every((candidate) => candidate.weight > 0);
  /** Whether `other` is worth no more than `candidate`, as `insertByDisplacing` compares. */
  const noDearer = (other: Candidate, candidate: Candidate) =>
    other.mustMeet ? candidate.mustMeet && other.weight <= candidate.weight : candidate.mustMeet || other.weight <= candidate.weight;
  /**
   * Whether the meetings `ejectionSet` takes out for `candidate` at `start` could be worth less
   * than it. With positive weights each of them is then worth no more, so each one sharing an
   * attendee must be, and in every slot each full side and full table needs such a meeting to go.
   */
  const mayEject = (candidate: Candidate, start: number) => {
    if (!positiveWeights) return true;
    const sameSide = candidate.left === candidate.right;
    for (let position = start; position < start + candidate.length; position++) {
      let table = tableLoad[position] < tableCap[position];
      let left = delegationLoad[candidate.left * slotCount + position] + (sameSide ? 2 : 1) <= teams[candidate.left];
      let right = sameSide || delegationLoad[candidate.right * slotCount + position] + 1 <= teams[candidate.right];
      for (const other of meetingsInSlot[position]) {
        if (!noDearer(other, candidate)) {
          if (other.people.some((person) => candidate.people.includes(person))) return false;
          continue;
        }
        table = true;
        left ||= other.left === candidate.left || other.right === candidate.left;
        right ||= other.left === candidate.right || other.right === candidate.right;
      }
      if (!table || !left || !right) return false;
    }
    return true;
  };

  /**
   * Places `candidate` by moving placed meetings elsewhere or, failing that, at the start where
   * the meetings in its way are together worth least, ejecting them all when they are worth less
   * (or as much, but hold more slots, which frees room) and placing them again where they fit.
   * Every accepted change raises the objective or keeps it and frees slots, so passes cannot cycle.
   */
  const insertByDisplacing = (candidate: Candidate) => {
    trials = 0;
    inserting = { candidate, sets: new Map() };
    if (placeSomewhere(candidate, candidate.mustMeet ? 3 : 2)) {
      inserting = undefined;
      return true;
    }
    let best: { start: number; blockers: Candidate[]; mustMeets: number; weight: number; length: number } | undefined;
    for (const start of candidate.starts) {
      if (!mayEject(candidate, start)) continue;
      const blockers = blockersAt(candidate, start);
      let mustMeets = 0;
      let weight = 0;
      let length = 0;
      for (const blocker of blockers) {
        mustMeets += Number(blocker.mustMeet);
        weight += blocker.weight;
        length += blocker.length;
      }
      const versusCandidate = mustMeets - Number(candidate.mustMeet) || weight - candidate.weight || candidate.length - length;
      if (versusCandidate >= 0) continue;
      if (!best || (mustMeets - best.mustMeets || weight - best.weight || best.length - length) < 0) best = { start, blockers, mustMeets, weight, length };
    }
    inserting = undefined;
    if (!best) return false;
    // Everything in the way is ejected, so the candidate fits.
    for (const blocker of best.blockers) unplace(blocker);
    place(candidate, best.start);
    for (const blocker of [...best.blockers].sort((a, b) => compareValue(b, a) || a.id - b.id)) {
      trials = 0;
      placeSomewhere(blocker, 1);
    }
    return true;
  };

  /** The greedy pass over `group`, then passes of improvement over it. */
  const scheduleGroup = function* (group: Candidate[]): Generator<SchedulerProgress, void, void> {
    for (const candidate of group) {
      const start = bestStart(candidate);
      if (start >= 0) place(candidate, start);
      if (step()) yield [done, total];
    }
    const failedAt = new Map<Candidate, number>();
    const changedSince = (candidate: Candidate, since: number) =>
      candidate.starts.some((start) => {
        for (let position = start; position < start + candidate.length; position++) if (changedAt[position] > since) return true;
        return false;
      });
    for (let pass = 0; pass < IMPROVEMENT_PASSES; pass++) {
      let improved = false;
      for (const candidate of group) {
        const failed = failedAt.get(candidate);
        if (candidate.start < 0 && (failed === undefined || changedSince(candidate, failed))) {
          const start = bestStart(candidate);
          if (start >= 0) {
            place(candidate, start);
            improved = true;
          } else if (insertByDisplacing(candidate)) {
            improved = true;
          } else {
            failedAt.set(candidate, changes);
          }
        }
        if (step()) yield [done, total];
      }
      if (!improved) {
        done += group.length * (IMPROVEMENT_PASSES - pass - 1);
        break;
      }
    }
  };
  // Must-meets alone first: moving one to make room for another is easiest while nothing else is placed.
  yield* scheduleGroup(order.filter((candidate) => candidate.mustMeet));
  yield* scheduleGroup(order.filter((candidate) => !candidate.mustMeet));

  // Preferred times only once nothing more can be placed: move a meeting to one where it fits,
  // or where it fits once another meeting moves to a start that loses no preferred match.
  const atPreferred = (meeting: Candidate) => meeting.preferred.has(meeting.start);
  order.forEach((candidate) => {
    if (candidate.start < 0 || atPreferred(candidate)) return;
    const start = candidate.start;
    unplace(candidate);
    let moved = false;
    for (const preferred of candidate.starts) {
      if (!candidate.preferred.has(preferred)) continue;
      if (fits(candidate, preferred)) {
        place(candidate, preferred);
        moved = true;
        break;
      }
      for (const blocker of blockersOf(candidate, preferred)) {
        if (atPreferred(blocker)) continue;
        const blockerStart = blocker.start;
        unplace(blocker);
        if (fits(candidate, preferred)) {
          place(candidate, preferred);
          const elsewhere = blocker.starts.find((position) => blocker.preferred.has(position) && fits(blocker, position)) ?? bestStart(blocker);
          if (elsewhere >= 0) {
            place(blocker, elsewhere);
            moved = true;
            break;
          }
          unplace(candidate);
        }
        place(blocker, blockerStart);
      }
      if (moved) break;
    }
    if (!moved) place(candidate, start);
  });

  // Tables. Sorted by start, each meeting takes the lowest table free over its whole run: with
  // the same number of tables in every slot of a window and nothing locked, a free one always
  // exists (every meeting holding a table in its run started no later and so covers its first
  // slot, where the counting left one free). Where counts vary or locks sit in the way, a meeting
  // that finds none moves to another start with a table, or is left out as `no_table`.
  const tableTaken = slots.map(() => new Set<number>());
  locked.forEach((meeting) => {
    const start = positionOf.get(meeting.start) as number;
    for (let position = start; position < start + meeting.length; position++) tableTaken[position].add(meeting.table);
  });
  const freeTable = (start: number, length: number) => {
    let limit = Infinity;
    for (let position = start; position < start + length; position++) limit = Math.min(limit, tableCap[position]);
    for (let table = 1; table <= limit; table++) {
      let free = true;
      for (let position = start; position < start + length && free; position++) free = !tableTaken[position].has(table);
      if (free) return table;
    }
    return 0;
  };
  const tables = new Map<Candidate, number>();
  const takeTable = (candidate: Candidate, table: number) => {
    tables.set(candidate, table);
    for (let position = candidate.start; position < candidate.start + candidate.length; position++) tableTaken[position].add(table);
  };
  const placedInOrder = order.filter((candidate) => candidate.start >= 0).sort((a, b) => a.start - b.start || b.length - a.length || a.id - b.id);
  const withoutTable: Candidate[] = [];
  placedInOrder.forEach((candidate) => {
    const table = freeTable(candidate.start, candidate.length);
    if (table > 0) takeTable(candidate, table);
    else withoutTable.push(candidate);
  });
  for (const candidate of withoutTable) unplace(candidate);
  for (const candidate of withoutTable.sort((a, b) => compareValue(b, a) || a.id - b.id)) {
    const start = candidate.starts.find((position) => fits(candidate, position) && freeTable(position, candidate.length) > 0);
    if (start === undefined) {
      reasons.set(candidate.id, "no_table");
      continue;
    }
    place(candidate, start);
    takeTable(candidate, freeTable(start, candidate.length));
  }

  const placed: PlacedMeeting[] = [];
  const objective: BilateralObjective = { mustMeets: 0, weight: 0, preferred: 0 };
  order.forEach((candidate) => {
    const table = tables.get(candidate);
    if (candidate.start < 0 || table === undefined) {
      if (!reasons.has(candidate.id)) reasons.set(candidate.id, "outranked");
      return;
    }
    placed.push({ requestId: candidate.id, start: slots[candidate.start].index, length: candidate.length, table });
    objective.mustMeets += Number(candidate.mustMeet);
    objective.weight += candidate.weight;
    objective.preferred += Number(candidate.preferred.has(candidate.start));
  });
  placed.sort((a, b) => a.start - b.start || a.table - b.table);
  // `requests` is sorted by id already.
  const unplaced: BilateralSchedule["unplaced"] = [];
  requests.forEach((request, index) => {
    const reason = reasons.get(request.id);
    if (reason !== undefined && request.id !== requests[index - 1]?.id) unplaced.push({ requestId: request.id, reason });
  });
  yield [total, total];
  return { placed, unplaced, objective };
}
