/**
 * docs/ci.md stays true to the CLI: every output format has its row, every YAML snippet parses, every
 * format a snippet asks credlint for exists, and every report file a snippet writes is read by a later
 * line of the same snippet (an upload, a report declaration, a publishing step).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatNames, isFormatName } from '../../src/reporters/format-names.js';

const doc = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');

/** The fenced blocks of the page, with their language. */
const snippets = [...doc.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1] ?? '', text: match[2] ?? '' }));

/** The credlint command lines of a snippet. */
function commands(text: string): string[] {
  return text.split('\n').filter((line) => line.includes('credlint@'));
}

describe('docs/ci.md', () => {
  it('has a row for every output format', () => {
    for (const name of formatNames) expect(doc).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('has snippets for GitHub, GitLab, Jenkins, CircleCI, Azure Pipelines and reviewdog, and every YAML one parses', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(6);
    for (const snippet of snippets.filter((s) => s.lang === 'yaml')) expect(() => parse(snippet.text) as unknown).not.toThrow();
    for (const consumer of ['upload-sarif', 'codequality:', "junit '", 'recordIssues', 'store_test_results', 'PublishTestResults@2', 'reviewdog -f=checkstyle'])
      expect(snippets.some((snippet) => snippet.text.includes(consumer))).toBe(true);
  });

  it('fetches typescript beside credlint, which CDK TypeScript source needs and credlint never loads from the scanned repository', () => {
    const lines = snippets.flatMap((snippet) => commands(snippet.text));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(line, line).toMatch(/npx --yes -p credlint@\S+ -p typescript@6\.0\.3 credlint /);
  });

  it('asks credlint only for formats it has, and reads every report a snippet writes', () => {
    const written: string[] = [];
    for (const snippet of snippets) {
      for (const command of commands(snippet.text)) {
        for (const [, format] of command.matchAll(/(?:--format|-f) (\w+)/g)) expect(isFormatName(format ?? '')).toBe(true);
        for (const [, format, file] of command.matchAll(/--output (\w+)=(\S+)/g)) {
          expect(isFormatName(format ?? '')).toBe(true);
          if (file === '-' || file === undefined) continue;
          written.push(`${format ?? ''}=${file}`);
          const rest = snippet.text.replace(command, '');
          // CircleCI reads a directory of reports: its first segment is enough.
          const readAs = [file, file.split('/')[0] ?? file];
          expect(
            readAs.some((name) => rest.includes(name)),
            `${file} is written but not read in its snippet`,
          ).toBe(true);
        }
      }
    }
    expect(new Set(written.map((entry) => entry.split('=')[0]))).toEqual(new Set(['sarif', 'gitlab', 'junit', 'checkstyle']));
  });

  it("keeps credlint's exit code in a GitHub Actions step that pipes it, and lets upload-sarif read the run", () => {
    // A `run` step without `shell:` is `bash -e {0}` (no pipefail): `credlint ... | reviewdog` passed
    // whatever credlint exited with; `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`.
    type Step = { run?: string; shell?: string; uses?: string };
    type Workflow = { permissions?: Record<string, string>; jobs?: Record<string, { steps?: Step[] }> };
    const workflows = snippets.filter((s) => s.lang === 'yaml' && s.text.includes('runs-on:')).map((s) => parse(s.text) as Workflow);
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    for (const workflow of workflows) {
      const steps = Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);
      for (const step of steps.filter((s) => s.run?.includes('credlint@') === true && /credlint [^|]*\|/.test(s.run)))
        expect(step.shell, step.run).toBe('bash');
      // README's workflow has it too: upload-sarif reads the run in a private repository.
      if (steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif') === true)) expect(workflow.permissions?.actions).toBe('read');
    }
  });
});
