import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { DataTable } from "~/components/ui/data-table";
import type { SessionSeatList } from "~/models/seat.server";
import { formatInstant } from "~/utils/localized";

type Row = SessionSeatList["seated"][number];

function PersonCells({ row, language }: { row: Row; language: string }) {
  return (
    <>
      <td>{row.name}</td>
      <td>{row.name_native ? <NativeName name={row.name_native} language={language} /> : null}</td>
      <td>
        <BilingualText en={row.organization_name_en} zh={row.organization_name_zh} language={language} fallback={row.organization_text} />
      </td>
      <td>
        <BilingualText en={row.delegation_name_en} zh={row.delegation_name_zh} language={language} />
      </td>
      <td>
        <BilingualText en={row.category_name_en} zh={row.category_name_zh} language={language} />
      </td>
    </>
  );
}

function RowAction({ registrationId, intent, label, children }: { registrationId: number; intent: string; label: string; children: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="registrationId" value={registrationId} />
      <button type="submit" name="intent" value={intent} aria-label={label}>
        {children}
      </button>
    </Form>
  );
}

function RemoveAction({ row }: { row: Row }) {
  const { t } = useTranslation("seats");
  return (
    <Form method="post">
      <input type="hidden" name="registrationId" value={row.registration_id} />
      <ConfirmButton name="intent" value="remove" question={t("manage.confirmRemove", { name: row.name })} label={t("manage.removeLabel", { name: row.name })}>
        {t("manage.remove")}
      </ConfirmButton>
    </Form>
  );
}

/** One person's row: place in the list, who they are, when, and the actions (move to the other list, remove). */
function SeatRow({ row, number, time, move, language }: { row: Row; number: number; time: string | null; move: { intent: string; label: string; text: string }; language: string }) {
  return (
    <tr id={`seat-${row.registration_id}`}>
      <td className="number">{number}</td>
      <PersonCells row={row} language={language} />
      <td>{time}</td>
      <td className="seat-actions-column">
        <div className="seat-row-actions">
          <RowAction registrationId={row.registration_id} intent={move.intent} label={move.label}>
            {move.text}
          </RowAction>
          <RemoveAction row={row} />
        </div>
      </td>
    </tr>
  );
}

/**
 * A session's seated people and its waiting list, as tables that print on A4 (the actions column
 * is left out of print). Rows carry the registration's id for the actions.
 */
export function SeatLists({ lists, timeZone }: { lists: SessionSeatList; timeZone: string }) {
  const { t, i18n } = useTranslation("seats");
  const language = i18n.language;
  const head = (first: string, time: string) => (
    <thead>
      <tr>
        <th scope="col" className="number-column">
          {first}
        </th>
        <th scope="col">{t("manage.name")}</th>
        <th scope="col">{t("manage.nativeName")}</th>
        <th scope="col">{t("manage.organization")}</th>
        <th scope="col">{t("manage.delegation")}</th>
        <th scope="col">{t("manage.category")}</th>
        <th scope="col">{time}</th>
        <th scope="col" className="seat-actions-column">
          {t("manage.actions")}
        </th>
      </tr>
    </thead>
  );
  return (
    <>
      <section aria-labelledby="seated-title">
        <h2 id="seated-title">{t("manage.seatedTitle")}</h2>
        {lists.seated.length === 0 ? (
          <p>{t("manage.noneSeated")}</p>
        ) : (
          <DataTable className="seat-table" aria-labelledby="seated-title">
            {head(t("manage.number"), t("manage.seatedAt"))}
            <tbody>
              {lists.seated.map((row, index) => (
                <SeatRow
                  key={row.seat_id}
                  row={row}
                  number={index + 1}
                  time={row.seated_at ? formatInstant(row.seated_at, language, timeZone) : null}
                  move={{ intent: "move-to-waiting-list", label: t("manage.moveToWaitingListLabel", { name: row.name }), text: t("manage.moveToWaitingList") }}
                  language={language}
                />
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t("manage.waitingTitle")}</h2>
        <p className="muted seat-lists-actions">{t("manage.waitingListNote")}</p>
        {lists.waiting.length === 0 ? (
          <p>{t("manage.noneWaiting")}</p>
        ) : (
          <DataTable className="seat-table" aria-labelledby="waiting-title">
            {head(t("manage.position"), t("manage.requestedAt"))}
            <tbody>
              {lists.waiting.map((row) => (
                <SeatRow
                  key={row.seat_id}
                  row={row}
                  number={row.position}
                  time={formatInstant(row.requested_at, language, timeZone)}
                  move={{ intent: "move-to-seat", label: t("manage.moveToSeatLabel", { name: row.name }), text: t("manage.moveToSeat") }}
                  language={language}
                />
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </>
  );
}
