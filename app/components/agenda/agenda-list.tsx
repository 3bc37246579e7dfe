import { SessionCard, type AgendaRoom, type AgendaSession, type AgendaTrack } from "./session-card";

interface AgendaListProps {
  sessions: AgendaSession[];
  rooms: AgendaRoom[];
  tracks: AgendaTrack[];
  slug: string;
  zone: string;
  tz: string | undefined;
  listedDay: string;
}

/** The day in time order (the model already sorts by start). */
export function AgendaList({ sessions, rooms, tracks, slug, zone, tz, listedDay }: AgendaListProps) {
  const roomById = new Map(rooms.map((room) => [room.id, room]));
  const trackById = new Map(tracks.map((track) => [track.id, track]));
  return (
    <ol className="agenda-list">
      {sessions.map((session) => (
        <li key={session.id}>
          <SessionCard
            session={session}
            room={session.room_id === null ? undefined : roomById.get(session.room_id)}
            track={session.track_id === null ? undefined : trackById.get(session.track_id)}
            slug={slug}
            zone={zone}
            tz={tz}
            listedDay={listedDay}
          />
        </li>
      ))}
    </ol>
  );
}
