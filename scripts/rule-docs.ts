/**
 * Generates the header and the examples of each rule's README from the rule metadata and the
 * fixtures, between `<!-- generated:… -->` markers; the prose around them is written by hand.
 * `npm run docs` rewrites the READMEs; test/unit/rule-docs.test.ts fails when they drift.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../src/model/rule.js';
import { rules } from '../rules/index.js';
import { packageRoot } from '../src/core/package-info.js';

const FORMAT_TITLES: Record<string, string> = {
  terraform: 'Terraform',
  'terraform-json': 'Terraform JSON (`.tf.json`)',
  'tf-plan': 'Terraform plan JSON',
  cdktf: 'CDKTF output',
  cloudformation: 'CloudFormation',
  'cdk-assembly': 'CDK cloud assembly',
  'cdk-source': 'CDK TypeScript',
};

const FENCES: readonly (readonly [RegExp, string])[] = [
  [/\.(tf|tofu)$/, 'hcl'],
  [/\.ya?ml$/, 'yaml'],
  [/\.json$/, 'json'],
  [/\.ts$/, 'ts'],
  [/README$/, 'text'],
];

/** The file of a fixture case that best shows it, in this order of preference. */
const EXAMPLE_FILES: readonly RegExp[] = [
  /^main\.tf$/,
  /\.tf$/,
  /\.tf\.json$/,
  // OpenTofu's own extensions, for a case that has no `.tf` file.
  /\.tofu$/,
  /\.tofu\.json$/,
  /^app\.ts$/,
  /^template\.ya?ml$/,
  /^template\.json$/,
  /^plan\.json$/,
  /\.ya?ml$/,
  /\.json$/,
  /^README$/,
];

const MAX_EXAMPLE_LINES = 40;

export function renderHeader(rule: Rule): string {
  const { meta } = rule;
  const options = Object.entries(meta.defaultOptions);
  const lines = [
    `# \`${meta.id}\``,
    '',
    `> ${meta.title}.`,
    '',
    '| | |',
    '|---|---|',
    `| Default severity | \`${meta.defaultSeverity}\` (security-severity ${meta.securitySeverity.toFixed(1)}) |`,
    `| CIS AWS Foundations Benchmark | ${meta.mappings.map((m) => `${m.versions}: ${m.control}`).join(' · ')} |`,
    `| Formats | ${meta.formats.map((f) => FORMAT_TITLES[f] ?? f).join(', ')} |`,
    `| Options | ${options.length === 0 ? 'none' : options.map(([k, v]) => `\`${k}\` (default \`${JSON.stringify(v)}\`)`).join(', ')} |`,
  ];
  return lines.join('\n');
}

export function exampleFile(caseDir: string): string | undefined {
  const files = readdirSync(caseDir)
    .filter((f) => statSync(path.join(caseDir, f)).isFile() && f !== 'fixture-options.json')
    .sort();
  for (const pattern of EXAMPLE_FILES) {
    const match = files.find((f) => pattern.test(f));
    if (match) return path.join(caseDir, match);
  }
  return undefined;
}

/**
 * Synthesized inputs (CDK cloud assemblies, CDKTF output) keep their note in a README beside the
 * generated directory; the example then also shows the generated stack.
 */
function generatedStack(caseDir: string): string | undefined {
  for (const [dir, pattern] of [
    ['cdk.out', /\.template\.json$/],
    ['cdktf.out/stacks', /^cdk\.tf\.json$/],
  ] as const) {
    const base = path.join(caseDir, dir);
    if (!existsSync(base)) continue;
    const candidates = readdirSync(base, { recursive: true, encoding: 'utf8' })
      .filter((f) => pattern.test(path.basename(f)) && !f.includes('.nested.'))
      .sort();
    if (candidates[0] !== undefined) return path.join(base, candidates[0]);
  }
  return undefined;
}

function renderExample(file: string, root: string): string {
  if (path.basename(file) === 'README') {
    const note = readFileSync(file, 'utf8').split('\n')[0] ?? '';
    const stack = generatedStack(path.dirname(file));
    return stack ? `${note}\n\n${renderExample(stack, root)}` : note;
  }
  const fence = FENCES.find(([pattern]) => pattern.test(file))?.[1] ?? '';
  const lines = readFileSync(file, 'utf8').replace(/\s+$/, '').split('\n');
  const shown = lines.length > MAX_EXAMPLE_LINES ? [...lines.slice(0, MAX_EXAMPLE_LINES), '…'] : lines;
  const relative = path.relative(root, file).split(path.sep).join('/');
  // The path is named, not linked: the README is also read from the npm package, which holds no fixtures.
  return [`From \`${relative}\` (in the credlint repository):`, '', `\`\`\`${fence}`, ...shown, '```'].join('\n');
}

export function renderExamples(rule: Rule, root: string): string {
  const sections: string[] = [];
  for (const format of rule.meta.formats) {
    const parts: string[] = [`### ${FORMAT_TITLES[format] ?? format}`];
    for (const [polarity, label] of [
      ['positive', 'Bad'],
      ['negative', 'Good'],
    ] as const) {
      const dir = path.join(root, 'fixtures', rule.meta.id, format, polarity);
      if (!existsSync(dir)) continue;
      const first = readdirSync(dir).sort()[0];
      const file = first === undefined ? undefined : exampleFile(path.join(dir, first));
      if (file) parts.push(`**${label}** — ${renderExample(file, root)}`);
    }
    if (parts.length > 1) sections.push(parts.join('\n\n'));
  }
  return sections.join('\n\n');
}

function replaceBetween(text: string, name: string, content: string): string {
  const begin = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start === -1 || stop === -1) throw new Error(`missing ${begin} … ${end} markers`);
  return `${text.slice(0, start + begin.length)}\n${content}\n${text.slice(stop)}`;
}

/** The README as it should be: its hand-written prose with fresh generated sections. */
export function regenerate(rule: Rule, readme: string, root: string): string {
  return replaceBetween(replaceBetween(readme, 'header', renderHeader(rule)), 'examples', renderExamples(rule, root));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = packageRoot();
  for (const rule of rules) {
    const file = path.join(root, 'rules', rule.meta.id, 'README.md');
    writeFileSync(file, regenerate(rule, readFileSync(file, 'utf8'), root));
    process.stdout.write(`updated ${path.relative(root, file)}\n`);
  }
}
