import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MatrixMeeting, MatrixRow, MeetingMatrix } from "~/models/bilateral-schedule.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { localized } from "~/utils/localized";
import { formatClock } from "../../../../lib/zoned-time";
import { formatShortDay } from "../../agenda/agenda-time";
import { meetingLanes, slotsByDay } from "./matrix-layout";

/**
 * The meeting matrix as a table: delegations down the side (a delegation holding meetings at the
 * same time gets one row per lane), slots across, grouped by day; each meeting is one cell spanning
 * its slots, in both sides' rows, saying with whom, where and at which table (text, not colour).
 * The last row counts the tables in use in each slot.
 */
export function MeetingMatrixTable({ matrix, slug }: { matrix: MeetingMatrix; slug: string }) {
  const { t, i18n } = useTranslation("bilateralPlan");
  const language = i18n.language;
  const zone = matrix.timeZone;
  const days = slotsByDay(matrix.slots);
  const positionOf = new Map(matrix.slots.map((slot, position) => [slot.index, position]));
  const byId = new Map(matrix.delegations.map((delegation) => [delegation.id, delegation]));

  const meetingsOf = (row: MatrixRow) => matrix.meetings.filter((meeting) => meeting.requesterId === row.id || meeting.recipientId === row.id);

  const laneCells = (row: MatrixRow, lane: readonly MatrixMeeting[]) => {
    const cells = [];
    let position = 0;
    for (const meeting of lane) {
      const start = positionOf.get(meeting.startSlot) ?? 0;
      const end = positionOf.get(meeting.endSlot) ?? start;
      for (; position < start; position++) cells.push(<td key={`free-${position}`} className="matrix-free" />);
      const other = byId.get(meeting.requesterId === row.id ? meeting.recipientId : meeting.requesterId);
      cells.push(
        <td key={`meeting-${meeting.id}`} colSpan={end - start + 1} className="matrix-meeting">
          <Link to={`/events/${slug}/bilaterals/${meeting.id}`}>
            {t("matrix.meetingWith", { other: other ? localized(other.name_en, other.name_zh, language) : "" })}
          </Link>
          <span className="matrix-meeting-detail">
            {formatClock(meeting.startsAt, zone)}–{formatClock(meeting.endsAt, zone)}
            {" · "}
            {meeting.place
              ? t("placeAndTable", { place: localized(meeting.place.name_en, meeting.place.name_zh, language), table: meeting.tableNumber })
              : t("table", { number: meeting.tableNumber })}
            {" · "}
            {t("matrix.attendees", { count: meeting.attendeeCount })}
          </span>
        </td>,
      );
      position = end + 1;
    }
    for (; position < matrix.slots.length; position++) cells.push(<td key={`free-${position}`} className="matrix-free" />);
    return cells;
  };

  return (
    <div className="matrix-scroll" tabIndex={0} role="region" aria-labelledby="matrix-caption">
      <table className="meeting-matrix">
        <caption id="matrix-caption">{t("matrix.caption")}</caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {t("matrix.delegationColumn")}
            </th>
            {days.map((group) => (
              <th key={group.day} scope="colgroup" colSpan={group.slots.length}>
                {formatShortDay(group.day, language)}
              </th>
            ))}
          </tr>
          <tr>
            {matrix.slots.map((slot) => (
              <th key={slot.index} scope="col" className="matrix-time">
                {formatClock(slot.startsAt, zone)}
              </th>
            ))}
          </tr>
        </thead>
        {matrix.rows.map((row) => {
          const lanes = meetingLanes(meetingsOf(row));
          const shown = lanes.length > 0 ? lanes : [[]];
          // One row group per delegation: its name heads every lane of it.
          return (
            <tbody key={row.id}>
              {shown.map((lane, laneIndex) => (
                <tr key={laneIndex}>
                  {laneIndex === 0 ? (
                    <th scope="rowgroup" rowSpan={shown.length} className="matrix-delegation">
                      <BilingualText en={row.name_en} zh={row.name_zh} language={language} fallback={row.key} />
                    </th>
                  ) : null}
                  {laneCells(row, lane)}
                </tr>
              ))}
            </tbody>
          );
        })}
        <tfoot>
          <tr>
            <th scope="row">{t("matrix.tablesRow")}</th>
            {matrix.slots.map((slot) => (
              <td key={slot.index} className={slot.tablesOccupied >= slot.tablesTotal ? "matrix-occupancy matrix-full" : "matrix-occupancy"}>
                <span aria-hidden="true">{t("matrix.occupancy", { occupied: slot.tablesOccupied, total: slot.tablesTotal })}</span>
                <span className="visually-hidden">{t("matrix.occupancyLabel", { occupied: slot.tablesOccupied, total: slot.tablesTotal })}</span>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The accepted requests still without a time, sides and length only. */
export function UnscheduledRequests({ matrix }: { matrix: MeetingMatrix }) {
  const { t, i18n } = useTranslation("bilateralPlan");
  const byId = new Map(matrix.delegations.map((delegation) => [delegation.id, delegation]));
  const name = (id: number) => {
    const delegation = byId.get(id);
    return delegation ? <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={i18n.language} fallback={delegation.key} /> : null;
  };
  if (matrix.unscheduled.length === 0) return <p>{t("matrix.unscheduledNone")}</p>;
  return (
    <table className="data-table matrix-unscheduled">
      <thead>
        <tr>
          <th scope="col">{t("matrix.unscheduledColumns.sides")}</th>
          <th scope="col">{t("matrix.unscheduledColumns.length")}</th>
          <th scope="col">{t("matrix.unscheduledColumns.priority")}</th>
        </tr>
      </thead>
      <tbody>
        {matrix.unscheduled.map((request) => (
          <tr key={request.id}>
            <td>
              {name(request.requesterId)} – {name(request.recipientId)}
            </td>
            <td>{t("matrix.length", { count: request.lengthSlots, minutes: request.lengthSlots * matrix.slotMinutes })}</td>
            <td>
              {t(`priority.${request.priority}`)}
              {request.mustMeet ? ` · ${t("mustMeet")}` : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
