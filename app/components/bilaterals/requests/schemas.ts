import { z } from "zod";
import { BILATERAL_PRIORITIES, BILATERAL_REASON_MAX_LENGTH, BILATERAL_TOPIC_MAX_LENGTH } from "../../../../db/schema";
import { choice, requiredId } from "~/components/manage/schema-fields";
import { decimalInteger, MAX_ID, requiredText } from "~/utils/form-schemas";

/*
 * The forms of a delegation's bilateral page, checked in the browser and again by the server.
 * Messages are translation keys. The limits are the ones the booking model checks too.
 */

/** The choice that leaves the time of an accepted request to the organizers' scheduler. */
export const LEAVE_TO_SCHEDULER = "scheduler";

/** A slot start as the forms send it: an ISO-8601 instant the page offered. Whether it fits is the model's to say. */
const instant = z
  .string({ required_error: "bilaterals:errors.chooseTime" })
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
    "validation.invalidChoice",
  );

/** The bilateral a form acts on, and the version it was made from (a later change makes it stale). */
const target = {
  bilateralId: requiredId,
  version: z.string({ required_error: "validation.required" }).pipe(decimalInteger(1, MAX_ID, "validation.invalidChoice")),
};

/** Members of the acting delegation (checkboxes): none is a valid answer. */
const attendeeIds = z
  .array(decimalInteger(1, MAX_ID, "validation.invalidChoice"))
  .optional()
  .transform((ids) => ids ?? []);

const reason = requiredText(BILATERAL_REASON_MAX_LENGTH);

const lengthSlots = z.string({ required_error: "validation.required" }).pipe(decimalInteger(1, 48, "validation.invalidChoice"));

/** Accept a request at a common free time, or leave the time to the scheduler; or accept the proposed time. */
export const acceptSchema = z.object({
  intent: z.literal("accept"),
  ...target,
  startsAt: z
    .union([z.literal(LEAVE_TO_SCHEDULER), instant], { errorMap: () => ({ message: "bilaterals:errors.chooseTime" }) })
    .transform((value) => (value === LEAVE_TO_SCHEDULER ? null : value)),
  attendeeIds,
});

export const proposeSchema = z.object({ intent: z.literal("propose"), ...target, startsAt: instant });

export const declineSchema = z.object({ intent: z.literal("decline"), ...target, reason });

export const cancelSchema = z.object({ intent: z.literal("cancel"), ...target, reason });

const newMeeting = {
  recipientId: requiredId,
  topic: requiredText(BILATERAL_TOPIC_MAX_LENGTH),
  lengthSlots,
  priority: choice(BILATERAL_PRIORITIES),
  attendeeIds,
};

export const requestSchema = z.object({
  intent: z.literal("request"),
  ...newMeeting,
  mustMeet: z
    .boolean()
    .optional()
    .transform((value) => value ?? false),
  preferredStarts: z
    .array(instant)
    .optional()
    .transform((starts) => starts ?? []),
});

export const selfBookSchema = z.object({ intent: z.literal("self-book"), ...newMeeting, startsAt: instant });
