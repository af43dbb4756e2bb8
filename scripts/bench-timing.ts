// Timing of whole commands for `npm run bench` (`bench.ts`): each command in a fresh process, wall
// and CPU time, rounds interleaved with the reference so that a change of load moves both alike.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

export const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** A command to time: its arguments (the first is the program) and its working directory. */
export interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  readonly cwd?: string;
}

export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Runs a command through `sh -c '...; times'`: the shell's `times` prints the CPU time (user, system)
 * its children used, which Node cannot report for a child process. Output is discarded.
 */
export function timeOnce(command: Command): Timing {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', '"$@" >/dev/null 2>&1; times', 'sh', ...command.argv], { cwd: command.cwd, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  const children = result.stdout.trim().split('\n').pop() ?? '';
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wallMs, cpuMs };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * Times the commands interleaved, `runs` rounds of each in turn; returns every round's timing of each
 * command. Each round starts one command later than the one before: in a fixed order the subject
 * always ran right after the same reference, so whatever one run leaves behind for the next (a warm
 * page cache, a core's clock, another process's burst) favoured or hurt one of them every round.
 */
export function timeRounds(commands: readonly Command[], runs: number): Timing[][] {
  const times = commands.map(() => [] as Timing[]);
  // One untimed round first: the file system cache and the compiled-code caches warm up for all alike.
  for (const command of commands) timeOnce(command);
  for (let round = 0; round < runs; round += 1) {
    for (let step = 0; step < commands.length; step += 1) {
      const index = (round + step) % commands.length;
      const command = commands[index];
      if (command) times[index]?.push(timeOnce(command));
    }
  }
  return times;
}

export const medianTiming = (list: readonly Timing[]): Timing => ({ wallMs: median(list.map((t) => t.wallMs)), cpuMs: median(list.map((t) => t.cpuMs)) });

/** Times the commands interleaved, `runs` rounds of each in turn; returns the median wall and CPU time of each. */
export function timeInterleaved(commands: readonly Command[], runs: number): Timing[] {
  return timeRounds(commands, runs).map(medianTiming);
}

/**
 * The subject's overhead over the reference within each round (the two ran one after the other, so
 * a change of load between rounds moves both): the median of those per-round percentages and their
 * range, which shows how far one round's figure scatters.
 */
export function pairedLine(subject: readonly Timing[], reference: readonly Timing[]): string {
  const overheads = (of: (t: Timing) => number) =>
    subject.flatMap((timing, round) => {
      const base = reference[round];
      return base ? [(of(timing) / of(base) - 1) * 100] : [];
    });
  const summary = (values: readonly number[]) =>
    `${median(values).toFixed(0)} % (rounds ${Math.min(...values).toFixed(0)} to ${Math.max(...values).toFixed(0)} %)`;
  return `per round, paired: wall ${summary(overheads((t) => t.wallMs))}, CPU ${summary(overheads((t) => t.cpuMs))}`;
}

export const loadLine = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (1, 5, 15 min) on ${availableParallelism()} cores`;

export function ratioLine(label: string, subject: Timing, reference: Timing, referenceLabel: string): string {
  return (
    `${label}: ${seconds(subject.wallMs)} s wall = ${(subject.wallMs / reference.wallMs).toFixed(2)}x ${referenceLabel} (${seconds(reference.wallMs)} s); ` +
    `CPU ${seconds(subject.cpuMs)} s = ${(subject.cpuMs / reference.cpuMs).toFixed(2)}x (${seconds(reference.cpuMs)} s)`
  );
}

export function percentLine(label: string, subject: Timing, reference: Timing, referenceLabel: string): string {
  const percent = (a: number, b: number) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(0)} %`;
  return (
    `${label}: ${seconds(subject.wallMs)} s wall, ${percent(subject.wallMs, reference.wallMs)} over ${referenceLabel} (${seconds(reference.wallMs)} s); ` +
    `CPU ${seconds(subject.cpuMs)} s, ${percent(subject.cpuMs, reference.cpuMs)} (${seconds(reference.cpuMs)} s)`
  );
}
