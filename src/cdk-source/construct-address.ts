import type * as ts from 'typescript';
import type { ExpressionEvaluator } from './evaluate-expression.js';
import { parentOf } from './parent-of.js';
import { snippet, startOf } from './source-location.js';
import type { Callable, ConstructInstance, Frame } from './static-value.js';

/**
 * Readable construct addresses, `<stack>/<id>`: the name of the class the construct is created in (a
 * Stack or a custom Construct subclass, e.g. `PeopleStack/Ana`), else the id of the stack passed as
 * scope (`const stack = new Stack(app, 'People')` → `People/Ana`; `this` → its class), else the file's name. The id is
 * the construct id argument, evaluated (`` `Key${name}` `` in a loop gives `KeyAna`, `KeyBob`). This
 * is not CDK's full construct path (which needs the stack ids given where classes are instantiated),
 * but names the code. Instances created in a class instantiated more than once, and instances that
 * would share an address, are named by the calls that created them instead of the class, the way CDK
 * paths are (`new KeysStack(app, 'KeysA')` twice with different ids: `KeysA/Key`, `KeysB/Key`; a
 * function call: `addKey@12:3/Key`); if that is still shared, their loop element (`["ana"]` or `[0]`)
 * is appended, then their line, then their file.
 */
export function constructAddresses(
  ts: typeof import('typescript'),
  evaluator: ExpressionEvaluator,
  instances: readonly ConstructInstance[],
): Map<ConstructInstance, string> {
  const base = new Map(instances.map((instance) => [instance, baseAddress(ts, evaluator, instance)]));
  // Every construct of a class (or function) evaluated for more than one call gets its call path, not
  // only those whose addresses collide: `Ci/Key0`, `Ci/Key1`, `Bot/Key0`, never `Ci/Key0` beside `ServiceAccount/Key1`.
  const repeated = repeatedClasses(ts, instances);
  const baseShared = sharedAddresses(base);
  const withCalls = new Map(
    instances.map((instance) => {
      const address = base.get(instance) as string;
      return [instance, inRepeatedClass(ts, instance, repeated) || baseShared.has(address) ? calledAddress(instance, address) : address];
    }),
  );
  const withLoops = uniqueOr(withCalls, (instance) => `${withCalls.get(instance)}${loopLabels(instance)}`);
  const position = (instance: ConstructInstance): string => {
    const { line, character } = instance.sourceFile.getLineAndCharacterOfPosition(startOf(instance.node, instance.sourceFile));
    return `${line + 1}:${character + 1}`;
  };
  const withLines = uniqueOr(withLoops, (instance) => `${withLoops.get(instance)}@${position(instance)}`);
  // The same code in two files (two apps in one project): the file, relative to the files' common directory.
  const common = commonDirectory(instances.map((i) => i.sourceFile.fileName));
  return uniqueOr(withLines, (instance) => `${withLoops.get(instance)}@${instance.sourceFile.fileName.slice(common.length)}:${position(instance)}`);
}

/** The longest directory prefix (with its trailing separator) the file names share. */
function commonDirectory(fileNames: readonly string[]): string {
  let prefix = fileNames[0] ?? '';
  for (const name of fileNames) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\')) + 1);
}

/** `<calls>/<id>`: the call frames' labels replace the scope of the base address. */
function calledAddress(instance: ConstructInstance, base: string): string {
  const calls = instance.context.frames.filter((f) => f.call && f.call.kind !== 'super').map((f) => f.label);
  return calls.length > 0 ? `${calls.join('/')}/${base.slice(base.indexOf('/') + 1)}` : base;
}

/** `[element]...` of the loops around an instance, for instances whose ids are shared. */
function loopLabels(instance: ConstructInstance): string {
  return instance.context.frames
    .filter((f) => !f.call)
    .map((f) => `[${f.label}]`)
    .join('');
}

/** Whether a class the instance was created in (a construct scope) was instantiated more than once. */
function inRepeatedClass(ts: typeof import('typescript'), instance: ConstructInstance, repeated: ReadonlySet<Callable>): boolean {
  return instance.context.frames.some((f) => f.call !== undefined && f.call.kind !== 'super' && ts.isClassLike(f.call.callee) && repeated.has(f.call.callee));
}

/**
 * The project classes the instances show instantiated by more than one call (told apart by the frames
 * up to the call). Functions are left out: a function call is no construct scope, and the scope
 * argument already names its constructs (`Keys/Key-a0`).
 */
function repeatedClasses(ts: typeof import('typescript'), instances: readonly ConstructInstance[]): Set<Callable> {
  const invocations = new Map<Callable, Set<string>>();
  for (const instance of instances) {
    const frames = instance.context.frames;
    frames.forEach((frame, at) => {
      if (!frame.call || frame.call.kind === 'super' || !ts.isClassLike(frame.call.callee)) return;
      const key = frames
        .slice(0, at + 1)
        .map((f) => `${f.loop.pos}:${f.loop.end}:${f.index}`)
        .join('/');
      const seen = invocations.get(frame.call.callee) ?? new Set<string>();
      seen.add(key);
      invocations.set(frame.call.callee, seen);
    });
  }
  return new Set([...invocations].filter(([, keys]) => keys.size > 1).map(([callee]) => callee));
}

/** The addresses more than one instance has (counted once: an app may have thousands of instances). */
function sharedAddresses(addresses: ReadonlyMap<ConstructInstance, string>): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const address of addresses.values()) (seen.has(address) ? shared : seen).add(address);
  return shared;
}

/** Each instance's address, or `disambiguate(instance)` where another instance has the same. */
function uniqueOr(addresses: ReadonlyMap<ConstructInstance, string>, disambiguate: (instance: ConstructInstance) => string): Map<ConstructInstance, string> {
  const shared = sharedAddresses(addresses);
  return new Map([...addresses].map(([instance, address]) => [instance, shared.has(address) ? disambiguate(instance) : address]));
}

const ID_STEPS = 20;

function baseAddress(ts: typeof import('typescript'), evaluator: ExpressionEvaluator, instance: ConstructInstance): string {
  const { node, sourceFile } = instance;
  const [scopeArgument, idArgument] = node.arguments ?? [];
  const scope =
    enclosingClassName(ts, node) ??
    (scopeArgument ? stackId(ts, evaluator, scopeArgument, instance.context.frames) : undefined) ??
    fileStem(sourceFile.fileName);
  // Once the unit's steps have run out, each id still gets a few (`Key${i}` takes five).
  const id = idArgument ? evaluator.budget.grace(ID_STEPS, () => evaluator.evaluate(idArgument, instance.context)) : undefined;
  return `${scope}/${id?.kind === 'string' ? id.value : idArgument ? snippet(idArgument, sourceFile, 40) : '(no id)'}`;
}

function enclosingClassName(ts: typeof import('typescript'), node: ts.Node): string | undefined {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (ts.isClassLike(current) && current.name) return current.name.text;
  }
  return undefined;
}

/**
 * `stack` in `new iam.User(stack, ...)` when `const stack = new Stack(app, 'People')`, in this file or
 * imported from a project file: `People`. A parameter (`function addKey(scope, ...)`) is followed to
 * the argument of the call that `frames` show the construct was created in.
 */
function stackId(ts: typeof import('typescript'), evaluator: ExpressionEvaluator, scope: ts.Expression, frames: readonly Frame[]): string | undefined {
  // `makeOps(this)` inside a class: the construct belongs to that class's instance, named like its own constructs.
  if (scope.kind === ts.SyntaxKind.ThisKeyword) return enclosingClassName(ts, scope);
  if (!ts.isIdentifier(scope)) return undefined;
  let declaration = evaluator.host.index.find(scope);
  if (declaration?.kind === 'parameter' && declaration.leaf === declaration.node) {
    const parameter = declaration.node;
    const at = frames.findLastIndex((f) => f.call !== undefined && !ts.isClassLike(f.call.callee) && f.call.callee.parameters.includes(parameter));
    const site = frames[at]?.loop;
    const argument =
      site && (ts.isCallExpression(site) || ts.isNewExpression(site)) ? site.arguments?.[parameter.parent.parameters.indexOf(parameter)] : undefined;
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
