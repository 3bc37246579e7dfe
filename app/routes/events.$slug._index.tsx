import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useParams, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgendaFilters } from "~/components/agenda/agenda-filters";
import { AgendaGrid } from "~/components/agenda/agenda-grid";
import { AgendaList } from "~/components/agenda/agenda-list";
import { agendaHref, type AgendaParams } from "~/components/agenda/agenda-links";
import { DayTabs, ViewSwitch } from "~/components/agenda/day-tabs";
import { ZoneNote } from "~/components/agenda/time-range";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { getDayProgram } from "~/models/agenda.server";
import agendaStyles from "~/styles/agenda.css";
import { agendaQuerySchema, defaultAgendaDay, displayZone, searchParamsOf, selectableZones } from "~/utils/agenda-params";
import { invariantResponse } from "~/utils/http.server";
import { formatDay } from "~/utils/localized";
import { BilingualText } from "~/components/ui/bilingual-text";
import { daysBetween } from "../../lib/zoned-time";
import { contentTitle } from "~/i18n/page-title";
import { DayRange } from "~/components/day-range";
import { authorize, teamRoleOf, type RoutePolicy } from "~/policy.server";
import { StatusMessage } from "~/components/ui/status-message";
import { CalendarSubscribe } from "~/components/calendar/calendar-subscribe";
import { eventFeedUrl } from "~/components/calendar/feed-urls";

export const policy = "event-reader" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.event.title_en, data?.event.title_zh) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event, viewer } = await authorize(policy, { request, params });
  const query = agendaQuerySchema.safeParse(searchParamsOf(request));
  invariantResponse(query.success, "Unknown agenda parameters", 400);
  const days = daysBetween(event.starts_on, event.ends_on);
  const day = query.data.day ?? defaultAgendaDay(days, event.time_zone);
  invariantResponse(days.includes(day), "The event has no such day", 400);
  const { tz, zone } = displayZone(query.data.tz, event.time_zone);
  const filters = { track: query.data.track, room: query.data.room, type: query.data.type, q: query.data.q, tz };
  const [program, teamRole] = await Promise.all([
    getDayProgram(db, { event, day, filters: { trackId: filters.track, roomId: filters.room, type: filters.type, query: filters.q } }),
    teamRoleOf(db, viewer, event),
  ]);
  return {
    event,
    days,
    day,
    view: query.data.view ?? "grid",
    filters,
    zone,
    zones: selectableZones(),
    program,
    canManage: teamRole === "organizer",
    canCheckIn: teamRole !== null,
    origin: new URL(request.url).origin,
  };
}

export default function AgendaPage() {
  const { event, days, day, view, filters, zone, zones, program, canManage, canCheckIn, origin } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("agenda");
  const language = i18n.language;
  const current: AgendaParams = { day, view, ...filters };
  const filtered = filters.track !== undefined || filters.room !== undefined || filters.type !== undefined || Boolean(filters.q);
  const shown = { sessions: program.sessions, rooms: program.rooms, tracks: program.tracks, slug: event.slug, zone, tz: filters.tz, listedDay: day };
  const place = [event.venue, event.city].filter(Boolean).join(", ");
  return (
    <article className="agenda-page" aria-labelledby="event-title">
      <header className="agenda-header">
        <p className="eyebrow">
          <span className="badge">{t(`translation:event.kind.${event.kind}`)}</span>{" "}
          {event.visibility !== "public" ? <span className="badge">{t(`translation:event.visibility.${event.visibility}`)}</span> : null}
        </p>
        <h1 id="event-title">
          <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
        </h1>
        <dl className="facts">
          <dt>{t("translation:event.when")}</dt>
          <dd><DayRange first={event.starts_on} last={event.ends_on} /></dd>
          {place ? (
            <>
              <dt>{t("translation:event.where")}</dt>
              <dd>{place}</dd>
            </>
          ) : null}
          {event.host_name_en || event.host_name_zh ? (
            <>
              <dt>{t("page.host")}</dt>
              <dd>
                <BilingualText en={event.host_name_en} zh={event.host_name_zh} language={language} />
              </dd>
            </>
          ) : null}
        </dl>
        <p className="event-links">
          <Link to={`/events/${event.slug}/delegations`}>{t("page.delegations")}</Link>
          {event.registration_mode !== "closed" ? (
            <>
              {" · "}
              <Link to={`/events/${event.slug}/register`}>{t("page.register")}</Link>
            </>
          ) : null}
          {canCheckIn ? (
            <>
              {" · "}
              <Link to={`/events/${event.slug}/check-in`}>{t("page.checkIn")}</Link>
            </>
          ) : null}
        </p>
        {canManage ? (
          <p className="manage-links">
            <Link to={`/events/${event.slug}/manage`}>{t("page.manageAgenda")}</Link>
            {" · "}
            <Link to={`/events/${event.slug}/team`}>{t("page.manageTeam")}</Link>
          </p>
        ) : null}
      </header>

      <DayTabs days={days} currentDay={day} hrefFor={(other) => agendaHref(event.slug, { ...current, day: other })} />
      <AgendaFilters day={day} view={view} filters={filters} rooms={program.rooms} tracks={program.tracks} eventZone={event.time_zone} zones={zones} />

      <section className="agenda-day" aria-labelledby="agenda-day-title">
        <div className="agenda-day-heading">
          <h2 id="agenda-day-title">{formatDay(day, language)}</h2>
          <ViewSwitch view={view} hrefFor={(other) => agendaHref(event.slug, { ...current, view: other })} />
        </div>
        <ZoneNote zone={zone} eventDay={day} eventZone={event.time_zone} />
        {/* One live region for the count, whichever filter or day produced it. */}
        <StatusMessage className={program.sessions.length === 0 ? "agenda-empty" : "session-count"}>
          {program.sessions.length === 0
            ? filtered
              ? t("page.emptyFilter")
              : t("page.emptyDay")
            : t("page.sessionCount", { count: program.sessions.length })}
        </StatusMessage>
        {program.sessions.length === 0 ? (
          filtered ? (
            <p>
              <Link to={agendaHref(event.slug, { day, view, tz: filters.tz })}>{t("page.clearFilters")}</Link>
            </p>
          ) : null
        ) : view === "grid" ? (
          <AgendaGrid {...shown} />
        ) : (
          <AgendaList {...shown} />
        )}
      </section>

      <section className="agenda-calendar" aria-labelledby="agenda-calendar-title">
        <h2 id="agenda-calendar-title">{t("calendar:subscribe.heading")}</h2>
        {/* The feed follows the track, room and type filters; the day, view and search stay on the page. */}
        <CalendarSubscribe feedUrl={eventFeedUrl(origin, event.slug, { filters: { track: filters.track, room: filters.room, type: filters.type }, language })} />
        <p className="muted">
          {t("calendar:subscribe.exports")} <a href={`/events/${event.slug}/schedule.xml`}>schedule.xml</a> · <a href={`/events/${event.slug}/schedule.json`}>schedule.json</a>
        </p>
      </section>
    </article>
  );
}

/** A mistyped agenda link gets a way back to the agenda; everything else the shared error page. */
export function ErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const { t } = useTranslation("agenda");
  if (!isRouteErrorResponse(error) || error.status !== 400) return <GeneralErrorBoundary />;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">400</p>
      <h1 id="error-title">{t("errors.badLinkTitle")}</h1>
      <p>{t("errors.badLink")}</p>
      <p>
        <Link to={`/events/${params.slug ?? ""}`}>
          {t("errors.showAgenda")}
        </Link>
      </p>
    </section>
  );
}
