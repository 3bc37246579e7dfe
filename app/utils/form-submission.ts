import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";

// Tab, line feed and carriage return are text; every other control character is refused, so a NUL
// byte is turned away the same way on SQLite (which would store it) and PostgreSQL (which cannot).
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function refuseControlCharacters(value: unknown, path: Array<string | number>, ctx: z.RefinementCtx): void {
  if (typeof value === "string") {
    if (CONTROL_CHARACTER.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: "validation.controlCharacters" });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => refuseControlCharacters(item, [...path, index], ctx));
  } else if (value !== null && typeof value === "object" && !(value instanceof Blob)) {
    for (const [key, item] of Object.entries(value)) refuseControlCharacters(item, [...path, key], ctx);
  }
}

/**
 * Conform's parseWithZod for every form of the portal, on the server and in the browser alike: the
 * schema's own rules, and a message by each field whose text holds a control character.
 */
export function parseSubmission<Schema extends z.ZodTypeAny>(payload: FormData | URLSearchParams, { schema }: { schema: Schema }) {
  const guarded = z.preprocess((value, ctx) => {
    refuseControlCharacters(value, [], ctx);
    return value;
  }, schema) as unknown as Schema;
  return parseWithZod(payload, { schema: guarded });
}
