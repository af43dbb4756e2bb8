import type * as ts from 'typescript';
import type { Evaluator } from './evaluate-expression.js';
import { snippet } from './source-location.js';
import type { ConstructInstance, Frame } from './static-value.js';

/**
 * Readable construct addresses, `<stack>/<id>`: the name of the class the construct is created in (a
 * Stack or a custom Construct subclass, e.g. `PeopleStack/Ana`), else the id of the stack passed as
 * scope (`const stack = new Stack(app, 'People')` → `People/Ana`), else the file's name. The id is
 * the construct id argument, evaluated (`` `Key${name}` `` in a loop gives `KeyAna`, `KeyBob`). This
 * is not CDK's full construct path (which needs the stack ids given where classes are instantiated),
 * but names the code. Instances that would share an address are named by the calls that created
 * them instead of the class, the way CDK paths are (`new KeysStack(app, 'KeysA')` twice with
 * different ids: `KeysA/Key`, `KeysB/Key`; a function call: `addKey@12:3/Key`), with their loop
 * element (`["ana"]` or `[0]`) appended, then their line.
 */
export function constructAddresses(ts: typeof import('typescript'), evaluator: Evaluator, instances: readonly ConstructInstance[]): Map<ConstructInstance, string> {
  const base = new Map(instances.map((instance) => [instance, baseAddress(ts, evaluator, instance)]));
  const withFrames = new Map(instances.map((instance) => [instance, uniqueOr(base, instance, () => framedAddress(instance, base.get(instance) as string))]));
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

/** `<calls>/<id>[loop elements]`: the call frames' labels replace the scope of the base address. */
function framedAddress(instance: ConstructInstance, base: string): string {
  const frames = instance.context.frames;
  const calls = frames.filter((f) => f.call && f.call.kind !== 'super').map((f) => f.label);
  const loops = frames.filter((f) => !f.call).map((f) => `[${f.label}]`).join('');
  const id = base.slice(base.indexOf('/') + 1);
  return `${calls.length > 0 ? `${calls.join('/')}/${id}` : base}${loops}`;
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
  const scope = enclosingClassName(ts, node) ?? (scopeArgument ? stackId(ts, evaluator, scopeArgument, instance.context.frames) : undefined) ?? fileStem(sourceFile.fileName);
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
 * imported from a project file: `People`. A parameter (`function addKey(scope, ...)`) is followed to
 * the argument of the call that `frames` show the construct was created in.
 */
function stackId(ts: typeof import('typescript'), evaluator: Evaluator, scope: ts.Expression, frames: readonly Frame[]): string | undefined {
  if (!ts.isIdentifier(scope)) return undefined;
  let declaration = evaluator.host.index.find(scope);
  if (declaration?.kind === 'parameter' && declaration.leaf === declaration.node) {
    const parameter = declaration.node;
    const at = frames.findLastIndex((f) => f.call !== undefined && !ts.isClassLike(f.call.callee) && f.call.callee.parameters.includes(parameter));
    const site = frames[at]?.loop;
    const argument = site && (ts.isCallExpression(site) || ts.isNewExpression(site)) ? site.arguments?.[parameter.parent.parameters.indexOf(parameter)] : undefined;
    return argument ? stackId(ts, evaluator, argument, frames.slice(0, at)) : undefined;
  }
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
