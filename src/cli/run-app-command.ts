import { spawn } from 'node:child_process';
import { UsageError } from './usage-error.js';

/** The app command could not be started; `exitCode` is what a shell answers (127 not found, 126 not executable). */
export class AppStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** How the app command ended: its exit code, or the signal that ended it. */
export type AppOutcome = { readonly code: number; readonly signal?: undefined } | { readonly code?: undefined; readonly signal: NodeJS.Signals };

/**
 * Signals a terminal or a CI runner sends to stop a job. Each is passed on to the app, which decides
 * how to end, and credlint waits for it (a Ctrl-C reaches the whole foreground process group, so the
 * app may see it twice, as under any wrapper that forwards signals). Windows has no POSIX signals but
 * Ctrl-Break.
 */
const FORWARDED: readonly NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * One argument as cmd.exe reads it: the CDK CLI itself runs `cdk.json`'s `app` through a shell, and
 * on Windows an app is often a `.cmd` (`mvn`, `gradlew`, `npx`), which Node starts only through one
 * (https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows).
 */
function windowsQuoted(argument: string): string {
  return /^[\w\-./\\:=@]+$/.test(argument) ? argument : `"${argument.replaceAll('"', '""')}"`;
}

/**
 * Runs the user's app command as the CDK CLI would have run it: same environment, same working
 * directory, standard input, output and error inherited (the app's own output reaches the terminal
 * as it is written), termination signals passed on. Resolves when the app has ended.
 */
export function runAppCommand(command: readonly string[]): Promise<AppOutcome> {
  const [file, ...args] = command;
  if (file === undefined) throw new UsageError('cdk-app needs the app command after "--"');
  const windows = process.platform === 'win32';
  const child = windows ? spawn([file, ...args].map(windowsQuoted).join(' '), { stdio: 'inherit', shell: true }) : spawn(file, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  const stopForwarding = (): void => {
    for (const signal of FORWARDED) process.off(signal, forward);
  };
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      // Shells answer 127 for a command not found and 126 for one that cannot be executed.
      const code = error.code === 'ENOENT' ? 127 : 126;
      reject(new AppStartError(`cannot run the app command "${file}" (${error.code ?? error.message})`, code));
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(signal === null ? { code: code ?? 1 } : { signal });
    });
  });
}
