import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { internalError } from '../core/internal-error.js';
import type { Limits } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import { FILE_START } from '../core/location.js';
import type { AccessKey, DeploymentUnit, Fact, Format, IamUser, LoginProfile, UserRef } from '../model/model.js';
import { knownFact, unknownFact } from '../model/model.js';
import { isTemplateDocument } from './detect-template.js';
import { parseTemplateText } from './parse-template.js';
import type { ParsedTemplateFile } from './parse-json-template.js';
import type { FileReader } from '../io/file-reader.js';
import type { Decorate, ResourceDecoration, StackEnvironment } from './stack-instance.js';
import { StackInstance } from './stack-instance.js';
import { UnitBudget } from './unit-budget.js';
import type { MapEntry, TemplateDocument } from './template-node.js';
import { child, entryRange, locationOf } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, secretUnknown } from './template-values.js';
import { metadataSuppressions } from './metadata-suppressions.js';
import { nestedTemplateSource } from './nested-template-path.js';
import { describeTransform, propertiesTransform } from './template-transforms.js';
import { moduleResourceNote } from './template-modules.js';
import { propertyEntry } from './resource-properties.js';
import { appendAll } from '../core/append-all.js';
import { and, exclusivePairs, TRUE, type Condition, type Switched } from '../core/exclusive-conditions.js';

export type { Decorate, ResourceDecoration } from './stack-instance.js';

/** One template handed to the unit builder. */
export interface TemplateSource {
  /** Absolute path of the template file. */
  readonly file: string;
  readonly text: string;
  /**
   * Prefix of the ids and addresses of this stack's resources (`Stack/User`) when a unit holds several
   * stacks (a CDK app); defaults to the file name then. Not used when the unit has one stack.
   */
  readonly stackName?: string;
  /** Per-resource extras (construct path, creation site) by logical id. */
  readonly decorate?: Decorate;
}

/** What building a unit needs of the scan's options (a format's load options satisfy it). */
export interface TemplateUnitOptions {
  /** Nested templates are read through it, inside the scanned repositories only. */
  readonly reader: FileReader;
  readonly limits: Limits;
  /** `--parameter Key=Value`. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Unit ids are relative to it. */
  readonly cwd: string;
}

export interface BuildTemplateUnitInput {
  readonly unitId: string;
  readonly format: Format;
  /** The templates of the unit. A template that another one nests is analysed as that nested stack only. */
  readonly templates: readonly TemplateSource[];
  readonly options: TemplateUnitOptions;
  /** What the unit was loaded from; defaults to the first template's file. */
  readonly root?: string;
}

/** A template document that starts a stack of a unit, with what the caller knows about it. */
export interface StackRoot {
  readonly document: TemplateDocument;
  readonly stackName?: string;
}

interface UnitParts {
  readonly users: IamUser[];
  readonly loginProfiles: LoginProfile[];
  readonly accessKeys: AccessKey[];
  /**
   * Login profiles whose existence is unknown, and keys whose existence or status is, with when they
   * exist (keys: and are active), as formulas (`condition-formulas.ts`).
   */
  readonly switched: Switched[];
}

function propertyLocation(stack: StackInstance, resource: MapEntry, property: MapEntry): SourceLocation {
  return locationOf(stack.file, entryRange(property), `Resources.${resource.key}.Properties.${property.key}`);
}

function common(stack: StackInstance, resource: MapEntry, decoration: ResourceDecoration, existence: true | Unknown) {
  const location = stack.resourceLocation(resource);
  const declaredSuppressions = metadataSuppressions(stack.file, resource);
  return {
    address: `${stack.addressPrefix}${resource.key}`,
    location,
    suppressionAnchors: [location, ...stack.enclosing],
    ...(declaredSuppressions.length > 0 ? { declaredSuppressions } : {}),
    ...(existence instanceof Unknown ? { existenceUnknown: existence.reason } : {}),
    ...decoration,
  };
}

/** `UserName` of a key: a name, a reference to a user whose name is generated or unknown, or unknown. */
function userRefFact(value: TemplateValue, location: SourceLocation): Fact<UserRef> {
  if (typeof value === 'string') return knownFact({ kind: 'name', name: value }, location);
  if (value instanceof UserReference) return knownFact({ kind: 'user', userId: value.userId }, location);
  if (value instanceof Unknown) return unknownFact(value.reason, location, value.known, value.symbol);
  if (value instanceof Secret) return unknownFact(secretUnknown(value).reason, location);
  return unknownFact(value === NO_VALUE ? 'UserName is AWS::NoValue' : 'UserName is not a string', location);
}

function stringFact(value: TemplateValue, location: SourceLocation, what: string): Fact<string> {
  if (typeof value === 'string') return knownFact(value, location);
  if (value instanceof Unknown) return unknownFact(value.reason, location, value.known, value.symbol);
  if (value instanceof UserReference) return unknownFact(value.reason, location);
  if (value instanceof Secret) return unknownFact(secretUnknown(value).reason, location);
  return unknownFact(`${what} is not a string`, location);
}

/**
 * A property not written among a resource's properties but possibly set by a `Fn::Transform` written
 * there (`template-transforms.ts`): unknown, at the `Fn::Transform`; undefined without one.
 */
function setByTransform<T>(stack: StackInstance, resource: MapEntry, property: string): Fact<T> | undefined {
  const transform = propertiesTransform(resource);
  if (!transform) return undefined;
  return unknownFact(`${property} may be set by Fn::Transform ${describeTransform(transform.value)}`, propertyLocation(stack, resource, transform));
}

/** `AWS::IAM::User`, and its `LoginProfile` property (the console password). */
function addUser(stack: StackInstance, resource: MapEntry, base: ReturnType<typeof common>, parts: UnitParts): void {
  const id = stack.resourceId(resource.key);
  const nameEntry = propertyEntry(resource, 'UserName');
  const nameValue = nameEntry ? stack.evaluator.evaluate(nameEntry.value) : NO_VALUE;
  // Without UserName, CloudFormation generates the name; the logical id is not the name.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
  const name = nameEntry
    ? nameValue !== NO_VALUE
      ? stringFact(nameValue, propertyLocation(stack, resource, nameEntry), 'UserName')
      : undefined
    : setByTransform<string>(stack, resource, 'UserName');
  parts.users.push({ kind: 'user', id, ...base, ...(name ? { name } : {}) });

  const profileEntry = propertyEntry(resource, 'LoginProfile');
  let location: SourceLocation;
  let presenceUnknown: string | undefined;
  let when: Condition | undefined;
  if (profileEntry) {
    const presence = stack.presence(profileEntry.value);
    if (presence === 'absent') return;
    location = locationOf(stack.file, profileEntry.keyRange, `Resources.${resource.key}.Properties.LoginProfile`);
    presenceUnknown = presence instanceof Unknown ? `LoginProfile: ${presence.reason}` : undefined;
    if (base.existenceUnknown !== undefined || presenceUnknown !== undefined) when = and(stack.existsWhen(resource), stack.presentWhen(profileEntry.value));
  } else {
    const transformed = setByTransform<never>(stack, resource, 'LoginProfile');
    if (!transformed || transformed.known) return;
    location = transformed.location;
    presenceUnknown = transformed.unknownReason;
  }
  const unknownReasons = [base.existenceUnknown, presenceUnknown].filter((r) => r !== undefined);
  // The profile is part of the user resource: its metadata suppressions are the user's, declared once.
  const profileBase = { ...base };
  delete profileBase.declaredSuppressions;
  const owners = name?.known ? [{ when: TRUE, name: name.value.toLowerCase() }] : undefined;
  if (when !== undefined) parts.switched.push({ id: `${id}.LoginProfile`, when, ...(owners ? { owners } : {}) });
  parts.loginProfiles.push({
    ...profileBase,
    kind: 'login-profile',
    id: `${id}.LoginProfile`,
    address: `${base.address}.LoginProfile`,
    location,
    user: knownFact({ kind: 'user', userId: id }, location),
    ...(unknownReasons.length > 0 ? { existenceUnknown: unknownReasons.join('; ') } : {}),
  });
}

/**
 * `AWS::IAM::AccessKey`. `Status` defaults to `Active`; `Serial` only forces a replacement (rotation),
 * so one resource is one key whatever its value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html
 */
function addKey(stack: StackInstance, resource: MapEntry, base: ReturnType<typeof common>, parts: UnitParts): void {
  const userEntry = propertyEntry(resource, 'UserName');
  const user = userEntry
    ? userRefFact(stack.evaluator.evaluate(userEntry.value), propertyLocation(stack, resource, userEntry))
    : (setByTransform<UserRef>(stack, resource, 'UserName') ?? unknownFact<UserRef>('the access key has no UserName', base.location));
  const statusEntry = propertyEntry(resource, 'Status');
  const statusValue = statusEntry ? stack.evaluator.evaluate(statusEntry.value) : NO_VALUE;
  const status =
    statusEntry && statusValue !== NO_VALUE
      ? documentedStatus(stringFact(statusValue, propertyLocation(stack, resource, statusEntry), 'Status'))
      : ((statusEntry ? undefined : setByTransform<string>(stack, resource, 'Status')) ?? knownFact('Active', base.location, 'defaulted'));
  const id = stack.resourceId(resource.key);
  const owners = userEntry ? keyOwners(stack, userEntry.value) : undefined;
  // Counted where it may exist and be active (`ResourceInstance.neverWith`); a status a transform may set is anything.
  if (base.existenceUnknown !== undefined || !status.known || (owners !== undefined && owners.length > 1)) {
    const active: Condition = statusEntry || status.known ? stack.activeWhen(statusEntry?.value) : { kind: 'atom', key: `status:${id}` };
    parts.switched.push({ id, when: and(stack.existsWhen(resource), active), ...(owners ? { owners } : {}) });
  }
  parts.accessKeys.push({ kind: 'access-key', id, ...base, user, status });
}

/**
 * Whose a key is: its user's name, compared as IAM compares names (case aside), also where its
 * `UserName` is an `Fn::If` whose condition cannot be decided (`!If [IsProd, ops, ci]` is ops's key
 * when IsProd holds); anyone's where the name is not known, and undefined when it is never known.
 */
function keyOwners(stack: StackInstance, node: MapEntry['value']): Switched['owners'] {
  const owners = stack.branches(node).map(({ when, value }) => ({ when, name: typeof value === 'string' ? value.toLowerCase() : undefined }));
  return owners.some((owner) => owner.name !== undefined) ? owners : undefined;
}

/**
 * The statuses an access key can have: CloudFormation documents `Active` and `Inactive`, and IAM also
 * reports `Expired` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).
 */
const KEY_STATUSES = new Set(['Active', 'Inactive', 'Expired']);

/**
 * A written status that is none of them (`active`, `ACTIVE`, `Disabled`) is not known to give an
 * inactive key: whether CloudFormation refuses it, or creates the key active and leaves it so, is
 * not documented, so it is unknown rather than assumed inactive.
 */
function documentedStatus(status: Fact<string>): Fact<string> {
  if (!status.known || KEY_STATUSES.has(status.value)) return status;
  const shown = status.value.length > 32 ? `${status.value.slice(0, 32)}…` : status.value;
  return unknownFact(
    `Status "${shown}" is not Active or Inactive, the values CloudFormation documents (case matters), so what it deploys is not known`,
    status.location,
  );
}

function collect(stack: StackInstance, parts: UnitParts): void {
  stack.noteTopLevelIncludes();
  stack.noteModulesSection();
  for (const resource of stack.resources()) {
    if (stack.noteTransformedResource(resource)) continue;
    const module = moduleResourceNote(resource);
    if (module !== undefined) {
      if (stack.existence(resource) !== false) stack.noteResource(resource, module);
      continue;
    }
    const type = child(resource.value, 'Type');
    const typeName = type?.kind === 'scalar' ? type.value : undefined;
    if (
      typeName !== 'AWS::IAM::User' &&
      typeName !== 'AWS::IAM::AccessKey' &&
      typeName !== 'AWS::CloudFormation::Stack' &&
      typeName !== 'AWS::Serverless::Application' &&
      typeName !== 'AWS::CloudFormation::StackSet'
    )
      continue;
    const existence = stack.existence(resource);
    if (existence === false) continue;
    if (typeName === 'AWS::CloudFormation::StackSet') {
      stack.noteStackSet(resource);
      continue;
    }
    if (typeName === 'AWS::CloudFormation::Stack' || typeName === 'AWS::Serverless::Application') {
      const nested = stack.nested(resource.key);
      if (nested) collect(nested, parts);
      continue;
    }
    const base = common(stack, resource, stack.decoration(resource), existence);
    if (typeName === 'AWS::IAM::User') addUser(stack, resource, base, parts);
    else addKey(stack, resource, base, parts);
  }
}

/**
 * Sets `neverWith` on the login profiles and keys that are created (keys: and active) under
 * conditions that cannot both hold although whether each is cannot be decided
 * (`condition-formulas.ts`), or never as one user's (keys whose `UserName` is an `Fn::If`); across
 * the stacks of the unit, as a parameter a parent passes to a nested stack is one value in both.
 */
function markNeverTogether(resources: Omit<UnitParts, 'switched'>, switched: UnitParts['switched']): Omit<UnitParts, 'switched'> {
  // Owners tell instances apart only beside a key whose user is chosen by a condition; elsewhere the
  // rules tell users apart, and instances of one condition stay one group to compare.
  const chosen = switched.some((item) => (item.owners?.length ?? 0) > 1);
  const never = exclusivePairs(chosen ? switched : switched.map(({ id, when }) => ({ id, when })));
  if (never.size === 0) return resources;
  const marked = <T extends AccessKey | LoginProfile>(resource: T): T => {
    const ids = never.get(resource.id);
    return ids === undefined ? resource : { ...resource, neverWith: ids };
  };
  return { ...resources, loginProfiles: resources.loginProfiles.map(marked), accessKeys: resources.accessKeys.map(marked) };
}

/** Parses a template; a parser crash (a bug, or input beyond its limits) is a parse error, not a throw. */
function safeParse(file: string, text: string, limits: Limits): ParsedTemplateFile {
  try {
    return parseTemplateText(file, text, limits);
  } catch (error) {
    return { documents: [], diagnostics: [parseError({ file, range: FILE_START }, `the parser failed: ${(error as Error).message}`)] };
  }
}

/** Reads and parses template files once per build, remembering diagnostics so each is reported once. */
export class TemplateCache {
  private readonly parsed = new Map<string, ParsedTemplateFile>();

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly reader: FileReader,
    private readonly limits: Limits,
    parsed?: ReadonlyMap<string, ParsedTemplateFile>,
  ) {
    for (const [file, result] of parsed ?? []) this.parsed.set(file, result);
  }

  parse(file: string): ParsedTemplateFile {
    let result = this.parsed.get(file);
    if (!result) {
      const text = this.texts.get(file);
      // Synchronous on purpose: the CDK assembly loader builds units from templates it already holds.
      const read = text !== undefined ? { ok: true as const, text } : this.reader.readSource(file);
      result = read.ok ? safeParse(file, read.text, this.limits) : { documents: [], diagnostics: [read.diagnostic] };
      this.parsed.set(file, result);
    }
    return result;
  }

  /**
   * The first template document of a file, for a nested stack. A file that does not exist is not a
   * parse error of that (non-existent) file: the parent's note says so at its `TemplateURL`.
   */
  nestedDocument(file: string): TemplateDocument | { readonly error: string } {
    if (!this.texts.has(file) && !this.parsed.has(file) && !existsSync(file)) return { error: 'does not exist' };
    const result = this.parse(file);
    const document = result.documents.find((d) => isTemplateDocument(d.root));
    if (document) return document;
    return { error: result.diagnostics.length > 0 ? 'cannot be parsed' : 'is not a CloudFormation template' };
  }
}

/**
 * Builds one deployment unit from stack root documents: every resource of every stack and of their
 * nested stacks. `parameters` (`--parameter`) apply to the root stacks; nested stacks get their
 * parent's `Parameters` property.
 */
export function buildUnitFromDocuments(input: {
  readonly unitId: string;
  readonly format: Format;
  readonly root: string;
  readonly stacks: readonly StackRoot[];
  readonly cache: TemplateCache;
  readonly options: TemplateUnitOptions;
  readonly decorateFor?: (file: string) => Decorate | undefined;
}): { unit: DeploymentUnit; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const stacks: StackInstance[] = [];
  const importsInProgress = new Set<string>();
  const realPaths = new Map<string, string>();
  const env: StackEnvironment = {
    budget: new UnitBudget(input.options.limits, (diagnostic) => diagnostics.push(diagnostic)),
    error: (location, message) => diagnostics.push(parseError(location, message)),
    realPath: (file) => {
      let real = realPaths.get(file);
      if (real === undefined) {
        real = realOrResolved(file);
        realPaths.set(file, real);
      }
      return real;
    },
    loadNested: (file) => {
      // Resolved through symlinks: a `TemplateURL`, or a link inside the repository, leading to a file
      // outside it is not read (the reader would refuse it; this names the `TemplateURL`).
      if (!input.options.reader.isInside(file)) return { error: 'is outside the repository being scanned' };
      const result = input.cache.nestedDocument(file);
      if ('error' in result && result.error !== 'does not exist') appendAll(diagnostics, input.cache.parse(file).diagnostics);
      // A nested template that parsed may still carry warnings (a duplicate key): reported once per file by the loader's dedupe.
      else if (!('error' in result))
        appendAll(
          diagnostics,
          input.cache.parse(file).diagnostics.filter((d) => d.kind === 'warning'),
        );
      return result;
    },
    decorateFor: (file) => input.decorateFor?.(file),
    note: (location, message) => diagnostics.push(note(location, message)),
    register: (stack) => stacks.push(stack),
    importValue: (exportName) => {
      // An export name computed from an import of itself would loop.
      if (importsInProgress.has(exportName)) return new Unknown(`export ${exportName} depends on itself`);
      importsInProgress.add(exportName);
      try {
        for (const stack of [...stacks]) {
          const value = stack.exportedValue(exportName);
          if (value !== undefined) return value;
        }
        return undefined;
      } finally {
        importsInProgress.delete(exportName);
      }
    },
  };
  const supplied = new Map<string, TemplateValue>(Object.entries(input.options.parameters));
  const parts: UnitParts = { users: [], loginProfiles: [], accessKeys: [], switched: [] };
  // Every root stack exists before any is collected, so that imports find exports of later stacks.
  const roots = input.stacks.map((stackRoot) => {
    const prefix = input.stacks.length > 1 ? `${stackRoot.stackName ?? path.basename(stackRoot.document.file)}/` : '';
    return new StackInstance(env, {
      document: stackRoot.document,
      idPrefix: prefix,
      addressPrefix: prefix,
      supplied,
      suppliedBy: '--parameter',
      existenceUnknown: undefined,
      existsWhen: TRUE,
      enclosing: [],
      ancestry: [],
    });
  });
  for (const stack of roots) collect(stack, parts);
  const { switched, ...resources } = parts;
  return {
    unit: { id: input.unitId, format: input.format, root: input.root, ...markNeverTogether(resources, switched) },
    diagnostics: dedupe(diagnostics),
  };
}

function realOrResolved(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.kind}\0${d.location.file}\0${d.location.range.start.line}:${d.location.range.start.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The files a template's nested stack resources name as local templates. */
export function nestedFilesOf(document: TemplateDocument): string[] {
  const resources = child(document.root, 'Resources');
  if (resources?.kind !== 'map') return [];
  return resources.entries.flatMap((r) => {
    const source = nestedTemplateSource(document.file, r);
    return source?.kind === 'local' ? [source.file] : [];
  });
}

/**
 * Builds one deployment unit from templates the caller already read (the CDK assembly loader gives a
 * cloud assembly's stack templates and nested stack templates, with construct paths). Templates that
 * another given template nests are analysed as nested stacks, not as stacks of their own. Never throws:
 * unreadable templates become diagnostics.
 */
export function buildTemplateUnit(input: BuildTemplateUnitInput): { unit: DeploymentUnit; diagnostics: Diagnostic[] } {
  const texts = new Map(input.templates.map((t) => [t.file, t.text]));
  const cache = new TemplateCache(texts, input.options.reader, input.options.limits);
  const diagnostics: Diagnostic[] = [];
  const candidates: { source: TemplateSource; document: TemplateDocument }[] = [];
  for (const source of input.templates) {
    const parsed = cache.parse(source.file);
    appendAll(diagnostics, parsed.diagnostics);
    const document = parsed.documents.find((d) => isTemplateDocument(d.root));
    if (document) candidates.push({ source, document });
  }
  const nested = new Set(candidates.flatMap((c) => nestedFilesOf(c.document).filter((f) => f !== c.source.file)));
  const roots = candidates.filter((c) => !nested.has(c.source.file));
  const decorations = new Map(input.templates.map((t) => [t.file, t.decorate]));
  const unitRoot = input.root ?? input.templates[0]?.file ?? input.options.cwd;
  try {
    const built = buildUnitFromDocuments({
      unitId: input.unitId,
      format: input.format,
      root: unitRoot,
      stacks: (roots.length > 0 ? roots : candidates.slice(0, 1)).map((c) => ({
        document: c.document,
        ...(c.source.stackName !== undefined ? { stackName: c.source.stackName } : {}),
      })),
      cache,
      options: input.options,
      decorateFor: (file) => decorations.get(file),
    });
    return { unit: built.unit, diagnostics: dedupe([...diagnostics, ...built.diagnostics]) };
  } catch (error) {
    const file = input.templates[0]?.file ?? unitRoot;
    // A bug met in one unit costs that unit only.
    diagnostics.push(internalError({ file, range: FILE_START }, input.unitId, error));
    return { unit: { id: input.unitId, format: input.format, root: unitRoot, users: [], loginProfiles: [], accessKeys: [] }, diagnostics };
  }
}
