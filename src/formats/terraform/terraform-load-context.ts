/**
 * What the Terraform loader's steps share while one scan's Terraform files are loaded: the
 * diagnostics (each once), the root modules' input values, the parsing of a list of files against
 * the scan deadline, and what every module instance of a root module shares.
 */
import { diagnosticKey, type Diagnostic } from '../../core/diagnostic.js';
import { EvalBudget } from '../../terraform/expr/eval-budget.js';
import { repositoryFileFunctions } from '../../terraform/module/file-function.js';
import type { ModuleConfig, ParsedFile } from '../../terraform/module/module-config.js';
import type { RunContext } from '../../terraform/module/run-context.js';
import { readTerraformFile } from '../../terraform/module/read-module-files.js';
import type { Selection } from '../../terraform/parse-hcl.js';
import { readListedVariablesFiles, rootVariableInputs, type ListedVariablesFiles } from '../../terraform/module/root-variables.js';
import type { LoadOptions } from '../load-options.js';
import { selectedWorkspace } from './selected-workspace.js';

/** Collects diagnostics once each: a module shared by several roots is read once but may be reported from each. */
export class DiagnosticSink {
  private readonly seen = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  /** Set when the scan deadline left files unparsed: a module tree built since may be incomplete. */
  cutShort = false;

  /** `cutShort` read after an await (a parse in between may have set it). */
  wasCutShort(): boolean {
    return this.cutShort;
  }

  report(diagnostic: Diagnostic): void {
    const key = diagnosticKey(diagnostic);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Each root module's input values (its variables files, `-var`s and `TF_VAR_`s), read once per scan:
 * following sources computed early reads a module's values before its unit is analysed, and the unit
 * takes the same ones. A module's values depend on its directory and its variables' declared types,
 * which every reading of it parses from the same files.
 */
export class RootVariables {
  private readonly read = new Map<string, ReturnType<typeof rootVariableInputs>>();
  /** The files the configuration and `--var-file` name, read once for every root (`readListedVariablesFiles`). */
  private listedFiles: ListedVariablesFiles | undefined;

  constructor(private readonly options: LoadOptions) {}

  private listed(): ListedVariablesFiles {
    this.listedFiles ??= readListedVariablesFiles(this.options);
    return this.listedFiles;
  }

  /** The module's values, kept for its unit. */
  inputs(config: ModuleConfig): ReturnType<typeof rootVariableInputs>['inputs'] {
    let values = this.read.get(config.dir);
    if (values === undefined) {
      values = rootVariableInputs(config, this.options, this.listed());
      this.read.set(config.dir, values);
    }
    return values.inputs;
  }

  /** The values and the diagnostics of reading them, for the unit: no longer kept (units stream, see `load`). */
  take(config: ModuleConfig): ReturnType<typeof rootVariableInputs> {
    const values = this.read.get(config.dir) ?? rootVariableInputs(config, this.options, this.listed());
    this.read.delete(config.dir);
    return values;
  }
}

/**
 * Reads and parses `files`. Past the scan deadline no new file is started and parses in flight are
 * abandoned, without a diagnostic per file: the caller then analyses no further root module and
 * reports those it left (`reportLeftByDeadline`).
 */
export async function parseFiles(files: readonly string[], options: LoadOptions, sink: DiagnosticSink, only?: Selection): Promise<ParsedFile[]> {
  const results = new Array<Awaited<ReturnType<typeof readTerraformFile>> | undefined>(files.length);
  // One file at a time, in the scanning thread: each parse first yields a turn of the event loop, so the
  // deadline's timer and other scans' work run between files.
  for (const [index, file] of files.entries()) {
    if (options.deadline?.expired()) break;
    results[index] = await readTerraformFile(file, options.reader, options.deadline, options.limits, only);
  }
  const parsed: ParsedFile[] = [];
  for (const result of results) {
    if (result === undefined || (!result.ok && result.abandoned)) sink.cutShort = true;
    else if (result.ok) parsed.push(result.parsed);
    else sink.report(result.diagnostic);
  }
  return parsed;
}

/** What every module instance of the root module `rootDir` shares. */
export function runContext(rootDir: string, options: LoadOptions, report: (diagnostic: Diagnostic) => void): RunContext {
  const workspace = selectedWorkspace(rootDir, options.env, options.reader, report);
  return {
    rootDir,
    workspace,
    budget: new EvalBudget(options.limits, options.deadline),
    report,
    pathFunctions: repositoryFileFunctions(rootDir, options.reader),
    notes: [],
  };
}
