/**
 * The body of a `.tf.json` file, read from its JSON syntax tree as HCL's JSON syntax reads it
 * (https://github.com/hashicorp/hcl/blob/main/json/spec.md, `json/structure.go`) and given the shape
 * the native parser gives a `.tf` file: labels as nested objects, each block body in an array.
 *
 * - The root, and each level of labels, is an object or an array of objects whose properties are all
 *   read: a block type or a label written twice (`"resource"` in two places) is more blocks, not a
 *   replacement, and `[{...}, {...}]` at the root is a configuration too. `"//"` is a comment at the
 *   root and in a body, a label anywhere else.
 * - In a body, an argument written twice is refused ("Duplicate argument"), as is a key written twice
 *   in an object that is an argument's value ("Duplicate object attribute"); a nested block may
 *   repeat. Without the provider's schema a resource's nested blocks cannot be told from its
 *   object-valued arguments, so there only a repeated primitive, a repeated meta-argument or a
 *   repeated `lifecycle` is refused.
 * - Arguments Terraform reads in literal mode, without templates, refuse `${`: a variable's `type`
 *   (a type expression), `provider` and `depends_on` (references), a provider's `alias`
 *   (https://developer.hashicorp.com/terraform/language/syntax/json).
 *
 * A refusal is where Terraform refuses the whole configuration, so the file is a `parse-error` at the
 * key or value it names.
 */
import { jsonValue, type JsonNode } from '../../core/json-tree.js';
import { LABEL_COUNTS } from '../locate/locate-tf-json.js';
import type { JsonObject } from './module-config.js';

const UNLABELLED: ReadonlySet<string> = new Set(['locals', 'terraform', 'moved', 'import', 'removed']);

/** Terraform JSON's comment property (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties). */
const COMMENT = '//';

/** Nested blocks of the blocks whose arguments Terraform knows without a provider (meta-arguments' blocks included). */
const NESTED_BLOCKS: ReadonlySet<string> = new Set(['lifecycle', 'provisioner', 'connection', 'dynamic', 'validation', 'precondition', 'postcondition']);

/** Resource arguments Terraform itself defines (https://developer.hashicorp.com/terraform/language/meta-arguments). */
const META_ARGUMENTS: ReadonlySet<string> = new Set(['count', 'for_each', 'provider', 'depends_on']);

export type TfJsonBody = { readonly ok: true; readonly body: JsonObject } | { readonly ok: false; readonly offset: number; readonly message: string };

class Refused extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

interface Property {
  readonly key: JsonNode;
  readonly name: string;
  readonly value: JsonNode;
}

function propertiesOf(object: JsonNode): Property[] {
  return (object.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key !== undefined && value !== undefined && typeof key.value === 'string' ? [{ key, name: key.value, value }] : [];
  });
}

const KINDS: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', boolean: 'a bool', null: 'null', array: 'an array' };

/** The properties of an object, or of every object of an array (HCL's `collectDeepAttrs`): the root and each label level. */
function deepProperties(node: JsonNode, what: string): Property[] {
  const objects = node.type === 'array' ? (node.children ?? []) : [node];
  return objects.flatMap((object) => {
    if (object.type !== 'object')
      throw new Refused(object.offset, `${what} must be a JSON object or an array of objects, not ${KINDS[object.type] ?? object.type}`);
    return propertiesOf(object);
  });
}

function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function isBlockShaped(node: JsonNode): boolean {
  return node.type === 'object' || node.type === 'array';
}

/** An argument's value; an object in it that names a key twice is refused, as HCL refuses it when evaluating. */
function argumentValue(node: JsonNode): unknown {
  const pending = [node];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.type === 'object') {
      const seen = new Set<string>();
      for (const { key, name, value } of propertiesOf(next)) {
        if (seen.has(name))
          throw new Refused(key.offset, `the object key ${JSON.stringify(name)} is written twice; Terraform refuses a repeated key in an object`);
        seen.add(name);
        pending.push(value);
      }
    } else if (next.type === 'array') {
      // One by one: spreading a 4,500,000-element array into push overflows the call stack.
      for (const child of next.children ?? []) pending.push(child);
    }
  }
  return jsonValue(node);
}

/** What kind of body a block of `type` has, for telling its arguments from its nested blocks. */
type BodyKind = 'arguments' | 'resource' | 'schema';

function bodyKind(type: string): BodyKind {
  if (type === 'locals' || type === 'variable' || type === 'output' || type === 'module') return 'arguments';
  if (type === 'resource' || type === 'data' || type === 'ephemeral') return 'resource';
  return 'schema';
}

/** A `${` where Terraform reads a type expression or a reference, not a template. */
function refuseTemplate(node: JsonNode, what: string): void {
  const strings = node.type === 'array' ? (node.children ?? []) : [node];
  for (const string of strings) {
    if (string.type === 'string' && typeof string.value === 'string' && string.value.includes('${')) {
      throw new Refused(string.offset, `${what} is read without templates in JSON syntax: write it without "\${ }"`);
    }
  }
}

function checkLiteralMode(type: string, name: string, value: JsonNode): void {
  if (type === 'variable' && name === 'type') refuseTemplate(value, 'a variable\'s "type" (a type expression)');
  else if (type === 'provider' && name === 'alias') refuseTemplate(value, 'a provider\'s "alias"');
  else if (name === 'provider' && bodyKind(type) === 'resource') refuseTemplate(value, '"provider" (a provider reference)');
  else if (name === 'depends_on' && type !== 'locals' && type !== 'variable') refuseTemplate(value, '"depends_on" (a list of references)');
}

/** How a body's property is read: an argument, a nested block, or (without the provider's schema) either. */
type Role = 'argument' | 'block' | 'either';

function roleOf(type: string, name: string, value: JsonNode): Role {
  const kind = bodyKind(type);
  if (type === 'locals') return 'argument';
  if (NESTED_BLOCKS.has(name)) return 'block';
  if (kind === 'arguments' || META_ARGUMENTS.has(name)) return 'argument';
  return isBlockShaped(value) ? 'either' : 'argument';
}

/** One block body, in the native parser's shape; `type` is its block type. */
function blockBody(object: JsonNode, type: string): JsonObject {
  const body: Record<string, unknown> = {};
  const seen = new Map<string, Role>();
  for (const { key, name, value } of propertiesOf(object)) {
    if (name === COMMENT) {
      // Ignored by Terraform; kept outside `locals` for what reads it (CDKTF's construct paths).
      if (type !== 'locals') define(body, name, jsonValue(value));
      continue;
    }
    const role = roleOf(type, name, value);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      if (role === 'argument' || earlier === 'argument') {
        throw new Refused(key.offset, `the argument ${JSON.stringify(name)} is written twice in this block; Terraform refuses a repeated argument`);
      }
      if (name === 'lifecycle') throw new Refused(key.offset, 'a second "lifecycle" block; Terraform refuses more than one in a block');
      const blocks = (written: unknown): unknown[] => (Array.isArray(written) ? (written as unknown[]) : [written]);
      define(body, name, [...blocks(body[name]), ...blocks(jsonValue(value))]);
      continue;
    }
    seen.set(name, role);
    checkLiteralMode(type, name, value);
    define(body, name, role === 'argument' && (bodyKind(type) === 'arguments' || META_ARGUMENTS.has(name)) ? argumentValue(value) : jsonValue(value));
  }
  return body;
}

/** The bodies a value after the last label holds: null is none, an object one, an array one per element. */
function bodiesOf(node: JsonNode, type: string): JsonObject[] {
  if (node.type === 'null') return [];
  const elements = node.type === 'array' ? (node.children ?? []) : [node];
  return elements.flatMap((element) => {
    if (element.type === 'null') return [{}];
    if (element.type !== 'object') {
      throw new Refused(element.offset, `a ${JSON.stringify(type)} block body must be a JSON object, not ${KINDS[element.type] ?? element.type}`);
    }
    return [blockBody(element, type)];
  });
}

/** Adds the blocks under `node`, with `remaining` label levels still to read, to `target` (keyed by label). */
function addLabelled(target: Record<string, unknown>, node: JsonNode, type: string, remaining: number): void {
  for (const { name, value } of deepProperties(node, `a ${JSON.stringify(type)} block's labels`)) {
    const existing = Object.hasOwn(target, name) ? target[name] : undefined;
    if (remaining === 1) {
      define(target, name, [...((existing as unknown[] | undefined) ?? []), ...bodiesOf(value, type)]);
    } else {
      const inner = (existing as Record<string, unknown> | undefined) ?? {};
      define(target, name, inner);
      addLabelled(inner, value, type, remaining - 1);
    }
  }
}

export function tfJsonBody(root: JsonNode): TfJsonBody {
  try {
    const body: Record<string, unknown> = {};
    for (const { name, value } of deepProperties(root, 'a .tf.json file')) {
      if (name === COMMENT) continue;
      const labels = LABEL_COUNTS[name];
      const existing = Object.hasOwn(body, name) ? body[name] : undefined;
      if (labels !== undefined) {
        const target = (existing as Record<string, unknown> | undefined) ?? {};
        define(body, name, target);
        addLabelled(target, value, name, labels);
      } else if (UNLABELLED.has(name)) {
        define(body, name, [...((existing as unknown[] | undefined) ?? []), ...bodiesOf(value, name)]);
      } else {
        // A block type Terraform does not have (it refuses it) or a newer one: kept as written, never read.
        define(body, name, jsonValue(value));
      }
    }
    return { ok: true, body };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}
