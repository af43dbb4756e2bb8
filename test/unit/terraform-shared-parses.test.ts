// Files of identical text parsed for their module calls' notes share one parse (parse-hcl.ts,
// SharedParses): each file still gets its own diagnostics, at the positions an unshared parse gives.
import { describe, expect, it } from 'vitest';
import { parseNativeHcl } from '../../src/terraform/native/parse-native-hcl.js';
import { SharedParses } from '../../src/terraform/parse-hcl.js';
import { MODULE_SOURCES } from '../../src/terraform/module/read-module-files.js';

const CALLS = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr   = "10.0.0.0/16"\n}\n';
const BROKEN = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  cidr   = (1 +\n}\n';

describe('SharedParses', () => {
  it('gives a text parsed before that parse, and the parse an unshared one gives', () => {
    const shared = new SharedParses(MODULE_SOURCES);
    const first = shared.parse(CALLS, 1000);
    expect(first).toEqual(parseNativeHcl(CALLS, MODULE_SOURCES, 1000));
    expect(shared.parse(CALLS.slice(0, 10) + CALLS.slice(10), 1000)).toBe(first);
    const failed = shared.parse(BROKEN, 1000);
    expect(failed).toEqual(parseNativeHcl(BROKEN, MODULE_SOURCES, 1000));
    expect(failed.ok).toBe(false);
    expect(shared.parse(BROKEN, 1000)).toBe(failed);
  });

  it('parses again under another node limit, whose result may differ', () => {
    const shared = new SharedParses(MODULE_SOURCES);
    expect(shared.parse(CALLS, 1000).ok).toBe(true);
    const bounded = shared.parse(CALLS, 2);
    expect(bounded).toEqual(parseNativeHcl(CALLS, MODULE_SOURCES, 2));
    expect(bounded.ok).toBe(false);
  });

  it('keeps no more text than its bound', () => {
    const shared = new SharedParses(MODULE_SOURCES, CALLS.length);
    const kept = shared.parse(CALLS, 1000);
    const other = `# another file\n${CALLS}`;
    const notKept = shared.parse(other, 1000);
    expect(shared.parse(CALLS, 1000)).toBe(kept);
    expect(shared.parse(other, 1000)).not.toBe(notKept);
    expect(shared.parse(other, 1000)).toEqual(notKept);
  });
});
