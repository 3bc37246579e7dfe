import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ItineraryEntry } from "~/models/bilateral-schedule.server";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { formatClock, utcToLocal } from "../../../../lib/zoned-time";
import { formatLongDay } from "./plan-time";

/** A delegation's itinerary, one list per event-local day, each entry with its times, place and members. */
export function ItineraryList({ entries, timeZone, slug }: { entries: readonly ItineraryEntry[]; timeZone: string; slug: string }) {
  const { t, i18n } = useTranslation("bilateralPlan");
  const language = i18n.language;
  const days: Array<{ day: string; entries: ItineraryEntry[] }> = [];
  for (const entry of entries) {
    const day = utcToLocal(entry.startsAt, timeZone).day;
    const last = days[days.length - 1];
    if (last && last.day === day) last.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  return (
    <>
      {days.map((group) => (
        <section key={group.day} aria-labelledby={`itinerary-${group.day}`} className="itinerary-day">
          <h2 id={`itinerary-${group.day}`}>{formatLongDay(group.day, language)}</h2>
          <ol className="itinerary">
            {group.entries.map((entry) => (
              <li key={`${entry.kind}-${entry.id}`} className={`itinerary-entry itinerary-${entry.kind}`}>
                <p className="itinerary-time">
                  <time dateTime={entry.startsAt}>{formatClock(entry.startsAt, timeZone)}</time>–
                  <time dateTime={entry.endsAt}>{formatClock(entry.endsAt, timeZone)}</time>
                </p>
                <div className="itinerary-what">
                  <p className="itinerary-kind">{entry.kind === "session" ? t("itinerary.session") : t("itinerary.meeting")}</p>
                  {entry.kind === "session" ? (
                    <>
                      <h3>
                        <Link to={`/events/${slug}/sessions/${entry.id}`}>
                          <BilingualText en={entry.title_en} zh={entry.title_zh} language={language} />
                        </Link>
                      </h3>
                      <p>{entry.room ? <BilingualText en={entry.room.name_en} zh={entry.room.name_zh} language={language} /> : t("itinerary.noRoom")}</p>
                      <p>
                        {t("itinerary.who")}:{" "}
                        {entry.members.map((member, index) => (
                          <span key={`${member.personId}-${member.role}`}>
                            {index > 0 ? ", " : null}
                            <NativeName name={member.name} language={language} /> ({t(`itinerary.role.${member.role}`)})
                          </span>
                        ))}
                      </p>
                    </>
                  ) : (
                    <>
                      <h3>
                        <Link to={`/events/${slug}/bilaterals/${entry.id}`}>
                          {t("itinerary.meetingWith", { other: localized(entry.other.name_en, entry.other.name_zh, language) || entry.other.key })}
                        </Link>
                      </h3>
                      <p>{entry.topic}</p>
                      <p>
                        {entry.place
                          ? t("placeAndTable", { place: localized(entry.place.name_en, entry.place.name_zh, language), table: entry.tableNumber })
                          : t("table", { number: entry.tableNumber })}
                      </p>
                      {entry.members.length > 0 ? (
                        <p>
                          {t("itinerary.who")}:{" "}
                          {entry.members.map((member, index) => (
                            <span key={member.personId}>
                              {index > 0 ? ", " : null}
                              <NativeName name={member.name} language={language} />
                            </span>
                          ))}
                        </p>
                      ) : null}
                    </>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
