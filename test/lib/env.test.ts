import { describe, expect, it } from "vitest";
import { parseEnv } from "../../lib/env.server";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({ SESSION_SECRET: "s".repeat(32) });
    expect(env).toMatchObject({ PORT: 3000, DATABASE_URL: "", UPLOADS_DIR: "data/uploads", SEED_DEMO: "1", NODE_ENV: "development" });
  });

  it("refuses to start in production without a session secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET is required in production/);
  });

  it("refuses a short secret and a bad port, naming each", () => {
    const attempt = () => parseEnv({ SESSION_SECRET: "short", PORT: "http" });
    expect(attempt).toThrow(/SESSION_SECRET: SESSION_SECRET must be at least 32 characters/);
    expect(attempt).toThrow(/PORT: Expected number/);
  });

  it("keeps a given secret and settings", () => {
    const env = parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), PORT: "8080", SEED_DEMO: "0" });
    expect(env).toMatchObject({ SESSION_SECRET: "x".repeat(40), PORT: 8080, SEED_DEMO: "0" });
  });
});
