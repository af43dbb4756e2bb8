/**
 * A small pool of worker threads running hcl2json (`hcl-worker.ts`), so that a file that crashes,
 * overflows or hangs the parser costs one worker, never the scan.
 *
 * - Each worker parses one file at a time (hcl2json blocks its thread while it runs), with a few
 *   more posted ahead (`PIPELINE_DEPTH`).
 * - Per-file timeout `parseTimeoutMs(bytes)`; on timeout the worker is terminated and replaced.
 * - A Go runtime crash, a worker exit or a non-syntax error (e.g. `RangeError`) also replaces the
 *   worker, since hcl2json's runtime may be left poisoned (every later parse would hang).
 * - A file that timed out on a worker that had parsed other files first is retried once on a fresh
 *   worker: an earlier file may have poisoned the runtime, and this file should not be blamed.
 * - Idle workers are `unref`'d so they never keep the process alive; busy ones are ref'd.
 * - Each job may carry the scan's `Deadline`: when it passes, that scan's queued jobs are answered
 *   `deadline` at once and a worker running one of them is terminated (hcl2json cannot be interrupted
 *   otherwise), so a scan of many files, each within its own timeout, still ends on time.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { range } from '../core/location.js';
import { MAX_NESTING_DEPTH } from './check-nesting-depth.js';
import type { HclJson } from './hcl2json.js';
import { hclWorkerEntry } from './hcl-worker-entry.js';
import type { ParseRequest, ParseResponse } from './hcl-worker-protocol.js';

export type PoolOutcome =
  | { readonly kind: 'ok'; readonly body: HclJson }
  | { readonly kind: 'too-deep'; readonly line: number; readonly column: number }
  | { readonly kind: 'syntax'; readonly message: string }
  | { readonly kind: 'failed'; readonly diagnostic: Diagnostic }
  /** The job's deadline passed before its parse finished; the parse was abandoned. */
  | { readonly kind: 'deadline' };

/**
 * hcl2json parses about 1.5 s per MB on one core here. The budget is 10 s plus 10 s per MiB: several
 * times the measured cost on a loaded 2-core machine, yet a hanging file ends the wait in seconds.
 */
export function parseTimeoutMs(bytes: number): number {
  return 10_000 + Math.ceil(bytes / 1024) * 10;
}

/**
 * One worker per core, at most 2 (measured with `npm run bench` on the 2-core machine: hcl2json is
 * CPU-bound, and each worker costs ~0.2 s and ~60 MB to start). `CREDLINT_HCL_WORKERS` overrides it
 * for measuring.
 */
export function defaultPoolSize(): number {
  const override = Number(process.env['CREDLINT_HCL_WORKERS']);
  if (Number.isInteger(override) && override >= 1 && override <= 16) return override;
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Job {
  readonly request: ParseRequest;
  readonly bytes: number;
  readonly deadline: Deadline;
  retried: boolean;
  resolve(outcome: PoolOutcome): void;
}

interface Slot {
  readonly worker: Worker;
  /** Jobs posted to the worker, in order; the first one is running. */
  readonly inflight: Job[];
  /** The running job's timeout. */
  timer: NodeJS.Timeout | undefined;
  parsed: number;
  dead: boolean;
}

/**
 * Jobs posted ahead to each worker, so it keeps parsing while the main thread is busy (classifying
 * templates, evaluating) and cannot hand out the next file. The timeout clock of a job starts when
 * the one before it finishes.
 */
const PIPELINE_DEPTH = 8;

/** The longest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Worker memory cap: far above any file under the size limit; a runaway parse dies alone. */
const WORKER_HEAP_MB = 512;

export class HclParserPool {
  private readonly queue: Job[] = [];
  private readonly slots = new Set<Slot>();
  /** The deadlines of unanswered jobs, each with its timer and how many of its jobs are unanswered. */
  private readonly deadlines = new Map<Deadline, { timer: NodeJS.Timeout | undefined; unanswered: number }>();
  private nextId = 1;
  private closed = false;
  private starting = 0;

  constructor(
    private readonly size: number = defaultPoolSize(),
    private readonly timeoutMs: (bytes: number) => number = parseTimeoutMs,
    /** The nesting limit checked before hcl2json runs (tests lift it to exercise crash isolation). */
    private readonly maxDepth: number = MAX_NESTING_DEPTH,
    /** Extra time for a fresh worker's first job (runtime start-up); see `jobTimeoutMs`. */
    private readonly startupAllowanceMs: number = 0,
  ) {}

  /** Parses `text`; past `deadline` the answer is `deadline` (at once, or by terminating the worker running it). */
  parse(file: string, text: string, deadline: Deadline = Deadline.NONE): Promise<PoolOutcome> {
    return new Promise((resolve) => {
      const request = { id: this.nextId++, file, text, maxDepth: this.maxDepth };
      this.queue.push({ request, bytes: Buffer.byteLength(text), deadline, retried: false, resolve: this.watch(deadline, resolve) });
      this.dispatch();
    });
  }

  /**
   * Arms one timer per deadline with unanswered jobs (disarmed when the last is answered), and returns
   * `resolve` wrapped to count the answer. The timer is `unref`'d: a busy worker keeps the process alive.
   */
  private watch(deadline: Deadline, resolve: (outcome: PoolOutcome) => void): (outcome: PoolOutcome) => void {
    if (deadline === Deadline.NONE) return resolve;
    let entry = this.deadlines.get(deadline);
    if (entry === undefined) {
      entry = { timer: undefined, unanswered: 0 };
      this.deadlines.set(deadline, entry);
      this.arm(deadline, entry);
    }
    entry.unanswered += 1;
    const watched = entry;
    let answered = false;
    return (outcome) => {
      if (answered) return;
      answered = true;
      watched.unanswered -= 1;
      if (watched.unanswered === 0) {
        if (watched.timer) clearTimeout(watched.timer);
        this.deadlines.delete(deadline);
      }
      resolve(outcome);
    };
  }

  private arm(deadline: Deadline, entry: { timer: NodeJS.Timeout | undefined }): void {
    entry.timer = setTimeout(
      () => {
        if (deadline.expired()) this.expire(deadline);
        else this.arm(deadline, entry);
      },
      Math.min(MAX_TIMER_MS, Math.ceil(deadline.remainingMs())),
    );
    entry.timer.unref();
  }

  /** `deadline` passed: its queued jobs are answered, and workers running any of its jobs are replaced. */
  private expire(deadline: Deadline): void {
    const isPast = (job: Job) => job.deadline === deadline;
    this.answerQueued(isPast);
    for (const slot of [...this.slots]) {
      if (!slot.inflight.some(isPast)) continue;
      const jobs = slot.inflight.splice(0);
      for (const job of jobs.filter(isPast)) job.resolve({ kind: 'deadline' });
      this.queue.unshift(...jobs.filter((job) => !isPast(job)));
      void this.retire(slot);
    }
    this.dispatch();
  }

  /** Starts one worker now if none is running or starting. */
  warm(): void {
    if (!this.closed && this.slots.size === 0 && this.starting === 0) void this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    const unanswered = [...this.queue.splice(0), ...[...this.slots].flatMap((slot) => slot.inflight.splice(0))];
    for (const job of unanswered) job.resolve(failed(job, 'the parser was shut down before this file was parsed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  /** Answers `deadline` to the queued jobs `isPast` selects, and drops them from the queue. */
  private answerQueued(isPast: (job: Job) => boolean): void {
    let kept = 0;
    for (const job of this.queue) {
      if (isPast(job)) job.resolve({ kind: 'deadline' });
      else this.queue[kept++] = job;
    }
    this.queue.length = kept;
  }

  private dispatch(): void {
    if (this.closed) return;
    // A job whose deadline passed before its timer fired (the main thread was busy) is not started.
    this.answerQueued((job) => job.deadline.expired());
    const outstanding = this.queue.length + [...this.slots].reduce((sum, slot) => sum + slot.inflight.length, 0);
    const wanted = Math.min(outstanding - this.slots.size - this.starting, this.size - this.slots.size - this.starting);
    for (let k = 0; k < wanted; k += 1) void this.spawn();
    // Round-robin, one job per worker per round, so that work spreads over the workers.
    for (let round = 0; round < PIPELINE_DEPTH && this.queue.length > 0; round += 1) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) break;
        if (!slot.dead && slot.inflight.length <= round) this.assign(slot, this.queue.shift() as Job);
      }
    }
  }

  private async spawn(): Promise<void> {
    this.starting += 1;
    let worker: Worker;
    try {
      worker = new Worker(await hclWorkerEntry(), {
        // Inherited options, except `--input-type`, which only applies to `--eval` input: a worker
        // started by a program run with `node --input-type=module -e ...` would otherwise exit at once.
        execArgv: process.execArgv.filter((option) => !option.startsWith('--input-type')),
        stdout: true,
        stderr: true,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
    } catch (error) {
      this.starting -= 1;
      const reason = error instanceof Error ? error.message : String(error);
      for (const job of this.queue.splice(0)) job.resolve(failed(job, `cannot start the HCL parser (${reason})`));
      return;
    }
    this.starting -= 1;
    // What the worker prints (hcl2json's console output: a line or two when its runtime dies) stays in
    // these captured streams, out of credlint's output. They are not read: a flowing worker stdio
    // stream keeps the process alive even after `unref()` (measured on Node 20).
    const slot: Slot = { worker, inflight: [], timer: undefined, parsed: 0, dead: false };
    this.slots.add(slot);
    worker.on('message', (message: ParseResponse) => {
      this.onMessage(slot, message);
    });
    worker.on('error', () => {
      // Followed by 'exit'; handled there.
    });
    worker.on('exit', () => {
      this.onExit(slot);
    });
    // After the listeners: adding a 'message' listener refs the worker's port again (Node's
    // MessagePort refs itself on a new listener), so a worker unref'd before it would keep the process
    // alive while idle — what happened to the second worker started by two concurrent `lint()` calls.
    worker.unref();
    if (this.closed) {
      void this.retire(slot);
      return;
    }
    this.dispatch();
  }

  private assign(slot: Slot, job: Job): void {
    slot.inflight.push(job);
    slot.worker.ref();
    if (slot.inflight.length === 1) this.startClock(slot);
    slot.worker.postMessage(job.request);
  }

  private startClock(slot: Slot): void {
    const head = slot.inflight[0];
    if (!head) return;
    slot.timer = setTimeout(
      () => {
        this.onTimeout(slot);
      },
      this.jobTimeoutMs(slot, head),
    );
    slot.timer.unref();
  }

  /**
   * A fresh worker's first job also pays for starting the Go WebAssembly runtime, which takes seconds
   * on a loaded CI machine; without this allowance a tiny file could time out there.
   */
  private jobTimeoutMs(slot: Slot, job: Job): number {
    return this.timeoutMs(job.bytes) + (slot.parsed === 0 ? this.startupAllowanceMs : 0);
  }

  /** The running job is done: answer it and start the next one's clock. */
  private complete(slot: Slot, outcome: PoolOutcome | undefined): Job | undefined {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.inflight.shift();
    if (head && outcome) head.resolve(outcome);
    if (slot.inflight.length > 0) this.startClock(slot);
    else if (!slot.dead) slot.worker.unref();
    return head;
  }

  /** The worker is being replaced: the jobs it had not started go back to the front of the queue. */
  private requeueWaiting(slot: Slot): void {
    this.queue.unshift(...slot.inflight.splice(0));
  }

  private onMessage(slot: Slot, message: ParseResponse): void {
    const head = slot.inflight[0];
    if (!head || message.id !== head.request.id) return;
    if (message.kind === 'ok') {
      slot.parsed += 1;
      this.complete(slot, { kind: 'ok', body: message.body });
    } else if (message.kind === 'too-deep') {
      this.complete(slot, { kind: 'too-deep', line: message.line, column: message.column });
    } else if (message.kind === 'error' && message.message.startsWith('parse config:')) {
      slot.parsed += 1;
      this.complete(slot, { kind: 'syntax', message: message.message });
    } else {
      const detail = message.kind === 'crash' ? message.detail : `${message.name}: ${message.message}`;
      this.complete(slot, failed(head, `the HCL parser failed on this file (${detail})`));
      this.requeueWaiting(slot);
      void this.retire(slot);
    }
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    const head = slot.inflight[0];
    if (!head) return;
    const seconds = Math.round(this.jobTimeoutMs(slot, head) / 100) / 10;
    if (slot.parsed > 0 && !head.retried) {
      head.retried = true;
      this.requeueWaiting(slot);
    } else {
      this.complete(slot, failed(head, `the HCL parser did not finish within ${seconds} s`));
      this.requeueWaiting(slot);
    }
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    void this.retire(slot);
    this.dispatch();
  }

  private onExit(slot: Slot): void {
    const wasDead = slot.dead;
    slot.dead = true;
    this.slots.delete(slot);
    const head = slot.inflight[0];
    if (head) {
      this.complete(slot, failed(head, 'the HCL parser stopped unexpectedly on this file'));
      this.requeueWaiting(slot);
    }
    if (!wasDead || head) this.dispatch();
  }

  private async retire(slot: Slot): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    this.slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    await slot.worker.terminate();
  }
}

function failed(job: Job, message: string): PoolOutcome {
  return { kind: 'failed', diagnostic: parseError({ file: job.request.file, range: range(1, 1, 1, 1) }, message) };
}
