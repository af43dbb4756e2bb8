/**
 * Terraform type constraints (`variable` `type`) and conversion of values to them, following
 * https://developer.hashicorp.com/terraform/language/expressions/type-constraints: primitive conversion
 * ("1" → 1, true → "true"), tuples to lists and sets, objects to maps, and optional object attributes
 * filled with their default or null (#optional-object-type-attributes). A value that cannot be converted
 * becomes an Unknown whose reason says why; unknown values pass through untouched.
 */
import { makeSet, primitiveToBool, primitiveToNumber, primitiveToString, quoted, sequenceItems, typeName, unifyPrimitives } from './convert.js';
import { numberOfText, objectFrom } from './convert-value.js';
import { EvaluationError, Unknown, isObject, type TfValue } from './value.js';
import { asListOrMap, asTupleOrObject } from './collection-kinds.js';
import type { ObjectAttribute, TypeConstraint } from './type-shapes.js';
import { sameType, typeOf, unifyAll, UNLIMITED_STEPS } from './value-types.js';

export type { ObjectAttribute, TypeConstraint } from './type-shapes.js';

/** A type expression Terraform refuses (hashicorp/hcl `ext/typeexpr/get_type.go`: "Invalid type specification"). */
class RefusedType extends Error {}

const TYPE_KEYWORDS: ReadonlySet<string> = new Set(['string', 'number', 'bool', 'any', 'list', 'map', 'set', 'tuple', 'object']);

/**
 * A small recursive-descent reader for type expressions and the literal defaults of `optional(T, default)`.
 * Defaults may be strings, numbers, bools, null, tuples and objects; anything else (references, function
 * calls, templates) makes the whole constraint unparseable.
 */
class TypeReader {
  private position = 0;

  constructor(private readonly text: string) {}

  static read(text: string): TypeConstraint | undefined {
    const reader = new TypeReader(text);
    try {
      const type = reader.type();
      reader.skipSpace();
      return reader.position === text.length ? type : undefined;
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof RefusedType) return undefined;
      throw error;
    }
  }

  /** Why Terraform refuses the type expression `text`, where the reader meets a keyword that is no type; else undefined. */
  static refusal(text: string): string | undefined {
    try {
      new TypeReader(text).type();
      return undefined;
    } catch (error) {
      if (error instanceof RefusedType) return error.message;
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  skipSpace(): void {
    const space = /(?:\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
    space.lastIndex = this.position;
    space.exec(this.text);
    this.position = space.lastIndex;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  private expect(token: string): void {
    if (this.peek() !== token) throw new SyntaxError(`expected ${token} at ${this.position}`);
    this.position += 1;
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.position += 1;
    return true;
  }

  private match(pattern: RegExp): string | undefined {
    this.skipSpace();
    const sticky = new RegExp(pattern.source, 'y');
    sticky.lastIndex = this.position;
    const found = sticky.exec(this.text);
    if (found === null) return undefined;
    this.position = sticky.lastIndex;
    return found[0];
  }

  private identifier(): string {
    const name = this.match(/[A-Za-z_][A-Za-z0-9_-]*/);
    if (name === undefined) throw new SyntaxError(`expected a name at ${this.position}`);
    return name;
  }

  type(): TypeConstraint {
    const name = this.identifier();
    if (!TYPE_KEYWORDS.has(name))
      throw new RefusedType(
        name === 'optional' ? 'optional() is valid only for an attribute of an object type' : `the keyword "${name}" is not a valid type specification`,
      );
    if (name === 'string' || name === 'number' || name === 'bool' || name === 'any') return { kind: name };
    // A bare `list` or `map` is `list(any)` or `map(any)`; the other constructors need their argument.
    if ((name === 'list' || name === 'map') && this.peek() !== '(') return { kind: name, element: { kind: 'any' } };
    if (this.peek() !== '(') throw new RefusedType(`the ${name} type constructor requires an argument`);
    this.expect('(');
    let type: TypeConstraint;
    if (name === 'list' || name === 'set' || name === 'map') type = { kind: name, element: this.type() };
    else if (name === 'tuple') {
      this.expect('[');
      const elements: TypeConstraint[] = [];
      while (!this.accept(']')) {
        elements.push(this.type());
        if (!this.accept(',') && this.peek() !== ']') throw new SyntaxError('expected , or ]');
      }
      type = { kind: 'tuple', elements };
    } else if (name === 'object') type = { kind: 'object', attributes: this.attributes() };
    else throw new SyntaxError(`unknown type ${name}`);
    this.expect(')');
    return type;
  }

  private attributes(): Record<string, ObjectAttribute> {
    this.expect('{');
    const attributes: [string, ObjectAttribute][] = [];
    while (!this.accept('}')) {
      const name = this.peek() === '"' ? this.stringLiteral() : this.identifier();
      if (!this.accept('=') && !this.accept(':')) throw new SyntaxError('expected = after attribute name');
      attributes.push([name, this.attribute()]);
      this.accept(',');
    }
    return Object.fromEntries(attributes);
  }

  private attribute(): ObjectAttribute {
    const start = this.position;
    if (this.identifier() !== 'optional') {
      this.position = start;
      return { type: this.type(), optional: false, defaultValue: null };
    }
    this.expect('(');
    const type = this.type();
    const defaultValue = this.accept(',') ? this.literal() : null;
    this.expect(')');
    return { type, optional: true, defaultValue };
  }

  private literal(): TfValue {
    const next = this.peek();
    if (next === '"') return this.stringLiteral();
    if (this.accept('[')) {
      const items: TfValue[] = [];
      while (!this.accept(']')) {
        items.push(this.literal());
        if (!this.accept(',') && this.peek() !== ']') throw new SyntaxError('expected , or ]');
      }
      return items;
    }
    if (this.accept('{')) {
      const entries: [string, TfValue][] = [];
      while (!this.accept('}')) {
        const key = this.peek() === '"' ? this.stringLiteral() : this.identifier();
        if (!this.accept('=') && !this.accept(':')) throw new SyntaxError('expected = after key');
        entries.push([key, this.literal()]);
        this.accept(',');
      }
      return objectFrom(entries);
    }
    const number = this.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/);
    if (number !== undefined) return Number(number);
    const word = this.identifier();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    throw new SyntaxError(`unsupported default value ${word}`);
  }

  /** A quoted HCL string without interpolation (`${`/`%{` make the default non-literal). */
  private stringLiteral(): string {
    const raw = this.match(/"(?:[^"\\\n]|\\.)*"/);
    if (raw === undefined) throw new SyntaxError('unterminated string');
    const body = raw.slice(1, -1);
    if (/(?<!\$)\$\{|(?<!%)%\{/.test(body)) throw new SyntaxError('templates are not literal defaults');
    return body.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (whole, escape: string | undefined) => {
      if (escape === undefined) return whole.slice(1);
      if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
      return ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[escape] ?? escape;
    });
  }
}

function parseTypeExpression(text: string): TypeConstraint | undefined {
  return TypeReader.read(text);
}

/**
 * Parses a type constraint as written in a `variable` block: `list(string)`, the native parser's form
 * `${list(string)}`, legacy quoted `"string"`, or nested object types with optional attributes.
 * Returns undefined when the text is not a type constraint credlint understands.
 */
export function parseTypeConstraint(source: string): TypeConstraint | undefined {
  let text = source.trim();
  const wrapped = /^\$\{([\s\S]*)\}$/.exec(text);
  if (wrapped !== null) text = (wrapped[1] ?? '').trim();
  const quoted = /^"(\w+)"$/.exec(text);
  if (quoted !== null) text = quoted[1] ?? '';
  return parseTypeExpression(text);
}

/**
 * Why Terraform refuses a variable's `type` as written, or undefined where it accepts it or credlint
 * cannot tell. In the native syntax a quoted string is Terraform 0.11's type hint: `"string"`, `"list"`
 * and `"map"` were read as `string`, `list(any)` and `map(any)` up to Terraform 0.14 (refused since 0.15,
 * "Invalid quoted type constraints"), and so they are read here, as modules written for those versions
 * still deploy with them; any other quoted string was refused by every version (hashicorp/terraform
 * `internal/configs/named_values.go`, `decodeVariableType`: "Invalid legacy variable type hint").
 * `written` is the native parser's form, where an expression is `${...}`. In either syntax, a keyword
 * that is no type (`strng`, a bare `set`) is "Invalid type specification".
 */
export function refusedVariableType(written: string, syntax: 'hcl' | 'json'): string | undefined {
  let text = written.trim();
  if (syntax === 'hcl') {
    const expression = /^\$\{([\s\S]*)\}$/.exec(text);
    if (expression === null || (expression[1] ?? '').includes('${')) {
      return ['string', 'list', 'map'].includes(text)
        ? undefined
        : 'Invalid legacy variable type hint: a type is written without quotes; Terraform refuses a quoted one';
    }
    text = (expression[1] ?? '').trim();
  }
  const refusal = TypeReader.refusal(text);
  return refusal === undefined ? undefined : `Invalid type specification: ${refusal}; Terraform refuses it`;
}

/** Renders a type constraint the way Terraform writes it, for messages. */
export function formatTypeConstraint(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${formatTypeConstraint(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(formatTypeConstraint).join(', ')}])`;
    case 'object':
      return `object({${Object.entries(type.attributes)
        .map(
          ([name, attribute]) => `${name} = ${attribute.optional ? `optional(${formatTypeConstraint(attribute.type)})` : formatTypeConstraint(attribute.type)}`,
        )
        .join(', ')}})`;
    default:
      return type.kind;
  }
}

class ConversionError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(path: string, value: TfValue, type: TypeConstraint, detail?: string): never {
  throw new ConversionError(path, detail ?? `cannot convert ${typeName(value)} to ${formatTypeConstraint(type)}`);
}

/**
 * The elements of a collection whose element type is `any`, converted to the one type they all unify
 * to (`value-types.ts`), as Terraform converts them: `tolist([{ a = 1 }, { a = "x" }])` is a list of
 * objects whose `a` is a string, and `distinct([{ a = 1 }, { a = "1" }])` has one element. A message
 * when they have no common type.
 */
export function unifyElements(items: readonly TfValue[], path = ''): readonly TfValue[] | string {
  const types = items.map((item) => typeOf(item, UNLIMITED_STEPS));
  const unified = unifyAll(types);
  // A collection beside an element of another kind (a primitive, or a collection of another shape).
  if (unified === undefined && types.some((type) => !PRIMITIVE_KINDS.has(type.kind) && type.kind !== 'any')) return 'the elements have no common type';
  // Primitives (and elements of types credlint does not know) keep the primitive rule and its messages.
  if (unified === undefined || unified.kind === 'any' || PRIMITIVE_KINDS.has(unified.kind)) return unifyPrimitives(items);
  if (types.every((type) => sameType(type, unified))) return items;
  try {
    return items.map((item, index) => convert(item, unified, `${path}[${index}]`));
  } catch (error) {
    if (error instanceof ConversionError) return error.message;
    throw error;
  }
}

const PRIMITIVE_KINDS = new Set(['string', 'number', 'bool']);

/** Element-wise conversion shared by list, set and map; `any` elements are unified as Terraform does. */
function convertElements(items: readonly TfValue[], element: TypeConstraint, path: string, step: (index: number) => string): TfValue[] {
  let source = items;
  if (element.kind === 'any') {
    const unified = unifyElements(items, path);
    if (typeof unified === 'string') throw new ConversionError(path, unified);
    source = unified;
  }
  return source.map((item, index) => convert(item, element, path + step(index)));
}

function convert(value: TfValue, type: TypeConstraint, path: string): TfValue {
  if (value instanceof Unknown || value === null || type.kind === 'any') return value;
  switch (type.kind) {
    case 'string': {
      const text = primitiveToString(value);
      return text ?? fail(path, value, type);
    }
    case 'number': {
      const number = primitiveToNumber(value);
      if (number !== undefined && typeof value === 'string') return numberOfText(value, number);
      return number ?? fail(path, value, type, typeof value === 'string' ? `cannot convert ${quoted(value)} to number: a number is required` : undefined);
    }
    case 'bool': {
      const bool = primitiveToBool(value);
      return (
        bool ?? fail(path, value, type, typeof value === 'string' ? `cannot convert ${quoted(value)} to bool: only "true" or "false" are allowed` : undefined)
      );
    }
    case 'list':
    case 'set': {
      const items = sequenceItems(value) ?? fail(path, value, type);
      const converted = convertElements(items, type.element, path, (index) => `[${index}]`);
      if (type.kind === 'list') return asListOrMap(converted);
      // A set with an unknown element has an unknown length and order; Terraform cannot iterate it either.
      const unknown = converted.find((item) => item instanceof Unknown);
      return unknown ?? makeSet(converted);
    }
    case 'map': {
      if (!isObject(value)) return fail(path, value, type);
      const keys = Object.keys(value);
      const converted = convertElements(
        keys.map((key) => value[key] as TfValue),
        type.element,
        path,
        (index) => `[${JSON.stringify(keys[index])}]`,
      );
      return asListOrMap(Object.fromEntries(keys.map((key, index) => [key, converted[index] as TfValue])));
    }
    case 'tuple': {
      const items = sequenceItems(value) ?? fail(path, value, type);
      if (items.length !== type.elements.length) fail(path, value, type, `a tuple of ${type.elements.length} elements is required, not ${items.length}`);
      return asTupleOrObject(type.elements.map((element, index) => convert(items[index] ?? null, element, `${path}[${index}]`)));
    }
    case 'object': {
      if (!isObject(value)) return fail(path, value, type);
      const out: [string, TfValue][] = [];
      for (const [name, attribute] of Object.entries(type.attributes)) {
        const present = Object.hasOwn(value, name) ? (value[name] as TfValue) : undefined;
        const attributePath = `${path}.${name}`;
        if (present === undefined && !attribute.optional) throw new ConversionError(path, `attribute "${name}" is required`);
        // Optional attributes that are absent or null take the default (converted, so nested defaults apply too).
        const chosen = attribute.optional && (present === undefined || present === null) ? attribute.defaultValue : (present ?? null);
        out.push([name, convert(chosen, attribute.type, attributePath)]);
      }
      return asTupleOrObject(objectFrom(out));
    }
  }
}

export type ConversionResult = { readonly ok: true; readonly value: TfValue } | { readonly ok: false; readonly message: string };

/** Converts a value to a type constraint, reporting failure as a message (for functions such as `tolist`). */
export function tryConvertToType(value: TfValue, type: TypeConstraint): ConversionResult {
  try {
    return { ok: true, value: convert(value, type, '') };
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    const where = error.path === '' ? '' : `${error.path.replace(/^\./, '')}: `;
    return { ok: false, message: where + error.message };
  }
}

/**
 * Converts a value to a type constraint with Terraform's rules. Never throws: a failed conversion is an
 * EvaluationError (an Unknown) naming where and why it failed; unknown values (at any depth) stay unknown.
 */
export function convertToType(value: TfValue, type: TypeConstraint): TfValue {
  const result = tryConvertToType(value, type);
  return result.ok ? result.value : new EvaluationError(`value does not match type ${formatTypeConstraint(type)}: ${result.message}`);
}
