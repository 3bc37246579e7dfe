import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { attendanceTableRows, formatRate } from "~/components/attendance/attendance-table-rows";
import { BarChart, type BarChartRow } from "~/components/attendance/bar-chart";
import { DataTable } from "~/components/ui/data-table";
import { pageTitle } from "~/i18n/page-title";
import { ATTENDANCE_TABLES, getAttendance, type AttendanceTable, type GroupFigures } from "~/models/attendance.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { formatDay, languageMark, localizedPart } from "~/utils/localized";

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "checkin:attendance.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  // The list travels with the data: a .server module's values are not in the browser's bundle.
  return { slug: event.slug, tables: ATTENDANCE_TABLES, figures: await getAttendance(db, event) };
}

type Figures = Awaited<ReturnType<typeof loader>>["figures"];

const CHARTED: Partial<Record<AttendanceTable, "days" | "sessions" | "delegations" | "categories">> = {
  days: "days",
  sessions: "sessions",
  delegations: "delegations",
  categories: "categories",
};

function chartRows(table: AttendanceTable, figures: Figures, language: string, t: (key: string, values?: Record<string, unknown>) => string): BarChartRow[] {
  const value = (part: number, total: number) => t("attendance.charts.value", { part, total });
  const group = (rows: GroupFigures[], none: string) =>
    rows.map((row) => {
      const { text, lang } = localizedPart(row.nameEn, row.nameZh, language);
      return { key: row.key ?? "none", label: text || none, lang: text ? languageMark(lang, language) : undefined, total: row.registered, part: row.attended, valueText: value(row.attended, row.registered) };
    });
  switch (table) {
    case "days":
      return figures.days.map((row) => ({ key: row.day, label: formatDay(row.day, language), total: row.registered, part: row.checkedIn, valueText: value(row.checkedIn, row.registered) }));
    case "sessions":
      return figures.sessions
        .filter((row) => row.capacity !== null)
        .map((row) => {
          const { text, lang } = localizedPart(row.titleEn, row.titleZh, language);
          return { key: String(row.sessionId), label: `${row.day} ${row.time} ${text}`, lang: languageMark(lang, language), total: row.capacity ?? 0, part: row.seated, valueText: `${value(row.seated, row.capacity ?? 0)} (${formatRate(row.fillRate, language, "")})` };
        });
    case "delegations":
      return group(figures.delegations, t("attendance.noDelegation"));
    case "categories":
      return group(figures.categories, t("attendance.noCategory"));
    default:
      return [];
  }
}

export default function AttendancePage() {
  const { slug, tables, figures } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("checkin");
  const language = i18n.language;
  return (
    <section aria-labelledby="attendance-title">
      <h1 id="attendance-title">{t("attendance.title")}</h1>
      <p className="muted">{t("attendance.intro")}</p>
      {tables.map((table) => {
        const { header, rows } = attendanceTableRows(table, figures, t, language);
        const charted = CHARTED[table];
        const bars = charted ? chartRows(table, figures, language, t) : [];
        const caption = t(`attendance.tables.${table}`);
        return (
          <section key={table} aria-labelledby={`attendance-${table}`}>
            <h2 id={`attendance-${table}`}>{caption}</h2>
            {charted ? (
              bars.length > 0 ? (
                <BarChart title={t(`attendance.charts.${charted}`)} description={t(`attendance.charts.${charted}Description`)} rows={bars} />
              ) : (
                <p className="muted">{t("attendance.charts.empty")}</p>
              )
            ) : null}
            <DataTable aria-labelledby={`attendance-${table}`}>
              <thead>
                <tr>
                  {header.map((cell) => (
                    <th key={cell} scope="col">
                      {cell}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={index}>
                    {row.map((cell, column) => {
                      const content = typeof cell === "object" ? <span lang={cell.lang}>{cell.text}</span> : cell;
                      return column === 0 ? (
                        <th key={column} scope="row">
                          {content}
                        </th>
                      ) : (
                        <td key={column}>{content}</td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </DataTable>
            <p>
              <a href={`/events/${slug}/manage/attendance.csv?table=${table}`} download aria-label={t("attendance.downloadLabel", { table: caption })}>
                {t("attendance.download")}
              </a>
            </p>
          </section>
        );
      })}
    </section>
  );
}
