import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Empty means unset, as a blank line in an .env file would give. */
const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);

const smtpUrl = z.preprocess(
  unsetWhenEmpty,
  z
    .string()
    .url()
    .refine((value) => URL.canParse(value) && ["smtp:", "smtps:"].includes(new URL(value).protocol), "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
);

// One header line: a line break would let the value add headers of its own.
const mailFrom = z.preprocess(
  unsetWhenEmpty,
  z
    .string()
    .regex(/^[^\r\n]+$/, "MAIL_FROM must be one line")
    .default("Plenary <no-reply@plenary.test>"),
);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().default(""),
  UPLOADS_DIR: z.string().default("data/uploads"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  // Without it, mail is kept in the outbox that administrators read at /admin/outbox.
  SMTP_URL: smtpUrl,
  MAIL_FROM: mailFrom,
});

export type Env = z.infer<typeof envSchema> & { SESSION_SECRET: string };

/**
 * Outside production a missing SESSION_SECRET is generated once and kept under data/, so sign-ins
 * survive restarts of a local demo; production refuses to start without one.
 */
function developmentSecret(): string {
  const file = path.resolve("data", ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // zod's own English messages, not the translation keys forms use (app/utils/zod-messages.ts).
  const parsed = envSchema.safeParse(source, { errorMap: z.defaultErrorMap });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  if (env.SESSION_SECRET) return { ...env, SESSION_SECRET: env.SESSION_SECRET };
  if (env.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET is required in production (at least 32 random characters).");
  }
  console.warn("SESSION_SECRET is not set: using a generated development secret kept in data/.session-secret.");
  return { ...env, SESSION_SECRET: developmentSecret() };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
