/**
 * The notes a module instance leaves in the evaluation under way when it reads one instance of a
 * module call whose instances are unknown (`ModuleInstance.readsOfOneInstance`): `module.m[0]` of a
 * call of one instance at most, or `module.users["ana"]` of a call that may make more. Each note names
 * the module instance (its address prefix) and what was read there.
 */

/** Marks a read by key; a call's name never starts so. */
const READ_NOTE = 'read ';
/** Between a module instance's address and what was read in it. */
const NOTE_SEPARATOR = '\u0000';

function readNote(addressPrefix: string, what: string): string {
  return `${addressPrefix}${NOTE_SEPARATOR}${what}`;
}

/** The note of a read of the one instance of the call `name` (`module.m[0]`) in the module instance at `addressPrefix`. */
export function oneInstanceNote(addressPrefix: string, name: string): string {
  return readNote(addressPrefix, name);
}

/** The note of a read of the instance `read` (`users["ana"]`) of a call of unknown instances in the module instance at `addressPrefix`. */
export function keyedInstanceNote(addressPrefix: string, read: string): string {
  return readNote(addressPrefix, `${READ_NOTE}${read}`);
}

/** Of `noted`, the reads made in the module instance at `addressPrefix`: calls read by index, and instances read by key. */
export function readsIn(addressPrefix: string, noted: ReadonlySet<string>): { readonly calls: ReadonlySet<string>; readonly reads: ReadonlySet<string> } {
  const calls = new Set<string>();
  const reads = new Set<string>();
  const own = readNote(addressPrefix, '');
  for (const note of noted) {
    if (!note.startsWith(own)) continue;
    const what = note.slice(own.length);
    if (what.startsWith(READ_NOTE)) reads.add(what.slice(READ_NOTE.length));
    else calls.add(what);
  }
  return { calls, reads };
}

/**
 * Marks a read of a block of one instance at most whose `count` is unknown (`switched-reads.ts`);
 * no read note starts so (an address prefix is empty or starts with `module.`).
 */
const SWITCHED_NOTE = '\u0001';

/** The note of a read of the switched block `address` (`aws_iam_user.this`) of the module instance at `addressPrefix`. */
export function switchedBlockNote(addressPrefix: string, address: string): string {
  return `${SWITCHED_NOTE}${readNote(addressPrefix, address)}`;
}

/**
 * Of `noted`, the switched blocks read in the module instance at `addressPrefix`, by address, and those
 * read in module instances under it, by their address from there (`module.outer.module.u`).
 */
export function switchedBlocksIn(addressPrefix: string, noted: ReadonlySet<string>): string[] {
  const own = `${SWITCHED_NOTE}${addressPrefix}`;
  const found: string[] = [];
  for (const note of noted) {
    if (!note.startsWith(own)) continue;
    const [under = '', address = ''] = note.slice(own.length).split(NOTE_SEPARATOR);
    found.push(`${under}${address}`);
  }
  return found;
}
