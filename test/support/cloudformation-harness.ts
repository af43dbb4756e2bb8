import { loadOptionsFor } from './load-options.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadOptions, LoadResult } from '../../src/formats/load-options.js';
import { loadCloudFormation } from '../../src/formats/cloudformation/load-templates.js';
import type { DeploymentUnit } from '../../src/model/model.js';

/** Writes files (relative path → text) into a fresh temporary directory and returns it. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'credlint-cfn-'));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export function loadOptions(dir: string, parameters: Record<string, string> = {}): LoadOptions {
  return loadOptionsFor(dir, { parameters });
}

/** Loads the named files of a tree written by `writeTree`. */
export async function loadTree(
  files: Readonly<Record<string, string>>,
  scan: readonly string[] = Object.keys(files),
  parameters: Record<string, string> = {},
): Promise<LoadResult & { dir: string }> {
  const dir = writeTree(files);
  const result = await loadCloudFormation(
    scan.map((f) => path.join(dir, f)),
    loadOptions(dir, parameters),
  );
  return { ...result, dir };
}

/** Loads one template and returns its only unit. */
export async function loadOne(name: string, text: string, parameters: Record<string, string> = {}): Promise<DeploymentUnit> {
  const { units, diagnostics } = await loadTree({ [name]: text }, [name], parameters);
  if (units.length !== 1 || !units[0]) throw new Error(`expected one unit, got ${units.length}: ${JSON.stringify(diagnostics)}`);
  return units[0];
}

/** Compact view of a unit's keys: address, user, status (known values or `?reason`). */
export function keysOf(unit: DeploymentUnit): string[] {
  return unit.accessKeys.map((k) => {
    const user = k.user.known ? (k.user.value.kind === 'name' ? k.user.value.name : `#${k.user.value.userId}`) : `?${k.user.unknownReason}`;
    const status = k.status.known ? k.status.value : `?${k.status.unknownReason}`;
    return `${k.address} ${user} ${status}${k.existenceUnknown !== undefined ? ` (exists? ${k.existenceUnknown})` : ''}`;
  });
}
