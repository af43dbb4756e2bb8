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

/** The constant a template declares under this name, and its position in the section. */
function declared(root: MapNode, name: string): { readonly node: TemplateNode; readonly index: number } | undefined {
  const section = child(child(root, 'Rain'), 'Constants');
  if (section?.kind !== 'map') return undefined;
  const index = section.entries.findIndex((e) => e.key === name);
  const entry = section.entries[index];
  return entry === undefined ? undefined : { node: entry.value, index };
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
  const replace = (value: string, limit: number): string | undefined => {
    // Names of constants whose text is too long (or, for an object constant, none): the whole text is then left as written.
    const unbuilt: string[] = [];
    const result = value.replace(CONSTANT_REFERENCE, (whole, name: string) => {
      const constant = declared(root, name.trim());
      if (constant === undefined || constant.index >= limit) return whole;
      const replaced = textOf(constant.index, constant.node);
      if (replaced === undefined) unbuilt.push(name);
      return replaced ?? whole;
    });
    return unbuilt.length > 0 || result.length > MAX_TEXT ? undefined : result;
  };
  return replace(text, before) ?? text;
}
