import path from 'node:path';
import { nodeCrypto } from './node-crypto.js';

/**
 * A finding's fingerprint (README, "Baselines"): the same rule, file (relative to the repository, with
 * `/`) and address give the same fingerprint on every machine and run, whatever the line.
 */
export function findingFingerprint(ruleId: string, repoRoot: string, file: string, address: string): string {
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${relative}\0${address}`).digest('hex').slice(0, 32);
}
