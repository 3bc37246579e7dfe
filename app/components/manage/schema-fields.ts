import { DateTime } from "luxon";
import { z } from "zod";
import { decimalInteger, MAX_ID } from "~/utils/form-schemas";

/*
 * Zod fields the management forms share. Messages are translation keys; Conform has already
 * turned blank inputs into undefined before these run.
 */

/** Optional free text; blank becomes null, the one spelling of "no value" in the database. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((value) => value || null);

/** An optional whole number from `min` to `max`; blank becomes null. */
export const optionalWholeNumber = (min: number, max: number, message: string) =>
  decimalInteger(min, max, message)
    .optional()
    .transform((value) => value ?? null);

/** The id picked in a select of rows; "none" becomes null. Whether the row exists is the model's to say. */
export const optionalId = decimalInteger(1, MAX_ID, "validation.invalidChoice")
  .optional()
  .transform((value) => value ?? null);

export const requiredId = z
  .string({ required_error: "validation.required", invalid_type_error: "validation.invalidChoice" })
  .pipe(decimalInteger(1, MAX_ID, "validation.invalidChoice"));

export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    errorMap: (issue) => ({ message: issue.code === "invalid_type" ? "validation.required" : "validation.invalidChoice" }),
  });

/** A calendar day as `<input type="date">` sends it. */
export const calendarDay = z
  .string({ required_error: "validation.required" })
  .refine((day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && DateTime.fromISO(day, { zone: "UTC" }).isValid, "manage:validation.date");

/**
 * An English and a Chinese text of which at least one is given (the message sits at the English
 * one). Combine it with `.and()`: a refinement on the whole form would be skipped while any other
 * field is invalid, and the person would learn of the missing title only on the next try.
 */
export function eitherLanguage<E extends string, Z extends string>(english: E, chinese: Z, max: number, message: string) {
  const text = optionalText(max);
  return z.object({ [english]: text, [chinese]: text } as { [K in E | Z]: typeof text }).superRefine((value, ctx) => {
    if (!value[english] && !value[chinese]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [english], message });
  });
}
