import path from 'node:path';
import type * as ts from 'typescript';
import type { CdkAppFiles } from './cdk-apps.js';
import { hasEscapeMarker } from '../core/seed-text.js';
import { isNamedMemberAccess, memberNameOf } from './member-syntax.js';
import { searchSyntax } from './search-syntax.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * The context `cdk.json` gives the app it runs (its `"context"` object), as `node.tryGetContext(key)`
 * and `node.getContext(key)` read it. The CDK CLI hands the app its context in this order of
 * precedence: `cdk synth -c key=value`, then `cdk.json`, then `cdk.context.json`, then `~/.cdk.json`
 * (aws-cdk `lib/cli/user-configuration.js`, `loadConfigFiles`), and the app's own
 * `new App({ context })` gives defaults below them all
 * (https://docs.aws.amazon.com/cdk/v2/guide/context.html). So a key `cdk.json` holds has that value
 * when the app is synthesized as written — as a Terraform variable has its default — unless the
 * app itself writes context: `node.setContext(key, …)` of that key (or of a key not known
 * statically) anywhere, or `new App({ postCliContext })`, which overrides the CLI's. A key
 * `cdk.json` does not hold stays unknown: it may come from the command line.
 */
export class AppContext {
  private written: { readonly any: boolean; readonly keys: ReadonlySet<string> } | undefined;

  constructor(
    private readonly ts: typeof import('typescript'),
    /** The `"context"` object of `cdk.json`, parsed as JSON by TypeScript (its values keep their places). */
    private readonly entries: ts.ObjectLiteralExpression,
    private readonly files: () => Iterable<ts.SourceFile>,
  ) {}

  /** The expression `cdk.json` gives `key`, or undefined when it gives none or the app may write the key. */
  valueOf(key: string): ts.Expression | undefined {
    const t = this.ts;
    let found: ts.Expression | undefined;
    // JSON.parse keeps the last of duplicate keys.
    for (const property of this.entries.properties)
      if (t.isPropertyAssignment(property) && t.isStringLiteral(property.name) && property.name.text === key) found = property.initializer;
    if (found === undefined) return undefined;
    this.written ??= this.findWrites();
    return this.written.any || this.written.keys.has(key) ? undefined : found;
  }

  private findWrites(): { readonly any: boolean; readonly keys: ReadonlySet<string> } {
    const t = this.ts;
    const keys = new Set<string>();
    let any = false;
    // A name may be spelled with escapes, in an identifier (`s\u0065tContext`) or a string
    // (`'post\x43liContext'`), which the parser decodes: such a file is searched as well.
    const files = [...this.files()].filter((file) => file.text.includes('setContext') || file.text.includes('postCliContext') || hasEscapeMarker(file.text));
    // The members read by a call `X.setContext(key, …)` this search understood (the call is visited before them).
    const calledWrites = new Set<ts.Node>();
    searchSyntax(
      t,
      files,
      (node) => {
        if ((t.isIdentifier(node) || t.isStringLiteralLike(node)) && node.text === 'postCliContext') {
          // `{ postCliContext }`, `{ 'postCliContext': … }`, `{ ['postCliContext']: … }`, `props.postCliContext = …`.
          any = true;
        } else if (t.isCallExpression(node) && isNamedMemberAccess(t, node.expression) && memberNameOf(t, node.expression) === 'setContext') {
          const callee = node.expression;
          calledWrites.add(callee).add(t.isPropertyAccessExpression(callee) ? callee.name : callee.argumentExpression);
          const key = node.arguments[0] === undefined ? undefined : unwrapExpression(t, node.arguments[0]);
          if (key !== undefined && t.isStringLiteralLike(key)) keys.add(key.text);
          else any = true;
        } else if (!calledWrites.has(node)) {
          // The method reached otherwise (`setContext.call(…)`, `.bind`, `const { setContext } = …`,
          // `node[name](…)` with `name = 'setContext'`) may write any key.
          if (
            isNamedMemberAccess(t, node)
              ? memberNameOf(t, node) === 'setContext'
              : (t.isIdentifier(node) || t.isStringLiteralLike(node)) && node.text === 'setContext'
          )
            any = true;
        }
        return any ? 'stop' : undefined;
      },
      () => {
        any = true;
      },
    );
    return { any, keys };
  }
}

/** The `"context"` object of a `cdk.json` parsed as JSON, if it has one. */
export function cdkJsonContext(t: typeof import('typescript'), cdkJson: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  const statement = cdkJson.statements[0];
  if (!statement || !t.isExpressionStatement(statement) || !t.isObjectLiteralExpression(statement.expression)) return undefined;
  let context: ts.ObjectLiteralExpression | undefined;
  for (const property of statement.expression.properties)
    if (t.isPropertyAssignment(property) && t.isStringLiteral(property.name) && property.name.text === 'context')
      context = t.isObjectLiteralExpression(property.initializer) ? property.initializer : undefined;
  return context;
}

/** Whether a call is `X.node.tryGetContext(key)` or `X.node.getContext(key)`, a read of the app's context. */
export function isContextRead(t: typeof import('typescript'), call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!isNamedMemberAccess(t, callee) || call.arguments.length !== 1) return false;
  const method = memberNameOf(t, callee);
  if (method !== 'tryGetContext' && method !== 'getContext') return false;
  const owner = unwrapExpression(t, callee.expression);
  return isNamedMemberAccess(t, owner) && memberNameOf(t, owner) === 'node';
}

/** The `"context"` object of a project's `cdk.json` text, parsed as JSON so that its values keep their places. */
export function cdkJsonContextOfText(typescript: typeof import('typescript'), root: string, text: string | undefined): ts.ObjectLiteralExpression | undefined {
  // JSON spells a key with `\u` escapes as well (`"c\u006fntext"`), which the CDK CLI's JSON.parse decodes.
  if (text === undefined || (!text.includes('"context"') && !text.includes('\\u'))) return undefined;
  try {
    return cdkJsonContext(
      typescript,
      typescript.createSourceFile(path.join(root, 'cdk.json'), text, typescript.ScriptTarget.Latest, true, typescript.ScriptKind.JSON),
    );
  } catch {
    // Nested past what the parser's recursion allows: the context is not read, as if cdk.json gave none.
    return undefined;
  }
}

/**
 * The context `cdk.json` (its text `cdkJson`, at `root`) gives each of a project's `apps`, by index:
 * the app whose entry `cdk.json` names, when that entry is among the project's `files` (or the only
 * app, found without an entry); none for the others, which another entry synthesizes without it.
 * Shared by the CLI's loader and the ESLint plugin.
 */
export function cdkJsonContextPerApp(
  t: typeof import('typescript'),
  apps: readonly CdkAppFiles[],
  files: readonly ts.SourceFile[],
  namedEntry: string | undefined,
  root: string,
  cdkJson: string | undefined,
): (ts.ObjectLiteralExpression | undefined)[] {
  const given = namedEntry !== undefined && files.some((f) => f.fileName === namedEntry) ? cdkJsonContextOfText(t, root, cdkJson) : undefined;
  return apps.map((app) => (given && (app.entry === namedEntry || (app.entry === undefined && apps.length === 1)) ? given : undefined));
}
