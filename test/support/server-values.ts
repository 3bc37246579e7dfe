import ts from "typescript";

/*
 * The browser bundle replaces every `.server` module (models, the policy, server utilities) with
 * an empty one, so a page component that reads a value imported from one sees `undefined` once it
 * hydrates: a list's `.map` throws and the page turns into an error, or a number goes missing. The
 * server render looks right, so only the browser shows it. Values a page shows come from its
 * loader; this check finds any page code that reads a server module's value.
 */

/** Exports of a route module that run in the browser, besides the components (PascalCase functions). */
const BROWSER_EXPORTS = new Set(["meta", "links", "handle", "shouldRevalidate"]);

function isServerModule(specifier: string): boolean {
  return /\.server(\.tsx?)?$/.test(specifier) || /(^|\/)models\//.test(specifier) || specifier.endsWith("policy.server");
}

/** The names a module imports as values (not types) from server modules. */
function serverBindings(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!isServerModule(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) names.add(element.name.text);
    }
  }
  return names;
}

/** Top-level code that runs in the browser: components (PascalCase or the default export) and the browser exports. */
function browserCode(source: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      const isDefault = statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
      if (isDefault || /^[A-Z]/.test(statement.name.text) || BROWSER_EXPORTS.has(statement.name.text)) nodes.push(statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && (/^[A-Z][a-z]/.test(declaration.name.text) || BROWSER_EXPORTS.has(declaration.name.text))) nodes.push(declaration);
      }
    }
  }
  return nodes;
}

/** Where browser code of the module reads a value imported from a server module. */
export function serverValuesReadInPages(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imported = serverBindings(source);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && imported.has(node.text)) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      const isTypeUse = ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent) || ts.isExpressionWithTypeArguments(parent);
      if (!isPropertyName && !isTypeUse) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${fileName}:${line + 1} reads ${node.text}, imported from a server module`);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const node of browserCode(source)) visit(node);
  return found;
}
