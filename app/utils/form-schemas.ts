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
