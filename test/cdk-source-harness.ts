import ts from 'typescript';
import { buildCdkSourceUnit, resolveRelativeImport, type CdkSourceResult } from '../src/cdk-source/index.js';
import type { SourceLocation } from '../src/core/location.js';

/** Parses in-memory files (absolute names under /app) with typescript, as the ESLint plugin will, and builds the unit. */
export function extract(files: Record<string, string>): CdkSourceResult {
  const sourceFiles = Object.entries(files).map(([name, text]) => ts.createSourceFile(`/app/${name}`, text, ts.ScriptTarget.Latest, true));
  const names = new Set(sourceFiles.map((f) => f.fileName));
  return buildCdkSourceUnit(ts, {
    unitId: 'cdk-source:app',
    files: sourceFiles,
    resolveImport: (from, specifier) => resolveRelativeImport(names, from, specifier),
  });
}

/** `line:column-line:column` of a location. */
export function span(location: SourceLocation | undefined): string {
  if (!location) return '(none)';
  const { start, end } = location.range;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** The header every CDK test file starts with. */
export const HEADER = "import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";

/** A stack class around constructor statements (lines start at 5 after the header). */
export function stack(body: string): string {
  return `${HEADER}\nexport class People extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, props: { userName: string; withKey: boolean }) {\n    super(scope, id);\n${body}  }\n}\n`;
}
