import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../../core/location.js';
import { splitLines } from '../../core/source-text.js';
import type { FileReader } from '../../io/file-reader.js';

/**
 * Where the user's code created a construct, from the creation stack trace a cloud assembly records.
 *
 * How aws-cdk-lib 2.276 records it (read from `core/lib/cfn-element.js` and `core/lib/private/stack-trace.js`):
 * every `CfnElement` adds an `aws:cdk:creationStack` metadata entry whose `data` is the trace, unless the
 * context key `aws:cdk:disable-creation-stack-traces` is set (environment `CDK_DEBUG=true` forces it
 * back on). The trace is "just my code": runs of `node_modules` frames are collapsed into
 * `...new User2 in aws-cdk-lib...` and user frames are kept as `<function> (<file>:<line>:<column>)`.
 * The entries are written to `<stack>.metadata.json` (the artifact's `additionalMetadataFile`) or,
 * in older assemblies, inline in `manifest.json`; older CDK versions instead attached a `trace` array
 * to each metadata entry (`aws:cdk:logicalId` among them). Both are read.
 */

export interface TraceFrame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `<file>:<line>[:<column>]`, where the file may itself contain `:` (Windows drives, `file://` URLs). */
const FILE_LINE_COLUMN = /^(.*?):(\d+)(?::(\d+))?:?$/;

function frameLocation(text: string): TraceFrame | undefined {
  const match = FILE_LINE_COLUMN.exec(text.trim());
  if (!match) return undefined;
  let file = match[1] ?? '';
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  if (!path.isAbsolute(file) && !path.win32.isAbsolute(file)) return undefined;
  return { file, line: Number(match[2]), column: match[3] === undefined ? 1 : Number(match[3]) };
}

/** Frames of libraries and of Node itself are not where the user wrote the construct. */
function isUserFile(file: string): boolean {
  return !/[\\/]node_modules[\\/]/.test(file) && !file.startsWith('node:') && !file.startsWith('internal/');
}

/**
 * The first frame of a trace that is in the user's own source: `new MyStack (/app/lib/stack.ts:12:5)`
 * gives `/app/lib/stack.ts` line 12 column 5. Collapsed frames (`...aws-cdk-lib...`), frames without a
 * file (`new Promise (:)`) and `node_modules` frames are skipped. Test runners that rewrite frames
 * print `/app/x.test.ts:9 (:)`; the text before the parentheses is tried when the parentheses hold no
 * location.
 */
export function firstUserFrame(trace: readonly string[]): TraceFrame | undefined {
  for (const raw of trace) {
    const frame = raw.trim().replace(/^at\s+/, '');
    if (frame.startsWith('...') || frame.startsWith('(')) continue;
    const open = frame.lastIndexOf(' (');
    const candidates = open !== -1 && frame.endsWith(')') ? [frame.slice(open + 2, -1), frame.slice(0, open)] : [frame];
    for (const candidate of candidates) {
      const location = frameLocation(candidate);
      if (location && isUserFile(location.file)) return location;
    }
  }
  return undefined;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Whether `file` is a regular file whose real path (symlinks resolved) is inside the repository: a
 * symlink committed into the repository must not lead a code frame to a file elsewhere on the machine.
 */
function isFileWithin(file: string, reader: FileReader): boolean {
  try {
    return reader.isInside(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The file a trace names, as a file of the repository being scanned. An assembly synthesized on another
 * machine (a CI runner, a colleague's checkout) names files under another root: the longest tail of the
 * path that exists under a directory between the assembly and the repository root is taken. Files
 * outside the repository are never used (docs/security.md, "What credlint reads": a scan must not read files from elsewhere).
 */
export function resolveTraceFile(traceFile: string, assemblyDir: string, repoRoot: string, reader: FileReader): string | undefined {
  const root = path.resolve(repoRoot);
  const direct = path.resolve(traceFile);
  if (isInside(direct, root) && isFileWithin(direct, reader)) return direct;
  const segments = traceFile.split(/[\\/]+/).filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s));
  const bases: string[] = [];
  for (let dir = path.resolve(assemblyDir); isInside(dir, root) || dir === root; dir = path.dirname(dir)) {
    bases.push(dir);
    if (dir === root) break;
  }
  for (let start = 0; start < segments.length; start++) {
    const tail = segments.slice(start);
    for (const base of bases) {
      const candidate = path.join(base, ...tail);
      if (isInside(candidate, root) && existsSync(candidate) && isFileWithin(candidate, reader)) return candidate;
    }
  }
  return undefined;
}

/**
 * Turns trace frames into locations in the repository, remembering each file's resolution and lines
 * (an app with hundreds of constructs names the same few files over and over).
 */
export class CreationSites {
  private readonly files = new Map<string, string | undefined>();
  private readonly lines = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly repoRoot: string,
    private readonly reader: FileReader,
  ) {}

  /**
   * The creation site: from the frame's column to the end of that line's code, so a code frame shows
   * the construct call. Undefined when the file is not in the repository or has no such line.
   */
  locate(frame: TraceFrame, assemblyDir: string, constructPath: string): SourceLocation | undefined {
    const key = `${assemblyDir}\0${frame.file}`;
    if (!this.files.has(key)) this.files.set(key, resolveTraceFile(frame.file, assemblyDir, this.repoRoot, this.reader));
    const file = this.files.get(key);
    if (file === undefined) return undefined;
    if (!this.lines.has(file)) {
      const read = this.reader.readSource(file);
      this.lines.set(file, read.ok ? splitLines(read.text) : undefined);
    }
    const line = this.lines.get(file)?.[frame.line - 1];
    if (line === undefined) return undefined;
    const end = Math.max(frame.column + 1, line.trimEnd().length + 1);
    return {
      file,
      range: { start: { line: frame.line, column: frame.column }, end: { line: frame.line, column: end } },
      logicalPath: constructPath,
    };
  }
}
