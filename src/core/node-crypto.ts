import { ownRequire } from './own-module.cjs';

let loaded: typeof import('node:crypto') | undefined;

/**
 * `node:crypto`, loaded on first use: loading it costs a few milliseconds, and a pre-commit run
 * that finds nothing and calls no Terraform hash function never needs it (README, "Performance").
 */
export function nodeCrypto(): typeof import('node:crypto') {
  loaded ??= ownRequire('node:crypto') as typeof import('node:crypto');
  return loaded;
}
