import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { serverValuesReadInPages } from "../support/server-values";
import { PROJECT_ROOT } from "../support/server";

describe("page code reads no value of a server module", () => {
  test("no route's components or browser exports do", async () => {
    const folder = path.join(PROJECT_ROOT, "app/routes");
    const problems: string[] = [];
    for (const name of (await readdir(folder)).filter((file) => /\.tsx?$/.test(file)).sort()) {
      problems.push(...serverValuesReadInPages(`app/routes/${name}`, await readFile(path.join(folder, name), "utf8")));
    }
    expect(problems).toEqual([]);
  });

  test("the check finds a server module's constant in a component, and lets loaders and types use them", () => {
    const page = [
      'import { LIMIT, listThings, type Thing } from "~/models/thing.server";',
      "export async function loader() { return { things: await listThings(LIMIT) }; }",
      "export default function ThingsPage({ things }: { things: Thing[] }) {",
      "  return <p>{things.length} of at most {LIMIT}</p>;",
      "}",
    ].join("\n");
    expect(serverValuesReadInPages("app/routes/things.tsx", page)).toEqual(["app/routes/things.tsx:4 reads LIMIT, imported from a server module"]);
    expect(serverValuesReadInPages("app/routes/things.tsx", page.replace("{LIMIT}</p>", "many</p>"))).toEqual([]);
  });
});
