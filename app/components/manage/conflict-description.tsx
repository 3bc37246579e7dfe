import { Link } from "@remix-run/react";
import { DateTime } from "luxon";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { listEventConflicts } from "~/models/session.server";
import type { Conflict } from "~/scheduling/conflicts";
import { formatDay, localized } from "~/utils/localized";

type ConflictListing = Awaited<ReturnType<typeof listEventConflicts>>;

/** What naming a conflict needs, as plain objects that travel to the browser. */
export interface ConflictLookup {
  sessions: Record<number, { id: number; title_en: string | null; title_zh: string | null; starts_at: string; ends_at: string }>;
  rooms: Record<number, { name_en: string | null; name_zh: string | null }>;
  people: Record<number, { name: string; nameNative: string | null }>;
  timeZone: string;
  firstDay: string;
  lastDay: string;
}

export function conflictLookup(
  listing: ConflictListing,
  event: { time_zone: string; starts_on: string; ends_on: string },
): ConflictLookup {
  return {
    sessions: Object.fromEntries(listing.sessions),
    rooms: Object.fromEntries(listing.rooms),
    people: Object.fromEntries(listing.people),
    timeZone: event.time_zone,
    firstDay: event.starts_on,
    lastDay: event.ends_on,
  };
}

const MARK = "\u0000";

/**
 * A translated sentence whose placeholders are React nodes (links, names). Text from the data never
 * passes through a markup parser: it only ever becomes a React text node.
 */
function sentence(t: (key: string, values: Record<string, string>) => string, key: string, parts: Record<string, ReactNode>): ReactNode[] {
  const markers = Object.fromEntries(Object.keys(parts).map((name) => [name, `${MARK}${name}${MARK}`]));
  return t(key, markers)
    .split(MARK)
    .map((piece, index) => <Fragment key={index}>{index % 2 === 1 ? parts[piece] : piece}</Fragment>);
}

function personName(person: { name: string; nameNative: string | null } | undefined, language: string): string {
  if (!person) return "?";
  if (!person.nameNative || person.nameNative === person.name) return person.name;
  return language === "zh-TW" ? `${person.nameNative} (${person.name})` : `${person.name} (${person.nameNative})`;
}

/** "Mon, Mar 28 15:00–17:00" in the event's zone. */
function sessionWhen(startsAt: string, endsAt: string, zone: string, language: string): string {
  const start = DateTime.fromISO(startsAt, { zone: "utc" }).setZone(zone).setLocale(language);
  const end = DateTime.fromISO(endsAt, { zone: "utc" }).setZone(zone);
  return `${start.toLocaleString({ weekday: "short", month: "short", day: "numeric" })} ${start.toFormat("HH:mm")}–${end.toFormat("HH:mm")}`;
}

function SessionReference({ sessionId, lookup, slug }: { sessionId: number; lookup: ConflictLookup; slug: string }) {
  const { i18n } = useTranslation();
  const session = lookup.sessions[sessionId];
  if (!session) return null;
  return (
    <>
      <Link to={`/events/${slug}/manage/sessions/${sessionId}`}>{localized(session.title_en, session.title_zh, i18n.language)}</Link>{" "}
      <span className="muted">({sessionWhen(session.starts_at, session.ends_at, lookup.timeZone, i18n.language)})</span>
    </>
  );
}

/**
 * One clash in the viewer's language. With `from`, it is told from that session's side ("Norma
 * Rivera is also in …"), as the warnings on its edit page; without, it names every session involved.
 */
export function ConflictDescription({ conflict, lookup, slug, from }: { conflict: Conflict; lookup: ConflictLookup; slug: string; from?: number }) {
  const { t, i18n } = useTranslation("manage");
  const language = i18n.language;
  const reference = (sessionId: number) => <SessionReference sessionId={sessionId} lookup={lookup} slug={slug} />;
  const roomName = (roomId: number) => {
    const room = lookup.rooms[roomId];
    return <strong>{room ? localized(room.name_en, room.name_zh, language) : "?"}</strong>;
  };

  switch (conflict.kind) {
    case "room_double_booked":
    case "person_double_booked": {
      const who =
        conflict.kind === "room_double_booked" ? roomName(conflict.roomId) : <strong>{personName(lookup.people[conflict.personId], language)}</strong>;
      const prefix = conflict.kind === "room_double_booked" ? "conflicts.room" : "conflicts.person";
      const [first, second] = conflict.sessionIds;
      if (from !== undefined) {
        return <>{sentence(t, `${prefix}.fromSession`, { who, other: reference(first === from ? second : first) })}</>;
      }
      return <>{sentence(t, `${prefix}.both`, { who, first: reference(first), second: reference(second) })}</>;
    }
    case "outside_event_days": {
      const days = { firstDay: formatDay(lookup.firstDay, language), lastDay: formatDay(lookup.lastDay, language) };
      if (from !== undefined) return <>{sentence(t, "conflicts.outside.fromSession", days)}</>;
      return <>{sentence(t, "conflicts.outside.session", { ...days, session: reference(conflict.sessionId) })}</>;
    }
    case "over_room_capacity": {
      const numbers = {
        room: roomName(conflict.roomId),
        capacity: conflict.capacity.toLocaleString(language),
        roomCapacity: conflict.roomCapacity.toLocaleString(language),
      };
      if (from !== undefined) return <>{sentence(t, "conflicts.capacity.fromSession", numbers)}</>;
      return <>{sentence(t, "conflicts.capacity.session", { ...numbers, session: reference(conflict.sessionId) })}</>;
    }
  }
}

/** The warnings shown on a session's edit page: every clash that involves it. */
export function SessionWarnings({ warnings, lookup, slug, sessionId }: { warnings: readonly Conflict[]; lookup: ConflictLookup; slug: string; sessionId: number }) {
  const { t } = useTranslation("manage");
  if (warnings.length === 0) return null;
  return (
    <section className="warnings" aria-labelledby="session-warnings-title">
      <h2 id="session-warnings-title">{t("conflicts.warningsTitle", { count: warnings.length })}</h2>
      <ul>
        {warnings.map((conflict, index) => (
          <li key={index}>
            <ConflictDescription conflict={conflict} lookup={lookup} slug={slug} from={sessionId} />
          </li>
        ))}
      </ul>
      <p className="muted">{t("conflicts.warningsHint")}</p>
    </section>
  );
}
