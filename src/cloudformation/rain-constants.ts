/**
 * Rain's constants (`rain pkg`, and `rain deploy`, which packages first): a template's `Rain: Constants:`
 * section names values that the packager writes into the template before CloudFormation reads it
 * (https://github.com/aws-cloudformation/rain, `cft/pkg/constants.go`):
 * - `${Rain::Name}` (or `${Const::Name}`) inside a `Fn::Sub` string is replaced by the text of string
 *   constant `Name`, before CloudFormation substitutes the rest of the string;
 * - `!Rain::Constant Name` (read as `Fn::Rain::Constant`) and `Ref: Const::Name` are replaced by the
 *   constant's value itself;
 * - a constant's own text may use the constants declared before it, the same way.
 * A name the section does not declare is left as written: `rain pkg` refuses the template.
 */
import type { MapNode, TemplateNode } from './template-node.js';
import { child, scalarString } from './template-node.js';

export const RAIN_CONSTANT = 'Fn::Rain::Constant';

/** How `Ref` names a constant (`Ref: Const::Tags`). */
export const CONSTANT_REF_PREFIX = 'Const::';

/** A constant's text past this many characters (constants built from constants, doubling) is not replaced. */
const MAX_TEXT = 65_536;

const CONSTANT_REFERENCE = /\$\{(?:Rain|Const)::([^}]*)\}/g;

/** Each template's constants by name (the first of a name), built once: looked up once per `${Rain::…}`. */
const sections = new WeakMap<MapNode, Map<string, { readonly node: TemplateNode; readonly index: number }>>();

/** The constant a template declares under this name, and its position in the section. */
function declared(root: MapNode, name: string): { readonly node: TemplateNode; readonly index: number } | undefined {
  const known = sections.get(root);
  if (known !== undefined) return known.get(name);
  const byName = new Map<string, { readonly node: TemplateNode; readonly index: number }>();
  const section = child(child(root, 'Rain'), 'Constants');
  if (section?.kind === 'map') {
    for (const [index, entry] of section.entries.entries()) if (!byName.has(entry.key)) byName.set(entry.key, { node: entry.value, index });
  }
  sections.set(root, byName);
  return byName.get(name);
}

/** The node of constant `name`, with its text's constant references replaced where it is a string; undefined if not declared. */
export function rainConstant(root: MapNode, name: string): TemplateNode | undefined {
  const constant = declared(root, name);
  if (constant === undefined) return undefined;
  const text = scalarString(constant.node);
  if (constant.node.kind !== 'scalar' || text === undefined) return constant.node;
  return { ...constant.node, value: replaceRainConstants(root, text, constant.index) };
}

/**
 * `text` with every `${Rain::Name}` of a declared string constant replaced by its text (of constants
 * declared before position `before` only, for a constant's own text); others are left as written, and
 * so is one whose text would grow past `MAX_TEXT` (each constant's text is built once per call).
 */
export function replaceRainConstants(root: MapNode, text: string, before = Number.POSITIVE_INFINITY): string {
  if (!text.includes('::')) return text;
  const texts = new Map<number, string | undefined>();
  const textOf = (index: number, node: TemplateNode): string | undefined => {
    if (texts.has(index)) return texts.get(index);
    texts.set(index, undefined);
    const value = scalarString(node);
    const resolved = node.kind === 'scalar' && value !== undefined ? replace(value, index) : undefined;
    const kept = resolved !== undefined && resolved.length <= MAX_TEXT ? resolved : undefined;
    texts.set(index, kept);
    return kept;
  };
  // Measured before it is built: 100,000 references to a 60,000-character constant in one Fn::Sub
  // string asked for a 6-billion-character string (RangeError: an internal error that dropped the
  // template's findings) before the length was compared with MAX_TEXT.
  const replace = (value: string, limit: number): string | undefined => {
    const parts: string[] = [];
    let length = 0;
    let last = 0;
    for (const match of value.matchAll(CONSTANT_REFERENCE)) {
      const constant = declared(root, (match[1] ?? '').trim());
      let replaced = match[0];
      if (constant !== undefined && constant.index < limit) {
        const built = textOf(constant.index, constant.node);
        // A constant whose text is too long (or, for an object constant, none): the whole text is left as written.
        if (built === undefined) return undefined;
        replaced = built;
      }
      length += match.index - last + replaced.length;
      if (length > MAX_TEXT) return undefined;
      parts.push(value.slice(last, match.index), replaced);
      last = match.index + match[0].length;
    }
    if (length + value.length - last > MAX_TEXT) return undefined;
    parts.push(value.slice(last));
    return parts.join('');
  };
  return replace(text, before) ?? text;
}
