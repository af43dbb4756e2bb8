import type * as ts from 'typescript';
import type { Evaluator } from './evaluate-expression.js';
import { snippet } from './source-location.js';
import type { ConstructInstance } from './static-value.js';

/**
 * Readable construct addresses, `<stack>/<id>`: the name of the class the construct is created in (a
 * Stack or a custom Construct subclass, e.g. `PeopleStack/Ana`), else the id of the stack passed as
 * scope (`const stack = new Stack(app, 'People')` → `People/Ana`), else the file's name. The id is
 * the construct id argument, evaluated (`` `Key${name}` `` in a loop gives `KeyAna`, `KeyBob`). This
 * is not CDK's full construct path (which needs the stack ids given where classes are instantiated),
 * but names the code. Instances that would share an address get their loop element (`["ana"]` or
 * `[0]`), then their line, appended.
 */
export function constructAddresses(ts: typeof import('typescript'), evaluator: Evaluator, instances: readonly ConstructInstance[]): Map<ConstructInstance, string> {
  const base = new Map(instances.map((instance) => [instance, baseAddress(ts, evaluator, instance)]));
  const withFrames = new Map(instances.map((instance) => [instance, uniqueOr(base, instance, () => `${base.get(instance)}${instance.context.frames.map((f) => `[${f.label}]`).join('')}`)]));
  return new Map(
    instances.map((instance) => [
      instance,
      uniqueOr(withFrames, instance, () => {
        const { line, character } = instance.sourceFile.getLineAndCharacterOfPosition(instance.node.getStart(instance.sourceFile));
        return `${withFrames.get(instance)}@${line + 1}:${character + 1}`;
      }),
    ]),
  );
}

function uniqueOr(addresses: ReadonlyMap<ConstructInstance, string>, instance: ConstructInstance, disambiguate: () => string): string {
  const address = addresses.get(instance) as string;
  let count = 0;
  for (const other of addresses.values()) if (other === address) count += 1;
  return count > 1 ? disambiguate() : address;
}

function baseAddress(ts: typeof import('typescript'), evaluator: Evaluator, instance: ConstructInstance): string {
  const { node, sourceFile } = instance;
  const [scopeArgument, idArgument] = node.arguments ?? [];
  const scope = enclosingClassName(ts, node) ?? (scopeArgument ? stackId(ts, evaluator, scopeArgument) : undefined) ?? fileStem(sourceFile.fileName);
  const id = idArgument ? evaluator.evaluate(idArgument, instance.context) : undefined;
  return `${scope}/${id?.kind === 'string' ? id.value : idArgument ? snippet(idArgument, sourceFile, 40) : '(no id)'}`;
}

function enclosingClassName(ts: typeof import('typescript'), node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current) && current.name) return current.name.text;
  }
  return undefined;
}

/**
 * `stack` in `new iam.User(stack, ...)` when `const stack = new Stack(app, 'People')`, in this file or
 * imported from a project file: `People`.
 */
function stackId(ts: typeof import('typescript'), evaluator: Evaluator, scope: ts.Expression): string | undefined {
  if (!ts.isIdentifier(scope)) return undefined;
  let declaration = evaluator.host.index.find(scope);
  if (declaration?.kind === 'import') {
    const file = evaluator.modules.projectFile(declaration.sourceFile, declaration.module);
    declaration = file ? evaluator.modules.exportedDeclaration(file, declaration.imported) : undefined;
  }
  if (declaration?.kind !== 'variable' || declaration.path.length > 0) return undefined;
  const initializer = declaration.node.initializer;
  const id = initializer && ts.isNewExpression(initializer) ? initializer.arguments?.[1] : undefined;
  return id && (ts.isStringLiteral(id) || ts.isNoSubstitutionTemplateLiteral(id)) ? id.text : undefined;
}

function fileStem(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[cm]?tsx?$/, '');
}
