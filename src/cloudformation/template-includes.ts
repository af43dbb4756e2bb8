/**
 * `AWS::Include` snippets that are files of the repository, inserted where the template includes them.
 *
 * `Fn::Transform: { Name: AWS::Include, Parameters: { Location: ... } }` may be written in any map of a
 * template but `Parameters`; CloudFormation replaces it with the key-value pairs of the snippet, beside
 * the keys written with it (a snippet is one map, YAML or JSON).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
 * CloudFormation reads a snippet from S3 only; `aws cloudformation package` (and `sam package`) upload
 * the file a local `Location` names, relative to the template's directory, and write its S3 URI in its
 * place, for every `Fn::Transform` key of the template and of the nested templates it packages
 * (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html). So a local snippet is
 * what gets deployed, and it is merged here, with the positions of the snippet's own file.
 *
 * Not merged, as CloudFormation would not deploy them or credlint cannot know the result: an include
 * inside a snippet (CloudFormation does not process one: its documentation says a snippet cannot use
 * `AWS::Include` itself), so cycles and chains end at the first snippet; a snippet that sets a key also
 * written beside the include (which of the two stays is not documented); a snippet that is not a
 * readable map inside the repository. Each gets a note, and its `Fn::Transform` stays, as unknown as an
 * S3 one (`template-transforms.ts`). The `Transform` section is not read here: `package` leaves its
 * `Location` as written, and CloudFormation accepts only an S3 URI there.
 */
import type { SourceLocation } from '../core/location.js';
import type { MapEntry, MapNode, ScalarNode, SeqNode, TemplateDocument, TemplateNode } from './template-node.js';
import { child, entry, fileOf, locationOf, scalarString } from './template-node.js';
import { describeRainInclude, RAIN_INCLUDE } from './template-transforms.js';
import { ANALYSED_TYPES } from './resource-properties.js';
import { isLoop } from './expand-for-each.js';

/** A snippet file as it is inserted: its map, every node and entry naming the file, and its size in nodes. */
export interface Snippet {
  readonly root: MapNode;
  readonly nodes: number;
  /** The includes written in the snippet, never followed. */
  readonly includes: readonly MapEntry[];
}

export interface IncludeEnvironment {
  /** The snippet a local `Location` names, relative to the including template's file, or why it cannot be inserted. */
  snippet(templateFile: string, written: string): Snippet | { readonly error: string };
  /** The text of the file a `!Rain::Embed` names, relative to the naming file, or why it cannot be read. */
  text(namingFile: string, written: string): { readonly text: string } | { readonly error: string };
  note(location: SourceLocation, message: string): void;
  /** Snippets would insert more than `parseNodes` nodes into one template: a limit reached, reported once. */
  exceeded(location: SourceLocation, what: string): void;
  /** Nodes all the snippets of one template may insert together (the `parseNodes` limit). */
  readonly maxNodes: number;
  /** The real path of a file (the template itself, so that a `!Rain::Include` leading back to it is a cycle). */
  realPath(file: string): string;
}

/** Sections where `AWS::Include` is not read: `Parameters` (CloudFormation refuses it there) and the `Transform` section. */
const NOT_INCLUDED_SECTIONS = new Set(['Parameters', 'Transform']);

/** The `Location` of an `AWS::Include` transform argument when it names a local file: a literal that is no URL. */
export function localIncludeLocation(transform: TemplateNode): { readonly node: TemplateNode; readonly written: string } | undefined {
  if (scalarString(child(transform, 'Name')) !== 'AWS::Include') return undefined;
  const node = child(child(transform, 'Parameters'), 'Location');
  const written = scalarString(node);
  if (node === undefined || written === undefined || written.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return undefined;
  return { node, written };
}

interface Walk {
  readonly document: TemplateDocument;
  readonly env: IncludeEnvironment;
  spent: number;
  exhausted: boolean;
  readonly noted: Set<TemplateNode>;
  /** The template's real path, then those of the `!Rain::Include`s being inserted, outermost first (a file including itself is a cycle). */
  readonly rainChain: string[];
}

/**
 * How deep `!Rain::Include`s may include each other. `rain pkg` processes the directives of an included
 * file too, relative to that file's directory, with no limit of its own (a cycle never ends there).
 */
export const MAX_RAIN_INCLUDE_DEPTH = 10;

/**
 * The document with every local snippet of its `Fn::Transform`s inserted; the same object when it has
 * none. A resource of a type whose properties credlint does not read (an API's `DefinitionBody` from
 * an OpenAPI file, the usual include) is left as written: its snippets could not change a finding,
 * and are neither read nor parsed.
 */
export function includeSnippets(document: TemplateDocument, env: IncludeEnvironment): TemplateDocument {
  const walk: Walk = { document, env, spent: 0, exhausted: false, noted: new Set(), rainChain: [] };
  const entries = document.root.entries.map((e) => {
    if (NOT_INCLUDED_SECTIONS.has(e.key)) return e;
    if (e.key === 'Resources') {
      const rain = rainIncludePath(e.value);
      const value = rain ? rainInsert(e.value, rain, walk, (inserted) => (inserted.kind === 'map' ? resolveResources(inserted, walk) : inserted)) : e.value;
      if (value !== e.value) return withValue(e, value);
      return withValue(e, value.kind === 'map' ? resolveResources(value, walk) : resolveNode(value, walk));
    }
    return withValue(e, resolveNode(e.value, walk));
  });
  const root = entries.every((e, i) => e === document.root.entries[i]) ? document.root : { ...document.root, entries };
  if (root === document.root && walk.noted.size === 0) return document;
  return { ...document, root, ...(walk.noted.size > 0 ? { notedIncludes: walk.noted } : {}) };
}

/**
 * A resource of a literal type whose properties credlint does not read. A type a loop spells
 * (`AWS::IAM::${Kind}`, `expand-for-each.ts`) may be any type, so it is read.
 */
function unread(resource: TemplateNode): boolean {
  const type = scalarString(child(resource, 'Type'));
  return type !== undefined && !/[$&]\{/.test(type) && !ANALYSED_TYPES.has(type);
}

/**
 * `Resources`, or the body of a `Fn::ForEach` loop in it (the resources each item makes, and loops
 * nested in it), with its resources resolved and a snippet written as a key of it inserted: a
 * resource whose properties credlint does not read is left as written, in a loop too.
 */
function resolveResources(node: MapNode, walk: Walk): MapNode {
  const resources = node.entries.map((r) => {
    if (r.key === 'Fn::Transform' || unread(r.value)) return r;
    if (isLoop(r) && r.value.kind === 'seq') return withValue(r, resolveLoop(r.value, walk));
    return withValue(r, resolveNode(r.value, walk));
  });
  const transform = resources.find((r) => r.key === 'Fn::Transform');
  const inserted = transform ? insert(transform, resources, walk) : undefined;
  if (inserted) return { ...node, entries: inserted };
  return resources.every((r, i) => r === node.entries[i]) ? node : { ...node, entries: [...resources] };
}

/** `[Identifier, Collection, Body]`: the body is resolved as resources are, the rest as any node. */
function resolveLoop(loop: SeqNode, walk: Walk): SeqNode {
  const items = loop.items.map((item, index) => (index === 2 && item.kind === 'map' ? resolveResources(item, walk) : resolveNode(item, walk)));
  return items.every((item, i) => item === loop.items[i]) ? loop : { ...loop, items };
}

function withValue(e: MapEntry, value: TemplateNode): MapEntry {
  return value === e.value ? e : { ...e, value };
}

/** Recursive: a parsed template is at most 200 levels deep (`parse-yaml-template.ts`, `core/json-tree.ts`). */
function resolveNode(node: TemplateNode, walk: Walk): TemplateNode {
  if (node.kind === 'scalar') return node;
  const rain = rainIncludePath(node);
  if (rain) return rainInsert(node, rain, walk, (inserted) => resolveNode(inserted, walk));
  const embedded = rainDirectivePath(node, RAIN_EMBED);
  if (embedded) return rainEmbed(node, embedded, walk);
  if (node.kind === 'seq') {
    const items = node.items.map((item) => resolveNode(item, walk));
    return items.every((item, i) => item === node.items[i]) ? node : { ...node, items };
  }
  const transform = entry(node, 'Fn::Transform');
  const entries = node.entries.map((e) => (e === transform ? e : withValue(e, resolveNode(e.value, walk))));
  const inserted = transform ? insert(transform, entries, walk) : undefined;
  if (inserted) return { ...node, entries: inserted };
  return entries.every((e, i) => e === node.entries[i]) ? node : { ...node, entries };
}

/** The entries of a map with its `Fn::Transform` replaced by the snippet's, or undefined when it stays. */
function insert(transform: MapEntry, entries: readonly MapEntry[], walk: Walk): MapEntry[] | undefined {
  const location = localIncludeLocation(transform.value);
  if (!location || walk.exhausted) return undefined;
  const { document, env } = walk;
  const at = locationOf(document.file, location.node.range);
  const described = `Fn::Transform AWS::Include (${location.written})`;
  const stays = (why: string): void => {
    env.note(at, `${described}: ${why}; what it inserts is not analysed`);
    walk.noted.add(transform.value);
  };
  const snippet = env.snippet(document.file, location.written);
  if ('error' in snippet) {
    stays(`the snippet ${snippet.error}`);
    return undefined;
  }
  const written = new Set(entries.filter((e) => e !== transform).map((e) => e.key));
  const twice = snippet.root.entries.find((e) => written.has(e.key));
  if (twice) {
    stays(`the snippet sets ${twice.key}, which is also written beside it, and which one CloudFormation keeps is not documented`);
    return undefined;
  }
  if (walk.spent + snippet.nodes > env.maxNodes) {
    walk.exhausted = true;
    env.exceeded(at, 'AWS::Include snippets insert too many nodes into this template; this one and the rest are not inserted');
    return undefined;
  }
  walk.spent += snippet.nodes;
  for (const inner of snippet.includes) {
    env.note(
      locationOf(inner.file ?? document.file, inner.keyRange),
      `Fn::Transform in included snippet ${location.written}: CloudFormation does not process an AWS::Include inside an included snippet; not followed`,
    );
    walk.noted.add(inner.value);
  }
  return entries.flatMap((e) => (e === transform ? snippet.root.entries : [e]));
}

/** `!Rain::Embed <path>` as the YAML reader keeps it: the file's text, trimmed, as a string (`includeString` in rain's `cft/pkg/directives.go`). */
const RAIN_EMBED = 'Fn::Rain::Embed';

/** The path of a Rain directive (`!Rain::Include <path>`), as the YAML reader keeps it (`{ Fn::Rain::Include: path }`). */
function rainDirectivePath(node: TemplateNode, key: string): ScalarNode | undefined {
  if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
  const only = node.entries[0];
  return only?.key === key && only.value.kind === 'scalar' && typeof only.value.value === 'string' ? only.value : undefined;
}

function rainIncludePath(node: TemplateNode): ScalarNode | undefined {
  return rainDirectivePath(node, RAIN_INCLUDE);
}

/**
 * `!Rain::Embed <path>` replaced with the text of its file, white space around it trimmed, as `rain pkg`
 * does; the string is placed where the directive is written. A file that cannot be read leaves the
 * directive, an unknown value, with a note saying why.
 */
function rainEmbed(node: TemplateNode, path: ScalarNode, walk: Walk): TemplateNode {
  const from = fileOf(walk.document.file, path);
  const embedded = walk.env.text(from, String(path.value));
  if ('error' in embedded) {
    walk.env.note(locationOf(from, path.range), `!Rain::Embed ${String(path.value)}: the file ${embedded.error}; the value it embeds is unknown`);
    walk.noted.add(path);
    return node;
  }
  return { kind: 'scalar', value: embedded.text.trim(), range: path.range, ...(path.file === undefined ? {} : { file: path.file }) };
}

/**
 * `!Rain::Include <path>` replaced with the map its file holds, as `rain pkg` (and `rain deploy`) replace
 * it: the path relative to the directory of the file that writes it, the included file's own
 * directives processed in turn (`includeLiteral` in rain's `cft/pkg/directives.go`). The file is read
 * as an `AWS::Include` snippet is (`env.snippet`: inside the repository only, its nodes counted against
 * the same `parseNodes` budget, each insertion at its size). It stays, with a note saying why (and the
 * notes and unknowns a `!Rain::Include` always had), when the file cannot be read, is not a map, leads
 * outside the repository, includes itself, or the includes nest deeper than `MAX_RAIN_INCLUDE_DEPTH`.
 */
function rainInsert(node: TemplateNode, path: ScalarNode, walk: Walk, resolve: (inserted: TemplateNode) => TemplateNode): TemplateNode {
  if (walk.exhausted) return node;
  const { document, env } = walk;
  const from = fileOf(document.file, path);
  const written = String(path.value);
  const stays = (why: string): TemplateNode => {
    env.note(locationOf(from, path.range), `${describeRainInclude(path)}: ${why}; what it inserts is not analysed`);
    walk.noted.add(path);
    return node;
  };
  // The template itself heads the chain (looked up at its first directive: most templates have none).
  if (walk.rainChain.length === 0) walk.rainChain.push(env.realPath(document.file));
  if (walk.rainChain.length > MAX_RAIN_INCLUDE_DEPTH) return stays(`!Rain::Include files nested more than ${MAX_RAIN_INCLUDE_DEPTH} deep are not followed`);
  const snippet = env.snippet(from, written);
  if ('error' in snippet) return stays(`the file ${snippet.error}`);
  const file = snippet.root.file ?? written;
  if (walk.rainChain.includes(file)) return stays('the file includes itself through !Rain::Include, which rain pkg cannot package');
  if (walk.spent + snippet.nodes > env.maxNodes) {
    walk.exhausted = true;
    env.exceeded(locationOf(from, path.range), '!Rain::Include files insert too many nodes into this template; this one and the rest are not inserted');
    return node;
  }
  walk.spent += snippet.nodes;
  walk.rainChain.push(file);
  try {
    return resolve(snippet.root);
  } finally {
    walk.rainChain.pop();
  }
}

/**
 * A parsed snippet file as it is inserted: a copy of its map whose every node and entry names `file`,
 * its size, and the `AWS::Include`s written in it.
 */
export function snippetOf(file: string, root: MapNode): Snippet {
  const includes: MapEntry[] = [];
  let nodes = 0;
  const copy = (node: TemplateNode): TemplateNode => {
    nodes += 1;
    if (node.kind === 'scalar') return { ...node, file };
    if (node.kind === 'seq') return { ...node, file, items: node.items.map(copy) };
    const entries = node.entries.map((e): MapEntry => {
      const tagged = { ...e, file, value: copy(e.value) };
      if (e.key === 'Fn::Transform' && scalarString(child(e.value, 'Name')) === 'AWS::Include') includes.push(tagged);
      return tagged;
    });
    return { ...node, file, entries };
  };
  const tagged = copy(root) as MapNode;
  return { root: tagged, nodes, includes };
}
