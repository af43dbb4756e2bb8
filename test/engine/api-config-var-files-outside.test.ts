/**
 * `lint({ configVarFiles })` takes the variables files a committed configuration names: repository
 * content, read only inside the repository. An entry leading out was noted at its own resolved path
 * unless the caller also passed `configFile`: the note's file was the machine's path outside the
 * checkout (`/home/runner/work/app/secret.tfvars`, which SARIF gives as a `file:` URI) and its words
 * the same path. Without a configuration file the entry is noted at the repository root, by its place.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';

describe('configVarFiles leading outside the repository, without configFile', () => {
  it('are noted inside the repository, by their place in the list, naming no path of the machine', async () => {
    const parent = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-api-var-files-')));
    const root = join(parent, 'checkout');
    try {
      mkdirSync(join(root, 'infra'), { recursive: true });
      execFileSync('git', ['init', '-q', root]);
      writeFileSync(join(root, 'infra', 'main.tf'), 'variable "who" {}\nresource "aws_iam_access_key" "k" {\n  user = var.who\n}\n');
      writeFileSync(join(parent, 'secret.tfvars'), 'who = "root"\n');
      writeFileSync(join(root, 'inside.tfvars'), 'who = "ops"\n');
      const result = await lint({ paths: [root], cwd: root, configVarFiles: ['inside.tfvars', '../secret.tfvars', '/etc/hostname'] });
      const notes = result.notes.map((n) => ({ file: n.location.file, message: n.message }));
      for (const { file, message } of notes) {
        expect(file === root || file.startsWith(root + sep)).toBe(true);
        expect(message).not.toContain(parent);
        expect(message).not.toContain('/etc/');
      }
      expect(notes.map((n) => n.message)).toEqual([
        'varFiles entry 2 leads outside the repository being scanned; not read',
        'varFiles entry 3 leads outside the repository being scanned; not read',
      ]);
      // The entry inside is read; the one outside is not.
      expect(result.findings.map((f) => f.ruleId)).not.toContain('root-user-access-key');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
