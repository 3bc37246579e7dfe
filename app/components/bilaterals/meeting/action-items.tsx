import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ACTION_ITEM_STATUSES } from "../../../../db/schema";
import type { ActionItem, MeetingSide } from "~/models/bilateral-meeting.server";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { DataTable } from "~/components/ui/data-table";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field, SelectField } from "~/components/ui/field";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { formatDay, localized } from "~/utils/localized";
import { LanguageTextarea } from "./language-textarea";
import { addItemSchema, editItemSchema, itemRowSchema } from "./schemas";
import { ItemText, itemLabel } from "./written-text";

type Result = SubmissionResult<string[]> | undefined;

function useOwnerOptions(sides: readonly [MeetingSide, MeetingSide]) {
  const { i18n } = useTranslation();
  return sides.map((side) => ({ value: String(side.id), label: localized(side.name_en, side.name_zh, i18n.language) || side.key }));
}

/** The fields of a new or an edited item: owner, text in either language, due date. */
function ItemFields({ fields, sides }: { fields: ReturnType<typeof useItemForm>[1]; sides: readonly [MeetingSide, MeetingSide] }) {
  const { t } = useTranslation("meetings");
  const owners = useOwnerOptions(sides);
  return (
    <>
      <div className="field-row">
        <SelectField meta={fields.ownerId} label={t("items.owner")} options={owners} />
        <Field meta={fields.dueOn} label={t("items.dueOn")} type="date" />
      </div>
      <div className="minutes-columns">
        <LanguageTextarea meta={fields.textEn} label={t("items.textEn")} lang="en" rows={3} />
        <LanguageTextarea meta={fields.textZh} label={t("items.textZh")} lang="zh-TW" rows={3} />
      </div>
    </>
  );
}

function useItemForm(id: string, schema: typeof addItemSchema | typeof editItemSchema, lastResult: Result, item: ActionItem | null, defaultOwner: number) {
  return useValidatedForm({
    id,
    lastResult,
    defaultValue: { ownerId: String(item?.ownerId ?? defaultOwner), textEn: item?.text_en ?? "", textZh: item?.text_zh ?? "", dueOn: item?.dueOn ?? "" },
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema }),
    shouldValidate: "onSubmit",
  });
}

function AddItemForm({ sides, ownSide, lastResult }: { sides: readonly [MeetingSide, MeetingSide]; ownSide: number; lastResult: Result }) {
  const { t } = useTranslation("meetings");
  const [form, fields] = useItemForm("add-item", addItemSchema, lastResult, null, ownSide);
  return (
    <Form method="post" {...getFormProps(form)} className="action-item-form">
      <h3>{t("items.addTitle")}</h3>
      <ErrorSummary form={form} />
      <ItemFields fields={fields} sides={sides} />
      <button type="submit" name="intent" value="add-item" className="primary">
        {t("items.add")}
      </button>
    </Form>
  );
}

function EditItemForm({ item, sides, label, lastResult }: { item: ActionItem; sides: readonly [MeetingSide, MeetingSide]; label: string; lastResult: Result }) {
  const { t } = useTranslation("meetings");
  const [form, fields] = useItemForm(`edit-item-${item.id}`, editItemSchema, lastResult, item, item.ownerId);
  return (
    <details className="action-item-edit" open={lastResult?.status === "error" ? true : undefined}>
      <summary aria-label={t("items.editLabel", { text: label })}>{t("items.edit")}</summary>
      <Form method="post" {...getFormProps(form)} className="action-item-form">
        <ErrorSummary form={form} />
        <input type="hidden" name="itemId" value={item.id} />
        <ItemFields fields={fields} sides={sides} />
        <button type="submit" name="intent" value="edit-item" className="primary">
          {t("items.save")}
        </button>
      </Form>
    </details>
  );
}

/** An item's status and removal, in its row. */
function ItemRowForm({ item, label, lastResult }: { item: ActionItem; label: string; lastResult: Result }) {
  const { t } = useTranslation("meetings");
  const [form, fields] = useValidatedForm({
    id: `item-${item.id}`,
    lastResult,
    defaultValue: { status: item.status },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: itemRowSchema }),
    shouldValidate: "onSubmit",
  });
  const statuses = ACTION_ITEM_STATUSES.map((status) => ({
    value: status,
    label: t(`items.statusValues.${status}`),
  }));
  return (
    <Form method="post" {...getFormProps(form)} className="action-item-row-form">
      <ErrorSummary form={form} />
      <input type="hidden" name="itemId" value={item.id} />
      <SelectField meta={fields.status} label={t("items.statusOf", { text: label })} options={statuses} />
      <button type="submit" name="intent" value="item-status" aria-label={t("items.changeStatusLabel", { text: label })}>
        {t("items.changeStatus")}
      </button>
      <ConfirmButton name="intent" value="remove-item" question={t("items.confirmRemove", { text: label })} label={t("items.removeLabel", { text: label })}>
        {t("items.remove")}
      </ConfirmButton>
    </Form>
  );
}

/** The meeting's action items as a table (printable), with forms to change them while the meeting is booked. */
export function ActionItems({
  items,
  sides,
  ownSide,
  writable,
  resultFor,
  notice,
}: {
  items: readonly ActionItem[];
  sides: readonly [MeetingSide, MeetingSide];
  ownSide: number;
  writable: boolean;
  resultFor: (formId: string) => Result;
  notice: string | null;
}) {
  const { t, i18n } = useTranslation("meetings");
  const language = i18n.language;
  const ownerName = (ownerId: number) => {
    const side = sides.find((candidate) => candidate.id === ownerId);
    return side ? localized(side.name_en, side.name_zh, language) || side.key : "—";
  };
  return (
    <section className="meeting-section action-items" aria-labelledby="items-title">
      <h2 id="items-title">{t("items.title")}</h2>
      <StatusMessage>{notice ? t(notice) : null}</StatusMessage>
      {items.length === 0 ? (
        <p>{t("items.none")}</p>
      ) : (
        <DataTable className="action-items-table" aria-labelledby="items-title">
          <thead>
            <tr>
              <th scope="col">{t("items.owner")}</th>
              <th scope="col">{t("items.text")}</th>
              <th scope="col">{t("items.due")}</th>
              <th scope="col">{t("items.status")}</th>
              {writable ? (
                <th scope="col" className="action-items-manage">
                  {t("items.manage")}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const label = itemLabel(item.text_en, item.text_zh, language);
              return (
                <tr key={item.id} className={`action-item-${item.status}`}>
                  <td>{ownerName(item.ownerId)}</td>
                  <td>
                    <ItemText en={item.text_en} zh={item.text_zh} pageLanguage={language} />
                  </td>
                  <td>
                    {item.dueOn ? <time dateTime={item.dueOn}>{formatDay(item.dueOn, language)}</time> : <span className="muted">{t("items.noDue")}</span>}
                  </td>
                  <td>{t(`items.statusValues.${item.status}`)}</td>
                  {writable ? (
                    <td className="action-items-manage">
                      <ItemRowForm item={item} label={label} lastResult={resultFor(`item-${item.id}`)} />
                      <EditItemForm item={item} sides={sides} label={label} lastResult={resultFor(`edit-item-${item.id}`)} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      {writable ? <AddItemForm sides={sides} ownSide={ownSide} lastResult={resultFor("add-item")} /> : null}
    </section>
  );
}
