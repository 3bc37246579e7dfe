import { DateTime } from "luxon";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatClock, utcToLocal, zoneName } from "../../../../lib/zoned-time";
import { formatDay } from "~/utils/localized";

/** "Monday, March 28, 2011 · 13:00–14:00" in `zone`, with the date of the end when it falls on another day. */
function MeetingClocks({ startsAt, endsAt, zone }: { startsAt: string; endsAt: string; zone: string }) {
  const { i18n } = useTranslation();
  const startDay = utcToLocal(startsAt, zone).day;
  const endDay = utcToLocal(endsAt, zone).day;
  return (
    <>
      {formatDay(startDay, i18n.language)} · <time dateTime={startsAt}>{formatClock(startsAt, zone)}</time>
      {"–"}
      {endDay !== startDay ? `${formatDay(endDay, i18n.language)} ` : null}
      <time dateTime={endsAt}>{formatClock(endsAt, zone)}</time>
    </>
  );
}

/** The zone's name at the meeting's start and its IANA id: "Pacific Daylight Time (America/Los_Angeles)". */
function ZoneLabel({ zone, at }: { zone: string; at: string }) {
  const { t, i18n } = useTranslation("meetings");
  return <span className="zone-label">{t("zoneNamed", { name: zoneName(zone, i18n.language, at), zone })}</span>;
}

/** The zone the browser runs in; known only after hydration, so the server's render never guesses it. */
function useBrowserZone(): string | undefined {
  const [zone, setZone] = useState<string>();
  useEffect(() => {
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, []);
  return zone;
}

/**
 * The meeting's time in the event's zone, named; and, once the page runs in a browser whose zone
 * differs, in the viewer's own zone as well.
 */
export function MeetingTime({ startsAt, endsAt, eventZone }: { startsAt: string; endsAt: string; eventZone: string }) {
  const { t } = useTranslation("meetings");
  const browserZone = useBrowserZone();
  const showOwn = browserZone !== undefined && utcOffsetsDiffer(browserZone, eventZone, startsAt);
  return (
    <>
      <MeetingClocks startsAt={startsAt} endsAt={endsAt} zone={eventZone} /> <ZoneLabel zone={eventZone} at={startsAt} />
      {showOwn ? (
        <span className="viewer-time">
          <br />
          {t("yourTime")} <MeetingClocks startsAt={startsAt} endsAt={endsAt} zone={browserZone} /> <ZoneLabel zone={browserZone} at={startsAt} />
        </span>
      ) : null}
    </>
  );
}

/** Zones with different names but the same clock then (Asia/Taipei, Asia/Shanghai) need no second line. */
function utcOffsetsDiffer(zone: string, other: string, at: string): boolean {
  const instant = DateTime.fromISO(at, { zone: "utc" });
  return instant.setZone(zone).offset !== instant.setZone(other).offset;
}

/** When something was saved, in the event's zone with the zone's short name: "Mar 28, 2011, 1:45 PM PDT". */
export function formatSavedAt(iso: string, language: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: "utc" })
    .setZone(zone)
    .setLocale(language)
    .toLocaleString({ ...DateTime.DATETIME_MED, timeZoneName: "short" });
}
