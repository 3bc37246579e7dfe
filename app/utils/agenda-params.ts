import { z } from "zod";
import { SESSION_TYPES } from "../../db/schema";
import { isValidZone, utcToLocal } from "../../lib/zoned-time";
import { decimalInteger, MAX_ID } from "./form-schemas";

// A GET form sends empty fields for "all"; they mean "not set".
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const zoneParam = optional(
  z
    .string()
    .max(64)
    .transform((zone, ctx) => canonicalZone(zone) ?? (ctx.addIssue({ code: z.ZodIssueCode.custom, message: "unknown time zone" }), z.NEVER)),
);
const idParam = optional(decimalInteger(1, MAX_ID));

/**
 * The zone's own spelling ("asia/taipei" → "Asia/Taipei") when both Intl and Luxon know it.
 * Luxon alone would also take "system" (the server's own zone) and "UTC+8", which Intl cannot name.
 */
export function canonicalZone(zone: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    return isValidZone(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** The public agenda's query: which day, which view, which filters, which display zone. */
export const agendaQuerySchema = z.object({
  day: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  view: optional(z.enum(["grid", "list"])),
  track: idParam,
  room: idParam,
  type: optional(z.enum(SESSION_TYPES)),
  q: optional(z.string().trim().max(200)),
  tz: zoneParam,
});

/** Session and person pages honour the agenda's display zone. */
export const zoneQuerySchema = z.object({ tz: zoneParam });

/**
 * The zone times are shown in: the reader's pick, or the event's own. `tz` stays undefined for the
 * event's own zone, so links never need to carry it.
 */
export function displayZone(picked: string | undefined, eventZone: string): { tz: string | undefined; zone: string } {
  const tz = picked === eventZone ? undefined : picked;
  return { tz, zone: tz ?? eventZone };
}

/**
 * Ids in paths and queries: decimal digits naming a positive 32-bit integer ("0x10", "1e3" and
 * 2^31 name nothing). A path id that fails this cannot name anything: the caller answers 404.
 */
export const pathIdSchema = decimalInteger(1, MAX_ID);

export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/** Today while the event runs (in its own zone), its first day otherwise. */
export function defaultAgendaDay(days: readonly string[], zone: string, now = new Date()): string {
  const today = utcToLocal(now.toISOString(), zone).day;
  return days.includes(today) ? today : days[0];
}

/** Every zone the runtime knows, for the zone picker; UTC is not in Intl's list but people ask for it. */
export function selectableZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone")];
}
