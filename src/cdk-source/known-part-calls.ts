/**
 * Calls that build a string from strings of which only parts are known (`core/known-parts.ts`), so
 * that what is known survives them: `['smtp', ctx].join('-')`, `'ci-'.concat(ctx)`,
 * `cdk.Fn.join('-', ['ci', ref])`, `cdk.Fn.sub('${Env}-deploy', { Env: env })`. A call that computes
 * something else from a partially known string (`.slice`, `.length`) drops what was known.
 */
import { caseMappedKnownParts } from '../core/known-parts.js';
import { concatenated, opaque, stringOf, withoutKnownParts, type StaticValue, type UnknownValue } from './static-value.js';

/** A value's text as a piece of a concatenation: a known string, an unknown string, or undefined for anything else. */
function piece(value: StaticValue): string | UnknownValue | undefined {
  if (value.kind === 'unknown') return value;
  if (value.kind === 'undefined' || value.kind === 'null') return undefined;
  return stringOf(value);
}

/** `Array.prototype.join`: `null` and `undefined` elements are empty, the separator defaults to `,`. */
export function joined(items: readonly StaticValue[], separatorArg: StaticValue | undefined): StaticValue | undefined {
  const separator = separatorArg === undefined || separatorArg.kind === 'undefined' ? ',' : separatorArg.kind === 'string' ? separatorArg.value : undefined;
  if (separator === undefined) return undefined;
  const pieces: (string | UnknownValue)[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0) pieces.push(separator);
    const next = item.kind === 'undefined' || item.kind === 'null' ? '' : piece(item);
    if (next === undefined) return undefined;
    pieces.push(next);
  }
  return concatenated(pieces);
}

/** `String.prototype.concat` on a string of which `target` is known. */
export function concatenatedCall(target: string | UnknownValue, args: readonly StaticValue[]): StaticValue | undefined {
  const pieces = args.map(piece);
  return pieces.every((p) => p !== undefined) ? concatenated([target, ...pieces]) : undefined;
}

/** `toLowerCase`/`toUpperCase` of a partially known string. */
export function caseMapped(target: UnknownValue, method: string): StaticValue | undefined {
  if (target.known === undefined || (method !== 'toLowerCase' && method !== 'toUpperCase')) return undefined;
  const known = caseMappedKnownParts(target.known, (text) => (method === 'toLowerCase' ? text.toLowerCase() : text.toUpperCase()));
  const rest = withoutKnownParts(target);
  return known === undefined ? rest : { ...rest, known, ...(target.builtAtDeploy === true ? { builtAtDeploy: true as const } : {}) };
}

/**
 * `Fn.join(delimiter, list)` and `Fn.sub(body, variables?)` of aws-cdk-lib: strings resolved at deploy
 * time (CloudFormation's `Fn::Join` and `Fn::Sub`), whose literal text is known now. In `Fn.sub`,
 * `${Name}` is a variable of the map when given, else a reference to the template (unknown), and
 * `${!Name}` the text `${Name}`. https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Fn.html
 */
export function cdkFnCall(method: string, args: readonly StaticValue[], text: string): StaticValue | undefined {
  const token = opaque(text, true);
  const asToken = (value: StaticValue | undefined): StaticValue | undefined => {
    if (value === undefined || value.kind !== 'unknown') return value;
    return { ...token, ...(value.known === undefined ? {} : { known: value.known, builtAtDeploy: true as const }) };
  };
  // `Fn.conditionIf(condition, value, Aws.NO_VALUE)`: CloudFormation's `Fn::If`, whose branch the
  // condition picks at deploy time; where one branch is `AWS::NoValue` the property may be left out.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if
  if (method === 'conditionIf') {
    const branches = args.slice(1, 3);
    if (branches.length !== 2 || !branches.some((b) => b.kind === 'unknown' && b.mayBeNoValue === true)) return undefined;
    return {
      ...token,
      reason: `${text} may be AWS::NoValue, which leaves the property out, as a CloudFormation condition decides at deploy time`,
      mayBeNoValue: true,
    };
  }
  if (method === 'join') {
    const [delimiter, list] = args;
    return list?.kind === 'array' && delimiter?.kind === 'string' ? asToken(joined(list.items, delimiter)) : undefined;
  }
  if (method !== 'sub') return undefined;
  const [body, variables] = args;
  if (body?.kind !== 'string' || (variables !== undefined && variables.kind !== 'object' && variables.kind !== 'undefined')) return undefined;
  const pieces: (string | UnknownValue)[] = [];
  let last = 0;
  for (const match of body.value.matchAll(/\$\{([^}]*)\}/g)) {
    pieces.push(body.value.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1] ?? '';
    if (name.startsWith('!')) {
      pieces.push(`\${${name.slice(1)}}`);
      continue;
    }
    const variable = variables?.kind === 'object' ? variables.entries.get(name.trim()) : undefined;
    const next = variable === undefined ? token : piece(variable);
    if (next === undefined) return undefined;
    pieces.push(next);
  }
  pieces.push(body.value.slice(last));
  // A `{` in the literal text may belong to a dynamic reference CloudFormation replaces at deploy time.
  if (pieces.some((p) => typeof p === 'string' && p.includes('{'))) return token;
  return asToken(concatenated(pieces.filter((p) => p !== '')));
}
