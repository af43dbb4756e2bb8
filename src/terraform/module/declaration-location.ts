import { FILE_START, type SourceLocation } from '../../core/location.js';
import { findAttribute } from '../locate/find-located.js';
import type { Declared } from './module-config.js';

/** Where a declaration was written: its block header, or its file when locating it failed. */
export function declLocation(decl: Declared, logicalPath: string): SourceLocation {
  return { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath };
}

/** A meta-argument or argument of a block: the attribute where it is written, else the block header. */
export function metaLocation(decl: Declared, name: string, address: string): SourceLocation {
  const attribute = decl.block === undefined ? undefined : findAttribute(decl.block, name);
  return { file: decl.file, range: attribute?.range ?? decl.block?.headerRange ?? FILE_START, logicalPath: `${address}.${name}` };
}
