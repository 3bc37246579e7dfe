import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConflictDescription, conflictLookup, listedConflict } from "~/components/manage/conflict-description";
import { pageTitle } from "~/i18n/page-title";
import { listEventConflicts } from "~/models/session.server";
import type { Conflict } from "~/scheduling/conflicts";
import { authorize, type RoutePolicy } from "~/policy.server";

// The order the kinds are listed in: double bookings first, they need someone to move.
const KINDS: ReadonlyArray<Conflict["kind"]> = ["person_double_booked", "person_in_meeting", "room_double_booked", "over_room_capacity", "outside_event_days"];

/** Conflicts per page: with at most 20 sessions named in each, a page stays a few hundred kB at worst. */
const CONFLICTS_PER_PAGE = 50;

/** `?page=` is a positive whole number up to 100,000; anything else (missing, "abc", "1e3", "-1") shows the first page. */
const pageSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/)
  .transform(Number)
  .pipe(z.number().max(100_000))
  .catch(1);

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:conflicts.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const requested = pageSchema.parse(new URL(request.url).searchParams.get("page"));
  const listing = await listEventConflicts(db, event);
  // Sorting is stable: within a kind, the model's order (earliest first) is kept.
  const ordered = [...listing.conflicts].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  const total = ordered.length;
  const pageCount = Math.max(1, Math.ceil(total / CONFLICTS_PER_PAGE));
  // A page past the end (conflicts were resolved since the link was made) shows the last one.
  const page = Math.min(requested, pageCount);
  const offset = (page - 1) * CONFLICTS_PER_PAGE;
  const conflicts = ordered.slice(offset, offset + CONFLICTS_PER_PAGE).map(listedConflict);
  const countsByKind: Partial<Record<Conflict["kind"], number>> = {};
  for (const conflict of ordered) countsByKind[conflict.kind] = (countsByKind[conflict.kind] ?? 0) + 1;
  return {
    slug: event.slug,
    conflicts,
    countsByKind,
    paging: { page, pageCount, total, first: total === 0 ? 0 : offset + 1, last: offset + conflicts.length },
    lookup: conflictLookup(listing, event, conflicts),
  };
}

/**
 * Every clash of the event, worked out afresh on each visit (it stays listed until the agenda
 * changes), one page of them at a time.
 */
export default function ConflictsPage() {
  const { slug, conflicts, countsByKind, paging, lookup } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("manage");
  const number = (value: number) => value.toLocaleString(i18n.language);
  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t("conflicts.title")}</h1>
      <p className="muted">{t("conflicts.intro")}</p>
      {conflicts.length === 0 ? (
        <p className="callout" role="status">
          {t("conflicts.none")}
        </p>
      ) : (
        <>
          <p>{t("conflicts.pages.showing", { first: number(paging.first), last: number(paging.last), count: paging.total })}</p>
          {KINDS.map((kind) => {
            const ofKind = conflicts.filter((conflict) => conflict.kind === kind);
            if (ofKind.length === 0) return null;
            return (
              <section key={kind} aria-labelledby={`conflicts-${kind}`}>
                <h2 id={`conflicts-${kind}`}>{t(`conflicts.kind.${kind}`, { count: countsByKind[kind] ?? ofKind.length })}</h2>
                <ul className="conflict-list">
                  {ofKind.map((conflict, index) => (
                    <li key={index}>
                      <ConflictDescription conflict={conflict} lookup={lookup} slug={slug} />
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {paging.pageCount > 1 ? (
            <nav aria-label={t("conflicts.pages.label")}>
              {paging.page > 1 ? (
                <Link to={`?page=${paging.page - 1}`} rel="prev">
                  {t("conflicts.pages.previous")}
                </Link>
              ) : null}{" "}
              <span aria-current="page">{t("conflicts.pages.page", { page: number(paging.page), pageCount: number(paging.pageCount) })}</span>{" "}
              {paging.page < paging.pageCount ? (
                <Link to={`?page=${paging.page + 1}`} rel="next">
                  {t("conflicts.pages.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
