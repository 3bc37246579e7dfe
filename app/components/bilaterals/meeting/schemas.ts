import { z } from "zod";
import { ACTION_ITEM_STATUSES } from "../../../../db/schema";
import { calendarDay, choice, optionalId, requiredId } from "~/components/manage/schema-fields";

/*
 * The meeting page's forms, checked in the browser and again by the server. Messages are
 * translation keys. What the sides write is kept exactly as written: texts are not trimmed, and a
 * blank one (only spaces) counts as none.
 */

// The limits app/models/bilateral-meeting.server.ts enforces too.
const MINUTES_MAX_LENGTH = 20_000;
const NOTE_MAX_LENGTH = 20_000;
const ACTION_ITEM_MAX_LENGTH = 1_000;

const asWritten = (max: number) =>
  z
    .string()
    .max(max, "validation.tooLong")
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? null : value));

/** An English and a Chinese text of which at least one is written; the message sits by the English one. */
function eitherLanguageAsWritten<E extends string, Z extends string>(english: E, chinese: Z, max: number, message: string) {
  const text = asWritten(max);
  return z.object({ [english]: text, [chinese]: text } as { [K in E | Z]: typeof text }).superRefine((value, ctx) => {
    if (value[english] === null && value[chinese] === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [english], message });
  });
}

export const minutesSchema = z
  .object({
    intent: z.literal("save-minutes"),
    // The version the form was written on; none before the first save.
    baseRevisionId: optionalId,
  })
  .and(eitherLanguageAsWritten("bodyEn", "bodyZh", MINUTES_MAX_LENGTH, "meetings:errors.empty"));

export const deleteNoteSchema = z.object({ intent: z.literal("delete-note") });

// Saving a blank note is a mistake; deleting the note is its own button.
export const noteSchema = z.object({
  intent: z.literal("save-note"),
  body: asWritten(NOTE_MAX_LENGTH).refine((body) => body !== null, "meetings:errors.noteEmpty"),
});

const actionItemFields = z
  .object({ ownerId: requiredId, dueOn: calendarDay.optional().transform((day) => day ?? null) })
  .and(eitherLanguageAsWritten("textEn", "textZh", ACTION_ITEM_MAX_LENGTH, "meetings:errors.textRequired"));

export const addItemSchema = z.object({ intent: z.literal("add-item") }).and(actionItemFields);

export const editItemSchema = z.object({ intent: z.literal("edit-item"), itemId: requiredId }).and(actionItemFields);

/** One item's row: its status, or its removal. */
export const itemRowSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("item-status"), itemId: requiredId, status: choice(ACTION_ITEM_STATUSES) }),
  z.object({ intent: z.literal("remove-item"), itemId: requiredId }),
]);
