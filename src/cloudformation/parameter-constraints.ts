/**
 * What a `String` parameter's constraints tell of a value not known (`parameter-values.ts`):
 * CloudFormation refuses a value that is not one of `AllowedValues`, that `AllowedPattern`
 * (`allowed-pattern.ts`) does not match as a whole, or that is shorter than `MinLength`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
import type { LimitName, Limits } from '../core/limits.js';
import { knownPartsOfOneOf, mayEqual, type KnownParts } from '../core/known-parts.js';
import { readAllowedPattern, type PatternReading } from './allowed-pattern.js';
import type { TemplateNode } from './template-node.js';
import { child, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { Unknown } from './template-values.js';
import { allowedValues, lengthOf, lengthRefusal, membersRefusal, numberMembersRefusal, numberRefusal, type Refusal } from './value-refusals.js';

/** What reading the constraints asks of the unit: its limits and budgets. */
export interface ConstraintHooks {
  readonly limits: Limits;
  /**
   * Counts the work of matching a candidate against an `AllowedPattern` in the unit; false once the
   * unit's `regexSteps` have run out (the candidate is then not ruled out).
   */
  spendPatternMatch(amount: number): boolean;
  /** Reports a budget that ran out while evaluating `node` (a `parse-error` there). */
  limitReached(node: TemplateNode, name: LimitName, what: string): void;
}

export class ParameterConstraints {
  /** What each `AllowedPattern` without `AllowedValues` tells (`allowedPattern`), by its text. */
  private readonly patternCache = new Map<string, PatternReading>();

  constructor(private readonly hooks: ConstraintHooks) {}

  /**
   * An unknown value of a parameter narrowed by its constraints (`AllowedValues`, `AllowedPattern`,
   * `MinLength`), keeping what was already known of it (a parent stack's value, its symbol).
   */
  narrowed(value: Unknown, type: string, declaration: TemplateNode): TemplateValue {
    if (type !== 'String') return value;
    const minLength = lengthOf(declaration, 'MinLength', 1) ?? 0;
    if (scalarString(child(declaration, 'NoEcho'))?.toLowerCase() === 'true') {
      return minLength > (value.known?.minLength ?? 0) && value.oneOf === undefined
        ? new Unknown(value.reason, { prefix: '', suffix: '', ...value.known, minLength }, value.symbol)
        : value;
    }
    const allowed = allowedStrings(declaration);
    const pattern = this.allowedPattern(declaration, allowed);
    const fromConstraints = pattern?.oneOf ?? allowed;
    // What the value may be: the values it was known to be one of, or the constraints' own, each within both.
    // A set, and no second look at a list a value came from, so that long lists compare in linear time.
    const permitted = fromConstraints === undefined ? undefined : new Set(fromConstraints);
    const candidates = (value.oneOf ?? fromConstraints)?.filter(
      (v) =>
        (value.oneOf !== undefined || value.known === undefined || mayEqual(value.known, v)) &&
        (permitted?.has(v) ?? true) &&
        (pattern?.passes?.mayBe(v) ?? true),
    );
    if (candidates !== undefined && candidates.length > 0) {
      if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
      if (value.oneOf?.length === candidates.length) return value;
      // Said of the value, not of whatever the reason names last (a condition, a parent stack).
      const which = allowed === undefined ? 'the values its AllowedPattern matches' : 'its AllowedValues';
      return new Unknown(`${value.reason}, and it may be any of ${which}`, knownPartsOfOneOf(candidates), value.symbol, candidates);
    }
    if (value.oneOf !== undefined) return value;
    const known = value.known ?? pattern;
    const test = value.known?.passes ?? pattern?.passes;
    const least = Math.max(minLength, value.known?.minLength ?? 0, pattern?.minLength ?? 0);
    if (known === undefined && least === 0) return value;
    const reason = pattern === undefined ? value.reason : `${value.reason}, and its AllowedPattern does not decide it`;
    const parts: KnownParts = { prefix: '', suffix: '', ...known, minLength: least, ...(test === undefined ? {} : { passes: test }) };
    return new Unknown(reason, parts, value.symbol);
  }

  /**
   * Why CloudFormation refuses, or may refuse, the value written `value` for a parameter of `type`
   * (`value-refusals.ts`). A `String` is refused where it is shorter than the `MinLength` or longer
   * than the `MaxLength`, not one of the `AllowedValues` (compared exactly, as CloudFormation compares
   * them), or not matched as a whole by the `AllowedPattern`. Undefined where the value passes, or
   * where credlint cannot tell.
   */
  refusal(type: string, value: string, declaration: TemplateNode): Refusal | undefined {
    if (type === 'Number') return numberRefusal(value, declaration);
    if (type === 'CommaDelimitedList') return membersRefusal(value, declaration);
    if (type === 'List<Number>') return numberMembersRefusal(value, declaration);
    if (type !== 'String') return undefined;
    const length = lengthRefusal(value, declaration);
    if (length !== undefined) return length;
    const allowed = allowedStrings(declaration);
    if (allowed !== undefined) return allowed.includes(value) ? undefined : { constraint: 'its AllowedValues', allowed: allowed.join(', '), certain: true };
    const test = this.allowedPattern(declaration, undefined)?.passes;
    const source = scalarString(child(declaration, 'AllowedPattern'));
    return test?.mayBe(value) === false && source !== undefined
      ? { constraint: 'the values its AllowedPattern matches', allowed: source, certain: true }
      : undefined;
  }

  /**
   * What a parameter's `AllowedPattern` (a literal string) tells of its value, among its `AllowedValues`
   * when it has them (`allowed-pattern.ts`); undefined when it tells nothing. A pattern too large to
   * match within `regexSteps` is reported and tells nothing.
   */
  private allowedPattern(declaration: TemplateNode, allowed: readonly string[] | undefined): KnownParts | undefined {
    const node = child(declaration, 'AllowedPattern');
    const source = node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
    if (node === undefined || source === undefined) return undefined;
    // Read once per stack for a pattern many parameters share (a naming rule written on each).
    const cached = allowed === undefined ? this.patternCache.get(source) : undefined;
    const reading = cached ?? readAllowedPattern(source, allowed, this.hooks.limits.regexSteps, (amount) => this.hooks.spendPatternMatch(amount));
    if (allowed === undefined) this.patternCache.set(source, reading);
    if (reading.kind === 'too-large') this.hooks.limitReached(node, 'regexSteps', 'the AllowedPattern is too large to match; it is not read');
    return reading.kind === 'known' ? reading.parts : undefined;
  }
}

/** A parameter's `AllowedValues` when written as a list of literal strings (at least one), each once, else undefined. */
function allowedStrings(declaration: TemplateNode): string[] | undefined {
  const values = allowedValues(declaration);
  return values === undefined ? undefined : [...new Set(values.map((v) => v.text))];
}
