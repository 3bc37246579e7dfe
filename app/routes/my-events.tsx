import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatBadgeCode } from "../../lib/badge-code";
import { BilingualText } from "~/components/ui/bilingual-text";
import { pageTitle } from "~/i18n/page-title";
import { listMyEvents } from "~/models/account.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { formatDay, formatInstant } from "~/utils/localized";

export const policy = "signed-in" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "accounts:myEvents.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await authorize(policy, { request, params });
  return listMyEvents(db, user.id);
}

export default function MyEventsPage() {
  const { linked, events } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("accounts");
  const language = i18n.language;
  return (
    <section aria-labelledby="my-events-title">
      <h1 id="my-events-title">{t("myEvents.title")}</h1>
      {linked ? null : <p className="notice">{t("myEvents.notLinked")}</p>}
      {events.length === 0 ? <p>{t("myEvents.empty")}</p> : <p>{t("calendar:subscribe.privateFeed")} <Link to="/account/feeds">{t("calendar:subscribe.feedsPage")}</Link></p>}
      {events.map((event) => (
        <article key={event.id} aria-labelledby={`my-event-${event.id}`}>
          <h2 id={`my-event-${event.id}`}>
            <Link to={`/events/${event.slug}`}>
              <BilingualText en={event.titleEn} zh={event.titleZh} language={language} fallback={event.slug} />
            </Link>
          </h2>
          <p className="muted">{t("myEvents.dates", { start: formatDay(event.startsOn, language), end: formatDay(event.endsOn, language) })}</p>
          <dl className="facts">
            {event.registration ? (
              <>
                <dt>{t("myEvents.registration")}</dt>
                <dd>
                  {t(`myEvents.registrationStatus.${event.registration.status}`)}
                  {event.registration.categoryEn || event.registration.categoryZh ? (
                    <>
                      {" · "}
                      {t("myEvents.category")}: <BilingualText en={event.registration.categoryEn} zh={event.registration.categoryZh} language={language} />
                    </>
                  ) : null}
                </dd>
                {event.registration.badgeCode ? (
                  <>
                    <dt>{t("myEvents.badgeCode")}</dt>
                    <dd>
                      <code>{formatBadgeCode(event.registration.badgeCode)}</code>
                    </dd>
                  </>
                ) : null}
              </>
            ) : null}
            {event.delegation ? (
              <>
                <dt>{t("myEvents.delegation")}</dt>
                <dd>
                  <Link to={`/events/${event.slug}/delegations/${encodeURIComponent(event.delegation.key)}`}>
                    <BilingualText en={event.delegation.nameEn} zh={event.delegation.nameZh} language={language} fallback={t("myEvents.viewDelegation")} />
                  </Link>{" "}
                  <span className="badge">{t(`myEvents.delegationRole.${event.delegation.role}`)}</span>
                  {" · "}
                  <Link to={`/events/${event.slug}/bilaterals`}>{t("myEvents.bilaterals")}</Link>
                </dd>
              </>
            ) : null}
            {event.sessions.length > 0 ? (
              <>
                <dt>{t("myEvents.sessions")}</dt>
                <dd>
                  <ul className="plain-list">
                    {event.sessions.map((session) => (
                      <li key={`${session.id}-${session.role}`}>
                        <Link to={`/events/${event.slug}/sessions/${session.id}`}>
                          <BilingualText en={session.titleEn} zh={session.titleZh} language={language} />
                        </Link>{" "}
                        <span className="badge">{t(`myEvents.sessionRole.${session.role}`)}</span>{" "}
                        <span className="muted">
                          {formatInstant(session.startsAt, language, event.timeZone)} ({event.timeZone})
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            {event.teamRoles.length > 0 ? (
              <>
                <dt>{t("myEvents.team")}</dt>
                <dd>{event.teamRoles.map((role) => t(`myEvents.teamRole.${role}`)).join(", ")}</dd>
              </>
            ) : null}
          </dl>
        </article>
      ))}
    </section>
  );
}
