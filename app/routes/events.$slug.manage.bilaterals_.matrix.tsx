import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MeetingMatrixTable, UnscheduledRequests } from "~/components/bilaterals/plan/meeting-matrix";
import matrixStyles from "~/components/bilaterals/plan/meeting-matrix.css";
import { zoneLabel } from "~/components/bilaterals/plan/plan-time";
import { formatShortDay } from "~/components/agenda/agenda-time";
import { pageTitle } from "~/i18n/page-title";
import { getMeetingMatrix } from "~/models/bilateral-schedule.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { localized } from "~/utils/localized";

/*
 * The organizers' meeting matrix: who meets whom, when, where and at which table, how full the
 * tables are, and what is still waiting for a time; filtered by delegation and day from the
 * address, printable on A4 landscape. (`bilaterals_`: a page of its own, not nested in the setup page.)
 */

export const policy = "event-organizer" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: matrixStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralPlan:matrix.title") }];

// Anything unreadable in the address shows everything rather than an error.
const filterSchema = z.object({
  delegation: z.string().trim().max(100).optional().catch(undefined),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const search = new URL(request.url).searchParams;
  const filter = filterSchema.parse({ delegation: search.get("delegation") || undefined, day: search.get("day") || undefined });
  const matrix = await getMeetingMatrix(db, event.id, { delegationKey: filter.delegation, day: filter.day });
  return { event: { slug: event.slug }, filter: { delegation: filter.delegation ?? "", day: filter.day ?? "" }, matrix };
}

export default function MeetingMatrixPage() {
  const { event, filter, matrix } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("bilateralPlan");
  const language = i18n.language;
  const firstSlot = matrix.slots[0]?.startsAt;
  return (
    <section aria-labelledby="matrix-title" className="meeting-matrix-page">
      <h1 id="matrix-title">{t("matrix.title")}</h1>
      <p className="muted matrix-intro">{t("matrix.intro")}</p>
      <p className="matrix-actions">
        <Link to={`/events/${event.slug}/manage/bilaterals/scheduler`}>{t("matrix.schedulerLink")}</Link>
        <button type="button" onClick={() => window.print()}>
          {t("print")}
        </button>
      </p>
      <Form method="get" className="row-form matrix-filter" aria-label={t("matrix.filter")}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="matrix-delegation">{t("matrix.delegation")}</label>
            <select id="matrix-delegation" name="delegation" defaultValue={filter.delegation}>
              <option value="">{t("matrix.all")}</option>
              {matrix.delegations.map((delegation) => (
                <option key={delegation.id} value={delegation.key}>
                  {localized(delegation.name_en, delegation.name_zh, language) || delegation.key}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="matrix-day">{t("matrix.day")}</label>
            <select id="matrix-day" name="day" defaultValue={filter.day}>
              <option value="">{t("matrix.all")}</option>
              {matrix.days.map((day) => (
                <option key={day} value={day}>
                  {formatShortDay(day, language)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t("matrix.show")}</button>
      </Form>
      <p role="status">{t("matrix.counts", { booked: matrix.counts.booked, accepted: matrix.counts.acceptedUnscheduled, pending: matrix.counts.pending })}</p>
      {firstSlot ? <p>{t("zone", zoneLabel(matrix.timeZone, language, firstSlot))}</p> : null}
      {matrix.slots.length === 0 ? (
        <p>{t("matrix.noSlots")}</p>
      ) : matrix.rows.length === 0 ? (
        <p>{t("matrix.noRows")}</p>
      ) : (
        <MeetingMatrixTable matrix={matrix} slug={event.slug} />
      )}
      <h2>{t("matrix.unscheduledTitle")}</h2>
      <UnscheduledRequests matrix={matrix} />
    </section>
  );
}
