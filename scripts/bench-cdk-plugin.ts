/**
 * The cost of `CredlintPlugin` at `cdk synth` (docs/cdk.md, "Cost"): a 20-stack app synthesized with
 * and without the plugin, alternately in one process after a warm-up, compared by median wall time.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CredlintPlugin } from '../src/cdk/index.js';

const STACKS = 20;
const RUNS = 9;

/** 20 stacks, each with a service user holding one key, a topic and a queue: compliant, so synthesis succeeds. */
function synthesize(outdir: string, withPlugin: boolean): number {
  const started = performance.now();
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  if (withPlugin) Validations.of(app).addPlugins(new CredlintPlugin());
  for (let k = 0; k < STACKS; k += 1) {
    const stack = new Stack(app, `Service${String(k)}`);
    const user = new iam.User(stack, 'Deployer', { userName: `deployer-${String(k)}` });
    new iam.AccessKey(stack, 'Key', { user });
    new sqs.Queue(stack, 'Queue');
    new sns.Topic(stack, 'Topic');
  }
  app.synth();
  return performance.now() - started;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** One line for `npm run bench`. */
export function benchCdkPlugin(): string {
  process.env.CDK_VALIDATION = 'false';
  const dir = resolve('.bench', 'cdk-plugin');
  synthesize(join(dir, 'warm-up'), true);
  const without: number[] = [];
  const withPlugin: number[] = [];
  for (let k = 0; k < RUNS; k += 1) {
    without.push(synthesize(join(dir, `without-${String(k)}`), false));
    withPlugin.push(synthesize(join(dir, `with-${String(k)}`), true));
  }
  rmSync(dir, { recursive: true, force: true });
  const base = median(without);
  const plugged = median(withPlugin);
  return (
    `CDK plugin, ${String(STACKS)}-stack app (median of ${String(RUNS)} synths each): ${base.toFixed(0)} ms without, ${plugged.toFixed(0)} ms with ` +
    `CredlintPlugin: +${(plugged - base).toFixed(0)} ms, ratio ${(plugged / base).toFixed(2)}`
  );
}
