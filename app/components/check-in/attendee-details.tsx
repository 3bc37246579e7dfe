import { useTranslation } from "react-i18next";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import type { Attendee } from "~/models/check-in.server";

/** What staff see of a person: names in both scripts, delegation, organization, category; never an email. */
export type AttendeeView = Pick<Attendee, "name" | "nameNative" | "organizationEn" | "organizationZh" | "organizationText" | "delegationEn" | "delegationZh" | "categoryEn" | "categoryZh">;

export function AttendeeName({ attendee }: { attendee: Pick<AttendeeView, "name" | "nameNative"> }) {
  const { i18n } = useTranslation();
  return (
    <>
      {attendee.name}
      {attendee.nameNative && attendee.nameNative !== attendee.name ? (
        <>
          {" "}
          <NativeName name={attendee.nameNative} language={i18n.language} />
        </>
      ) : null}
    </>
  );
}

/** The organization from the directory in the viewer's language, else as typed on the registration. */
export function AttendeeOrganization({ attendee }: { attendee: Pick<AttendeeView, "organizationEn" | "organizationZh" | "organizationText"> }) {
  const { i18n } = useTranslation();
  if (attendee.organizationEn || attendee.organizationZh) return <BilingualText en={attendee.organizationEn} zh={attendee.organizationZh} language={i18n.language} />;
  return attendee.organizationText ? <>{attendee.organizationText}</> : null;
}

export function AttendeeFacts({ attendee }: { attendee: AttendeeView }) {
  const { t, i18n } = useTranslation("checkin");
  const facts = [
    { key: "delegation", value: attendee.delegationEn || attendee.delegationZh ? <BilingualText en={attendee.delegationEn} zh={attendee.delegationZh} language={i18n.language} /> : null },
    { key: "organization", value: attendee.organizationEn || attendee.organizationZh || attendee.organizationText ? <AttendeeOrganization attendee={attendee} /> : null },
    { key: "category", value: attendee.categoryEn || attendee.categoryZh ? <BilingualText en={attendee.categoryEn} zh={attendee.categoryZh} language={i18n.language} /> : null },
  ].filter((fact) => fact.value !== null);
  if (facts.length === 0) return null;
  return (
    <dl className="attendee-facts">
      {facts.map((fact) => (
        <div key={fact.key}>
          <dt>{t(`person.${fact.key}`)}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
