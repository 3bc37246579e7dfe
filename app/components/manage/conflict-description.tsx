import { Link } from "@remix-run/react";
import { DateTime } from "luxon";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { listEventConflicts } from "~/models/session.server";
import type { Conflict } from "~/scheduling/conflicts";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { formatDay } from "~/utils/localized";

type ConflictListing = Awaited<ReturnType<typeof listEventConflicts>>;

/**
 * How many sessions of one double booking are named; the rest are only counted ("and 324 more"),
 * so a room with hundreds of overlapping sessions still makes a small page.
 */
export const SESSIONS_NAMED_PER_GROUP = 20;

/** A conflict as a page lists it: a long group names its first sessions and counts all of them. */
export type ListedConflict = Conflict & { sessionCount?: number };

export function listedConflict(conflict: Conflict): ListedConflict {
  if (!("sessionIds" in conflict) || conflict.sessionIds.length <= SESSIONS_NAMED_PER_GROUP) return conflict;
  return { ...conflict, sessionIds: conflict.sessionIds.slice(0, SESSIONS_NAMED_PER_GROUP), sessionCount: conflict.sessionIds.length };
}

/** What naming a conflict needs, as plain objects that travel to the browser. */
export interface ConflictLookup {
  sessions: Record<number, { id: number; title_en: string | null; title_zh: string | null; starts_at: string; ends_at: string }>;
  rooms: Record<number, { name_en: string | null; name_zh: string | null }>;
  people: Record<number, { name: string; nameNative: string | null }>;
  timeZone: string;
  firstDay: string;
  lastDay: string;
}

/**
 * The names the `shown` conflicts need, and no others: the page must not carry every session of
 * the event to the browser.
 */
export function conflictLookup(
  listing: ConflictListing,
  event: { time_zone: string; starts_on: string; ends_on: string },
  shown: readonly Conflict[] = listing.conflicts,
): ConflictLookup {
  const lookup: ConflictLookup = { sessions: {}, rooms: {}, people: {}, timeZone: event.time_zone, firstDay: event.starts_on, lastDay: event.ends_on };
  const addSession = (id: number) => {
    const session = listing.sessions.get(id);
    if (session) lookup.sessions[id] = { id, title_en: session.title_en, title_zh: session.title_zh, starts_at: session.starts_at, ends_at: session.ends_at };
  };
  const addRoom = (id: number) => {
    const room = listing.rooms.get(id);
    if (room) lookup.rooms[id] = { name_en: room.name_en, name_zh: room.name_zh };
  };
  for (const conflict of shown) {
    if ("sessionIds" in conflict) conflict.sessionIds.forEach(addSession);
    else addSession(conflict.sessionId);
    if ("roomId" in conflict) addRoom(conflict.roomId);
    if ("personId" in conflict) {
      const person = listing.people.get(conflict.personId);
      if (person) lookup.people[conflict.personId] = person;
    }
  }
  return lookup;
}

const MARK = "\u0000";

/** Splits text carrying MARK-delimited placeholders and puts the matching React node in each. */
function fillPlaceholders(text: string, parts: Record<string, ReactNode>): ReactNode[] {
  return text.split(MARK).map((piece, index) => <Fragment key={index}>{index % 2 === 1 ? parts[piece] : piece}</Fragment>);
}

/**
 * A translated sentence whose placeholders are React nodes (links, names). Text from the data never
 * passes through a markup parser: it only ever becomes a React text node.
 */
function sentence(t: (key: string, values: Record<string, string>) => string, key: string, parts: Record<string, ReactNode>): ReactNode[] {
  const markers = Object.fromEntries(Object.keys(parts).map((name) => [name, `${MARK}${name}${MARK}`]));
  return fillPlaceholders(t(key, markers), parts);
}

/** "A, B and C" (or "A、B和C") in the viewer's language, with React nodes as the items. */
function inlineList(items: readonly ReactNode[], language: string): ReactNode[] {
  const markers = items.map((_, index) => `${MARK}${index}${MARK}`);
  const text = new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(markers);
  return fillPlaceholders(text, Object.fromEntries(items.map((item, index) => [String(index), item])));
}

function personName(person: { name: string; nameNative: string | null } | undefined, language: string): ReactNode {
  if (!person) return "?";
  if (!person.nameNative || person.nameNative === person.name) return person.name;
  const native = <NativeName name={person.nameNative} language={language} />;
  return language === "zh-TW" ? (
    <>
      {native} ({person.name})
    </>
  ) : (
    <>
      {person.name} ({native})
    </>
  );
}

/** "Mon, Mar 28 15:00–17:00" in the event's zone; the end's day is named too when it differs. */
function timeSpan(startsAt: string, endsAt: string, zone: string, language: string): string {
  const start = DateTime.fromISO(startsAt, { zone: "utc" }).setZone(zone).setLocale(language);
  const end = DateTime.fromISO(endsAt, { zone: "utc" }).setZone(zone).setLocale(language);
  const day = (instant: DateTime) => instant.toLocaleString({ weekday: "short", month: "short", day: "numeric" });
  const until = start.hasSame(end, "day") ? end.toFormat("HH:mm") : `${day(end)} ${end.toFormat("HH:mm")}`;
  return `${day(start)} ${start.toFormat("HH:mm")}–${until}`;
}

function SessionReference({ sessionId, lookup, slug }: { sessionId: number; lookup: ConflictLookup; slug: string }) {
  const { i18n } = useTranslation();
  const session = lookup.sessions[sessionId];
  if (!session) return null;
  return (
    <>
      <Link to={`/events/${slug}/manage/sessions/${sessionId}`}>
        <BilingualText en={session.title_en} zh={session.title_zh} language={i18n.language} />
      </Link>{" "}
      <span className="muted">({timeSpan(session.starts_at, session.ends_at, lookup.timeZone, i18n.language)})</span>
    </>
  );
}

/**
 * The other sessions of a group that overlap `from` itself: in a chain (A overlaps B, B overlaps
 * C), A's page names B only. Without the times at hand, every other session of the group.
 */
function overlappingOthers(sessionIds: readonly number[], from: number, lookup: ConflictLookup): number[] {
  const others = sessionIds.filter((id) => id !== from);
  const self = lookup.sessions[from];
  if (!self) return others;
  const direct = others.filter((id) => {
    const other = lookup.sessions[id];
    return other !== undefined && other.starts_at < self.ends_at && self.starts_at < other.ends_at;
  });
  return direct.length > 0 ? direct : others;
}

/**
 * One clash in the viewer's language. With `from`, it is told from that session's side ("Norma
 * Rivera is also in …"), as the warnings on its edit page; without, it names the sessions involved
 * (at most SESSIONS_NAMED_PER_GROUP of a group, then how many more).
 */
export function ConflictDescription({ conflict, lookup, slug, from }: { conflict: ListedConflict; lookup: ConflictLookup; slug: string; from?: number }) {
  const { t, i18n } = useTranslation("manage");
  const language = i18n.language;
  const reference = (sessionId: number) => <SessionReference sessionId={sessionId} lookup={lookup} slug={slug} />;
  const roomName = (roomId: number) => {
    const room = lookup.rooms[roomId];
    return <strong>{room ? <BilingualText en={room.name_en} zh={room.name_zh} language={language} /> : "?"}</strong>;
  };

  switch (conflict.kind) {
    case "room_double_booked":
    case "person_double_booked": {
      const who =
        conflict.kind === "room_double_booked" ? roomName(conflict.roomId) : <strong>{personName(lookup.people[conflict.personId], language)}</strong>;
      const prefix = conflict.kind === "room_double_booked" ? "conflicts.room" : "conflicts.person";
      if (from !== undefined) {
        const others = overlappingOthers(conflict.sessionIds, from, lookup);
        const named = others.slice(0, SESSIONS_NAMED_PER_GROUP);
        const items: ReactNode[] = named.map((id) => <Fragment key={id}>{reference(id)}</Fragment>);
        if (others.length > named.length) items.push(t("conflicts.moreSessions", { count: others.length - named.length }));
        return <>{sentence(t, `${prefix}.fromSession`, { who, others: inlineList(items, language) })}</>;
      }
      const count = conflict.sessionCount ?? conflict.sessionIds.length;
      const named = conflict.sessionIds.slice(0, SESSIONS_NAMED_PER_GROUP);
      return (
        <>
          {sentence(t, `${prefix}.group`, {
            who,
            number: count.toLocaleString(language),
            when: timeSpan(conflict.startsAt, conflict.endsAt, lookup.timeZone, language),
          })}
          <ul>
            {named.map((id) => (
              <li key={id}>{reference(id)}</li>
            ))}
            {count > named.length ? <li className="muted">{t("conflicts.andMore", { count: count - named.length })}</li> : null}
          </ul>
        </>
      );
    }
    case "person_in_meeting": {
      const values = {
        who: <strong>{personName(lookup.people[conflict.personId], language)}</strong>,
        when: timeSpan(conflict.startsAt, conflict.endsAt, lookup.timeZone, language),
      };
      if (from !== undefined) return <>{sentence(t, "conflicts.meeting.fromSession", values)}</>;
      return <>{sentence(t, "conflicts.meeting.session", { ...values, session: reference(conflict.sessionId) })}</>;
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
