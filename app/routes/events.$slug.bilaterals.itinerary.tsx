import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ItineraryList } from "~/components/bilaterals/plan/itinerary-list";
import planStyles from "~/components/bilaterals/plan/plan.css";
import { zoneLabel } from "~/components/bilaterals/plan/plan-time";
import { BilingualText } from "~/components/ui/bilingual-text";
import { pageTitle } from "~/i18n/page-title";
import { findDelegationName, getItinerary } from "~/models/bilateral-schedule.server";
import { getDelegationStanding } from "~/models/delegation.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { CalendarSubscribe } from "~/components/calendar/calendar-subscribe";
import { listFeedTokens } from "~/models/feed-token.server";
import { getEnv } from "../../lib/env.server";

/* The viewer's delegation's itinerary for the event: sessions, seats and bilateral meetings in time order; printable. */

export const policy = "event-attendee" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralPlan:itinerary.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const standing = await getDelegationStanding(db, event.id, user.id);
  const delegation = standing.delegation ? await findDelegationName(db, event.id, standing.delegation.id) : undefined;
  if (!delegation) return { event: { id: event.id, slug: event.slug, time_zone: event.time_zone }, delegation: null, entries: [], feedToken: null, origin: "" };
  const [entries, feeds] = await Promise.all([getItinerary(db, event.id, delegation.id), listFeedTokens(db, { userId: user.id, secret: getEnv().SESSION_SECRET })]);
  // The delegation's own feed, if this member made one: its address is shown here to subscribe from.
  const feed = feeds.find((item) => item.event.id === event.id && item.kind === "delegation" && item.active);
  return {
    event: { id: event.id, slug: event.slug, time_zone: event.time_zone },
    delegation,
    entries,
    feedToken: feed?.token ?? null,
    origin: new URL(request.url).origin,
  };
}

export default function ItineraryPage() {
  const { event, delegation, entries, feedToken, origin } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("bilateralPlan");
  const firstEntry = entries[0]?.startsAt;
  return (
    <section aria-labelledby="itinerary-title">
      <h1 id="itinerary-title">{t("itinerary.title")}</h1>
      {delegation ? (
        <>
          <p className="eyebrow">
            <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={i18n.language} fallback={delegation.key} />
          </p>
          <p className="muted">{t("itinerary.intro")}</p>
          <p className="itinerary-actions">
            <Link to={`/events/${event.slug}/bilaterals`}>{t("itinerary.requestsLink")}</Link>
            <button type="button" onClick={() => window.print()}>
              {t("print")}
            </button>
          </p>
          {firstEntry ? <p>{t("zone", zoneLabel(event.time_zone, i18n.language, firstEntry))}</p> : null}
          {entries.length === 0 ? <p>{t("itinerary.empty")}</p> : <ItineraryList entries={entries} timeZone={event.time_zone} slug={event.slug} />}
          <section className="itinerary-calendar" aria-labelledby="itinerary-calendar-title">
            <h2 id="itinerary-calendar-title">{t("calendar:subscribe.heading")}</h2>
            {feedToken ? (
              <CalendarSubscribe feedUrl={`${origin}/feeds/${feedToken}/calendar.ics?lang=${i18n.language === "zh-TW" ? "zh-TW" : "en"}`} />
            ) : (
              <Form method="post" action="/account/feeds">
                <p>{t("calendar:subscribe.delegationFeed")}</p>
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="eventId" value={event.id} />
                <input type="hidden" name="kind" value="delegation" />
                <button type="submit">{t("calendar:subscribe.makeDelegationFeed")}</button>
              </Form>
            )}
          </section>
        </>
      ) : (
        <p>{t("itinerary.noDelegation")}</p>
      )}
    </section>
  );
}
