import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ownDirectory } from '../core/own-module.cjs';

export const TOOL_NAME = 'credlint';

/** Where SARIF viewers send users who want to know what the tool is, when package.json names no page. */
const FALLBACK_INFORMATION_URI = 'https://www.npmjs.com/package/credlint';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly homepage?: unknown;
}

/**
 * Walks up from this module to the nearest package.json named credlint. The module runs from
 * `src/reporters` under vitest and from `dist/src/reporters` when built, so a fixed `../..` would be
 * right in only one of them.
 */
function findPackageJson(startDirectory: string): PackageJson | undefined {
  let directory = startDirectory;
  for (;;) {
    const candidate = path.join(directory, 'package.json');
    if (existsSync(candidate)) {
      try {
        const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as PackageJson;
        if (parsed.name === TOOL_NAME) return parsed;
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Tool facts from the nearest credlint package.json at or above `startDirectory`. */
export function readToolInfo(startDirectory: string): ToolInfo {
  const pkg = findPackageJson(startDirectory);
  return {
    name: TOOL_NAME,
    version: typeof pkg?.version === 'string' ? pkg.version : '0.0.0',
    informationUri: typeof pkg?.homepage === 'string' ? pkg.homepage : FALLBACK_INFORMATION_URI,
  };
}

let cached: ToolInfo | undefined;

/** Name, version and home page of credlint, read once from its package.json. */
export function toolInfo(): ToolInfo {
  cached ??= readToolInfo(ownDirectory);
  return cached;
}

/**
 * Rule documentation lives in the published package (`files` ships `rules/<id>/README.md`), read
 * through unpkg at this exact version: the link works for every release without a repository URL,
 * and it describes the rule as the version that reported the alert implements it, not as a later
 * one does.
 */
function packageFileUri(tool: ToolInfo, file: string): string {
  return `https://unpkg.com/${tool.name}@${encodeURIComponent(tool.version)}/${file}`;
}

/** The README of one rule, e.g. `https://unpkg.com/credlint@0.1.0/rules/root-user-access-key/README.md`. */
export function ruleDocumentationUri(tool: ToolInfo, ruleId: string): string {
  return packageFileUri(tool, `rules/${encodeURIComponent(ruleId)}/README.md`);
}

/** The package README (npm always ships it): exit codes, suppressions, parse errors. */
export function readmeUri(tool: ToolInfo): string {
  return packageFileUri(tool, 'README.md');
}

/** The package README's sections (its `##` headings) that explain a built-in result, which has no README of its own. */
const README_SECTIONS: Readonly<Record<string, readonly string[]>> = {
  'parse-error': ['Exit codes', 'Limits'],
  'invalid-suppression': ['Suppressions'],
  'unused-suppression': ['Suppressions'],
  'duplicate-key': ['Exit codes'],
  'undeclared-variable': ['Configuration'],
  'undeclared-parameter': ['Configuration'],
};

/** `"Exit codes", "Limits"`: where a reader of a built-in result's `docs:` line or CDK fix should look. */
export function readmeSectionsOf(resultId: string): string {
  return (README_SECTIONS[resultId] ?? ['Exit codes']).map((section) => `"${section}"`).join(', ');
}
