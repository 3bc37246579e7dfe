import { describe, expect, it } from "vitest";
import { securityHeaders } from "../../../app/utils/security-headers";

describe("securityHeaders", () => {
  it("enforces a nonce-based script policy and forbids framing", () => {
    const headers = securityHeaders({ nonce: "abc123", production: true });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=/);
    expect(Object.keys(headers)).not.toContain("Content-Security-Policy-Report-Only");
  });

  it("allows the live-reload socket only outside production", () => {
    expect(securityHeaders({ nonce: "n", production: false })["Content-Security-Policy"]).toContain("ws://localhost:*");
    expect(securityHeaders({ nonce: "n", production: true })["Content-Security-Policy"]).not.toContain("ws:");
  });
});
