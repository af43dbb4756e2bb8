/**
 * Renders a parsed native expression in Terraform's JSON shape, the form the loader has always
 * consumed (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping):
 * literals become JSON values, tuples arrays, objects objects, templates strings (interpolations
 * kept as `${source}`, directives as `%{if ...}`/`%{for ...}`), and any other expression its own
 * source text wrapped in `${ }`. Object keys come out sorted, as in a JSON encoding of a map.
 * The evaluator parses the strings again (`parseTemplate`), so what matters is that the source text
 * of each wrapped expression is exact.
 */
import type { Expr, TemplatePart } from '../expr/ast.js';
import { formatNumber } from '../expr/convert.js';
import type { ExprSpan } from '../expr/source-cursor.js';

export type JsonShaped = null | boolean | number | string | JsonShaped[] | { [key: string]: JsonShaped };

export function renderExpression(expr: Expr, spans: ReadonlyMap<object, ExprSpan>): JsonShaped {
  switch (expr.kind) {
    case 'literal':
      // A rounded whole number stays an expression, which the evaluator leaves unknown.
      if (expr.inexact) return wrap(expr, spans);
      return typeof expr.value === 'string' ? escapeTemplate(expr.value) : expr.value;
    case 'unary': {
      // `!true` and `- 1` written with a literal operand are values; anything else stays an expression.
      const operand = expr.operand;
      if (operand.kind === 'literal' && expr.operator === '!' && typeof operand.value === 'boolean') return !operand.value;
      if (operand.kind === 'literal' && expr.operator === '-' && typeof operand.value === 'number' && !operand.inexact) return -operand.value;
      return wrap(expr, spans);
    }
    case 'template':
      return renderParts(expr.parts, spans);
    case 'tuple':
      return expr.items.map((item) => renderExpression(item, spans));
    case 'object':
      return sortedObject(expr.items.map((item) => [renderKey(item.key, spans), renderExpression(item.value, spans)] as const));
    default:
      return wrap(expr, spans);
  }
}

/** An object's entries, keys sorted; a repeated key keeps its last value. */
export function sortedObject(entries: readonly (readonly [string, JsonShaped])[]): { [key: string]: JsonShaped } {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A key: a bare name or literal is its text, `(expr)` and interpolations stay expressions. */
function renderKey(key: Expr, spans: ReadonlyMap<object, ExprSpan>): string {
  if (key.kind === 'parens') return wrap(key, spans);
  return stringPart(key, spans);
}

function renderParts(parts: readonly TemplatePart[], spans: ReadonlyMap<object, ExprSpan>): string {
  let text = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        text += escapeTemplate(part.value);
        break;
      case 'interpolation':
        text += stringPart(part.expr, spans);
        break;
      case 'if':
        text += ifDirective(source(part.condition, spans), renderParts(part.then, spans), renderParts(part.else, spans));
        break;
      case 'for':
        text += `%{for ${part.keyVar === undefined ? '' : `${part.keyVar}, `}${part.valueVar} in ${source(part.collection, spans)}}${renderParts(part.body, spans)}%{endfor}`;
        break;
    }
  }
  return text;
}

/**
 * Literal text as a JSON-syntax template: a `${` or `%{` in it (written `$${`, `%%{` in the file) is
 * escaped again, so that evaluating the string gives the text back.
 */
function escapeTemplate(text: string): string {
  return text.includes('{') ? text.replace(/([$%])\{/g, '$1$1{') : text;
}

function ifDirective(condition: string, then: string, otherwise: string): string {
  return `%{if ${condition}}${then}${otherwise === '' ? '' : `%{else}${otherwise}`}%{endif}`;
}

/**
 * An expression inside a template: literals as text, a conditional as an `%{if}` directive. A `null`
 * stays `${null}`, which the evaluator refuses as Terraform does ("Cannot include a null value in a
 * string template"); hcl2json writes it as the text `null`, and an empty string would hide it.
 */
function stringPart(expr: Expr, spans: ReadonlyMap<object, ExprSpan>): string {
  switch (expr.kind) {
    case 'literal':
      // A rounded whole number stays an expression, which the evaluator leaves unknown.
      if (expr.inexact) return wrap(expr, spans);
      if (typeof expr.value === 'number') return formatNumber(expr.value);
      if (typeof expr.value === 'string') return escapeTemplate(expr.value);
      return expr.value === null ? '${null}' : String(expr.value);
    case 'template':
      return renderParts(expr.parts, spans);
    case 'conditional':
      return ifDirective(source(expr.condition, spans), stringPart(expr.then, spans), stringPart(expr.else, spans));
    default:
      return wrap(expr, spans);
  }
}

function wrap(expr: Expr, spans: ReadonlyMap<object, ExprSpan>): string {
  return `\${${source(expr, spans)}}`;
}

function source(expr: Expr, spans: ReadonlyMap<object, ExprSpan>): string {
  const span = spans.get(expr);
  if (span === undefined) throw new Error(`no source recorded for a ${expr.kind} expression`);
  return span.source.slice(span.start, span.end);
}
