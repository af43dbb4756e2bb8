import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkedReporter, LintResult, ReportContext } from '../core/finding.js';
import { formatNames, isFormatName, type FormatName } from '../reporters/format-names.js';
import { extensionMappings, formatOfExtension } from './output-formats.js';
import { writeStandardOutput } from './standard-output.js';
import { UsageError } from './usage-error.js';

export interface OutputTarget {
  readonly format: FormatName;
  /** Absolute path, or undefined for standard output. */
  readonly file: string | undefined;
}

/** `value` as a format name, else a usage error naming the flag (`--format must be…`, `--output format must be…`). */
export function checkFormat(flag: '--format' | '--output', value: string): FormatName {
  const subject = flag === '--format' ? flag : `${flag} format`;
  if (!isFormatName(value)) throw new UsageError(`${subject} must be one of ${formatNames.join(', ')}, got "${value}"`);
  return value;
}

/** A bare `--output` file's format from its extension, or a usage error naming the extensions that work. */
function inferredFormat(file: string): FormatName {
  const format = formatOfExtension(file);
  if (format === undefined) {
    const extensions = extensionMappings().join(', ').replaceAll('`', '');
    throw new UsageError(`--output expects format=file, or a file whose extension gives the format (${extensions}), got "${file}"`);
  }
  return format;
}

function oneExtraTarget(cwd: string, assignment: string): OutputTarget {
  const at = assignment.indexOf('=');
  const name = assignment.slice(0, Math.max(at, 0));
  // `--output report.sarif`: without a format name before an `=`, the file's extension gives the format.
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    if (assignment === '' || assignment === '-') throw new UsageError(`--output expects format=file (file "-" for standard output), got "${assignment}"`);
    return { format: inferredFormat(assignment), file: path.resolve(cwd, assignment) };
  }
  const file = assignment.slice(at + 1);
  if (file === '') throw new UsageError(`--output expects format=file (file "-" for standard output), got "${assignment}"`);
  return { format: checkFormat('--output', name), file: file === '-' ? undefined : path.resolve(cwd, file) };
}

/**
 * The main report (`--format`, `-o`) and each `--output`, so that one run serves a CI job's several
 * consumers (the log, annotations, a SARIF upload) without scanning twice. `-o report.sarif` without
 * `--format` writes SARIF. Two reports written to one file would overwrite each other: refused.
 */
export function outputTargets(cwd: string, format: string | undefined, outputFile: string | undefined, extra: readonly string[]): OutputTarget[] {
  // `-o -` is standard output, as `-` is in `--output json=-`, not a file named "-".
  const file = outputFile === '-' ? undefined : outputFile;
  const main: FormatName = format !== undefined ? checkFormat('--format', format) : file !== undefined ? (formatOfExtension(file) ?? 'stylish') : 'stylish';
  const targets: OutputTarget[] = [{ format: main, file: file === undefined ? undefined : path.resolve(cwd, file) }];
  for (const assignment of extra) targets.push(oneExtraTarget(cwd, assignment));
  const files = targets.flatMap((target) => (target.file === undefined ? [] : [target.file]));
  const repeated = files.find((file, index) => files.indexOf(file) !== index);
  if (repeated !== undefined) throw new UsageError(`two reports would be written to ${repeated}`);
  // Standard output may carry reports of different formats, one after the other (the human report and
  // `github` annotations, as the action writes them); the same report twice there (`--format json
  // --output json=-`) is a mistake, as two reports to one file are.
  const onStdout = targets.filter((target) => target.file === undefined).map((target) => target.format);
  const twice = onStdout.find((name, index) => onStdout.indexOf(name) !== index);
  if (twice !== undefined) throw new UsageError(`two ${twice} reports would be written to standard output`);
  return targets;
}

/** Pieces of a report are gathered up to this many characters before each write. */
const WRITE_BATCH = 1 << 16;

/**
 * `node:fs/promises`, loaded when a file is written: loading it brings in Node's streams and readline
 * (a few milliseconds), which a run that reports to standard output never needs (README, "Performance").
 */
function fileSystem(): Promise<typeof import('node:fs/promises')> {
  return import('node:fs/promises');
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Writes a whole file the user named (`--write-baseline`), its missing directories created; like a
 * report file, one that cannot be written is a usage error naming it.
 */
export async function writeNamedFile(file: string, text: string, what: string): Promise<void> {
  try {
    const { mkdir, writeFile } = await fileSystem();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new UsageError(`cannot write the ${what} to ${file} (${errorText(error)})`);
  }
}

/**
 * Writes a report piece by piece to a file (its missing directories created) or standard output,
 * waiting when the pipe is full, so a report of any size is never held whole in memory. A file that
 * cannot be written is the user's to fix (a path into a read-only directory, a directory's name): a
 * usage error naming the file, never an internal error.
 */
export async function writeReport(reporter: ChunkedReporter, result: LintResult, context: ReportContext, file: string | undefined): Promise<void> {
  let handle: FileHandle | undefined;
  if (file !== undefined) {
    try {
      const { mkdir, open } = await fileSystem();
      await mkdir(path.dirname(file), { recursive: true });
      handle = await open(file, 'w');
    } catch (error) {
      throw new UsageError(`cannot write the report to ${file} (${errorText(error)})`);
    }
  }
  const write = async (text: string): Promise<void> => {
    if (handle) {
      try {
        await handle.write(text);
      } catch (error) {
        throw new UsageError(`cannot write the report to ${file ?? ''} (${errorText(error)})`);
      }
    } else await writeStandardOutput(text);
  };
  try {
    let batch = '';
    for (const chunk of reporter(result, context)) {
      batch += chunk;
      if (batch.length >= WRITE_BATCH) {
        await write(batch);
        batch = '';
      }
    }
    if (batch.length > 0) await write(batch);
  } finally {
    await handle?.close();
  }
}

/** `--quiet`: the result as reports show it, with findings below `error` left out (ESLint's `--quiet`). */
export function errorsOnly(result: LintResult): LintResult {
  return { ...result, findings: result.findings.filter((f) => f.severity === 'error') };
}
