import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { DayProgram } from "~/models/agenda.server";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { eventPageHref } from "./agenda-links";
import { displayName, groupByRole } from "./session-people";
import { TimeRange } from "./time-range";

export type AgendaSession = DayProgram["sessions"][number];
export type AgendaRoom = DayProgram["rooms"][number];
export type AgendaTrack = DayProgram["tracks"][number];

/** Track colours come from organizers; anything but a hex colour falls back to the neutral line. */
export function safeTrackColor(color: string | null | undefined): string | undefined {
  return color && /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : undefined;
}

export interface SessionCardProps {
  session: AgendaSession;
  room: AgendaRoom | undefined;
  track: AgendaTrack | undefined;
  slug: string;
  zone: string;
  /** The zone the viewer asked for, carried into the session link; undefined for the event's own. */
  tz: string | undefined;
  listedDay: string;
}

export function SessionCard({ session, room, track, slug, zone, tz, listedDay }: SessionCardProps) {
  const { t, i18n } = useTranslation("agenda");
  const language = i18n.language;
  const audience = localized(session.audience_note_en, session.audience_note_zh, language);
  const color = safeTrackColor(track?.color);
  return (
    <article
      className={`session-card session-${session.type} status-${session.status}`}
      style={color ? { borderInlineStartColor: color } : undefined}
      aria-labelledby={`session-${session.id}-title`}
    >
      <h3 id={`session-${session.id}-title`} className="session-title">
        <Link to={eventPageHref(slug, `sessions/${session.id}`, tz)}>
          <BilingualText en={session.title_en} zh={session.title_zh} language={language} />
        </Link>
      </h3>
      <p className="session-when">
        <TimeRange startsAt={session.starts_at} endsAt={session.ends_at} zone={zone} listedDay={listedDay} />
        <span className="room-name">
          {" · "}
          {room ? <BilingualText en={room.name_en} zh={room.name_zh} language={language} /> : t("page.noRoom")}
        </span>
      </p>
      <p className="session-labels">
        <span className="badge">{t(`sessionType.${session.type}`)}</span>
        {track ? (
          <span className="badge track-badge">
            <BilingualText en={track.name_en} zh={track.name_zh} language={language} />
          </span>
        ) : null}
        {session.status !== "scheduled" ? <span className={`badge status-badge status-badge-${session.status}`}>{t(`sessionStatus.${session.status}`)}</span> : null}
      </p>
      {audience ? (
        <p className="audience-note">
          <BilingualText en={session.audience_note_en} zh={session.audience_note_zh} language={language} />
        </p>
      ) : null}
      {session.people.length > 0 ? (
        <ul className="session-people">
          {groupByRole(session.people).map((group) => (
            <li key={group.role}>
              <span className="role-label">{t("session.roleLabel", { role: t(`session.roleGroup.${group.role}`, { count: group.people.length }) })}</span>{" "}
              {group.people.map((person, index) => (
                <Fragment key={person.id}>
                  {index > 0 ? ", " : null}
                  <NativeName name={displayName(person, language)} language={language} />
                </Fragment>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
