import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    globals: true,
    include: ["test/**/*.test.{ts,tsx}"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    env: {
      // Far from UTC and from every event's zone: no result may depend on the process's own zone.
      TZ: "Pacific/Kiritimati",
      // Tests never read or write the developer's data/ folder.
      SESSION_SECRET: "test-session-secret-of-at-least-32-characters",
      UPLOADS_DIR: "/tmp/plenary-test-uploads",
    },
  },
});
