/**
 * Data files (JSON and YAML), which several formats claim by content: a `.json` file may be a plan,
 * a template, an assembly manifest or none of them. The walk collects them by extension.
 */
import type { FileReader } from '../io/file-reader.js';
import { utf16Text } from '../io/read-source.js';

const DATA_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

/** A JSON or YAML file (Terraform variables files excepted: they belong to their module directory). */
export function isDataFile(name: string): boolean {
  return DATA_EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith('.tfvars.json');
}

/**
 * The first bytes of a file that cannot be read as text, for markers that say it was meant to be an
 * input (then its read error is worth a parse error rather than silence).
 */
export function readHead(file: string, reader: FileReader, bytes = 65536): string {
  const read = reader.readBytes(file, { maxBytes: bytes, head: true });
  if (!read.ok) return '';
  // A UTF-16 file's markers are in its decoded text (its last character may be cut in two: replaced).
  return utf16Text(read.bytes) ?? read.bytes.toString('latin1');
}

/** Yields a turn of the event loop now and then while claiming many files, so timers (the deadline, progress) run. */
export async function yieldEvery(index: number): Promise<void> {
  if (index % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
}
