import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/engines";
import { startServer, type RunningServer } from "../support/server";

// The build fixes `process.env.NODE_ENV` inside the bundle; whether a cookie is Secure must follow
// the environment the server actually runs in, or a development server over plain HTTP loses it.
describe("the language cookie of the built server", () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database.cleanup();
  });

  async function languageCookieFrom(nodeEnv: string): Promise<string> {
    const server = await startServer({ databaseUrl: database.url, env: { NODE_ENV: nodeEnv, SEED_DEMO: "0" } });
    servers.push(server);
    const response = await fetch(`${server.url}/locale`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: "language=zh-TW&redirectTo=%2F",
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    return response.headers.get("set-cookie") ?? "";
  }

  test("is not Secure on a development server, and Secure in production", async () => {
    const development = await languageCookieFrom("development");
    expect(development).toMatch(/^plenary_lng=/);
    expect(development).not.toMatch(/;\s*Secure/i);
    expect(await languageCookieFrom("production")).toMatch(/;\s*Secure/i);
  });
});
