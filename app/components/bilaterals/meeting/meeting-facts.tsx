import { useTranslation } from "react-i18next";
import type { Meeting, MeetingAttendee, MeetingSide } from "~/models/bilateral-meeting.server";
import { CountryLabel } from "~/components/delegations/country-label";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { MeetingTime } from "./meeting-time";

function SideName({ side }: { side: MeetingSide }) {
  const { i18n } = useTranslation();
  return (
    <>
      <BilingualText en={side.name_en} zh={side.name_zh} language={i18n.language} fallback={side.key} /> · <CountryLabel code={side.country} />
    </>
  );
}

function AttendeesOf({ side, attendees }: { side: MeetingSide; attendees: readonly MeetingAttendee[] }) {
  const { t, i18n } = useTranslation("meetings");
  const own = attendees.filter((attendee) => attendee.delegationId === side.id);
  return (
    <div className="meeting-attendees-side">
      <p className="meeting-attendees-heading">
        <BilingualText en={side.name_en} zh={side.name_zh} language={i18n.language} fallback={side.key} />
      </p>
      {own.length === 0 ? (
        <p className="muted">{t("noAttendees")}</p>
      ) : (
        <ul>
          {own.map((attendee) => (
            <li key={attendee.personId}>
              {attendee.name}
              {attendee.nameNative ? (
                <>
                  {" "}
                  <NativeName name={attendee.nameNative} language={i18n.language} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// A declined or cancelled meeting has no time or place any more: its status says why.
const CLOSED: ReadonlySet<Meeting["status"]> = new Set(["declined", "cancelled"]);

/** When and where, the two sides, the status and topic; and, for the sides, who attends. */
export function MeetingFacts({ meeting, eventZone }: { meeting: Meeting; eventZone: string }) {
  const { t, i18n } = useTranslation("meetings");
  const place = meeting.place ? localized(meeting.place.name_en, meeting.place.name_zh, i18n.language) : null;
  return (
    <dl className="facts meeting-facts">
      {meeting.startsAt && meeting.endsAt ? (
        <>
          <dt>{t("facts.when")}</dt>
          <dd>
            <MeetingTime startsAt={meeting.startsAt} endsAt={meeting.endsAt} eventZone={eventZone} />
          </dd>
          <dt>{t("facts.where")}</dt>
          <dd>{place !== null && meeting.tableNumber !== null ? t("placeAndTable", { place, table: meeting.tableNumber }) : null}</dd>
        </>
      ) : CLOSED.has(meeting.status) ? null : (
        <>
          <dt>{t("facts.when")}</dt>
          <dd>{t("notScheduled")}</dd>
        </>
      )}
      <dt>{t("facts.sides")}</dt>
      <dd>
        <ul className="meeting-sides">
          <li>
            <SideName side={meeting.requester} /> · <span className="muted">{t("requestedBy")}</span>
          </li>
          <li>
            <SideName side={meeting.recipient} />
          </li>
        </ul>
      </dd>
      <dt>{t("facts.status")}</dt>
      <dd>
        <span className={`badge meeting-status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
      </dd>
      <dt>{t("facts.length")}</dt>
      <dd>{t("lengthMinutes", { count: meeting.lengthSlots * meeting.slotMinutes })}</dd>
      <dt>{t("facts.topic")}</dt>
      <dd className="meeting-topic">{meeting.topic}</dd>
      {meeting.record ? (
        <>
          <dt>{t("facts.attendees")}</dt>
          <dd className="meeting-attendees">
            <AttendeesOf side={meeting.requester} attendees={meeting.record.attendees} />
            <AttendeesOf side={meeting.recipient} attendees={meeting.record.attendees} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}
