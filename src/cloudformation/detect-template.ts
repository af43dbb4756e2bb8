import { decodeEscapes, hasEscapeMarker } from '../core/seed-text.js';
import type { MapNode } from './template-node.js';
import { child, entry, scalarString } from './template-node.js';
import { RAIN_MODULE_KEY, REGISTRY_MODULE_SUFFIX } from './template-modules.js';
import { parseJsonText } from '../core/json-tree.js';

/**
 * Cheap content sniffing for CloudFormation templates (README, "What is analysed"), run on every candidate
 * `.json`/`.yaml`/`.yml`/`.template` file before anything is parsed. A file is a template when it has a
 * top-level `AWSTemplateFormatVersion`, or a top-level `Resources` mapping whose entries have `Type`s
 * starting `AWS::` (SAM's `AWS::Serverless::*` included) or naming a module (`template-modules.ts`; not in the
 * quick sniff of usual shapes below, only in the broad one), or holding an `AWS::Include` written as a key of
 * `Resources` (a template whose resources all come from a snippet, `template-includes.ts`). The loader
 * checks the parsed structure again, so a false positive here costs a parse, never a finding.
 */

/** JSON: `"AWSTemplateFormatVersion":` as a key (an escaped template inside a string does not match). */
const JSON_VERSION = /"AWSTemplateFormatVersion"\s*:/;
/** JSON: a `"Resources": {` object and a `"Type": "AWS::` entry (or a registry module's `"Type": "Org::X::Y::MODULE"`). */
const JSON_RESOURCES = /"Resources"\s*:\s*\{/;
const JSON_AWS_TYPE = /"Type"\s*:\s*"(?:AWS::|[\w-]+::[\w-]+::[\w-]+::MODULE")/;
/** JSON: a `"Fn::Transform": {` key and the `"AWS::Include"` name (where they are is for the structure to say). */
const JSON_TRANSFORM = /"Fn::Transform"\s*:\s*\{/;
const JSON_INCLUDE = /"AWS::Include"/;
/** YAML: the keys at column 1 (top level of a document), values optionally quoted. */
const YAML_VERSION = /^["']?AWSTemplateFormatVersion["']?\s*:/m;
const YAML_RESOURCES = /^["']?Resources["']?\s*:[ \t]*(#.*)?$/m;
/**
 * An indented `Type: AWS::...` mapping entry, or one inside a flow mapping (`K: { Type: AWS::... }`).
 * A block list item (`- Type: AWS::...`, an app config's `Resources:` list) does not match.
 */
const YAML_AWS_TYPE = /(^[ \t]+|[{,][ \t]*)["']?Type["']?\s*:\s*["']?AWS::/m;
/** YAML: an indented `Fn::Transform:` key and an `AWS::Include` name. */
const YAML_TRANSFORM = /^[ \t]+["']?Fn::Transform["']?\s*:/m;
const YAML_INCLUDE = /AWS::Include\b/;
/** Terraform plan JSON (`terraform show -json`) is handled by its own loader. */
const PLAN_MARKERS = /"format_version"\s*:[\s\S]*"(planned_values|resource_changes)"\s*:/;

function isJsonText(file: string, text: string): boolean {
  if (file.endsWith('.json')) return true;
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return false;
  // `.template` files are JSON or YAML: JSON starts with `{`.
  return text.trimStart().startsWith('{');
}

/**
 * The sniff in its usual shapes: JSON with quoted keys, block YAML with `Resources:` at column 1. A
 * file that fails to parse is reported as a parse error only when it passes this test (else it is
 * some other YAML file that happens to name AWS types).
 */
export function certainlyCloudFormation(file: string, text: string): boolean {
  if (isJsonText(file, text)) return jsonLooksLikeTemplate(text);
  // A YAML file may also be written in JSON flow style.
  if (text.trimStart().startsWith('{')) return jsonLooksLikeTemplate(text);
  if (YAML_VERSION.test(text)) return true;
  return YAML_RESOURCES.test(text) && (YAML_AWS_TYPE.test(text) || (YAML_TRANSFORM.test(text) && YAML_INCLUDE.test(text)));
}

function jsonLooksLikeTemplate(text: string): boolean {
  if (PLAN_MARKERS.test(text) && !JSON_VERSION.test(text)) return false;
  if (JSON_VERSION.test(text)) return true;
  return JSON_RESOURCES.test(text) && (JSON_AWS_TYPE.test(text) || (JSON_TRANSFORM.test(text) && JSON_INCLUDE.test(text)));
}

/**
 * YAML in any form: block or flow (`{Resources: {U: {Type: AWS::IAM::User}}}`), keys plain, quoted
 * or explicit (`? Resources`), after `---`, anchors, tags or comments. Only words are tested: a
 * `Resources` key (not a block list, which no template has) and an `AWS::` type or a `Fn::ForEach`
 * loop, or `AWSTemplateFormatVersion` anywhere. The parsed structure decides (`isTemplateDocument`).
 */
const ANY_YAML_VERSION = /AWSTemplateFormatVersion/;
const ANY_YAML_RESOURCES = /(?:Resources["']?[ \t]*:(?![ \t]*(?:#[^\n]*)?\r?\n[ \t]*-[ \t\r\n])|\?[ \t]*["']?Resources\b)/;
const ANY_YAML_TYPE = /AWS::|Fn::ForEach|::MODULE|Rain::Module/;

export function looksLikeCloudFormation(file: string, raw: string): boolean {
  // Keys and types may be spelled with escapes (`"AWS\u003a:IAM::User"`, `\x41WS::`).
  const text = hasEscapeMarker(raw) ? decodeEscapes(raw) : raw;
  if (certainlyCloudFormation(file, text)) return true;
  // `.json` is JSON (CloudFormation's JSON format); `.template` and YAML files may be YAML in any form.
  if (file.endsWith('.json')) return false;
  if (PLAN_MARKERS.test(text) && !ANY_YAML_VERSION.test(text)) return false;
  return ANY_YAML_VERSION.test(text) || (ANY_YAML_RESOURCES.test(text) && ANY_YAML_TYPE.test(text));
}

/**
 * Whether a parsed document is really a template: the structural version of the sniff above. Used by
 * the loader so that a YAML stream mixing templates with other documents yields only the templates.
 */
export function isTemplateDocument(root: MapNode): boolean {
  if (entry(root, 'AWSTemplateFormatVersion')) return true;
  const resources = child(root, 'Resources');
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((r) => {
    if (r.key === 'Fn::Transform') return scalarString(child(r.value, 'Name')) === INCLUDE;
    const type = child(r.value, 'Type');
    return entry(type, RAIN_MODULE_KEY) !== undefined || isTemplateResource(r.key, scalarString(type));
  });
}

/**
 * The transform whose snippet a `Fn::Transform` written as a key of `Resources` inserts there: resources
 * (`template-includes.ts`). A macro's name is anyone's word, so another transform does not make a template.
 */
const INCLUDE = 'AWS::Include';

/** A loop, an AWS type, or a module (`template-modules.ts`): a template made only of modules is a template too. */
function isTemplateResource(logicalId: string, type: string | undefined): boolean {
  return logicalId.startsWith('Fn::ForEach::') || type?.startsWith('AWS::') === true || type?.endsWith(REGISTRY_MODULE_SUFFIX) === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `isTemplateDocument` for a file in JSON, decided with the platform's JSON parser before the
 * positional one runs: a JSON file that names AWS types without being a template (a resource
 * specification or JSON schema of several megabytes) is then dropped at a small fraction of the
 * positional parse's time and memory, and never reaches its node budget. `undefined` when the text
 * is not plain JSON: the positional parser decides, and says what is wrong. `JSON.parse` keeps a
 * duplicate key's last value, as CloudFormation and the positional parser do.
 */
export function jsonTemplateShape(file: string, text: string): boolean | undefined {
  if (!isJsonText(file, text)) return undefined;
  let root: unknown;
  try {
    root = parseJsonText(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(root)) return false;
  if (Object.hasOwn(root, 'AWSTemplateFormatVersion')) return true;
  const resources = root['Resources'];
  if (!isPlainObject(resources)) return false;
  return Object.entries(resources).some(([id, r]) => {
    if (id === 'Fn::Transform') return isPlainObject(r) && r['Name'] === INCLUDE;
    return isTemplateResource(id, isPlainObject(r) && typeof r['Type'] === 'string' ? r['Type'] : undefined);
  });
}
