/**
 * `credlint cdk-app` in a child process, for process tests: the built CLI started as the CDK CLI starts
 * an app (`CDK_OUTDIR` set), in an environment like a user's shell (no test-runner variables).
 */
import { spawnSync } from 'node:child_process';
import { CLI } from './cli-process.js';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test process's environment as a user's shell has it, without colours and without the CDK CLI's `CDK_OUTDIR`, plus `extra`. */
export function environment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' };
  // Outside the test runner, as a user's shell: aws-cdk-lib changes how it reports under vitest.
  delete env.VITEST;
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  delete env.CDK_OUTDIR;
  return { ...env, ...extra };
}

/** The wrapper alone, as the CDK CLI starts it (`CDK_OUTDIR` set). */
export function wrapper(args: readonly string[], cwd: string, input?: string): Run {
  const result = spawnSync(process.execPath, [CLI, 'cdk-app', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: environment({ CDK_OUTDIR: 'cdk.out' }),
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
