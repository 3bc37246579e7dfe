import { describe, expect, it } from "vitest";
import { z } from "zod";
import "../../../app/utils/zod-messages";
import { parseEnv } from "../../../lib/env.server";

describe("zod messages", () => {
  it("turns messages a schema does not name into a translation key and keeps the ones it names", () => {
    const schema = z.object({ userId: z.coerce.number().int(), email: z.string().email("validation.email") });
    const result = schema.safeParse({ userId: "abc", email: "nope" });
    expect(result.success).toBe(false);
    expect(result.error?.flatten().fieldErrors).toEqual({ userId: ["validation.invalidValue"], email: ["validation.email"] });
  });

  it("leaves the environment's messages in plain English for operators", () => {
    expect(() => parseEnv({ PORT: "http", SESSION_SECRET: "s".repeat(32) })).toThrow(/PORT: Expected number/);
  });
});
