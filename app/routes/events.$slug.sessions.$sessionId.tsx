import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { agendaHref } from "~/components/agenda/agenda-links";
import { formatShortDay } from "~/components/agenda/agenda-time";
import { AttachmentList } from "~/components/agenda/attachment-list";
import { PeopleByRole } from "~/components/agenda/people-by-role";
import { safeTrackColor } from "~/components/agenda/session-card";
import { TimeRange, ZoneNote } from "~/components/agenda/time-range";
import { getSessionDetails } from "~/models/agenda.server";
import { getSessionSeating } from "~/models/seat.server";
import { SeatPanel } from "~/components/seats/seat-panel";
import seatStyles from "~/styles/seats.css";
import agendaStyles from "~/styles/agenda.css";
import { displayZone, pathIdSchema, searchParamsOf, zoneQuerySchema } from "~/utils/agenda-params";
import { invariantResponse } from "~/utils/http.server";
import { formatDay, localized } from "~/utils/localized";
import { BilingualText } from "~/components/ui/bilingual-text";
import { utcToLocal } from "../../lib/zoned-time";
import { contentTitle } from "~/i18n/page-title";
import { authorize, type RoutePolicy } from "~/policy.server";
import { googleCalendarLink } from "~/calendar/google-link";
import { sessionCalendarPath } from "~/components/calendar/feed-urls";
import { getSessionCalendar } from "~/models/calendar.server";
import { viewerLocale } from "~/i18n/i18next.server";

export const policy = "event-reader" satisfies RoutePolicy;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: agendaStyles },
  { rel: "stylesheet", href: seatStyles },
];

// What the seat route's redirect says happened, for the seat panel's notice.
const seatNoticeSchema = z.enum(["seated", "waiting", "left"]).nullable().catch(null);

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: contentTitle(matches, data?.session.title_en, data?.session.title_zh) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const sessionId = pathIdSchema.safeParse(params.sessionId);
  invariantResponse(sessionId.success, "Not found", 404);
  const query = zoneQuerySchema.safeParse(searchParamsOf(request));
  invariantResponse(query.success, "Unknown time zone", 400);
  const [session, seating, calendar, locale] = await Promise.all([
    getSessionDetails(db, { event, sessionId: sessionId.data }),
    getSessionSeating(db, { eventId: event.id, sessionId: sessionId.data, userId: user?.id ?? null }),
    getSessionCalendar(db, { event, sessionId: sessionId.data }),
    viewerLocale(request),
  ]);
  invariantResponse(session && seating && calendar, "Not found", 404);
  const seatNotice = seatNoticeSchema.parse(new URL(request.url).searchParams.get("seat"));
  const googleUrl = googleCalendarLink({
    event: calendar.event,
    session: calendar.sessions[0],
    language: locale === "zh-TW" ? "zh-TW" : "en",
    origin: new URL(request.url).origin,
  });
  return { event, session, seating, seatNotice, googleUrl, ...displayZone(query.data.tz, event.time_zone) };
}

export default function SessionPage() {
  const { event, session, seating, seatNotice, googleUrl, tz, zone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("agenda");
  const language = i18n.language;
  const eventDay = utcToLocal(session.starts_at, event.time_zone).day;
  const shownDay = utcToLocal(session.starts_at, zone).day;
  const description = localized(session.description_en, session.description_zh, language);
  const audience = localized(session.audience_note_en, session.audience_note_zh, language);
  const color = safeTrackColor(session.track_color);
  // People named for one timed item are listed with that item; the rest belong to the whole session.
  const sessionPeople = session.people.filter((person) => person.item_id === null);
  return (
    <article className={`session-page status-${session.status}`} aria-labelledby="session-title">
      <p className="back-link">
        <Link to={agendaHref(event.slug, { day: eventDay, tz })}>← {t("session.backToAgenda")}</Link>
      </p>
      <header className="session-header" style={color ? { borderInlineStartColor: color } : undefined}>
        <p className="eyebrow">
          <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
        </p>
        <h1 id="session-title" className="session-title">
          <BilingualText en={session.title_en} zh={session.title_zh} language={language} />
        </h1>
        <p className="session-labels">
          <span className="badge">{t(`sessionType.${session.type}`)}</span>
          {session.status !== "scheduled" ? <span className={`badge status-badge status-badge-${session.status}`}>{t(`sessionStatus.${session.status}`)}</span> : null}
        </p>
      </header>

      <dl className="facts">
        <dt>{t("session.when")}</dt>
        <dd>
          {formatDay(shownDay, language)} · <TimeRange startsAt={session.starts_at} endsAt={session.ends_at} zone={zone} listedDay={shownDay} />
          <ZoneNote zone={zone} eventDay={eventDay} eventZone={event.time_zone} />
          {tz ? (
            <p className="muted">
              {t("session.atVenue")} {formatShortDay(eventDay, language)}{" "}
              <TimeRange startsAt={session.starts_at} endsAt={session.ends_at} zone={event.time_zone} listedDay={eventDay} /> ({event.time_zone})
            </p>
          ) : null}
        </dd>
        {session.room_name_en || session.room_name_zh ? (
          <>
            <dt>{t("session.room")}</dt>
            <dd>
              <BilingualText en={session.room_name_en} zh={session.room_name_zh} language={language} />
            </dd>
          </>
        ) : null}
        {session.track_name_en || session.track_name_zh ? (
          <>
            <dt>{t("session.track")}</dt>
            <dd>
              <BilingualText en={session.track_name_en} zh={session.track_name_zh} language={language} />
            </dd>
          </>
        ) : null}
        {audience ? (
          <>
            <dt>{t("session.audience")}</dt>
            <dd className="audience-note">
              <BilingualText en={session.audience_note_en} zh={session.audience_note_zh} language={language} />
            </dd>
          </>
        ) : null}
      </dl>

      {session.status !== "cancelled" ? (
        <p className="add-to-calendar">
          <a className="button" href={sessionCalendarPath(event.slug, session.id, language)} download>
            {t("calendar:subscribe.addToCalendar")}
          </a>{" "}
          <a href={googleUrl}>
            {t("calendar:subscribe.google")}
          </a>
        </p>
      ) : null}

      <SeatPanel
        seating={seating}
        sessionUrl={`/events/${event.slug}/sessions/${session.id}`}
        cancelled={session.status === "cancelled"}
        notice={seatNotice}
        answer={<Outlet />}
      />

      {description ? (
        <section aria-labelledby="session-description">
          <h2 id="session-description">{t("session.description")}</h2>
          <p className="session-description">
            <BilingualText en={session.description_en} zh={session.description_zh} language={language} />
          </p>
        </section>
      ) : null}

      {session.items.length > 0 ? (
        <section aria-labelledby="session-items">
          <h2 id="session-items">{t("session.programme")}</h2>
          <ol className="session-items">
            {session.items.map((item) => {
              const itemPeople = session.people.filter((person) => person.item_id === item.id);
              return (
                <li key={item.id}>
                  <h3>
                    <TimeRange startsAt={item.starts_at} endsAt={item.ends_at} zone={zone} listedDay={shownDay} />{" "}
                    <span>
                      <BilingualText en={item.title_en} zh={item.title_zh} language={language} />
                    </span>
                  </h3>
                  {itemPeople.length > 0 ? <PeopleByRole people={itemPeople} slug={event.slug} tz={tz} variant="lines" /> : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      {sessionPeople.length > 0 ? (
        <section aria-labelledby="session-people">
          <h2 id="session-people">{t("session.people")}</h2>
          <PeopleByRole people={sessionPeople} slug={event.slug} tz={tz} variant="sections" />
        </section>
      ) : null}

      {session.attachments.length > 0 ? (
        <section aria-labelledby="session-attachments">
          <h2 id="session-attachments">{t("session.attachments")}</h2>
          <AttachmentList attachments={session.attachments} slug={event.slug} />
        </section>
      ) : null}
    </article>
  );
}
