import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Lint fixtures break the rules on purpose; test/lint feeds them to ESLint under other names.
  { ignores: ["build/", "public/build/", ".cache/", "node_modules/", "data/", "test/lint/fixtures/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Every form goes through the wrappers that keep its errors shown and announced. (Before the
    // layering rules below: a later block's no-restricted-imports replaces an earlier one's.)
    files: ["app/**"],
    ignores: ["app/components/ui/use-validated-form.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@conform-to/react", importNames: ["useForm"], message: "Use useValidatedForm (app/components/ui/use-validated-form.ts)." }] },
      ],
    },
  },
  // The house's layering (shared/DESIGN.md): routes → models → db, routes → the pure builders.
  {
    files: ["app/scheduling/**", "app/calendar/**", "app/reports/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/db/**", "**/db", "kysely", "pg", "sqlite3"], message: "Pure builders take plain objects: no database access." },
            { group: ["@remix-run/*", "react", "react-dom"], message: "Pure builders import neither Remix nor React." },
            { group: ["**/models/**", "~/models/*", "**/*.server", "**/policy.server"], message: "Pure builders import no models or server modules." },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**", "lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/app/**", "~/*"], message: "db/ and lib/ never import the app: the app depends on them, not the other way." }] },
      ],
    },
  },
  {
    files: ["app/models/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/routes/**", "~/routes/*", "**/components/**", "~/components/*"], message: "Models never import routes or components." },
            { group: ["@remix-run/*"], message: "Models return domain values and codes; responses are the routes' business." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/routes/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["kysely", "**/db/client", "**/db/sqlite3-driver"], allowTypeImports: true, message: "Routes never build SQL: call a model." }] },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='formData']",
          message: "Read form posts with readForm() (app/utils/form-data.server.ts): it bounds the body, the fields and list indexes.",
        },
        {
          selector: "CallExpression[callee.name='parseWithZod']",
          message: "Parse forms with parseSubmission() (app/utils/form-submission.ts): it refuses control characters by the field.",
        },
      ],
    },
  },
  {
    files: ["app/components/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='parseWithZod']",
          message: "Parse forms with parseSubmission() (app/utils/form-submission.ts): it refuses control characters by the field.",
        },
      ],
    },
  },
  {
    // Migrations and the engine plumbing work on Kysely<any>: they serve any schema, not only today's.
    files: ["db/migrations/**", "db/migrate.ts", "db/client.ts", "db/sqlite3-driver.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
