import { builtInName, type Expr } from './ast.js';

/**
 * The shape of an expression: its syntax tree as JSON without positions or parentheses, so that two
 * expressions written alike (`var.user_name`, `(var.user_name)`) have one shape. `names` renames
 * variables first (a `for` expression's own, to compare two filters); `called` collects the built-in
 * functions it calls, by their plain names.
 */
export function expressionShape(expr: Expr, names?: ReadonlyMap<string, string>, called?: string[]): string {
  let inner = expr;
  while (inner.kind === 'parens') inner = inner.expr;
  return JSON.stringify(inner, (key, value: unknown) => {
    if (key === 'offset') return undefined;
    if (value === null || typeof value !== 'object' || !('kind' in value)) return value;
    if (value.kind === 'variable' && 'name' in value && typeof value.name === 'string') {
      const renamed = names?.get(value.name);
      if (renamed !== undefined) return { ...value, name: renamed };
    }
    if (value.kind === 'parens' && 'expr' in value) return value.expr;
    if (value.kind === 'call' && 'name' in value && typeof value.name === 'string') called?.push(builtInName(value.name));
    return value;
  });
}
