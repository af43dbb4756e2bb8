/**
 * The syntax tree of HCL native expressions and templates, as described by the HCL native syntax
 * specification (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md) and Terraform's
 * expression documentation (https://developer.hashicorp.com/terraform/language/expressions).
 * Every node records `offset`, the UTF-16 index in the parsed source where it starts.
 */

export type UnaryOperator = '!' | '-';
export type BinaryOperator = '*' | '/' | '%' | '+' | '-' | '>' | '>=' | '<' | '<=' | '==' | '!=' | '&&' | '||';

/** One step of a traversal applied to the value on its left. */
export type Traversal =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'index'; readonly key: Expr }
  /** Terraform 0.11's `list.0`: an index written as an attribute. */
  | { readonly kind: 'legacy-index'; readonly index: number };

export type TemplatePart =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'interpolation'; readonly expr: Expr }
  | { readonly kind: 'if'; readonly condition: Expr; readonly then: readonly TemplatePart[]; readonly else: readonly TemplatePart[] }
  | {
      readonly kind: 'for';
      readonly keyVar: string | undefined;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly body: readonly TemplatePart[];
    };

export interface ObjectItem {
  /** A bare identifier key (`{ a = 1 }`) is parsed as a literal string, as HCL does. */
  readonly key: Expr;
  readonly value: Expr;
}

export type Expr =
  | {
      readonly kind: 'literal';
      readonly offset: number;
      readonly value: null | boolean | number | string;
      /**
       * A number written with more digits than a double keeps (`exact-number.ts`), a whole number or
       * not: `value` is rounded, so it is not used.
       */
      readonly inexact?: 'whole' | 'decimal';
    }
  | { readonly kind: 'template'; readonly offset: number; readonly parts: readonly TemplatePart[] }
  | { readonly kind: 'tuple'; readonly offset: number; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly offset: number; readonly items: readonly ObjectItem[] }
  /** A root name: `var`, `local`, `each`, `aws_iam_user`, or a `for` variable. */
  | { readonly kind: 'variable'; readonly offset: number; readonly name: string }
  | { readonly kind: 'traverse'; readonly offset: number; readonly target: Expr; readonly step: Traversal }
  /**
   * `target[*].a[0]` (full splat) or `target.*.a` (legacy attribute-only splat): `each` is applied to
   * every element; inside it the element is the `splat-item` node.
   */
  | { readonly kind: 'splat'; readonly offset: number; readonly target: Expr; readonly each: Expr }
  | { readonly kind: 'splat-item'; readonly offset: number }
  | {
      readonly kind: 'call';
      readonly offset: number;
      readonly name: string;
      readonly args: readonly Expr[];
      /** `f(a, list...)`: the last argument's elements become separate arguments. */
      readonly expandFinal: boolean;
      /**
       * The positions of arguments written as a template holding one interpolation (`"${local.x}"`),
       * whose value is the expression's but which Terraform's `templatestring` refuses; absent when none is.
       */
      readonly wrappedArgs?: readonly number[];
    }
  | { readonly kind: 'unary'; readonly offset: number; readonly operator: UnaryOperator; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly offset: number; readonly operator: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly offset: number; readonly condition: Expr; readonly then: Expr; readonly else: Expr }
  | {
      readonly kind: 'for';
      readonly offset: number;
      /** `{for ...}` builds an object; `[for ...]` a tuple. */
      readonly object: boolean;
      readonly keyVar: string | undefined;
      readonly valueVar: string;
      readonly collection: Expr;
      /** The `k` of `{for ... : k => v}`; absent for tuples. */
      readonly keyExpr: Expr | undefined;
      readonly valueExpr: Expr;
      readonly condition: Expr | undefined;
      /** `{for ... : k => v...}` groups values with the same key into lists. */
      readonly grouping: boolean;
    }
  /** `(expr)`: kept so that `{ (a) = 1 }` evaluates `a` instead of taking it as a literal key. */
  | { readonly kind: 'parens'; readonly offset: number; readonly expr: Expr };

/**
 * A built-in function's name without the `core::` namespace, which Terraform 1.8 and later also accept
 * (`core::upper` is `upper`): https://developer.hashicorp.com/terraform/language/functions
 */
export function builtInName(name: string): string {
  return name.startsWith('core::') ? name.slice('core::'.length) : name;
}
