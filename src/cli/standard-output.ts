import { once } from 'node:events';
import { UsageError } from './usage-error.js';

/**
 * Standard output as the CLI writes it. A reader that stops early (`credlint | head`, a pager quit
 * before the end) closes the pipe, and Node then fails every write with `EPIPE`: the rest of the
 * output is dropped quietly, as `grep` and `git` drop theirs, and the run keeps its exit code (README,
 * "Exit codes"), which still says what the scan found. Any other write error (a full disk under
 * `credlint > report.txt`) is the user's to fix, as a report file that cannot be written is: exit 2
 * with the error code, not an internal error.
 */
let closedByReader = false;
let failure: Error | undefined;
let watching = false;

function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

function cannotWrite(error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new UsageError(`cannot write to standard output (${code ?? (error instanceof Error ? error.message : String(error))})`);
}

/** Listens for the stream's errors once: an `error` event nobody listens to would end the process. */
function watch(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (error) => {
    if (isClosedPipe(error)) closedByReader = true;
    else failure ??= error;
  });
}

/** Writes `text`, waiting while the pipe is full; nothing once the reader has closed it. */
export async function writeStandardOutput(text: string): Promise<void> {
  watch();
  if (failure !== undefined) throw cannotWrite(failure);
  if (closedByReader) return;
  try {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  } catch (error) {
    if (isClosedPipe(error)) closedByReader = true;
    else throw cannotWrite(error);
  }
}
