import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { notAnalysedByDeadline } from '../../core/deadline.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import { buildTemplateUnit, type TemplateSource } from '../../cloudformation/build-template-unit.js';
import { constructDecorations } from '../../cloudformation/cdk-assembly/construct-decorations.js';
import { readAssembly, type AssemblyStack } from '../../cloudformation/cdk-assembly/read-assembly.js';
import { templateMayHoldCredentials } from '../cloudformation/template-words.js';
import { knownFact, type DeploymentUnit } from '../../model/model.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { appendAll } from '../../core/append-all.js';

/** `cdk-assembly:<directory relative to the current directory>`, with `/` separators. */
export function assemblyUnitId(dir: string, cwd: string): string {
  return `cdk-assembly:${path.relative(cwd, dir).split(path.sep).join('/') || '.'}`;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Loads CDK cloud assemblies (directories holding `manifest.json`, e.g. `cdk.out`): one deployment unit
 * per assembly, i.e. per CDK app, with the stacks of its nested assemblies (CDK Stages) and every
 * nested stack. Each template is analysed once: a nested stack template as part of its parent, a stack
 * template reached twice once. Resources carry their construct path and, when the assembly recorded
 * a creation stack trace, the line of the user's code that created them.
 */
export function loadCdkAssemblies(dirs: readonly string[], options: LoadOptions, seeds: readonly string[]): Promise<LoadResult> {
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  const diagnostics: Diagnostic[] = [];
  const resolved = [...new Set(dirs.map((d) => path.resolve(d)))];
  // A nested assembly (a Stage's `assembly-*` directory) is part of the app of the enclosing assembly.
  const roots = resolved.filter((dir) => !resolved.some((other) => isInside(dir, other)));
  for (const [index, dir] of roots.entries()) {
    const manifest = { file: path.join(dir, 'manifest.json'), range: FILE_START };
    if (options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline(manifest, options.limits, roots.length - index, 'CDK cloud assembly'));
      break;
    }
    try {
      const loaded = loadAssemblyUnit(dir, options, seeds);
      appendAll(diagnostics, loaded.diagnostics);
      if (loaded.unit) emit(loaded.unit);
    } catch (error) {
      // A bug met in one assembly costs that unit only.
      diagnostics.push(internalError(manifest, assemblyUnitId(dir, options.cwd), error));
    }
  }
  return Promise.resolve({ units, diagnostics });
}

/**
 * One assembly directory as one unit, synchronously: the CLI's loader above and the CDK validation
 * plugin (`src/cdk/`), which the CDK calls synchronously during synthesis, share it.
 */
export function loadAssemblyUnit(
  dir: string,
  options: Pick<LoadOptions, 'reader' | 'repoRoot' | 'cwd' | 'limits' | 'parameters' | 'prefilter'>,
  seeds: readonly string[],
): { unit: DeploymentUnit | undefined; diagnostics: Diagnostic[] } {
  const { assembly, diagnostics } = readAssembly(dir, options.reader);
  const decorations = constructDecorations(assembly, options.repoRoot, options.reader);
  const templates: TemplateSource[] = [];
  const seen = new Set<string>();
  const add = (file: string, stackName: string | undefined, account: AssemblyStack['account']) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = options.reader.readSource(file);
    if (!source.ok) {
      diagnostics.push(source.diagnostic);
      return;
    }
    const forTemplate = decorations.get(file);
    // Every resource of a stack is in the stack's account (manifest `environment`; `read-assembly.ts`).
    const accountFact = account === undefined ? undefined : knownFact(account.value, { file: account.manifest, range: FILE_START });
    const decorate =
      forTemplate || accountFact
        ? (logicalId: string) => ({ ...forTemplate?.get(logicalId), ...(accountFact === undefined ? {} : { account: accountFact }) })
        : undefined;
    templates.push({
      file,
      text: source.text,
      ...(stackName === undefined ? {} : { stackName }),
      ...(decorate ? { decorate } : {}),
    });
  };
  for (const stack of assembly.stacks) add(stack.templateFile, stack.displayName, stack.account);
  const nestedNames = new Map([...assembly.templatesByPath].map(([constructPath, file]) => [file, constructPath.replace(/^\//, '')]));
  // A nested stack is deployed in its parent stack's account: the stack whose construct path its own starts with.
  const parentAccount = (name: string | undefined) =>
    name === undefined ? undefined : assembly.stacks.find((stack) => name.startsWith(`${stack.displayName}/`))?.account;
  for (const nested of assembly.nestedTemplates) add(nested.file, nestedNames.get(nested.file), parentAccount(nestedNames.get(nested.file)));
  if (templates.length === 0) return { unit: undefined, diagnostics };
  // The relevance prefilter works on the whole app: an app none of whose templates holds a
  // seed word (`seeds`: the template words of the kinds the rules report, nested stacks, credlint suppressions) cannot produce a finding. Dropping single templates instead would
  // change the unit's stack count, and with it the addresses findings carry (stack-name prefixes).
  if (options.prefilter && !templates.some((t) => templateMayHoldCredentials(t.text, seeds))) return { unit: undefined, diagnostics };
  const built = buildTemplateUnit({ unitId: assemblyUnitId(dir, options.cwd), format: 'cdk-assembly', templates, options, root: dir });
  return { unit: built.unit, diagnostics: [...diagnostics, ...built.diagnostics] };
}
