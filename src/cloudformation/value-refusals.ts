/**
 * Whether CloudFormation refuses a parameter value for its `MinLength`/`MaxLength` (a `String`), its
 * `MinValue`/`MaxValue`/`AllowedValues` (a `Number`), or its `AllowedValues` (each member of a
 * `CommaDelimitedList`), as its documentation says
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html),
 * told only where every reading of what it leaves unsaid agrees: how characters are counted, whether
 * numbers are compared as numbers or as written, whether list members are checked before they are
 * trimmed, and whether a `List<Number>` is checked member by member at all. Where the readings
 * disagree, CloudFormation may refuse the value: it is then `certain: false`, and unknown to the caller.
 */
import type { TemplateNode } from './template-node.js';
import { child, scalarString } from './template-node.js';
import { withoutDynamicReferences } from './template-values.js';

/** Why CloudFormation refuses, or may refuse, a value. */
export interface Refusal {
  /** What it is checked against (`its AllowedValues`) and what that allows, for a certain refusal. */
  readonly constraint: string;
  readonly allowed: string;
  /** The member of a list that is refused, if any. */
  readonly member?: string;
  /** False where only some readings refuse it; `why` then says what credlint cannot tell. */
  readonly certain: boolean;
  readonly why?: string;
}

function characters(count: number): string {
  return `${String(count)} character${count === 1 ? '' : 's'}`;
}

/** A whole number of at least `least` written for `key`, else undefined. */
export function lengthOf(declaration: TemplateNode, key: string, least: number): number | undefined {
  const written = scalarString(child(declaration, key));
  const value = written === undefined ? Number.NaN : Number(written);
  return Number.isSafeInteger(value) && value >= least ? value : undefined;
}

/**
 * `MinLength` and `MaxLength`, "the minimum/largest number of characters" of a `String`. Characters
 * may be counted as code points, UTF-16 code units or UTF-8 bytes: a value is refused or allowed
 * where all three counts agree, and may be refused where they do not (`"😀"` is 1, 2 and 4).
 */
export function lengthRefusal(value: string, declaration: TemplateNode): Refusal | undefined {
  const min = lengthOf(declaration, 'MinLength', 1) ?? 0;
  const max = lengthOf(declaration, 'MaxLength', 0);
  // A surrogate pair is one code point.
  const points = value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
  const counts = [points, value.length, new TextEncoder().encode(value).length] as const;
  const within = counts.map((count) => count >= min && (max === undefined || count <= max));
  if (within.every(Boolean)) return undefined;
  const [constraint, allowed] =
    max === undefined
      ? ['its MinLength', `at least ${characters(min)}`]
      : min === 0
        ? ['its MaxLength', `at most ${characters(max)}`]
        : ['its MinLength and MaxLength', `${String(min)} to ${characters(max)}`];
  const values = `the values ${constraint} ${max !== undefined && min !== 0 ? 'allow' : 'allows'}`;
  if (!within.some(Boolean)) return { constraint: values, allowed, certain: true };
  const [, units, bytes] = counts;
  const why = `${characters(points)} as code points, ${String(units)} as UTF-16 code units, ${String(bytes)} as UTF-8 bytes, and ${constraint} ${max !== undefined && min !== 0 ? 'allow' : 'allows'} ${allowed}`;
  return { constraint: values, allowed, certain: false, why };
}

/**
 * The number a plain decimal (`12`, `-0.5`) is, where every reading of it gives that number: at most
 * 15 significant digits, which a double keeps exactly and in order. Undefined for any other text
 * (`1e3`, `+1`, ` 1`, `0x10`), which readings may take differently or refuse.
 */
function plainNumber(text: string): number | undefined {
  if (!/^-?\d+(?:\.\d+)?$/.test(text) || text.replace(/\D/g, '').replace(/^0+/, '').length > 15) return undefined;
  return Number(text);
}

/** A written number: a number of the template, or a string that is a plain decimal. */
function writtenNumber(node: TemplateNode | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'number') return Number.isFinite(node.value) ? node.value : undefined;
  return typeof node.value === 'string' ? plainNumber(node.value) : undefined;
}

/** A parameter's `AllowedValues` as written (each as text, and as a number where it is one), else undefined. */
export function allowedValues(declaration: TemplateNode): { readonly text: string; readonly number: number | undefined }[] | undefined {
  const node = child(declaration, 'AllowedValues');
  if (node?.kind !== 'seq' || node.items.length === 0) return undefined;
  const values = node.items.map((item) => {
    // A dynamic reference is resolved at deploy time: what it allows is not known.
    const text = scalarString(item);
    return { text: text === undefined || typeof withoutDynamicReferences(text) !== 'string' ? undefined : text, number: writtenNumber(item) };
  });
  return values.every((v) => v.text !== undefined) ? values.map((v) => ({ text: v.text ?? '', number: v.number })) : undefined;
}

/**
 * `MinValue`, `MaxValue` and `AllowedValues` of a `Number` for the value written `text`. Bounds are
 * compared as numbers. `AllowedValues` may be compared as numbers or as written: a value equal to one
 * of them as written is allowed (then also as a number), one equal to none either way is refused,
 * and one equal only as a number (`1.0` for `1`) may be refused.
 */
export function numberRefusal(text: string, declaration: TemplateNode): Refusal | undefined {
  const min = writtenNumber(child(declaration, 'MinValue'));
  const max = writtenNumber(child(declaration, 'MaxValue'));
  const allowed = allowedValues(declaration);
  if (min === undefined && max === undefined && allowed === undefined) return undefined;
  const value = plainNumber(text);
  if (value === undefined) {
    const why = 'it is not a plain decimal number (such as 12 or -0.5), the only numbers credlint compares with its MinValue, MaxValue and AllowedValues';
    return { constraint: 'its constraints', allowed: '', certain: false, why };
  }
  if (min !== undefined && value < min) return { constraint: 'the values its MinValue allows', allowed: `at least ${String(min)}`, certain: true };
  if (max !== undefined && value > max) return { constraint: 'the values its MaxValue allows', allowed: `at most ${String(max)}`, certain: true };
  if (allowed === undefined || allowed.some((v) => v.text === text)) return undefined;
  const list = allowed.map((v) => v.text).join(', ');
  if (allowed.every((v) => v.number !== undefined && v.number !== value)) return { constraint: 'its AllowedValues', allowed: list, certain: true };
  const why = allowed.some((v) => v.number === value)
    ? `it equals one of its AllowedValues (${list}) as a number, not as written`
    : `it is none of its AllowedValues (${list}) as written, and not all of them are plain decimal numbers to compare it with`;
  return { constraint: 'its AllowedValues', allowed: list, certain: false, why };
}

/**
 * `AllowedValues` of a `CommaDelimitedList`: "each value in the list must be one of the specified
 * allowed values". Members are trimmed of spaces; whether before or after the check is not said, so a
 * member allowed one way only may be refused.
 */
export function membersRefusal(text: string, declaration: TemplateNode): Refusal | undefined {
  const allowed = allowedValues(declaration)?.map((v) => v.text);
  if (allowed === undefined) return undefined;
  const permitted = new Set(allowed);
  const list = allowed.join(', ');
  let undecided: Refusal | undefined;
  for (const member of text.split(',')) {
    const [written, trimmed] = [permitted.has(member), permitted.has(member.trim())];
    if (!written && !trimmed) return { constraint: 'its AllowedValues', allowed: list, member: member.trim(), certain: true };
    if (written !== trimmed) {
      const why = `its member ${JSON.stringify(member)} is one of its AllowedValues (${list}) only ${written ? 'untrimmed' : 'once trimmed of spaces'}, and CloudFormation does not document which it checks`;
      undecided ??= { constraint: 'its AllowedValues', allowed: list, certain: false, why };
    }
  }
  return undecided;
}

/**
 * `MinValue`, `MaxValue` and `AllowedValues` of a `List<Number>`: documented for a `Number` and for
 * the members of a `CommaDelimitedList`, not for these. A member they would refuse may be refused.
 */
export function numberMembersRefusal(text: string, declaration: TemplateNode): Refusal | undefined {
  for (const member of text.split(',')) {
    const refused = numberRefusal(member.trim(), declaration);
    if (refused === undefined) continue;
    const what = refused.certain ? `a member is not one of ${refused.constraint} (${refused.allowed})` : `a member may not be allowed: ${refused.why ?? ''}`;
    const why = `${what}, and CloudFormation does not document whether it checks them for each member of a List<Number>`;
    return { constraint: refused.constraint, allowed: refused.allowed, certain: false, why };
  }
  return undefined;
}
