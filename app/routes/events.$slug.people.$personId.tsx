import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { agendaHref, eventPageHref } from "~/components/agenda/agenda-links";
import { formatShortDay } from "~/components/agenda/agenda-time";
import { ROLE_ORDER } from "~/components/agenda/session-people";
import { TimeRange, ZoneNote } from "~/components/agenda/time-range";
import { getPersonInEvent } from "~/models/agenda.server";
import agendaStyles from "~/styles/agenda.css";
import { displayZone, pathIdSchema, searchParamsOf, zoneQuerySchema } from "~/utils/agenda-params";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { contentTitle } from "~/i18n/page-title";
import { utcToLocal } from "../../lib/zoned-time";
import { authorize, type RoutePolicy } from "~/policy.server";
import { DataTable } from "~/components/ui/data-table";
import { CalendarSubscribe } from "~/components/calendar/calendar-subscribe";
import { eventFeedUrl } from "~/components/calendar/feed-urls";
import { useRootData } from "~/utils/root-data";

export const policy = "event-reader" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStyles }];

// "<name> · <event title in the viewer's language> · Plenary", like the other pages' titles.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.person.name} · ${contentTitle(matches, data.event.title_en, data.event.title_zh)}` : "Plenary" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await authorize(policy, { request, params });
  const personId = pathIdSchema.safeParse(params.personId);
  invariantResponse(personId.success, "Not found", 404);
  const query = zoneQuerySchema.safeParse(searchParamsOf(request));
  invariantResponse(query.success, "Unknown time zone", 400);
  // Only people with a role in this event are shown here: the directory itself is not public.
  const found = await getPersonInEvent(getDb(), { event, personId: personId.data });
  invariantResponse(found, "Not found", 404);
  return { event, person: found.person, sessions: found.sessions, origin: new URL(request.url).origin, ...displayZone(query.data.tz, event.time_zone) };
}

export default function PersonPage() {
  const { event, person, sessions, origin, tz, zone } = useLoaderData<typeof loader>();
  const signedIn = Boolean(useRootData()?.user);
  const { t, i18n } = useTranslation("agenda");
  const language = i18n.language;
  const eventTitle = localized(event.title_en, event.title_zh, language);
  const title = localized(person.title_en, person.title_zh, language);
  const organization = localized(person.organization_name_en, person.organization_name_zh, language);
  // Someone may hold two roles in one session (chair and speaker): one row, both roles.
  const rows = sessions
    .filter((session, index) => sessions.findIndex((other) => other.id === session.id) === index)
    .map((session) => ({ ...session, roles: ROLE_ORDER.filter((role) => sessions.some((other) => other.id === session.id && other.role === role)) }));
  return (
    <article className="person-page" aria-labelledby="person-name">
      <p className="back-link">
        <Link to={agendaHref(event.slug, { tz })}>← {t("session.backToAgenda")}</Link>
      </p>
      <header>
        <p className="eyebrow">
          <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
        </p>
        <h1 id="person-name">
          {person.name}
          {person.name_native && person.name_native !== person.name ? (
            <span className="native-name">
              {" "}
              <NativeName name={person.name_native} language={language} />
            </span>
          ) : null}
        </h1>
        {title || organization ? (
          <dl className="facts">
            {title ? (
              <>
                <dt>{t("person.title")}</dt>
                <dd>
                  <BilingualText en={person.title_en} zh={person.title_zh} language={language} />
                </dd>
              </>
            ) : null}
            {organization ? (
              <>
                <dt>{t("person.organization")}</dt>
                <dd>
                  <BilingualText en={person.organization_name_en} zh={person.organization_name_zh} language={language} />
                </dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </header>
      <section aria-labelledby="person-sessions">
        <h2 id="person-sessions">{t("person.sessionsAt", { event: eventTitle })}</h2>
        <ZoneNote zone={zone} eventDay={event.starts_on} eventZone={event.time_zone} />
        <DataTable className="person-sessions">
          <thead>
            <tr>
              <th scope="col">{t("session.when")}</th>
              <th scope="col">{t("person.session")}</th>
              <th scope="col">{t("person.role")}</th>
              <th scope="col">{t("session.room")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((session) => {
              const day = utcToLocal(session.starts_at, zone).day;
              return (
                <tr key={session.id} className={`status-${session.status}`}>
                  <td>
                    {formatShortDay(day, language)} <TimeRange startsAt={session.starts_at} endsAt={session.ends_at} zone={zone} listedDay={day} />
                  </td>
                  <td>
                    <Link to={eventPageHref(event.slug, `sessions/${session.id}`, tz)} className="session-title">
                      <BilingualText en={session.title_en} zh={session.title_zh} language={language} />
                    </Link>{" "}
                    <span className="badge">{t(`sessionType.${session.type}`)}</span>
                    {session.status !== "scheduled" ? <span className={`badge status-badge status-badge-${session.status}`}>{t(`sessionStatus.${session.status}`)}</span> : null}
                  </td>
                  <td>{session.roles.map((role) => t(`personRole.${role}`)).join(language === "zh-TW" ? "、" : ", ")}</td>
                  <td>
                    <BilingualText en={session.room_name_en} zh={session.room_name_zh} language={language} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      </section>
      <section aria-labelledby="person-calendar">
        <h2 id="person-calendar">{t("calendar:subscribe.heading")}</h2>
        <CalendarSubscribe feedUrl={eventFeedUrl(origin, event.slug, { filters: { person: person.id }, language })} />
        {signedIn ? (
          <p>
            {t("calendar:subscribe.privateFeed")} <Link to="/account/feeds">{t("calendar:subscribe.feedsPage")}</Link>
          </p>
        ) : null}
      </section>
    </article>
  );
}
