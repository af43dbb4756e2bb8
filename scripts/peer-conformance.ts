/**
 * Peer conformance: runs credlint (through the engine API) over the other tools' fixtures in
 * `../shared/peer-fixtures/` and prints, for every peer input, our findings per rule beside the peer's
 * expectation (MANIFEST.md, transcribed in `peer-expectations.ts`). Each input is scanned alone in a
 * temporary directory, because the peers judge files one by one (KICS keeps positive and negative
 * files side by side in one folder), with the prefilter off so that every input is parsed.
 *
 * Usage: `node dist/scripts/peer-conformance.js [peer-fixtures dir]` — exit 1 when a verdict is not the
 * one `peer-expectations.ts` records (a difference from a peer is fine when it is recorded and explained).
 */
import { packageRoot } from '../src/core/package-info.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { lint } from '../src/engine.js';
import type { PeerCase, RuleId, Verdict } from './peer-expectations.js';
import { GUARD_TEST_FILES, PEER_CASES } from './peer-expectations.js';

export const DEFAULT_PEER_ROOT = path.resolve(packageRoot(), '..', 'shared', 'peer-fixtures');
const RULES: readonly RuleId[] = ['console-user-with-access-key', 'multiple-active-access-keys', 'root-user-access-key'];

export interface PeerRow {
  readonly expectation: PeerCase;
  /** Definite, unsuppressed findings per rule, with their lines. */
  readonly got: Readonly<Partial<Record<RuleId, readonly number[]>>>;
  readonly parseErrors: readonly string[];
  /** How many files credlint analysed (0 when the input was not recognised as Terraform or a template). */
  readonly filesScanned: number;
  /** Our findings are the ones recorded as deliberate. */
  readonly asRecorded: boolean;
  /** For on-target inputs: whether our verdict for the peer's rule is the peer's (positive/negative). */
  readonly samePeerVerdict?: boolean;
}

/** Removes the indentation a YAML block had inside its parent, so it can stand as its own document. */
function dedent(source: string, column: number): string {
  const lines = (' '.repeat(column) + source).split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = Math.min(...indents, column);
  return `${lines.map((l) => l.slice(common)).join('\n')}\n`;
}

/** The cases of a cfn-guard unit test file: each `input` template as text, with its name and expectations. */
function guardCases(text: string): { name: string; template: string; expectations: string }[] {
  const doc = parseDocument(text, { prettyErrors: false });
  const list = doc.contents as YamlNode | null;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const input = item.get('input', true) as YamlNode | undefined;
    const written: unknown = item.get('name');
    const name = typeof written === 'string' || typeof written === 'number' ? String(written) : '';
    const rules = (item.toJSON() as { expectations?: { rules?: Record<string, string> } }).expectations?.rules ?? {};
    if (!input?.range) return [];
    const start = input.range[0];
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    const template = dedent(text.slice(start, input.range[1]), column);
    return [
      {
        name,
        template,
        expectations: Object.entries(rules)
          .map(([rule, verdict]) => `${rule}: ${verdict}`)
          .join(', '),
      },
    ];
  });
}

/** Writes one peer input into a fresh directory; returns the directory. */
function materialize(peerRoot: string, input: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'credlint-peer-'));
  const [file = '', selector] = input.split('#');
  const text = readFileSync(path.join(peerRoot, file), 'utf8');
  if (selector === undefined) {
    writeFileSync(path.join(dir, path.basename(file)), text);
  } else if (selector.startsWith('terraform.')) {
    // Trivy check examples: `terraform: { good: [hcl, ...], bad: [hcl, ...] }`.
    const match = /^terraform\.(good|bad)\[(\d+)\]$/.exec(selector);
    const examples = (parseDocument(text).toJSON() as { terraform?: Record<string, string[]> }).terraform ?? {};
    writeFileSync(path.join(dir, 'main.tf'), examples[match?.[1] ?? '']?.[Number(match?.[2])] ?? '');
  } else {
    const guardCase = guardCases(text).find((c) => c.name === selector);
    writeFileSync(path.join(dir, 'template.yaml'), guardCase?.template ?? '');
  }
  return dir;
}

function sameVerdict(got: Readonly<Partial<Record<RuleId, readonly number[]>>>, ours: Verdict): boolean {
  return RULES.every((rule) => (got[rule]?.length ?? 0) === (ours[rule] ?? 0));
}

async function scan(peerRoot: string, expectation: PeerCase): Promise<PeerRow> {
  const dir = materialize(peerRoot, expectation.input);
  try {
    // Without the prefilter every template is parsed, so each peer input also tests parsing (findings
    // are the same either way: README, "Performance").
    const result = await lint({ paths: ['.'], cwd: dir, env: {}, prefilter: false });
    const got: Partial<Record<RuleId, number[]>> = {};
    const parseErrors: string[] = [];
    for (const finding of result.findings) {
      if (finding.ruleId === 'parse-error') parseErrors.push(`${finding.location.range.start.line}:${finding.location.range.start.column} ${finding.message}`);
      if (finding.unknown || finding.suppression || !RULES.includes(finding.ruleId as RuleId)) continue;
      (got[finding.ruleId as RuleId] ??= []).push(finding.location.range.start.line);
    }
    const ourRule = expectation.ourRule;
    return {
      expectation,
      got,
      parseErrors,
      filesScanned: result.filesScanned,
      asRecorded: parseErrors.length === 0 && sameVerdict(got, expectation.ours),
      ...(ourRule !== undefined && expectation.peerPositive !== undefined
        ? { samePeerVerdict: (got[ourRule]?.length ?? 0) > 0 === expectation.peerPositive }
        : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every peer case, including one per cfn-guard test case (those files must exist under `peerRoot`). */
export function allPeerCases(peerRoot: string): PeerCase[] {
  const cases = [...PEER_CASES];
  for (const guard of GUARD_TEST_FILES) {
    let text: string;
    try {
      text = readFileSync(path.join(peerRoot, guard.input), 'utf8');
    } catch {
      continue;
    }
    for (const c of guardCases(text)) {
      cases.push({ input: `${guard.input}#${c.name}`, peer: 'aws-guard-rules-registry', peerRule: guard.peerRule, peerExpects: c.expectations, ours: {} });
    }
  }
  return cases;
}

export async function runPeerConformance(peerRoot: string = DEFAULT_PEER_ROOT): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  for (const expectation of allPeerCases(peerRoot)) rows.push(await scan(peerRoot, expectation));
  return rows;
}

function describeGot(got: Readonly<Partial<Record<RuleId, readonly number[]>>>): string {
  const parts = RULES.filter((rule) => (got[rule]?.length ?? 0) > 0).map((rule) => `${rule} ×${got[rule]?.length} (line ${got[rule]?.join(', ')})`);
  return parts.length > 0 ? parts.join('; ') : 'no finding';
}

export function formatReport(rows: readonly PeerRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    const e = row.expectation;
    lines.push(e.input);
    lines.push(`  peer  ${e.peer} · ${e.peerRule}: ${e.peerExpects}`);
    lines.push(`  ours  ${describeGot(row.got)}${row.parseErrors.length > 0 ? `; parse errors: ${row.parseErrors.join(' | ')}` : ''}`);
    if (!row.asRecorded) {
      const wanted =
        RULES.filter((r) => (e.ours[r] ?? 0) > 0)
          .map((r) => `${r} ×${e.ours[r]}`)
          .join('; ') || 'no finding';
      lines.push(`  ✗ UNEXPECTED: peer-expectations.ts records ${wanted}`);
    } else if (row.samePeerVerdict === false) {
      lines.push(`  ≠ DIFFERS from the peer on purpose: ${e.why ?? '(no reason recorded)'}`);
    } else if (e.why !== undefined) {
      lines.push(`  ✓ same verdict as the peer for ${e.ourRule ?? 'its rule'}; note: ${e.why}`);
    } else {
      lines.push(e.ourRule !== undefined ? '  ✓ same verdict as the peer' : '  ✓ neighbouring rule; no credlint finding expected');
    }
  }
  const unexpected = rows.filter((r) => !r.asRecorded).length;
  const differs = rows.filter((r) => r.asRecorded && r.samePeerVerdict === false).length;
  const onTarget = rows.filter((r) => r.samePeerVerdict !== undefined).length;
  lines.push('');
  lines.push(`${rows.length} peer inputs · ${onTarget} on target · ${differs} deliberate differences · ${unexpected} unexpected`);
  return `${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const rows = await runPeerConformance(argv[0] ? path.resolve(argv[0]) : DEFAULT_PEER_ROOT);
  process.stdout.write(formatReport(rows));
  return rows.every((r) => r.asRecorded) ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 2;
    });
}
