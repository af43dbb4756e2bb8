import { once } from 'node:events';

/**
 * Standard output as the CLI writes it. A reader that stops early (`credlint | head`, a pager quit
 * before the end) closes the pipe, and Node then fails every write with `EPIPE`: the rest of the
 * output is dropped quietly, as `grep` and `git` drop theirs, and the run keeps its exit code (README,
 * "Exit codes"), which still says what the scan found. Any other write error is reported.
 */
let closedByReader = false;
let failure: Error | undefined;
let watching = false;

function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
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
  if (failure !== undefined) throw failure;
  if (closedByReader) return;
  try {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  } catch (error) {
    if (isClosedPipe(error)) closedByReader = true;
    else throw error;
  }
}
