import type * as ts from 'typescript';
import { snippet } from './source-location.js';
import { concatenated, opaque, overLimit, str, strictlyEqual, truthiness, unknown, type Context, type StaticValue } from './static-value.js';

/** The longest string an evaluation builds (a concatenation in a loop must not grow without end). */
export const MAX_STRING = 10_000;

/** What the operators need from the evaluator: their operands' values, and a value as text. */
export interface OperandEvaluator {
  evaluate(expression: ts.Expression, context: Context): StaticValue;
  /** A value as text in a template or concatenation, or why it cannot be. */
  textOf(value: StaticValue): string | StaticValue;
}

/** An operator whose right side is evaluated only when the left side calls for it. */
type ShortCircuit = (node: ts.BinaryExpression, left: StaticValue, context: Context) => StaticValue;
/** An operator on both sides' values. */
type BinaryOperator = (node: ts.BinaryExpression, left: StaticValue, right: StaticValue) => StaticValue;

/**
 * Binary expressions, one small handler per operator token: `&&`, `||`, `??` (short-circuit), `+`
 * (numbers and concatenation), `===`, `!==`, `==`, `!=`, `-`, `*`, `<`, `<=`, `>`, `>=`. Any other
 * operator is opaque. The tables are built from the TypeScript module passed in, whose token numbers
 * differ between versions.
 */
export class BinaryOperators {
  private readonly shortCircuits: ReadonlyMap<ts.SyntaxKind, ShortCircuit>;
  private readonly operators: ReadonlyMap<ts.SyntaxKind, BinaryOperator>;

  constructor(
    t: typeof import('typescript'),
    private readonly evaluator: OperandEvaluator,
  ) {
    this.shortCircuits = this.shortCircuitTable(t.SyntaxKind);
    this.operators = this.operatorTable(t.SyntaxKind);
  }

  /**
   * `left op right` by the operator's handler: a short-circuit operator decides whether the right side
   * is evaluated at all; any other evaluates both sides (an operator without a handler too: it is opaque).
   */
  evaluate(node: ts.BinaryExpression, context: Context): StaticValue {
    const operator = node.operatorToken.kind;
    const left = this.evaluator.evaluate(node.left, context);
    const shortCircuit = this.shortCircuits.get(operator);
    if (shortCircuit) return shortCircuit(node, left, context);
    const right = this.evaluator.evaluate(node.right, context);
    const operate = this.operators.get(operator);
    return operate ? operate(node, left, right) : opaque(snippet(node, node.getSourceFile()));
  }

  private shortCircuitTable(k: typeof ts.SyntaxKind): Map<ts.SyntaxKind, ShortCircuit> {
    // `a && b` evaluates b when a is truthy, `a || b` when it is falsy; an undecidable a is unknown.
    const logical =
      (evaluatesRightWhen: boolean): ShortCircuit =>
      (node, left, context) => {
        const truth = truthiness(left);
        if (truth === undefined) return left.kind === 'unknown' ? left : unknown(`${snippet(node.left, node.getSourceFile())} is not known statically`);
        return truth === evaluatesRightWhen ? this.evaluator.evaluate(node.right, context) : left;
      };
    const nullish: ShortCircuit = (node, left, context) => {
      if (left.kind === 'unknown') return left;
      return left.kind === 'undefined' || left.kind === 'null' ? this.evaluator.evaluate(node.right, context) : left;
    };
    return new Map([
      [k.AmpersandAmpersandToken, logical(true)],
      [k.BarBarToken, logical(false)],
      [k.QuestionQuestionToken, nullish],
    ]);
  }

  private operatorTable(k: typeof ts.SyntaxKind): Map<ts.SyntaxKind, BinaryOperator> {
    const numbers =
      (apply: (a: number, b: number) => StaticValue): BinaryOperator =>
      (node, left, right) =>
        left.kind === 'number' && right.kind === 'number' ? apply(left.value, right.value) : operandUnknown(left, right, node);
    const number = (value: number): StaticValue => ({ kind: 'number', value });
    const boolean = (value: boolean): StaticValue => ({ kind: 'boolean', value });
    return new Map([
      [k.PlusToken, (node, left, right) => this.plus(node, left, right)],
      [k.EqualsEqualsEqualsToken, equality({ loose: false, negated: false })],
      [k.ExclamationEqualsEqualsToken, equality({ loose: false, negated: true })],
      [k.EqualsEqualsToken, equality({ loose: true, negated: false })],
      [k.ExclamationEqualsToken, equality({ loose: true, negated: true })],
      [k.MinusToken, numbers((a, b) => number(a - b))],
      [k.AsteriskToken, numbers((a, b) => number(a * b))],
      [k.LessThanToken, numbers((a, b) => boolean(a < b))],
      [k.LessThanEqualsToken, numbers((a, b) => boolean(a <= b))],
      [k.GreaterThanToken, numbers((a, b) => boolean(a > b))],
      [k.GreaterThanEqualsToken, numbers((a, b) => boolean(a >= b))],
    ]);
  }

  /** `+`: numbers add; with a string on either side, both sides are text and concatenate. */
  private plus(node: ts.BinaryExpression, left: StaticValue, right: StaticValue): StaticValue {
    if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: left.value + right.value };
    if (left.kind !== 'string' && right.kind !== 'string') return operandUnknown(left, right, node);
    const a = this.evaluator.textOf(left);
    const b = this.evaluator.textOf(right);
    if (typeof a === 'string' && typeof b === 'string') return a.length + b.length > MAX_STRING ? overLimit('the string is too long to evaluate') : str(a + b);
    // `"x" + unknown` is unknown, but it starts with `x` (`static-value.ts`, `concatenated`).
    if (typeof a !== 'string' && a.kind !== 'unknown') return a;
    if (typeof b !== 'string' && b.kind !== 'unknown') return b;
    return concatenated([a, b].filter((piece) => piece !== ''));
  }
}

/** `===`, `!==`, `==`, `!=`: loose equality differs from strict only where `undefined` meets `null`. */
function equality({ loose, negated }: { loose: boolean; negated: boolean }): BinaryOperator {
  const nullish = (v: StaticValue) => v.kind === 'undefined' || v.kind === 'null';
  return (node, left, right) => {
    const equal =
      loose && (nullish(left) || nullish(right)) && strictlyEqual(left, right) !== undefined ? nullish(left) === nullish(right) : strictlyEqual(left, right);
    return equal === undefined ? operandUnknown(left, right, node) : { kind: 'boolean', value: equal !== negated };
  };
}

/** An operation on operands it cannot combine: an unknown operand's reason, else the expression's text. */
function operandUnknown(left: StaticValue, right: StaticValue, node: ts.Node): StaticValue {
  return left.kind === 'unknown' ? left : right.kind === 'unknown' ? right : opaque(snippet(node, node.getSourceFile()));
}
