/**
 * A git index (https://git-scm.com/docs/index-format) written byte by byte, for tests that cannot run
 * git: entries with zeroed stat data and object names, in the order given. Version 2 and 3 pad each
 * entry to a multiple of 8 bytes; version 3 sets the extended flag on the entries named in
 * `extended`; version 4 compresses each path against the previous one.
 */
export function gitIndexBytes(paths: readonly string[], version: 2 | 3 | 4 = 2, extended: ReadonlySet<string> = new Set()): Buffer {
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(paths.length, 8);
  const parts: Buffer[] = [header];
  let previous = Buffer.alloc(0);
  for (const path of paths) {
    const name = Buffer.from(path, 'utf8');
    const isExtended = version === 3 && extended.has(path);
    const fixed = Buffer.alloc(62 + (isExtended ? 2 : 0));
    fixed.writeUInt32BE(0o100644, 24);
    fixed.writeUInt16BE((isExtended ? 0x4000 : 0) | Math.min(name.length, 0xfff), 60);
    if (version === 4) {
      let common = 0;
      while (common < previous.length && common < name.length && previous[common] === name[common]) common += 1;
      parts.push(fixed, varint(previous.length - common), name.subarray(common), Buffer.alloc(1));
    } else {
      const size = (fixed.length + name.length + 8) & ~7;
      parts.push(fixed, name, Buffer.alloc(size - fixed.length - name.length));
    }
    previous = name;
  }
  return Buffer.concat(parts);
}

/** Git's offset varint (`encode_varint`). */
function varint(value: number): Buffer {
  const bytes = [value & 0x7f];
  for (let rest = value >> 7; rest > 0; rest = (rest - 1) >> 7) bytes.unshift(0x80 | ((rest - 1) & 0x7f));
  return Buffer.from(bytes);
}
