import { useTranslation } from "react-i18next";
import { BilingualText } from "~/components/ui/bilingual-text";
import { utcToLocal } from "../../../lib/zoned-time";
import { formatShortDay } from "./agenda-time";
import { layoutDayGrid } from "./grid-layout";
import { SessionCard, type AgendaRoom, type AgendaSession, type AgendaTrack } from "./session-card";

interface AgendaGridProps {
  sessions: AgendaSession[];
  rooms: AgendaRoom[];
  tracks: AgendaTrack[];
  slug: string;
  zone: string;
  tz: string | undefined;
  listedDay: string;
}

/**
 * Rooms across, time down. The sessions stay in time order in the document, so screen readers and
 * narrow screens read a plain chronological list; the room headers and clock labels only draw the
 * picture (each card names its own time and room).
 */
export function AgendaGrid({ sessions, rooms, tracks, slug, zone, tz, listedDay }: AgendaGridProps) {
  const { t, i18n } = useTranslation("agenda");
  const layout = layoutDayGrid(sessions, rooms.map((room) => room.id));
  const roomById = new Map(rooms.map((room) => [room.id, room]));
  const trackById = new Map(tracks.map((track) => [track.id, track]));
  // Row 1 holds the room names; slot rows follow.
  const headerRows = 1;
  return (
    <div className="agenda-grid-scroll">
      <div
        className="agenda-grid"
        style={{
          gridTemplateColumns: `var(--time-column) repeat(${layout.columnCount}, minmax(var(--room-column), 1fr))`,
          gridTemplateRows: `auto repeat(${layout.rowCount}, minmax(var(--slot-height), auto))`,
        }}
      >
        {layout.columns.map((column) => {
          const room = column.roomId === null ? undefined : roomById.get(column.roomId);
          return (
            <div
              key={column.roomId ?? "no-room"}
              className="grid-room"
              aria-hidden="true"
              style={{ gridColumn: `${column.firstColumn + 1} / span ${column.lanes}`, gridRow: 1 }}
            >
              {room ? <BilingualText en={room.name_en} zh={room.name_zh} language={i18n.language} /> : t("page.noRoom")}
            </div>
          );
        })}
        {layout.timeMarks.map((mark, index) => {
          const clock = utcToLocal(mark.iso, zone);
          const previousDay = index === 0 ? listedDay : utcToLocal(layout.timeMarks[index - 1].iso, zone).day;
          return (
            <div key={mark.iso} className="grid-time" aria-hidden="true" style={{ gridColumn: "1 / -1", gridRow: `${mark.row + headerRows} / span ${mark.rowSpan}` }}>
              {clock.time}
              {clock.day !== previousDay ? <span className="day-marker">{formatShortDay(clock.day, i18n.language)}</span> : null}
            </div>
          );
        })}
        {layout.placements.map(({ session, column, row, rowSpan }) => (
          <div key={session.id} className="grid-cell" style={{ gridColumn: column + 1, gridRow: `${row + headerRows} / span ${rowSpan}` }}>
            <SessionCard
              session={session}
              room={session.room_id === null ? undefined : roomById.get(session.room_id)}
              track={session.track_id === null ? undefined : trackById.get(session.track_id)}
              slug={slug}
              zone={zone}
              tz={tz}
              listedDay={listedDay}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
