import { z } from "zod";
import { DELEGATION_ROLES } from "../../../db/schema";
import { choice, eitherLanguage, optionalId, optionalText, optionalWholeNumber, requiredId } from "~/components/manage/schema-fields";
import { normalizeCountryCode } from "~/utils/countries";
import { requiredText } from "~/utils/form-schemas";

/*
 * The delegation forms' rules, checked in the browser and again by the server. Messages are
 * translation keys (those of this feature in the `delegations` namespace).
 */

/** The European Union takes part as a delegation of its own (ISO 3166 reserves EU for it). */
export const EUROPEAN_UNION = "EU";

/** A stored country code: ISO 3166 alpha-2 or EU, upper case; null for an international body. */
export function delegationCountry(value: string): string | null {
  const code = value.trim().toUpperCase();
  return code === EUROPEAN_UNION ? code : normalizeCountryCode(code);
}

const optionalEmail = z
  .string()
  .trim()
  .max(254, "validation.tooLong")
  .email("validation.email")
  .optional()
  .transform((value) => value ?? null);

export const delegationSchema = z
  .object({
    intent: z.literal("save"),
    delegationId: optionalId,
    key: z
      .string({ required_error: "validation.required" })
      .trim()
      .toLowerCase()
      .max(40, "delegations:errors.keyFormat")
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "delegations:errors.keyFormat"),
    country: z
      .string()
      .optional()
      .refine((value) => value === undefined || delegationCountry(value) !== null, "delegations:errors.country")
      .transform((value) => (value === undefined ? null : delegationCountry(value))),
    // Whether it exists is the database's to say (a foreign key).
    organizationId: optionalId,
    declaredSize: optionalWholeNumber(1, 10000, "delegations:errors.declaredSize"),
    contactEmail: optionalEmail,
    contactPhone: optionalText(40).refine((value) => value === null || /^[0-9+()\-./ ]+$/.test(value), "delegations:errors.phone"),
  })
  .and(eitherLanguage("nameEn", "nameZh", 200, "delegations:errors.nameRequired"));

export const deleteDelegationSchema = z.object({ intent: z.literal("delete"), delegationId: requiredId });

export const memberRole = choice(DELEGATION_ROLES);

/** Organizers: a person of the directory. */
export const addMemberSchema = z.object({ intent: z.literal("add"), personId: requiredId, role: memberRole });

/** Heads (who may not use the directory): a new person, entered as a member of their delegation. */
export const createMemberSchema = z.object({
  intent: z.literal("create"),
  name: requiredText(200),
  nameNative: optionalText(200),
  titleEn: optionalText(200),
  titleZh: optionalText(200),
  email: optionalEmail,
  // One of the delegation's organizations; the model refuses any other.
  organizationId: optionalId,
  role: memberRole,
});

/** What one member's row does: change the role, remove, or register (with a category of the event). */
export const memberRowSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), personId: requiredId, role: memberRole }),
  z.object({ intent: z.literal("remove"), personId: requiredId }),
  z.object({ intent: z.literal("register"), personId: requiredId, categoryId: optionalId }),
]);
