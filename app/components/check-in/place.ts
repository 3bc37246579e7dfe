/*
 * Where staff check people in, as it travels in the page's address and forms: `day:2011-03-28` for
 * the door on that day, `session:42` for a session. Whether the day or session is the event's is
 * the model's to say.
 */

export type PlaceValue = { kind: "door"; day: string } | { kind: "session"; sessionId: number };

const DOOR = /^day:(\d{4}-\d{2}-\d{2})$/;
const SESSION = /^session:([1-9][0-9]{0,9})$/;

export function parsePlace(value: string | null | undefined): PlaceValue | null {
  if (!value) return null;
  const door = DOOR.exec(value);
  if (door) return { kind: "door", day: door[1] };
  const session = SESSION.exec(value);
  if (session && Number(session[1]) <= 2_147_483_647) return { kind: "session", sessionId: Number(session[1]) };
  return null;
}

export function placeValue(place: PlaceValue): string {
  return place.kind === "door" ? `day:${place.day}` : `session:${place.sessionId}`;
}
