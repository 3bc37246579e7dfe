import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listEventRolesOfUser } from "~/models/event-team.server";
import { listPublicEvents } from "~/models/event.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { DayRange } from "~/components/day-range";
import { authorize, type RoutePolicy } from "~/policy.server";

export const policy = "public" satisfies RoutePolicy;

export async function loader(args: LoaderFunctionArgs) {
  const { db, user } = await authorize(policy, args);
  const [events, roles] = await Promise.all([listPublicEvents(db), user ? listEventRolesOfUser(db, user.id) : []]);
  return { events, roles };
}

export default function Home() {
  const { events, roles } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language;

  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("app.name")}</h1>
        <p className="lead">{t("app.tagline")}</p>
        <p>{t("home.intro")}</p>
      </section>

      {roles.length > 0 ? (
        <section aria-labelledby="your-events">
          <h2 id="your-events">{t("home.yourEvents")}</h2>
          <ul className="plain-list">
            {roles.map((role) => (
              <li key={`${role.eventId}-${role.role}`}>
                <Link to={`/events/${role.slug}`}>
                  <BilingualText en={role.titleEn} zh={role.titleZh} language={language} />
                </Link>{" "}
                <span className="badge">{t(`team.roles.${role.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="public-events">
        <h2 id="public-events">{t("home.publicEvents")}</h2>
        {events.length === 0 ? (
          <p>{t("home.noEvents")}</p>
        ) : (
          <ul className="event-cards">
            {events.map((event) => (
              <li key={event.id} className="event-card">
                <h3>
                  <Link to={`/events/${event.slug}`}>
                    <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
                  </Link>
                </h3>
                <p>
                  <span className="badge">{t(`event.kind.${event.kind}`)}</span>{" "}
                  <DayRange first={event.starts_on} last={event.ends_on} />
                </p>
                {event.city ? <p>{event.city}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
