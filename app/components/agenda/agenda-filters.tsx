import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { SESSION_TYPES } from "../../../db/schema";
import { localized } from "~/utils/localized";
import type { AgendaRoom, AgendaTrack } from "./session-card";

interface AgendaFiltersProps {
  day: string;
  view: "grid" | "list";
  filters: { track?: number; room?: number; type?: string; q?: string; tz?: string };
  rooms: AgendaRoom[];
  tracks: AgendaTrack[];
  eventZone: string;
  zones: string[];
}

/**
 * A plain GET form, so filtering works without JavaScript and every result has an address. With
 * JavaScript the zone picker also offers the browser's own zone.
 */
export function AgendaFilters({ day, view, filters, rooms, tracks, eventZone, zones }: AgendaFiltersProps) {
  const { t, i18n } = useTranslation("agenda");
  const language = i18n.language;
  const browserZone = useBrowserZone();
  // A chosen zone missing from this runtime's list (an alias such as Asia/Calcutta) still shows as chosen.
  const chosenElsewhere = filters.tz && !zones.includes(filters.tz) ? [filters.tz] : [];
  const otherZones = [...chosenElsewhere, ...zones.filter((zone) => zone !== eventZone)];
  return (
    <Form method="get" className="agenda-filters" role="search" aria-labelledby="agenda-filters-title" preventScrollReset>
      <h2 id="agenda-filters-title" className="visually-hidden">
        {t("filters.title")}
      </h2>
      <input type="hidden" name="day" value={day} />
      <input type="hidden" name="view" value={view} />
      <div className="field">
        <label htmlFor="agenda-track">{t("filters.track")}</label>
        <select id="agenda-track" name="track" defaultValue={filters.track ?? ""}>
          <option value="">{t("filters.all")}</option>
          {tracks.map((track) => (
            <option key={track.id} value={track.id}>
              {localized(track.name_en, track.name_zh, language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="agenda-room">{t("filters.room")}</label>
        <select id="agenda-room" name="room" defaultValue={filters.room ?? ""}>
          <option value="">{t("filters.all")}</option>
          {rooms.map((room) => (
            <option key={room.id} value={room.id}>
              {localized(room.name_en, room.name_zh, language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="agenda-type">{t("filters.type")}</label>
        <select id="agenda-type" name="type" defaultValue={filters.type ?? ""}>
          <option value="">{t("filters.all")}</option>
          {SESSION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`sessionType.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-search">
        <label htmlFor="agenda-q">{t("filters.search")}</label>
        <input id="agenda-q" name="q" type="search" defaultValue={filters.q ?? ""} maxLength={200} aria-describedby="agenda-q-hint" />
        <p id="agenda-q-hint" className="field-hint">
          {t("filters.searchHint")}
        </p>
      </div>
      <div className="field field-zone">
        <label htmlFor="agenda-tz">{t("filters.zone")}</label>
        <select id="agenda-tz" name="tz" defaultValue={filters.tz ?? ""}>
          <option value="">{t("filters.eventZone", { zone: eventZone })}</option>
          {browserZone && browserZone !== eventZone ? <option value={browserZone}>{t("filters.myZone", { zone: browserZone })}</option> : null}
          <optgroup label={t("filters.allZones")}>
            {otherZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">
          {t("filters.apply")}
        </button>
      </div>
    </Form>
  );
}

/** The zone the browser runs in; only known after hydration, so the server render never guesses. */
function useBrowserZone(): string | undefined {
  const [zone, setZone] = useState<string>();
  useEffect(() => {
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, []);
  return zone;
}
