/**
 * A JSON Schema (draft-07) checker for the subset of keywords `config-schema.ts` generates: `type`,
 * `enum`, `properties`, `additionalProperties`, `items` (one schema, or a tuple), `minItems`,
 * `maxItems`, `anyOf` and local `$ref`s to `#/definitions/…`; annotations (`title`, `description`,
 * `default`, `$schema`) are ignored, and any other keyword throws, so the schema cannot grow a keyword
 * this checker would silently skip. A full validator (Ajv) costs about 0.7 s of start-up per run,
 * which a pre-commit hook pays on every commit; a test checks that Ajv agrees with this checker.
 */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface JsonSchema {
  readonly $schema?: string;
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema | readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
}

export type SchemaErrorKind = 'type' | 'enum' | 'unknown-property' | 'min-items' | 'max-items' | 'any-of';

export interface SchemaError {
  /** Where in the checked value: property names and array indexes from the top. */
  readonly path: readonly (string | number)[];
  readonly kind: SchemaErrorKind;
  /** What was expected, in words ("a boolean", `one of "off", "error"`). */
  readonly expected: string;
  /** For `unknown-property`: the property, and the ones the schema names there. */
  readonly property?: string;
  readonly known?: readonly string[];
}

const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$ref',
  'title',
  'description',
  'default',
  'type',
  'enum',
  'properties',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'anyOf',
  'definitions',
]);

/** The problems of `value` against `schema`, first found first; empty when it is valid. */
export function checkJsonSchema(schema: JsonSchema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(schema, schema, value, [], errors);
  return errors;
}

function resolve(root: JsonSchema, schema: JsonSchema): JsonSchema {
  for (const keyword of Object.keys(schema)) if (!KNOWN_KEYWORDS.has(keyword)) throw new Error(`check-json-schema: unsupported keyword "${keyword}"`);
  if (schema.$ref === undefined) return schema;
  const name = /^#\/definitions\/([^/]+)$/.exec(schema.$ref)?.[1];
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (target === undefined) throw new Error(`check-json-schema: unresolved $ref "${schema.$ref}"`);
  return resolve(root, target);
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function hasType(types: readonly JsonType[], value: unknown): boolean {
  const actual = typeOf(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/** JSON equality, as `enum` compares (1 and 1.0 are one number; objects by content). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length && keysA.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const ARTICLE: Record<JsonType, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean (true or false)',
  null: 'null',
};

export function describeSchema(root: JsonSchema, schema: JsonSchema): string {
  const resolved = resolve(root, schema);
  if (resolved.enum) return `one of ${resolved.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (resolved.anyOf) return resolved.anyOf.map((branch) => describeSchema(root, branch)).join(', or ');
  const types = resolved.type === undefined ? [] : typeof resolved.type === 'string' ? [resolved.type] : resolved.type;
  if (types.length === 0) return 'any value';
  return types.map((t) => ARTICLE[t]).join(' or ');
}

/** Whether the value has a type the schema's top level allows: which `anyOf` branch a value meant. */
function shallowMatch(root: JsonSchema, schema: JsonSchema, value: unknown): boolean {
  const resolved = resolve(root, schema);
  if (resolved.enum && !resolved.enum.some((option) => typeOf(option) === typeOf(value) || (typeof option === typeof value && typeof value === 'number')))
    return false;
  if (resolved.type !== undefined && !hasType(typeof resolved.type === 'string' ? [resolved.type] : resolved.type, value)) return false;
  if (resolved.anyOf) return resolved.anyOf.some((branch) => shallowMatch(root, branch, value));
  return true;
}

function check(root: JsonSchema, schema: JsonSchema, value: unknown, path: (string | number)[], errors: SchemaError[]): void {
  const s = resolve(root, schema);
  if (s.type !== undefined && !hasType(typeof s.type === 'string' ? [s.type] : s.type, value)) {
    errors.push({ path, kind: 'type', expected: describeSchema(root, s) });
    return;
  }
  if (s.enum && !s.enum.some((option) => jsonEqual(option, value))) {
    errors.push({ path, kind: 'enum', expected: describeSchema(root, s) });
    return;
  }
  if (s.anyOf) {
    const attempts = s.anyOf.map((branch) => {
      const found: SchemaError[] = [];
      check(root, branch, value, path, found);
      return { branch, found };
    });
    if (attempts.some((a) => a.found.length === 0)) return;
    const meant = attempts.filter((a) => shallowMatch(root, a.branch, value));
    if (meant.length === 1 && meant[0]) errors.push(...meant[0].found);
    else errors.push({ path, kind: 'any-of', expected: describeSchema(root, s) });
    return;
  }
  if (Array.isArray(value)) checkArray(root, s, value, path, errors);
  else if (typeof value === 'object' && value !== null) checkObject(root, s, value as Record<string, unknown>, path, errors);
}

function checkArray(root: JsonSchema, s: JsonSchema, value: readonly unknown[], path: (string | number)[], errors: SchemaError[]): void {
  if (s.minItems !== undefined && value.length < s.minItems) errors.push({ path, kind: 'min-items', expected: `at least ${s.minItems} item(s)` });
  if (s.maxItems !== undefined && value.length > s.maxItems) errors.push({ path, kind: 'max-items', expected: `at most ${s.maxItems} item(s)` });
  if (s.items === undefined) return;
  value.forEach((item, index) => {
    const itemSchema = isSchemaList(s.items) ? s.items[index] : s.items;
    if (itemSchema !== undefined) check(root, itemSchema, item, [...path, index], errors);
  });
}

function isSchemaList(items: JsonSchema | readonly JsonSchema[] | undefined): items is readonly JsonSchema[] {
  return Array.isArray(items);
}

function checkObject(root: JsonSchema, s: JsonSchema, value: Readonly<Record<string, unknown>>, path: (string | number)[], errors: SchemaError[]): void {
  const known = Object.keys(s.properties ?? {});
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
    if (propertySchema !== undefined) check(root, propertySchema, item, [...path, key], errors);
    else if (s.additionalProperties === false) errors.push({ path, kind: 'unknown-property', expected: `one of ${known.join(', ')}`, property: key, known });
    else if (typeof s.additionalProperties === 'object') check(root, s.additionalProperties, item, [...path, key], errors);
  }
}
