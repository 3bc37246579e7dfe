import { z } from "zod";
import { calendarDay, eitherLanguage, optionalWholeNumber, requiredId } from "~/components/manage/schema-fields";
import { decimalInteger } from "~/utils/form-schemas";
import type { BilateralSetupProblem, LocalSpanField } from "~/models/bilateral-setup.server";

/*
 * The bilateral setup forms' rules, checked in the browser and again by the server. Messages are
 * translation keys of the `bilateralSetup` namespace. What needs the event (its days, its zone,
 * booked meetings) the model checks.
 */

const wholeNumber = (min: number, max: number, message: string) => z.string({ required_error: "validation.required" }).pipe(decimalInteger(min, max, message));

// As <input type="time"> sends it, in the event's own zone.
const clockTime = z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "bilateralSetup:errors.invalidTime");

const localSpan = {
  day: calendarDay,
  startTime: clockTime,
  endTime: clockTime,
};

export const settingsSchema = z.object({
  intent: z.literal("settings"),
  slotMinutes: wholeNumber(5, 240, "bilateralSetup:errors.slotMinutes"),
  minSlots: wholeNumber(1, 48, "bilateralSetup:errors.slots"),
  maxSlots: wholeNumber(1, 48, "bilateralSetup:errors.slots"),
});

export const addWindowSchema = z.object({
  intent: z.literal("add-window"),
  ...localSpan,
});

export const removeWindowSchema = z.object({
  intent: z.literal("remove-window"),
  windowId: requiredId,
});

const placeFields = z
  .object({
    tables: wholeNumber(1, 500, "bilateralSetup:errors.tables"),
    position: optionalWholeNumber(0, 9999, "bilateralSetup:errors.position"),
  })
  .and(eitherLanguage("nameEn", "nameZh", 120, "bilateralSetup:errors.nameRequired"));

export const addPlaceSchema = z.object({ intent: z.literal("add-place") }).and(placeFields);

export const savePlaceSchema = z.object({ intent: z.literal("save-place"), placeId: requiredId }).and(placeFields);

export const removePlaceSchema = z.object({
  intent: z.literal("remove-place"),
  placeId: requiredId,
});

export const delegationOptionsSchema = z.object({
  intent: z.literal("options"),
  teams: wholeNumber(1, 20, "bilateralSetup:errors.teams"),
  // An unticked box sends nothing.
  selfBooking: z.boolean().optional().default(false),
});

export const addBlockSchema = z.object({
  intent: z.literal("add-block"),
  ...localSpan,
  note: z
    .string()
    .trim()
    .max(200, "bilateralSetup:errors.noteTooLong")
    .optional()
    .transform((note) => note || null),
});

export const removeBlockSchema = z.object({
  intent: z.literal("remove-block"),
  blockId: requiredId,
});

/** What a refused change says, by the field it is about (`""` for the whole form). */
export type SetupMessages = Record<string, string[]>;

const TIME_MESSAGES: Partial<Record<BilateralSetupProblem, string>> = {
  invalid_time: "bilateralSetup:errors.invalidTime",
  nonexistent_time: "bilateralSetup:errors.nonexistentTime",
  end_not_after_start: "bilateralSetup:errors.endNotAfterStart",
  outside_event_days: "bilateralSetup:errors.outsideEventDays",
  overlaps_window: "bilateralSetup:errors.overlapsWindow",
};

/** A refused window or busy block: the time problems by their field, `meetings_booked` with the given message. */
export function spanRefusal(problem: BilateralSetupProblem, field: LocalSpanField | undefined, bookedMessage: string): SetupMessages {
  const message = problem === "meetings_booked" ? bookedMessage : TIME_MESSAGES[problem];
  return { [field ?? "startTime"]: [message ?? "validation.invalidValue"] };
}
