import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConflictDescription, conflictLookup } from "~/components/manage/conflict-description";
import { pageTitle } from "~/i18n/page-title";
import { listEventConflicts } from "~/models/session.server";
import type { Conflict } from "~/scheduling/conflicts";
import { requireEventOrganizer } from "~/utils/auth.server";

// The order the kinds are listed in: double bookings first, they need someone to move.
const KINDS: ReadonlyArray<Conflict["kind"]> = ["person_double_booked", "room_double_booked", "over_room_capacity", "outside_event_days"];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage:conflicts.title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await requireEventOrganizer(request, params.slug);
  const listing = await listEventConflicts(db, event);
  return { slug: event.slug, conflicts: listing.conflicts, lookup: conflictLookup(listing, event) };
}

/** Every clash of the event, worked out afresh on each visit: it stays listed until the agenda changes. */
export default function ConflictsPage() {
  const { slug, conflicts, lookup } = useLoaderData<typeof loader>();
  const { t } = useTranslation("manage");
  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t("conflicts.title")}</h1>
      <p className="muted">{t("conflicts.intro")}</p>
      {conflicts.length === 0 ? (
        <p className="callout" role="status">
          {t("conflicts.none")}
        </p>
      ) : (
        KINDS.map((kind) => {
          const ofKind = conflicts.filter((conflict) => conflict.kind === kind);
          if (ofKind.length === 0) return null;
          return (
            <section key={kind} aria-labelledby={`conflicts-${kind}`}>
              <h2 id={`conflicts-${kind}`}>{t(`conflicts.kind.${kind}`, { count: ofKind.length })}</h2>
              <ul className="conflict-list">
                {ofKind.map((conflict, index) => (
                  <li key={index}>
                    <ConflictDescription conflict={conflict} lookup={lookup} slug={slug} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </section>
  );
}
