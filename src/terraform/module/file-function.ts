/**
 * Terraform's `file(path)` for one root module: the text of a file of the repository, read through
 * the scan's reader (the repository boundary and the size limit apply, as to every file credlint reads).
 * A relative path is taken from the root module's directory, Terraform's working directory, which is
 * why modules write `"${path.module}/users.yaml"`; the file is read as UTF-8 and a file that does not
 * exist or is not valid UTF-8 is an error, as in Terraform
 * (https://developer.hashicorp.com/terraform/language/functions/file). A file the reader refuses
 * (outside the repository, not a regular file, over the size limit) is an unknown: credlint did not
 * read it, so nothing is concluded from it.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { FileReader } from '../../io/file-reader.js';
import { EvaluationError, Unknown, type TfValue } from '../expr/value.js';

export function fileFunction(rootDir: string, reader: FileReader): (path: string) => TfValue {
  const read = new Map<string, TfValue>();
  return (path) => {
    const absolute = resolve(rootDir, path);
    const cached = read.get(absolute);
    if (cached !== undefined) return cached;
    const shown = relative(rootDir, absolute).split(sep).join('/');
    let value: TfValue;
    const source = reader.readSource(absolute);
    if (source.ok) value = source.text;
    else if (!reader.isInside(absolute)) value = new Unknown(`file(): ${JSON.stringify(shown)} is outside the repository and is not read`);
    else if (!existsSync(absolute)) value = new EvaluationError(`file(): no file exists at ${JSON.stringify(shown)}`);
    else if (/UTF-8|NUL byte|UTF-16/.test(source.diagnostic.message)) value = new EvaluationError(`file(): ${JSON.stringify(shown)} is not valid UTF-8 text`);
    else value = new Unknown(`file(): ${JSON.stringify(shown)} is not read: ${source.diagnostic.message}`);
    read.set(absolute, value);
    return value;
  };
}
