import { z } from "zod";

// Messages are translation keys; components render them with t().
export const requiredText = (max = 200) =>
  z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(254, "validation.tooLong")
  .email("validation.email");

/** New passwords: at least 12 characters (NIST SP 800-63B), a generous upper bound against hashing abuse. */
export const newPasswordField = z
  .string({ required_error: "validation.required" })
  .min(12, "validation.passwordTooShort")
  .max(200, "validation.passwordTooLong");

export const passwordField = z.string({ required_error: "validation.required" }).max(200, "validation.passwordTooLong");

/** The highest id a database column holds on both engines (PostgreSQL's integer). */
export const MAX_ID = 2_147_483_647;

/**
 * A whole number as a person types it: decimal digits only, so "0x10", "1e3" and " 12" are refused
 * rather than read as 16, 1000 or 12 (Conform's own coercion and z.coerce use `Number()`).
 */
export const decimalInteger = (min: number, max: number, message?: string) =>
  z
    .string({ invalid_type_error: message })
    .regex(/^[0-9]{1,10}$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
