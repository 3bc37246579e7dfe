import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../lib/password.server";

describe("password hashing", () => {
  it("uses salted scrypt with OWASP parameters and verifies only the right password", async () => {
    const first = await hashPassword("plenary-demo-2011");
    const second = await hashPassword("plenary-demo-2011");
    expect(first).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("plenary-demo-2011", first)).toBe(true);
    expect(await verifyPassword("plenary-demo-2012", first)).toBe(false);
  });

  it("treats composed and decomposed Unicode the same", async () => {
    const hash = await hashPassword("café-password-1");
    expect(await verifyPassword("cafe\u0301-password-1", hash)).toBe(true);
  });

  it("rejects a malformed stored hash", async () => {
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
  });
});
