import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ItineraryList } from "~/components/bilaterals/plan/itinerary-list";
import planStyles from "~/components/bilaterals/plan/plan.css";
import { zoneLabel } from "~/components/bilaterals/plan/plan-time";
import { BilingualText } from "~/components/ui/bilingual-text";
import { pageTitle } from "~/i18n/page-title";
import { findDelegationName, getItinerary } from "~/models/bilateral-schedule.server";
import { getDelegationStanding } from "~/models/delegation.server";
import { authorize, type RoutePolicy } from "~/policy.server";

/* The viewer's delegation's itinerary for the event: sessions, seats and bilateral meetings in time order; printable. */

export const policy = "event-attendee" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralPlan:itinerary.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const standing = await getDelegationStanding(db, event.id, user.id);
  const delegation = standing.delegation ? await findDelegationName(db, event.id, standing.delegation.id) : undefined;
  return {
    event: { slug: event.slug, time_zone: event.time_zone },
    delegation: delegation ?? null,
    entries: delegation ? await getItinerary(db, event.id, delegation.id) : [],
  };
}

export default function ItineraryPage() {
  const { event, delegation, entries } = useLoaderData<typeof loader>();
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
        </>
      ) : (
        <p>{t("itinerary.noDelegation")}</p>
      )}
    </section>
  );
}
