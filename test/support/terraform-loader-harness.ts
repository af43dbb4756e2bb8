/** Helpers for the Terraform loader tests: write a small tree of files, load it, summarise the model. */
import { loadOptionsFor } from './load-options.js';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LoadOptions, LoadResult } from '../../src/formats/load-options.js';
import { loadTerraform } from '../../src/formats/terraform/load-terraform.js';
import type { Fact, UserRef } from '../../src/model/model.js';

const created: string[] = [];

/** Removes every tree `writeTree` made (call from `afterAll`). */
export async function removeTrees(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function writeTree(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'credlint-tf-'));
  created.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** The `.tf`/`.tf.json` files under `dir`, skipping `.terraform/` as discovery does. */
export async function terraformFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.terraform') found.push(...(await terraformFiles(path)));
    } else if (entry.name.endsWith('.tf') || entry.name.endsWith('.tf.json')) {
      found.push(path);
    }
  }
  return found.sort();
}

export async function loadTree(root: string, options: Partial<LoadOptions> = {}, scan: string = root): Promise<LoadResult> {
  return loadTerraform(await terraformFiles(scan), loadOptionsFor(root, { maxFileBytes: 1 << 20, ...options }));
}

export function showFact<T>(fact: Fact<T> | undefined, show: (value: T) => string): string {
  if (fact === undefined) return '-';
  return fact.known ? show(fact.value) : `unknown(${fact.unknownReason})`;
}

export function showUser(ref: UserRef): string {
  return ref.kind === 'name' ? ref.name : `@${ref.userId}`;
}

/** One line per modelled instance, sorted: `key <address> user=<ref> status=<status>`. */
export function summarise(result: LoadResult): string[] {
  const lines: string[] = [];
  for (const unit of result.units) {
    for (const user of unit.users) lines.push(`${unit.id} user ${user.address} name=${showFact(user.name, (v) => v)}${user.existenceUnknown ? ' ?' : ''}`);
    for (const profile of unit.loginProfiles)
      lines.push(`${unit.id} profile ${profile.address} user=${showFact(profile.user, showUser)}${profile.existenceUnknown ? ' ?' : ''}`);
    for (const key of unit.accessKeys) {
      lines.push(
        `${unit.id} key ${key.address} user=${showFact(key.user, showUser)} status=${showFact(key.status, (v) => v)}${key.existenceUnknown ? ' ?' : ''}`,
      );
    }
  }
  return lines.sort();
}
