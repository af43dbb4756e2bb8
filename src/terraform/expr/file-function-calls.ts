/**
 * The functions that read files (`file`, `filebase64`, `fileexists`, `fileset`) when the scope has a
 * view of the files to read them through (`pathFunctions` in `evaluation-env.ts`): their arguments
 * checked and converted as for any function, and a sensitive argument marking the result
 * (https://developer.hashicorp.com/terraform/language/functions/file).
 */
import { fail } from './convert-value.js';
import { primitiveToString } from './convert.js';
import { Unknown, isUnknown, markedIf, unmarkAll, type TfValue } from './value.js';

/** `fileset(path, pattern)` through the scope's view of the files, like `file` (`callPathFunction`). */
export function callFileSet(args: readonly TfValue[], apply: (path: string, pattern: string) => TfValue): TfValue {
  if (args.length !== 2) return fail(`fileset(): expected 2 arguments, got ${args.length}`);
  const { values, marked } = unmarkAll(args);
  const texts: string[] = [];
  for (const [index, value = null] of values.entries()) {
    if (isUnknown(value)) return new Unknown(value.reason, value.resourceAddress);
    // Both parameters are strings: a number or bool converts, as for any function (`fileset(path.module, 1)`).
    const text = primitiveToString(value);
    if (text === undefined) return fail(`fileset(): the ${index === 0 ? 'path' : 'pattern'} must be a string, not ${value === null ? 'null' : typeof value}`);
    texts.push(text);
  }
  const [path = '', pattern = ''] = texts;
  return markedIf(apply(path, pattern), marked);
}

/**
 * `file(path)`, `filebase64(path)` and `fileexists(path)` through the scope's view of the files when it has one (a module
 * of a scan does: `pathFunctions` in `evaluation-env.ts`); without one they stay unknown like the other
 * functions that depend on files (`functions/index.ts`).
 */
export function callPathFunction(name: string, args: readonly TfValue[], apply: (path: string) => TfValue): TfValue {
  if (args.length !== 1) return fail(`${name}(): expected 1 argument, got ${args.length}`);
  const { values, marked } = unmarkAll(args);
  const [path = null] = values;
  if (isUnknown(path)) return new Unknown(path.reason, path.resourceAddress);
  // The parameter is a string: a number or bool converts (`file(1)` reads the file `1`).
  const text = primitiveToString(path);
  if (text === undefined) return fail(`${name}(): the path must be a string, not ${path === null ? 'null' : typeof path}`);
  // A sensitive path gives a sensitive result (cty marks a function's result when an argument is marked).
  return markedIf(apply(text), marked);
}
