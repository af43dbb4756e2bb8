import path from 'node:path';
import { formatNames, isFormatName, type FormatName } from '../reporters/format-names.js';

/**
 * The format a report file's extension stands for, when `-o`/`--output` names no format. Only the
 * entries whose format is registered (`src/reporters/format-names.ts`) apply, so an extension starts
 * working the day its reporter is added to the registry.
 */
const FORMAT_OF_EXTENSION: Readonly<Record<string, string>> = {
  '.sarif': 'sarif',
  '.json': 'json',
  '.xml': 'junit',
};

export function formatOfExtension(file: string): FormatName | undefined {
  const format = FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()];
  return format !== undefined && isFormatName(format) ? format : undefined;
}

/** `.sarif → sarif`, for the registered formats only. */
export function extensionMappings(): string[] {
  return Object.entries(FORMAT_OF_EXTENSION)
    .filter(([, format]) => isFormatName(format))
    .map(([extension, format]) => `\`${extension}\` → \`${format}\``);
}

export function registeredFormats(): string {
  return formatNames.map((name) => `\`${name}\``).join(', ');
}
