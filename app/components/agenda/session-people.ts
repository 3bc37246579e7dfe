import type { PersonRole } from "../../../db/schema";

/** The order a programme names people in: the moderator first, then who speaks (speakers, panelists), then the chair and the host. */
export const ROLE_ORDER: readonly PersonRole[] = ["moderator", "speaker", "panelist", "chair", "host"];

export function groupByRole<P extends { role: PersonRole }>(people: readonly P[]): Array<{ role: PersonRole; people: P[] }> {
  return ROLE_ORDER.map((role) => ({ role, people: people.filter((person) => person.role === role) })).filter((group) => group.people.length > 0);
}

/** Chinese readers get the name in its own script when there is one; everyone else the Latin one. */
export function displayName(person: { name: string; name_native?: string | null; nameNative?: string | null }, language: string): string {
  const native = person.name_native ?? person.nameNative;
  return language === "zh-TW" && native ? native : person.name;
}
