import { localToUtc } from "../../lib/zoned-time";

/** The instant of a local day and time in `zone`, for times the fixture gives in the event's zone. */
export function utc(day: string, time: string, zone: string): string {
  const result = localToUtc(day, time, zone);
  if (!result.ok) throw new Error(`${day} ${time} is ${result.reason} in ${zone}`);
  return result.iso;
}

/** The value of `key`, which the fixture promises exists: a missing one fails the seed, naming it. */
export function required<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`The demo seed refers to an unknown ${what}: ${String(key)}`);
  return value;
}
