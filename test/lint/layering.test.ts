import { readFile } from "node:fs/promises";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../support/server";

// Each fixture is linted as if it lived at the path beside it, with the project's own config.
const CASES: Array<{ fixture: string; pretendsToBe: string; refusedBy: string | null }> = [
  { fixture: "pure-builder-imports-db.ts", pretendsToBe: "app/scheduling/fixture.ts", refusedBy: "no-restricted-imports" },
  { fixture: "pure-builder-imports-remix.ts", pretendsToBe: "app/calendar/fixture.ts", refusedBy: "no-restricted-imports" },
  { fixture: "pure-builder-imports-model.ts", pretendsToBe: "app/reports/fixture.ts", refusedBy: "no-restricted-imports" },
  { fixture: "db-imports-app.ts", pretendsToBe: "db/seed/fixture.ts", refusedBy: "no-restricted-imports" },
  { fixture: "model-imports-component.ts", pretendsToBe: "app/models/fixture.server.ts", refusedBy: "no-restricted-imports" },
  { fixture: "route-reads-raw-form.ts", pretendsToBe: "app/routes/fixture.tsx", refusedBy: "no-restricted-syntax" },
  { fixture: "pure-builder-clean.ts", pretendsToBe: "app/scheduling/fixture.ts", refusedBy: null },
];

describe("the linter keeps the layering", () => {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });

  test.each(CASES)("$fixture as $pretendsToBe", async ({ fixture, pretendsToBe, refusedBy }) => {
    const text = await readFile(path.join(PROJECT_ROOT, "test/lint/fixtures", fixture), "utf8");
    const [result] = await eslint.lintText(text, { filePath: path.join(PROJECT_ROOT, pretendsToBe) });
    const rules = result.messages.map((message) => message.ruleId);
    if (refusedBy === null) expect(result.messages).toEqual([]);
    else expect(rules).toContain(refusedBy);
  });
});
