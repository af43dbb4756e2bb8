import type { ParsedArguments } from './parse-arguments.js';
import { UsageError } from './usage-error.js';

/**
 * `--list-rules` and `--print-config` print to standard output and exit without scanning. The scan's
 * report flags and paths would be ignored there (`--list-rules -o rules.txt` wrote no file and
 * exited 0), so they are refused with what to write instead.
 */
export function checkPrintAndExit(args: ParsedArguments): void {
  const listRules = args.flag('list-rules');
  const printConfig = args.string('print-config') !== undefined;
  if (!listRules && !printConfig) return;
  if (listRules && printConfig) throw new UsageError('--list-rules and --print-config each print and exit: give one');
  const flag = listRules ? '--list-rules' : '--print-config';
  if (args.string('output-file') !== undefined || args.list('output').length > 0) {
    const command = listRules ? 'credlint --list-rules' : 'credlint --print-config <file>';
    throw new UsageError(`${flag} prints to standard output: -o and --output write scan reports (redirect instead: ${command} > file)`);
  }
  const format = args.string('format');
  if (format !== undefined && format !== 'json')
    throw new UsageError(
      listRules ? `--list-rules prints a table, or JSON with --format json, got --format ${format}` : `--print-config prints JSON, got --format ${format}`,
    );
  const [path] = args.positionals;
  if (path !== undefined)
    throw new UsageError(
      listRules
        ? `--list-rules takes no paths, got "${path}"`
        : `--print-config shows the configuration of its one file (--print-config <file>), got also "${path}"`,
    );
}
