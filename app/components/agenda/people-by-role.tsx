import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PersonRole } from "../../../db/schema";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { eventPageHref } from "./agenda-links";
import { groupByRole } from "./session-people";

export interface SessionPerson {
  id: number;
  role: PersonRole;
  name: string;
  name_native: string | null;
  title_en: string | null;
  title_zh: string | null;
  organization_name_en: string | null;
  organization_name_zh: string | null;
}

/** "Wen Wu-yen (溫武彥), Director General, Taiwan Customs" with the name linking to the person page. */
export function PersonLine({ person, slug, tz }: { person: SessionPerson; slug: string; tz: string | undefined }) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const title = localized(person.title_en, person.title_zh, language);
  const organization = localized(person.organization_name_en, person.organization_name_zh, language);
  return (
    <>
      <Link to={eventPageHref(slug, `people/${person.id}`, tz)}>{person.name}</Link>
      {person.name_native && person.name_native !== person.name ? (
        <span>
          {" ("}
          <NativeName name={person.name_native} language={language} />)
        </span>
      ) : null}
      {title || organization ? (
        <span className="person-details">
          , <BilingualText en={person.title_en} zh={person.title_zh} language={language} />
          {title && organization ? ", " : null}
          <BilingualText en={person.organization_name_en} zh={person.organization_name_zh} language={language} />
        </span>
      ) : null}
    </>
  );
}

/**
 * People grouped by role, in programme order (moderators first, hosts last): as sections with h3
 * headings for the whole session, or as "Speakers: A, B" lines under one timed item.
 */
export function PeopleByRole({ people, slug, tz, variant }: { people: SessionPerson[]; slug: string; tz: string | undefined; variant: "sections" | "lines" }) {
  const { t } = useTranslation("agenda");
  const groups = groupByRole(people);
  if (variant === "lines") {
    return (
      <ul className="people-lines">
        {groups.map((group) => (
          <li key={group.role}>
            <span className="role-label">{t("session.roleLabel", { role: t(`session.roleGroup.${group.role}`, { count: group.people.length }) })}</span>{" "}
            {group.people.map((person, index) => (
              <span key={person.id}>
                {index > 0 ? "; " : null}
                <PersonLine person={person} slug={slug} tz={tz} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="people-by-role">
      {groups.map((group) => (
        <div key={group.role} className="role-group">
          <h3>{t(`session.roleGroup.${group.role}`, { count: group.people.length })}</h3>
          <ul>
            {group.people.map((person) => (
              <li key={person.id}>
                <PersonLine person={person} slug={slug} tz={tz} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
