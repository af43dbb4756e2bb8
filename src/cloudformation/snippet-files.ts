import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Limits } from '../core/limits.js';
import type { FileReader } from '../io/file-reader.js';
import { parseTemplateText } from './parse-template.js';
import type { Snippet } from './template-includes.js';
import { snippetOf } from './template-includes.js';

/**
 * The snippet files `AWS::Include` names (`template-includes.ts`), read through the door
 * (`io/file-reader.ts`) and parsed once per unit. A `Location` is followed one component at a time from
 * the including template's directory and stops at the repository's edge (`io/resolve-inside.ts`): a
 * snippet, or a symlink on its way, that leads outside is refused without looking at what is there,
 * and the note names the `Location` as written, never the machine's paths (docs/security.md).
 */
export class SnippetFiles {
  private readonly byRealPath = new Map<string, Snippet | { readonly error: string }>();

  constructor(
    private readonly reader: FileReader,
    private readonly limits: Limits,
    /** Where a snippet's read or parse errors go (a `parse-error` at the snippet's file; its warnings). */
    private readonly report: (diagnostic: Diagnostic) => void,
  ) {}

  snippet(templateFile: string, written: string): Snippet | { readonly error: string } {
    const resolution = this.reader.resolveNamed(templateFile, written);
    if (resolution.kind === 'outside') return { error: 'leads outside the repository being scanned' };
    if (resolution.kind === 'error') return { error: resolution.code === 'ENOENT' ? 'does not exist' : `cannot be read (${resolution.code})` };
    // Inserted into itself, a template would hold its own includes, which CloudFormation would not process.
    const itself = this.reader.resolveNamed(templateFile, path.basename(templateFile));
    if (itself.kind === 'real' && itself.real === resolution.real) return { error: 'is the template that includes it' };
    let result = this.byRealPath.get(resolution.real);
    if (result === undefined) {
      result = this.read(resolution.real);
      this.byRealPath.set(resolution.real, result);
    }
    return result;
  }

  /**
   * The text of a file `!Rain::Embed` names, relative to the naming file's directory, through the door
   * as a snippet is (`snippet`); a file that cannot be read as text is why.
   */
  text(namingFile: string, written: string): { readonly text: string } | { readonly error: string } {
    const resolution = this.reader.resolveNamed(namingFile, written);
    if (resolution.kind === 'outside') return { error: 'leads outside the repository being scanned' };
    if (resolution.kind === 'error') return { error: resolution.code === 'ENOENT' ? 'does not exist' : `cannot be read (${resolution.code})` };
    const read = this.reader.readSource(resolution.real);
    if (read.ok) return { text: read.text };
    if (read.diagnostic.kind === 'note') return { error: 'is not a regular file' };
    this.report(read.diagnostic);
    return { error: 'cannot be read' };
  }

  private read(file: string): Snippet | { readonly error: string } {
    const read = this.reader.readSource(file);
    if (!read.ok) {
      // A refusal (not a regular file) is said at the include; a file over the size limit, binary or
      // not UTF-8 is a parse error of the snippet, as for any file credlint cannot analyse.
      if (read.diagnostic.kind === 'note') return { error: 'is not a regular file' };
      this.report(read.diagnostic);
      return { error: 'cannot be read' };
    }
    let parsed;
    try {
      parsed = parseTemplateText(file, read.text, this.limits);
    } catch (error) {
      return { error: `cannot be parsed (${(error as Error).message})` };
    }
    for (const diagnostic of parsed.diagnostics) this.report(diagnostic);
    if (parsed.diagnostics.some((d) => d.kind !== 'warning')) return { error: 'cannot be parsed' };
    const first = parsed.documents[0];
    // A snippet must be one map of keys and values (the AWS::Include documentation).
    if (!first) return { error: 'is not a map of keys and values' };
    return snippetOf(file, first.root);
  }
}
