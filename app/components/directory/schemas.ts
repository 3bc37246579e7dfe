import { z } from "zod";
import { ORGANIZATION_KINDS } from "../../../db/schema";
import { emailField, requiredText } from "~/utils/form-schemas";

/*
 * The directory forms' rules, shared by the browser (Conform's validation) and the actions.
 * Messages are translation keys; components render them with t().
 */

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional();

export const personSchema = z.object({
  name: requiredText(200),
  nameNative: optionalText(200),
  titleEn: optionalText(300),
  titleZh: optionalText(300),
  email: emailField.optional(),
  organizationId: z
    .string()
    .regex(/^\d{1,9}$/, "directory:validation.organizationUnknown")
    .transform(Number)
    .optional(),
  // The language of the mail the person is sent (an account invitation); none means English.
  language: z.enum(["en", "zh-TW"], { errorMap: () => ({ message: "validation.invalidChoice" }) }).optional(),
});

export type PersonFormValues = z.input<typeof personSchema>;

/** The model's refusals of a person (SavePersonFailure), shown next to the field they concern. */
export const personRefusalErrors = {
  email_taken: { email: ["directory:person.emailTaken"] },
  organization_not_found: { organizationId: ["directory:validation.organizationUnknown"] },
} satisfies Record<string, Record<string, string[]>>;

// Object refinements run only once every field parses, so a missing name shows after the other fixes.
export const organizationSchema = z
  .object({
    nameEn: optionalText(200),
    nameZh: optionalText(200),
    country: z.string().trim().regex(/^(?:[A-Za-z]{2})?$/, "directory:validation.country").optional(),
    kind: z.enum(ORGANIZATION_KINDS, {
      errorMap: (issue) => ({ message: issue.code === "invalid_type" ? "validation.required" : "validation.invalidChoice" }),
    }),
  })
  .refine((value) => Boolean(value.nameEn || value.nameZh), { path: ["nameEn"], message: "directory:validation.nameRequired" });

export type OrganizationFormValues = z.input<typeof organizationSchema>;
