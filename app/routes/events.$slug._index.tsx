import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasEventRole } from "~/models/account.server";
import { getEventForViewer } from "~/models/event.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { formatDay, localized } from "~/utils/localized";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.event.title_en ?? data.event.title_zh} · Plenary` : "Plenary" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const user = await getOptionalUser(request);
  const viewer = user ? { userId: user.id, isAdmin: user.isAdmin } : null;
  const event = await getEventForViewer(db, params.slug ?? "", viewer);
  // A private event answers 404 to outsiders, so its existence is not revealed.
  invariantResponse(event, "Not found", 404);
  const canManage =
    user !== null &&
    (user.isAdmin || (await hasEventRole(db, { userId: user.id, eventId: event.id, roles: ["organizer"] })));
  return { event, canManage };
}

export default function EventPage() {
  const { event, canManage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <article aria-labelledby="event-title">
      <header className="page-header">
        <p className="eyebrow">
          <span className="badge">{t(`event.kind.${event.kind}`)}</span>{" "}
          {event.visibility !== "public" ? <span className="badge">{t(`event.visibility.${event.visibility}`)}</span> : null}
        </p>
        <h1 id="event-title">{localized(event.title_en, event.title_zh, language)}</h1>
      </header>
      <dl className="facts">
        <dt>{t("event.when")}</dt>
        <dd>
          {t("home.dates", { start: formatDay(event.starts_on, language), end: formatDay(event.ends_on, language) })}{" "}
          <span className="muted">({t("event.timeZone", { zone: event.time_zone })})</span>
        </dd>
        {event.city || event.venue ? (
          <>
            <dt>{t("event.where")}</dt>
            <dd>{[event.venue, event.city].filter(Boolean).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {canManage ? (
        <p>
          <Link to={`/events/${event.slug}/team`}>{t("event.team")}</Link>
        </p>
      ) : null}
    </article>
  );
}
