/**
 * Terraform's built-in function library as credlint evaluates it
 * (https://developer.hashicorp.com/terraform/language/functions). `callFunction` never throws: errors
 * Terraform would raise become an EvaluationError (an Unknown that `try`/`can` treat as failure);
 * unsupported functions, functions whose result depends on files, time or randomness, and inputs beyond
 * credlint's limits become a plain Unknown whose reason says so. `can` and `try` are special forms
 * handled by the evaluator, not here.
 */
import { builtInName } from '../ast.js';
import { asListOrMap } from '../collection-kinds.js';
import { findUnknownIn } from '../convert.js';
import { BudgetExceeded, activeBudget } from '../eval-budget.js';
import { EvaluationError, Unknown, isSensitive, markSensitive, unmarkAll, unmarkDeep, type TfValue } from '../value.js';
import { coalesceFunction } from './coalesce-function.js';
import { collectionFunctions } from './collection-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import { encodingFunctions } from './encoding-functions.js';
import { formatFunctions } from './format-functions.js';
import { CapacityError, FunctionError, LimitError, type FunctionSpec } from './function-support.js';
import { mapFunctions } from './map-functions.js';
import { numericFunctions } from './numeric-functions.js';
import { pathFunctions } from './path-functions.js';
import { regexFunctions } from './regex-functions.js';
import { setFunctions } from './set-functions.js';
import { stringFunctions } from './string-functions.js';
import { unknownResult } from './known-part-functions.js';
import { nfcDeep } from '../normalize-strings.js';
import { PartialTuple, partialConcat, partialFlatten, partialMerge, partialSet } from '../partial-collection.js';

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  Object.entries({
    ...collectionFunctions,
    ...mapFunctions,
    ...setFunctions,
    ...stringFunctions,
    ...regexFunctions,
    ...formatFunctions,
    ...numericFunctions,
    ...pathFunctions,
    ...encodingFunctions,
    ...conversionFunctions,
    coalesce: coalesceFunction,
  }),
);

/** Functions whose results depend on the filesystem, the clock or randomness: never guessed. */
const IMPURE: Readonly<Record<string, string>> = {
  file: 'files',
  filebase64: 'files',
  filebase64sha256: 'files',
  filebase64sha512: 'files',
  fileexists: 'files',
  filemd5: 'files',
  filesha1: 'files',
  filesha256: 'files',
  filesha512: 'files',
  fileset: 'files',
  templatefile: 'files',
  abspath: 'files',
  timestamp: 'the current time',
  plantimestamp: 'the current time',
  uuid: 'randomness',
  bcrypt: 'randomness',
  rsadecrypt: 'a private key',
};

/**
 * Functions Terraform 0.15 removed (deprecated since 0.12), with what replaces them
 * (https://github.com/hashicorp/terraform/blob/v0.15/CHANGELOG.md): code written for 0.12 to 0.14
 * still calls them, and Terraform now refuses it, so the result is unknown and the reason says why.
 */
const REMOVED: Readonly<Record<string, string>> = {
  list: 'tolist([...])',
  map: 'tomap({...})',
};

export const supportedFunctions: ReadonlySet<string> = new Set(FUNCTIONS.keys());

/**
 * Calls a built-in function by name. Never throws. Marks are handled here once for every function,
 * as cty does for functions that do not opt in to marked arguments: the function computes on the
 * plain values and its result is marked when any argument held a mark, except for `sensitive` (which
 * marks), `nonsensitive` (which removes marks) and `issensitive` (which tells)
 * (https://developer.hashicorp.com/terraform/language/functions/sensitive,
 * https://developer.hashicorp.com/terraform/language/functions/nonsensitive,
 * https://developer.hashicorp.com/terraform/language/functions/issensitive).
 */
export function callFunction(name: string, args: readonly TfValue[]): TfValue {
  const bare = builtInName(name);
  if (MARK_FUNCTIONS.has(bare) && args.length === 1) {
    const [arg = null] = args;
    if (bare === 'sensitive') return markSensitive(arg);
    if (bare === 'nonsensitive') return unmarkDeep(arg).value;
    return isSensitive(arg);
  }
  const { values, marked } = unmarkAll(args);
  const result = callPlain(bare, values);
  if (!marked) return result;
  // The function's own error may quote an argument; with a sensitive argument only its kind is kept.
  if (result instanceof Unknown && result.reason.startsWith(`${bare}(): `)) {
    const reason = `${bare}(): cannot be evaluated on a ${SENSITIVE}`;
    return result instanceof EvaluationError ? new EvaluationError(reason) : new Unknown(reason);
  }
  return markSensitive(result);
}

const SENSITIVE = 'sensitive value';

const MARK_FUNCTIONS = new Set(['sensitive', 'nonsensitive', 'issensitive']);

/**
 * Functions whose result is always a list, never a tuple: their return types are `list(...)` in
 * Terraform's function signatures (`terraform metadata functions -json`; formatlist's is "dynamic"
 * there, but always a list of strings when known), so `compact([]) == []` is false and
 * `element(split(",", s), -1)` wraps (`collection-kinds.ts`).
 */
const LIST_RESULTS = new Set(['chunklist', 'compact', 'distinct', 'formatlist', 'matchkeys', 'range', 'regexall', 'sort', 'split']);

/**
 * Functions whose result holds no string that is not already a string of their arguments (or a key
 * of one of their objects): it is NFC already.
 */
const PICKS = new Set([
  'alltrue',
  'anytrue',
  'coalesce',
  'coalescelist',
  'compact',
  'concat',
  'contains',
  'distinct',
  'element',
  'flatten',
  'index',
  'keys',
  'length',
  'lookup',
  'merge',
  'one',
  'reverse',
  'setintersection',
  'setproduct',
  'setsubtract',
  'setunion',
  'slice',
  'sort',
  'values',
  'zipmap',
]);

/** Calls the built-in `bare` (its name without `core::`, `builtInName`) on unmarked arguments. */
function callPlain(bare: string, args: readonly TfValue[]): TfValue {
  const impure = Object.hasOwn(IMPURE, bare) ? IMPURE[bare] : undefined;
  if (impure !== undefined) return new Unknown(`function ${bare} depends on ${impure}`);
  const spec = FUNCTIONS.get(bare);
  if (spec === undefined) {
    const replacement = Object.hasOwn(REMOVED, bare) ? REMOVED[bare] : undefined;
    return new Unknown(
      replacement === undefined ? `function ${bare} is not supported` : `function ${bare} was removed in Terraform 0.15 (${replacement} replaces it)`,
    );
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const expected =
      spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    const plural = spec.maxArgs === 1 || (spec.minArgs === 1 && spec.maxArgs === Infinity) ? '' : 's';
    return new EvaluationError(`${bare}(): expected ${expected} argument${plural}, got ${args.length}`);
  }
  // `toset` of a tuple whose `for` filter is unknown for some elements knows its elements (`partial-collection.ts`).
  if (bare === 'toset' && args.length === 1 && args[0] instanceof PartialTuple) return partialSet(args[0]);
  // So do `merge`, `concat` and `flatten` of such collections: each of their elements is one of the arguments'.
  const combined =
    bare === 'merge'
      ? partialMerge(args)
      : bare === 'concat'
        ? partialConcat(args)
        : bare === 'flatten' && args[0] !== undefined
          ? partialFlatten(args[0])
          : undefined;
  if (combined !== undefined) return combined;
  if (spec.acceptsUnknown !== true) {
    const unknown = findUnknownIn(args);
    // A function's result is not its argument: what is known of an unknown string argument
    // (`"admin_${var.id}"` starts with `admin_`) says nothing of `substr(...)` of it, but survives
    // `lower`, `join`, `format`, `replace` and the like, which build the result from its text.
    if (unknown !== undefined) return unknownResult(bare, args, unknown);
  }
  try {
    const result = spec.impl(args);
    // A function that takes unknown arguments and gives an unknown may know something of it all the same (`element`).
    if (result instanceof Unknown) return spec.acceptsUnknown === true ? unknownResult(bare, args, withoutKnownParts(result)) : withoutKnownParts(result);
    // Doubles overflow where Terraform's arbitrary-precision numbers would not (pow(10, 400)).
    if (typeof result === 'number' && !Number.isFinite(result)) return new Unknown(`${bare}(): the result is too large for credlint's numbers`);
    // Every string a function makes is NFC (`normalize-strings.ts`); one that only picks among its arguments' values makes none.
    const normalised = PICKS.has(bare) ? result : nfcDeep(result);
    return LIST_RESULTS.has(bare) ? asListOrMap(normalised) : normalised;
  } catch (error) {
    if (error instanceof FunctionError) return new EvaluationError(`${bare}(): ${error.message}`);
    if (error instanceof LimitError) return new Unknown(`${bare}(): ${error.message}`);
    if (error instanceof CapacityError) return activeBudget().beyondCapacity(`${bare}(): ${error.message}`);
    if (error instanceof BudgetExceeded) return activeBudget().trip(error.limit, `${bare}(): ${error.what}`);
    // A JavaScript error (a RangeError from an allocation) is not Terraform's; its message may quote a value.
    if (error instanceof RangeError) return activeBudget().beyondCapacity(`${bare}(): the value is too large for credlint`);
    // Any other exception is credlint's failure, not Terraform's: the value is unknown and the scan
    // incomplete (a parse-error at the expression), never an unknown that no exit code shows.
    // yamldecode of an alias chain threw from the yaml package here: no finding, exit 0.
    return activeBudget().beyondCapacity(`${bare}(): internal error (${error instanceof Error ? error.name : 'error'})`);
  }
}

/** The unknown without what is known of its string (`value.ts`, `Unknown.known`); failures and limits stay as they are. */
function withoutKnownParts(unknown: Unknown): Unknown {
  return unknown.known === undefined || unknown.constructor !== Unknown ? unknown : new Unknown(unknown.reason, unknown.resourceAddress);
}
