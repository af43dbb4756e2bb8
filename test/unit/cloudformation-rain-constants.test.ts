import { describe, expect, it } from 'vitest';
import { rainConstant, replaceRainConstants } from '../../src/cloudformation/rain-constants.js';
import { parseTemplateText } from '../../src/cloudformation/parse-template.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import type { MapNode } from '../../src/cloudformation/template-node.js';

function rootOf(text: string): MapNode {
  const document = parseTemplateText('/t/template.yaml', text, DEFAULT_LIMITS).documents[0];
  if (!document) throw new Error('no document');
  return document.root;
}

const ROOT = rootOf(`Rain:
  Constants:
    Team: payments
    Lead: \${Rain::Team}-lead
    Later: \${Rain::After}
    After: x
    Tags:
      Owner: ops
Resources: {}
`);

describe('Rain constants', () => {
  it('replaces ${Rain::Name} and ${Const::Name} of string constants, through constants declared before', () => {
    expect(replaceRainConstants(ROOT, '${Rain::Lead}/${Const::Team}-${AWS::Region}')).toBe('payments-lead/payments-${AWS::Region}');
  });

  it('leaves a name not declared, an escaped one, an object constant and a constant used before its declaration as written', () => {
    expect(replaceRainConstants(ROOT, '${Rain::Missing} ${!Rain::Team} ${Rain::Tags}')).toBe('${Rain::Missing} ${!Rain::Team} ${Rain::Tags}');
    expect(rainConstant(ROOT, 'Later')).toMatchObject({ kind: 'scalar', value: '${Rain::After}' });
    expect(rainConstant(ROOT, 'Tags')?.kind).toBe('map');
    expect(rainConstant(ROOT, 'Missing')).toBeUndefined();
  });

  it('does not build a constant that doubles past the bound', () => {
    const lines = ['Rain:', '  Constants:', '    C0: abcdefgh'];
    for (let i = 1; i <= 40; i++) lines.push(`    C${String(i)}: \${Rain::C${String(i - 1)}}\${Rain::C${String(i - 1)}}`);
    const root = rootOf(`${lines.join('\n')}\nResources: {}\n`);
    expect(replaceRainConstants(root, '${Rain::C3}')).toBe('abcdefgh'.repeat(8));
    // 2^40 × 8 characters: left as written, in linear time.
    expect(replaceRainConstants(root, '${Rain::C40}')).toBe('${Rain::C40}');
  });
});
