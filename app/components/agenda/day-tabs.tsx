import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatShortDay } from "./agenda-time";

/** One link per event day; the links keep the viewer's view, filters and zone (the caller builds them). */
export function DayTabs({ days, currentDay, hrefFor }: { days: readonly string[]; currentDay: string; hrefFor: (day: string) => string }) {
  const { t, i18n } = useTranslation("agenda");
  return (
    <nav className="day-tabs" aria-label={t("page.days")}>
      <ul>
        {days.map((day, index) => (
          <li key={day}>
            <Link to={hrefFor(day)} aria-current={day === currentDay ? "page" : undefined} preventScrollReset>
              <span className="day-number">{t("page.dayTab", { number: index + 1 })}</span>
              {" "}
              <span className="day-date">{formatShortDay(day, i18n.language)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Grid or list: two links rather than a toggle button, so each view has its own shareable address. */
export function ViewSwitch({ view, hrefFor }: { view: "grid" | "list"; hrefFor: (view: "grid" | "list") => string }) {
  const { t } = useTranslation("agenda");
  return (
    <nav className="view-switch" aria-label={t("page.views")}>
      <ul>
        {(["grid", "list"] as const).map((option) => (
          <li key={option}>
            <Link to={hrefFor(option)} aria-current={option === view ? "page" : undefined} preventScrollReset>
              {t(`page.${option}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
