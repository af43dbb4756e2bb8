/**
 * `Fn::FindInMap` under keys not known (`evaluate-intrinsics.ts`): the literal strings a template's
 * `Mappings` hold under every pair of keys the unknown ones may be, remembered per map and keys.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html
 */
import type { MapNode, TemplateNode } from './template-node.js';
import { child } from './template-node.js';
import { splitServerlessVariables } from './serverless-variables.js';
import type { Unknown } from './template-values.js';

/** The most values `Fn::FindInMap` with unknown keys is said to be one of (as concatenations of `AllowedValues`). */
export const MAX_FOUND_VALUES = 64;

/** The literal strings found (at most `MAX_FOUND_VALUES`) and whether the keys may be missing from the map; `unknown` when a value is not a literal string or there are more. */
export type FoundInMap = { readonly values: readonly string[]; readonly mayBeMissing: boolean } | 'unknown';

export class MapLookups {
  /** Found values by map and keys: a loop may look the same unknown keys up thousands of times in a large map. */
  private readonly found = new Map<string, FoundInMap>();
  /** A number for each list of allowed values met as a key. */
  private readonly listIds = new Map<readonly string[], number>();

  constructor(private readonly root: MapNode) {}

  /** The literal strings the map `mapName` holds under the keys `top` and `second` may be (each of an unknown key's `oneOf`, else any), and whether they may be missing. */
  valuesUnder(mapName: string, top: string | Unknown, second: string | Unknown): FoundInMap {
    // A list of allowed values is named by its identity: writing out a long one for every lookup would cost its length each time.
    const describe = (key: string | Unknown) => (typeof key === 'string' ? JSON.stringify(key) : key.oneOf === undefined ? '*' : `#${this.listId(key.oneOf)}`);
    const cacheKey = `${mapName}\0${describe(top)}\0${describe(second)}`;
    let found = this.found.get(cacheKey);
    if (found === undefined) {
      found = this.search(mapName, top, second);
      this.found.set(cacheKey, found);
    }
    return found;
  }

  private listId(list: readonly string[]): number {
    let id = this.listIds.get(list);
    if (id === undefined) {
      id = this.listIds.size;
      this.listIds.set(list, id);
    }
    return id;
  }

  private search(mapName: string, top: string | Unknown, second: string | Unknown): FoundInMap {
    const map = child(child(this.root, 'Mappings'), mapName);
    if (map?.kind !== 'map') return 'unknown';
    const values = new Set<string>();
    let mayBeMissing = false;
    const under = (node: TemplateNode, key: string | Unknown, visit: (found: TemplateNode) => boolean): boolean => {
      const names = typeof key === 'string' ? [key] : key.oneOf;
      if (names === undefined) mayBeMissing = true;
      const entries = names === undefined ? (node.kind === 'map' ? node.entries.map((e) => e.value) : []) : names.map((n) => child(node, n));
      for (const found of entries) {
        if (found === undefined) mayBeMissing = true;
        else if (!visit(found)) return false;
      }
      return true;
    };
    const complete = under(map, top, (topNode) =>
      under(topNode, second, (found) => {
        // A Serverless Framework variable (`${self:custom.user}`) is no value yet: what the map holds is unknown.
        const written = found.kind === 'scalar' && found.value !== null ? String(found.value) : undefined;
        const value = written !== undefined && splitServerlessVariables(written) === undefined ? written : undefined;
        if (value !== undefined) values.add(value);
        return value !== undefined && values.size <= MAX_FOUND_VALUES;
      }),
    );
    return complete ? { values: [...values], mayBeMissing } : 'unknown';
  }
}
