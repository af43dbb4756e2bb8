/**
 * Terraform's strings are in Unicode Normalization Form C: go-cty makes every string value it builds
 * NFC (`cty.StringVal` and object attribute names go through `cty.NormalizeString`,
 * https://github.com/zclconf/go-cty/blob/main/docs/types.md#ctystring: "strings are normalized to
 * NFC"), whether the string is a literal, a template's result, a function's result, a decoded
 * document or a variable's value. So `"cafe\u0301"` (e and a combining acute accent) and `"café"` are
 * one string: one user name, one map key, one element of a set. credlint normalises where a string
 * value is made: template text when it is parsed, template results, function results, object keys
 * and variable values.
 */
import { Sensitive, TfSet, isLazy, isList, type TfValue, Unknown } from './value.js';
import { objectFrom } from './convert-value.js';

/**
 * A character from U+0300 on. Every character below it is NFC and never composes with the character
 * after it (the first combining marks, and the first characters NFC changes, are U+0300 and above),
 * so a string without one is NFC as it is: the common case costs one scan.
 */
const MAY_CHANGE = /[\u0300-\uffff]/;

/** `text` in NFC. */
export function nfc(text: string): string {
  return MAY_CHANGE.test(text) ? text.normalize('NFC') : text;
}

/**
 * `value` with every string in it, and every object key, in NFC; the value itself where nothing
 * changes. A set whose strings become equal keeps one of them, as a set of those strings would.
 * Unknowns and lazily computed objects (resource instances, module outputs) are kept: what they
 * give is computed by the evaluator, which normalises it there.
 */
export function nfcDeep(value: TfValue): TfValue {
  if (typeof value === 'string') return nfc(value);
  if (value === null || typeof value !== 'object' || value instanceof Unknown || isLazy(value)) return value;
  if (value instanceof Sensitive) {
    const inner = nfcDeep(value.value);
    return inner === value.value ? value : new Sensitive(inner as Sensitive['value']);
  }
  if (isList(value)) {
    const normalised = value.map(nfcDeep);
    return normalised.every((item, i) => item === value[i]) ? value : normalised;
  }
  if (value instanceof TfSet) {
    const normalised = value.items.map(nfcDeep);
    if (normalised.every((item, i) => item === value.items[i])) return value;
    const seen = new Set<string>();
    return new TfSet(
      normalised.filter((item) => {
        if (typeof item !== 'string') return true;
        if (seen.has(item)) return false;
        seen.add(item);
        return true;
      }),
    );
  }
  const object = value;
  const keys = Object.keys(object);
  const entries = keys.map((key): [string, TfValue] => [nfc(key), nfcDeep(object[key] ?? null)]);
  const same = entries.every(([key, item], i) => key === keys[i] && item === object[key]);
  return same ? value : objectFrom(entries);
}
