import { describe, expect, it } from 'vitest';
import { splitAppCommand } from '../../src/cli/app-command-split.js';

describe('splitAppCommand: where the shell ends the command cdk-app wraps', () => {
  it('finds the && of the app that cdk init app --language typescript writes, prefixed', () => {
    expect(splitAppCommand('npx credlint cdk-app -- npx tsc && npx tsx bin/my-app.ts')).toEqual({
      wrapper: 'npx credlint cdk-app --',
      wrapped: 'npx tsc',
      wrappedProgram: 'npx',
      operator: '&&',
      whole: 'npx tsc && npx tsx bin/my-app.ts',
    });
  });

  it.each([
    ['npx credlint cdk-app --rule "root-user-access-key: off" -- go mod download; go run app.go', ';', 'go mod download'],
    ['npx credlint cdk-app -- python3 app.py || true', '||', 'python3 app.py'],
    ['npx credlint cdk-app -- python3 app.py | tee log', '|', 'python3 app.py'],
    ['npx credlint cdk-app -- python3 app.py & wait', '&', 'python3 app.py'],
    ['npx credlint cdk-app -- make\npython3 app.py', '\n', 'make'],
  ])('%j ends at %j', (app, operator, wrapped) => {
    expect(splitAppCommand(app)).toMatchObject({ operator, wrapped });
  });

  it.each([
    'npx credlint cdk-app -- python3 app.py',
    'npx credlint cdk-app -- sh -c "go mod download && go run app.go"',
    "npx credlint cdk-app -- sh -c 'npx tsc && npx tsx bin/app.ts'",
    'npx credlint cdk-app -- sh -c npx\\ tsc\\ \\&\\&\\ npx\\ tsx',
    'npx credlint cdk-app -- python3 app.py 2>&1',
    'npx credlint cdk-app -- python3 app.py &>log',
    'npx credlint cdk-app -- python3 app.py >&2',
    'npx credlint cdk-app -- python3 app.py # && not a command',
    'npx tsc && npx tsx bin/app.ts',
    'npx tsc && npx credlint cdk-app -- npx tsx bin/app.ts',
    'npx credlint cdk-app && npx tsx bin/app.ts',
    'npx credlint cdk-app -- "unclosed && quote',
  ])('%j: the wrapped command runs to the end, or cdk-app wraps nothing cut short', (app) => {
    expect(splitAppCommand(app)).toBeUndefined();
  });
});
