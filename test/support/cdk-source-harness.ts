import ts from 'typescript';
import { buildCdkSourceUnit, resolveRelativeImport, type CdkSourceResult } from '../../src/cdk-source/index.js';
import type { SourceLocation } from '../../src/core/location.js';

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

/** A stack class around constructor statements (the body starts at line 7, after the header). */
export function stack(body: string): string {
  return `${HEADER}\nexport class People extends cdk.Stack {\n  constructor(scope: cdk.App, id: string, props: { userName: string; withKey: boolean }) {\n    super(scope, id);\n${body}  }\n}\n`;
}

/** A compact view of a unit's resources, `address | name or user | status | existence`, and its diagnostics. */
export function summarise(files: Record<string, string>) {
  const { unit, diagnostics } = extract(files);
  const fact = (f: { known: boolean; value?: unknown; unknownReason?: string } | undefined) =>
    f === undefined ? undefined : f.known ? (typeof f.value === 'string' ? f.value : JSON.stringify(f.value)) : `? ${f.unknownReason}`;
  return {
    diagnostics: diagnostics.map((d) => `${span(d.location)} ${d.message}`),
    users: (unit?.users ?? []).map((u) => [u.address, fact(u.name), u.existenceUnknown].filter((x) => x !== undefined).join(' | ')),
    profiles: (unit?.loginProfiles ?? []).map((p) => [p.address, p.existenceUnknown].filter((x) => x !== undefined).join(' | ')),
    keys: (unit?.accessKeys ?? []).map((k) => {
      const ref = k.user.known ? k.user.value : undefined;
      const user = !k.user.known
        ? `? ${k.user.unknownReason}`
        : ref?.kind === 'name'
          ? `name ${ref.name}`
          : `user ${unit?.users.find((u) => ref?.kind === 'user' && u.id === ref.userId)?.address}`;
      return [k.address, user, fact(k.status), k.existenceUnknown].filter((x) => x !== undefined).join(' | ');
    }),
  };
}
