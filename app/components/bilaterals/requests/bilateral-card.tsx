import type { SubmissionResult } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { BilateralListItem } from "~/models/bilateral.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { formatMeetingTime } from "~/utils/meeting-time";
import { AcceptForm, ProposeForm, ReasonForm, type FreeStart } from "./answer-forms";
import type { MemberChoice, MessageValues } from "./choice-fields";

/** A request or meeting as the page lists it; `freeStarts` is set where the delegation answers it now. */
export type BilateralCardItem = BilateralListItem & { freeStarts: FreeStart[] | null };

/** Whether the delegation answers the request now: the recipient a plain request, either side the other's proposal. */
export function answersNow(item: Pick<BilateralListItem, "status" | "direction" | "proposedByUs">): boolean {
  return (item.status === "requested" && item.direction === "incoming") || (item.status === "proposed" && !item.proposedByUs);
}

/** A form opened by its summary, and kept open while it shows errors (its error summary takes focus then). */
function Disclosure({ summary, result, children }: { summary: string; result: SubmissionResult<string[]> | undefined; children: ReactNode }) {
  return (
    <details open={result?.status === "error" || undefined}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** One request or meeting: what it is, where it stands, and what the delegation can do with it now. */
export function BilateralCard({
  item,
  slug,
  timeZone,
  slotMinutes,
  ownDelegationId,
  members,
  viewerPersonId,
  resultFor,
  messageValues,
}: {
  item: BilateralCardItem;
  slug: string;
  timeZone: string;
  slotMinutes: number;
  ownDelegationId: number;
  members: readonly MemberChoice[];
  viewerPersonId: number | null;
  resultFor: (formId: string) => SubmissionResult<string[]> | undefined;
  messageValues: MessageValues;
}) {
  const { t, i18n } = useTranslation("bilaterals");
  const language = i18n.language;
  const titleId = `bilateral-${item.id}-title`;
  const target = { id: item.id, version: item.version, titleId };
  const otherName = localized(item.other.name_en, item.other.name_zh, language) || item.other.key;
  const when = (startsAt: string, endsAt: string | null) => formatMeetingTime(startsAt, endsAt, language, timeZone);
  const endOf = (startsAt: string) => new Date(Date.parse(startsAt) + item.lengthSlots * slotMinutes * 60_000).toISOString();
  const ownAttendees = item.attendees.filter((attendee) => attendee.delegationId === ownDelegationId).map((attendee) => attendee.personId);
  const viewerAttends = viewerPersonId !== null && members.some((member) => member.personId === viewerPersonId);
  const defaultAttendees = ownAttendees.length > 0 ? ownAttendees : viewerAttends && viewerPersonId !== null ? [viewerPersonId] : [];
  const open = item.status === "requested" || item.status === "proposed" || item.status === "accepted";
  const answering = answersNow(item) && item.freeStarts !== null;
  // A meeting the other side booked directly may still be turned down by this one.
  const mayDeclineBooking = item.status === "booked" && item.bookedVia === "self" && item.direction === "incoming";
  const closedBy = item.status === "declined" ? "declined" : "cancelled";

  return (
    <article className="callout" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <BilingualText en={item.other.name_en} zh={item.other.name_zh} language={language} fallback={item.other.key} />
        {": "}
        {item.topic}
      </h3>
      <p className="muted">
        {item.direction === "incoming" ? t("card.askedByThem", { delegation: otherName }) : t("card.askedByUs", { delegation: otherName })}
        {" · "}
        <span className="badge">{t(`status.${item.status}`)}</span>
        {item.mustMeet ? (
          <>
            {" "}
            <span className="badge warning">{t("card.mustMeet")}</span>
          </>
        ) : null}
      </p>
      <dl className="facts">
        <dt>{t("card.length")}</dt>
        <dd>{t("minutes", { count: item.lengthSlots * slotMinutes })}</dd>
        <dt>{t("card.priority")}</dt>
        <dd>{t(`priority.${item.priority}`)}</dd>
        {item.preferredStarts.length > 0 && item.status !== "booked" ? (
          <>
            <dt>{t("card.preferredTimes")}</dt>
            <dd>
              <ul className="plain-list">
                {item.preferredStarts.map((start) => (
                  <li key={start}>{when(start, endOf(start))}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {item.status === "proposed" && item.proposedStart ? (
          <>
            <dt>{item.proposedByUs ? t("card.proposedByUs") : t("card.proposedByThem", { delegation: otherName })}</dt>
            <dd>{when(item.proposedStart, endOf(item.proposedStart))}</dd>
          </>
        ) : null}
        {item.status === "booked" && item.startsAt ? (
          <>
            <dt>{t("card.time")}</dt>
            <dd>{when(item.startsAt, item.endsAt)}</dd>
            <dt>{t("card.place")}</dt>
            <dd>
              {item.place ? <BilingualText en={item.place.name_en} zh={item.place.name_zh} language={language} /> : null}
              {item.tableNumber !== null ? t("card.table", { number: item.tableNumber }) : null}
            </dd>
          </>
        ) : null}
        <dt>{t("card.attendees")}</dt>
        <dd>{item.attendees.length > 0 ? item.attendees.map((attendee) => attendee.name).join(", ") : t("card.noAttendees")}</dd>
        {item.closingReason ? (
          <>
            <dt>{item.closedByUs ? t(`card.${closedBy}ByUs`) : t(`card.${closedBy}ByThem`, { delegation: otherName })}</dt>
            <dd>{item.closingReason}</dd>
          </>
        ) : null}
      </dl>
      {item.status === "booked" ? (
        <p>
          <Link to={`/events/${slug}/bilaterals/${item.id}`} aria-describedby={titleId}>
            {t("links.meeting")}
          </Link>
        </p>
      ) : null}

      {answering ? (
        <>
          <AcceptForm
            target={target}
            freeStarts={item.freeStarts ?? []}
            proposedStart={item.status === "proposed" ? item.proposedStart : null}
            timeZone={timeZone}
            members={members}
            defaultAttendees={defaultAttendees}
            lastResult={resultFor(`accept-${item.id}`)}
            messageValues={messageValues}
          />
          <Disclosure summary={t("answer.proposeAnother")} result={resultFor(`propose-${item.id}`)}>
            <ProposeForm
              target={target}
              freeStarts={item.freeStarts ?? []}
              timeZone={timeZone}
              lastResult={resultFor(`propose-${item.id}`)}
              messageValues={messageValues}
            />
          </Disclosure>
        </>
      ) : null}
      {answering || mayDeclineBooking ? (
        <Disclosure summary={t("answer.declineSummary")} result={resultFor(`decline-${item.id}`)}>
          <ReasonForm target={target} intent="decline" lastResult={resultFor(`decline-${item.id}`)} />
        </Disclosure>
      ) : null}
      {(open && !answering) || item.status === "booked" ? (
        <Disclosure
          summary={t(item.status === "requested" || item.status === "proposed" ? "answer.withdrawSummary" : "answer.cancelSummary")}
          result={resultFor(`cancel-${item.id}`)}
        >
          <ReasonForm target={target} intent="cancel" lastResult={resultFor(`cancel-${item.id}`)} />
        </Disclosure>
      ) : null}
    </article>
  );
}
