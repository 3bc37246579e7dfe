import type { TFunction } from "i18next";
import type { AttendanceTable, DayFigures, GroupFigures, SessionFigures } from "~/models/attendance.server";
import { languageMark, localizedPart } from "~/utils/localized";

/*
 * The attendance tables as rows of cells, in the viewer's language: one source for the page's
 * tables and the CSV downloads, so both always say the same.
 */

export interface AttendanceFigures {
  days: DayFigures[];
  sessions: SessionFigures[];
  delegations: GroupFigures[];
  countries: GroupFigures[];
  categories: GroupFigures[];
}

/** Stored text in the other language than the viewer's carries its language, for the page's `lang` marks. */
export type Cell = string | number | { text: string; lang: string };
export interface TableRows {
  header: string[];
  rows: Cell[][];
}

/** A share from 0 to 1 as a whole percentage in the viewer's language ("75%", "75%"). */
export function formatRate(rate: number | null, language: string, none: string): string {
  return rate === null ? none : new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 }).format(rate);
}

/** Bilingual stored text in the viewer's language, else the other one marked with its language. */
function bilingualCell(en: string | null, zh: string | null, language: string, none: string): Cell {
  const { text, lang } = localizedPart(en, zh, language);
  if (!text) return none;
  const mark = languageMark(lang, language);
  return mark ? { text, lang: mark } : text;
}

function groupName(row: GroupFigures, language: string, none: string): Cell {
  return bilingualCell(row.nameEn, row.nameZh, language, none);
}

export function attendanceTableRows(table: AttendanceTable, figures: AttendanceFigures, t: TFunction, language: string): TableRows {
  const column = (key: string) => t(`attendance.columns.${key}`);
  const groupHeader = (first: string) => [column(first), column("registered"), column("attended"), column("noShows")];
  switch (table) {
    case "days":
      return {
        header: [column("day"), column("registered"), column("checkedIn"), column("noShows")],
        rows: figures.days.map((row) => [row.day, row.registered, row.checkedIn, row.noShows]),
      };
    case "sessions":
      return {
        header: [column("day"), column("time"), column("session"), column("capacity"), column("seated"), column("waiting"), column("checkedIn"), column("noShows"), column("fillRate")],
        rows: figures.sessions.map((row) => [
          row.day,
          row.time,
          bilingualCell(row.titleEn, row.titleZh, language, ""),
          row.capacity ?? t("attendance.noCapacity"),
          row.seated,
          row.waiting,
          row.checkedIn,
          row.noShows,
          formatRate(row.fillRate, language, t("attendance.none")),
        ]),
      };
    case "delegations":
      return { header: groupHeader("delegation"), rows: figures.delegations.map((row) => [groupName(row, language, t("attendance.noDelegation")), row.registered, row.attended, row.noShows]) };
    case "countries":
      return { header: groupHeader("country"), rows: figures.countries.map((row) => [row.key ?? t("attendance.noCountry"), row.registered, row.attended, row.noShows]) };
    case "categories":
      return { header: groupHeader("category"), rows: figures.categories.map((row) => [groupName(row, language, t("attendance.noCategory")), row.registered, row.attended, row.noShows]) };
  }
}
