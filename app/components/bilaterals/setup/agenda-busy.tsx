import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { NativeName } from "~/components/ui/bilingual-text";
import type { BusySpan, DelegationAvailabilityView } from "~/models/bilateral-setup.server";
import { formatClock } from "../../../../lib/zoned-time";
import { zonedSpanParts } from "./zoned-span";

/**
 * Read only: per meeting window, when the delegation cannot meet at all (marked times, or every
 * member busy) and when each member is taken by the agenda.
 */
export function AgendaBusy({ windows, zone }: { windows: DelegationAvailabilityView["windows"]; zone: string }) {
  const { t, i18n } = useTranslation("bilateralSetup");
  const times = (spans: readonly BusySpan[]) =>
    spans
      .map((span) =>
        t("timeRange", {
          start: formatClock(span.startsAt, zone),
          end: formatClock(span.endsAt, zone),
        }),
      )
      .join(", ");
  if (windows.length === 0) return <p>{t("availability.noWindows")}</p>;
  return (
    <ul className="entry-list">
      {windows.map((window) => (
        <li key={window.id} className="entry-card">
          <h3>{t("windowTime", zonedSpanParts(window, zone, i18n.language))}</h3>
          {window.unavailable.length > 0 ? (
            <p>
              {t("availability.unavailable", {
                times: times(window.unavailable),
              })}
            </p>
          ) : null}
          {window.members.length === 0 ? (
            <p>{t("availability.allFree")}</p>
          ) : (
            <dl className="facts">
              {window.members.map((member) => (
                <Fragment key={member.personId}>
                  <dt>
                    <NativeName name={member.name} language={i18n.language} />
                  </dt>
                  <dd>{times(member.busy)}</dd>
                </Fragment>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}
