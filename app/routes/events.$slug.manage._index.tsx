import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DayRange } from "~/components/day-range";
import { dayWithWeekday, zoneLabel } from "~/components/manage/calendar-labels";
import { pageTitle } from "~/i18n/page-title";
import { listEventConflicts, listSessionsForManaging } from "~/models/session.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { daysBetween, formatClock, utcToLocal } from "../../lib/zoned-time";
import { authorize, type RoutePolicy } from "~/policy.server";
import { StatusMessage } from "~/components/ui/status-message";
import { DataTable } from "~/components/ui/data-table";

type ManagedSession = Awaited<ReturnType<typeof listSessionsForManaging>>[number];

/**
 * Sessions under the local day they start on, in the event's zone. Every day of the event is
 * listed, even an empty one; a session outside the event's days gets a day of its own.
 */
function sessionsByLocalDay(sessions: readonly ManagedSession[], event: { time_zone: string; starts_on: string; ends_on: string }) {
  const days = new Map(daysBetween(event.starts_on, event.ends_on).map((day) => [day, [] as Array<ManagedSession & { startTime: string; endTime: string }>]));
  for (const session of sessions) {
    const start = utcToLocal(session.starts_at, event.time_zone);
    const row = { ...session, startTime: start.time, endTime: formatClock(session.ends_at, event.time_zone) };
    const list = days.get(start.day);
    if (list) list.push(row);
    else days.set(start.day, [row]);
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, daySessions]) => ({ day, inEvent: day >= event.starts_on && day <= event.ends_on, sessions: daySessions }));
}

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:nav.label") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const [sessions, { conflicts }] = await Promise.all([listSessionsForManaging(db, event.id), listEventConflicts(db, event)]);
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh, time_zone: event.time_zone, starts_on: event.starts_on, ends_on: event.ends_on },
    days: sessionsByLocalDay(sessions, event),
    sessionCount: sessions.length,
    conflictCount: conflicts.length,
    deleted: new URL(request.url).searchParams.has("deleted"),
  };
}

export default function ManageOverview() {
  const { event, days, sessionCount, conflictCount, deleted } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("manage");
  const language = i18n.language;
  const base = `/events/${event.slug}/manage`;

  return (
    <section aria-labelledby="overview-title">
      <header className="page-header manage-header">
        <div>
          <h1 id="overview-title">
            <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
          </h1>
          <p className="muted">
            <DayRange first={event.starts_on} last={event.ends_on} /> ·{" "}
            {t("overview.timesIn", { zone: zoneLabel(event.time_zone, language) })}
          </p>
        </div>
        <Link to={`${base}/sessions/new`} className="button primary">
          {t("nav.newSession")}
        </Link>
      </header>
      <StatusMessage>{deleted ? t("overview.deleted") : null}</StatusMessage>
      <p className={conflictCount > 0 ? "callout warning" : "callout"}>
        {conflictCount > 0 ? (
          <>
            {t("overview.openConflicts", { count: conflictCount })} <Link to={`${base}/conflicts`}>{t("overview.reviewConflicts")}</Link>
          </>
        ) : (
          t("conflicts.none")
        )}
      </p>
      {sessionCount === 0 ? (
        <p>
          {t("overview.empty")} <Link to={`${base}/rooms`}>{t("nav.rooms")}</Link> · <Link to={`${base}/tracks`}>{t("nav.tracks")}</Link>
        </p>
      ) : null}
      {days.map(({ day, inEvent, sessions }) => (
        <section key={day} aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`}>
            {dayWithWeekday(day, language)} {inEvent ? null : <span className="badge warning">{t("overview.outsideDays")}</span>}
          </h2>
          {sessions.length === 0 ? (
            <p className="muted">{t("overview.noSessions")}</p>
          ) : (
            <DataTable className="manage-sessions">
              <colgroup>
                <col className="col-time" />
                <col />
                <col className="col-room" />
                <col className="col-track" />
                <col className="col-type" />
                <col className="col-status" />
                <col className="col-seats" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t("overview.time")}</th>
                  <th scope="col">{t("overview.session")}</th>
                  <th scope="col">{t("session.room")}</th>
                  <th scope="col">{t("session.track")}</th>
                  <th scope="col">{t("session.type")}</th>
                  <th scope="col">{t("session.status")}</th>
                  <th scope="col">{t("overview.seats")}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr key={session.id} className={session.status === "cancelled" ? "cancelled" : undefined}>
                    <td className="nowrap">
                      {session.startTime}–{session.endTime}
                    </td>
                    <td>
                      <Link to={`${base}/sessions/${session.id}`}>
                        <BilingualText en={session.title_en} zh={session.title_zh} language={language} />
                      </Link>
                    </td>
                    <td>
                      <BilingualText en={session.room_name_en} zh={session.room_name_zh} language={language} fallback="—" />
                    </td>
                    <td>
                      {session.track_color ? <span className="swatch" style={{ background: session.track_color }} aria-hidden="true" /> : null}
                      <BilingualText en={session.track_name_en} zh={session.track_name_zh} language={language} fallback="—" />
                    </td>
                    <td>{t(`sessionType.${session.type}`, { ns: "agenda" })}</td>
                    <td>{t(`sessionStatus.${session.status}`, { ns: "agenda" })}</td>
                    <td className="nowrap">
                      {session.capacity === null ? (
                        "—"
                      ) : (
                        <Link to={`${base}/sessions/${session.id}/seats`}>
                          {session.seats_taken} / {session.capacity}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>
      ))}
    </section>
  );
}
