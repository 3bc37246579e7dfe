import { useTranslation } from "react-i18next";
import { formatShortDay, zonedRange, zoneNameOnDay } from "./agenda-time";

/**
 * "09:30–11:00" in the display zone, with the date in front when the session falls on another
 * calendar day there than the event day it is listed under.
 */
export function TimeRange({ startsAt, endsAt, zone, listedDay }: { startsAt: string; endsAt: string; zone: string; listedDay: string }) {
  const { i18n } = useTranslation();
  const { start, end } = zonedRange(startsAt, endsAt, zone, listedDay);
  return (
    <span className="time-range">
      {start.otherDay ? <span className="day-marker">{formatShortDay(start.day, i18n.language)}</span> : null}
      <time dateTime={startsAt}>{start.time}</time>
      {"–"}
      <time dateTime={endsAt}>{end.time}</time>
      {end.otherDay ? <span className="day-marker">{formatShortDay(end.day, i18n.language)}</span> : null}
    </span>
  );
}

/** "Times in Pacific Daylight Time (America/Los_Angeles)": every page that shows clocks says whose. */
export function ZoneNote({ zone, eventDay, eventZone }: { zone: string; eventDay: string; eventZone: string }) {
  const { t, i18n } = useTranslation("agenda");
  return <p className="zone-note">{t("page.timesIn", { name: zoneNameOnDay(zone, i18n.language, eventDay, eventZone), zone })}</p>;
}
