import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DelegationName, SchedulePreview } from "~/models/bilateral-schedule.server";
import { BilingualText } from "~/components/ui/bilingual-text";
import { DataTable } from "~/components/ui/data-table";
import { localized } from "~/utils/localized";
import { formatSpan, zoneLabel } from "./plan-time";

function Sides({ requester, recipient }: { requester: DelegationName; recipient: DelegationName }) {
  const { i18n } = useTranslation();
  return (
    <>
      <BilingualText en={requester.name_en} zh={requester.name_zh} language={i18n.language} fallback={requester.key} /> –{" "}
      <BilingualText en={recipient.name_en} zh={recipient.name_zh} language={i18n.language} fallback={recipient.key} />
    </>
  );
}

/**
 * A preview of the scheduler's run: its result in numbers, what it would book (when, where,
 * which table), what it cannot place and why, and the form that applies exactly this preview.
 */
export function SchedulePreviewView({ preview, timeZone, onApply }: { preview: SchedulePreview; timeZone: string; onApply?: () => void }) {
  const { t, i18n } = useTranslation("bilateralPlan");
  const language = i18n.language;
  return (
    <section aria-labelledby="preview-title" className="schedule-preview">
      <h2 id="preview-title">{t("scheduler.objective")}</h2>
      <ul className="schedule-objective">
        <li>{t("scheduler.mustMeets", { placed: preview.objective.mustMeets, total: preview.mustMeetRequests })}</li>
        <li>{t("scheduler.weight", { weight: preview.objective.weight })}</li>
        <li>{t("scheduler.preferred", { count: preview.objective.preferred })}</li>
      </ul>

      <h2>{t("scheduler.placedTitle")}</h2>
      {preview.placed.length > 0 ? <p>{t("zone", zoneLabel(timeZone, language, preview.placed[0].startsAt))}</p> : null}
      {preview.placed.length === 0 ? (
        <p>{t("scheduler.placedNone")}</p>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t("scheduler.columns.sides")}</th>
              <th scope="col">{t("scheduler.columns.topic")}</th>
              <th scope="col">{t("scheduler.columns.when")}</th>
              <th scope="col">{t("scheduler.columns.where")}</th>
              <th scope="col">{t("scheduler.columns.priority")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.placed.map((meeting) => (
              <tr key={meeting.bilateralId}>
                <td>
                  <Sides requester={meeting.requester} recipient={meeting.recipient} />
                </td>
                <td>{meeting.topic}</td>
                <td>
                  {formatSpan(meeting.startsAt, meeting.endsAt, timeZone, language)}
                  {meeting.preferred ? <span className="badge">{t("scheduler.preferredMark")}</span> : null}
                </td>
                <td>{t("placeAndTable", { place: localized(meeting.place.name_en, meeting.place.name_zh, language), table: meeting.tableNumber })}</td>
                <td>
                  {t(`priority.${meeting.priority}`)}
                  {meeting.mustMeet ? ` · ${t("mustMeet")}` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      <h2>{t("scheduler.unplacedTitle")}</h2>
      {preview.unplaced.length === 0 ? (
        <p>{t("scheduler.unplacedNone")}</p>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t("scheduler.columns.sides")}</th>
              <th scope="col">{t("scheduler.columns.topic")}</th>
              <th scope="col">{t("scheduler.columns.priority")}</th>
              <th scope="col">{t("scheduler.columns.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.unplaced.map((request) => (
              <tr key={request.bilateralId}>
                <td>
                  <Sides requester={request.requester} recipient={request.recipient} />
                </td>
                <td>{request.topic}</td>
                <td>
                  {t(`priority.${request.priority}`)}
                  {request.mustMeet ? ` · ${t("mustMeet")}` : null}
                </td>
                <td>{t(`scheduler.reasons.${request.reason}`)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}

      {preview.placed.length > 0 ? (
        <Form method="post" onSubmit={onApply} className="schedule-apply">
          <input type="hidden" name="fingerprint" value={preview.fingerprint} />
          <p id="apply-hint" className="field-hint">
            {t("scheduler.applyHint", { count: preview.placed.length })}
          </p>
          <button type="submit" name="intent" value="apply" className="primary" aria-describedby="apply-hint">
            {t("scheduler.apply")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
