import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, rmdir, stat } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (where server.ts, build/ and node_modules/ are). */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Fixed, test-only secret: at least 32 characters, as production demands. */
export const TEST_SESSION_SECRET = "plenary-e2e-session-secret-not-for-production-0123456789";

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;
const OUTPUT_LIMIT = 64 * 1024;

export interface StartServerOptions {
  /** DATABASE_URL for the server, e.g. a test database's `url` (`file:/abs/path.sqlite` or `postgres://…`). */
  databaseUrl: string;
  /** Extra or overriding environment variables (e.g. `{ SEED_DEMO: "0" }`). */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://localhost:41234`. */
  url: string;
  /** What the server printed so far (stdout and stderr interleaved, last 64 KiB). */
  output: () => string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s), waits for it to exit and removes its uploads dir. */
  stop: () => Promise<void>;
}

/**
 * Starts the built server (`node --import tsx server.ts`, as `npm start` would after its build) as a
 * child process on a free port with NODE_ENV=production, and resolves once GET /healthz answers 200.
 * server.ts migrates the database and, with SEED_DEMO=1 (its default), loads the demo into an empty one.
 * Builds the app first (`remix build`) when build/ is missing.
 */
export async function startServer({ databaseUrl, env = {} }: StartServerOptions): Promise<RunningServer> {
  await ensureBuilt();
  const port = await freePort();
  const uploadsDir = await mkdtemp(path.join(tmpdir(), "plenary-e2e-uploads-"));
  const url = `http://localhost:${port}`;

  let output = "";
  const capture = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };

  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      // Vitest's own variables would otherwise leak into the server.
      VITEST: undefined,
      VITEST_MODE: undefined,
      VITEST_POOL_ID: undefined,
      VITEST_WORKER_ID: undefined,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      UPLOADS_DIR: uploadsDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  // A server must not outlive the test process, even when a test crashes before stop().
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener("exit", killOnExit);
      await terminate(child, exited);
      await rm(uploadsDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitForHealthy(url, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill("SIGKILL");
    await exited;
  }
}

async function waitForHealthy(
  url: string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  output: () => string,
): Promise<void> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((value) => {
    exit = value;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(
        `The server exited before it was ready (code ${exit.code}, signal ${exit.signal}). Its output:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `GET /healthz answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = `GET /healthz failed: ${(error as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server at ${url} was not ready within ${READY_TIMEOUT_MS / 1000} s (${last}). Its output:\n${output()}`);
}

/** A TCP port nobody listens on right now (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      if (!address || typeof address === "string") {
        probe.close();
        reject(new Error("Could not read the probe server's port"));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

/**
 * Runs `remix build` once when build/index.js or public/build is missing. A lock directory keeps
 * parallel test workers from building at the same time; the others wait and then reuse the build.
 * (An existing build is used as it is: after changing app code, run `npm run build` first.)
 */
export async function ensureBuilt(): Promise<void> {
  if (isBuilt()) return;
  const lock = path.join(tmpdir(), `plenary-e2e-build-${Buffer.from(PROJECT_ROOT).toString("hex").slice(-32)}.lock`);
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock left by a crashed build goes stale after the build timeout.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > BUILD_TIMEOUT_MS) await rmdir(lock).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another worker's build (lock ${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (isBuilt()) return;
    console.info("test/support/server.ts: build/index.js is missing; running `remix build` first…");
    const result = spawnSync("npx", ["--no-install", "remix", "build"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      timeout: BUILD_TIMEOUT_MS,
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (result.status !== 0 || !isBuilt()) {
      throw new Error(
        `remix build failed (status ${result.status}${result.error ? `, ${result.error.message}` : ""}):\n${result.stdout}\n${result.stderr}`,
      );
    }
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

function isBuilt(): boolean {
  return existsSync(path.join(PROJECT_ROOT, "build", "index.js")) && existsSync(path.join(PROJECT_ROOT, "public", "build"));
}
