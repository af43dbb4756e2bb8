/**
 * A function with one `return` whose every other way out ends the process or throws (a config loader
 * `try { return parse(process.env); } catch (e) { console.error(e); process.exit(1); }`, or
 * `if (ok) return cfg; throw new Error(...)`) gives that return's value whenever a call of it gives
 * a value at all: `process.exit()` does not return (https://nodejs.org/api/process.html#processexitcode)
 * and a `throw` leaves the call without a value. A function that may also run off its end (a `catch`
 * that only logs), a `finally`, or a `process` that is not Node's global leave the value unknown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const CONFIG =
  'export interface Config { readonly rotating: boolean }\nexport function parseConfig(_env: NodeJS.ProcessEnv): Config {\n  return { rotating: true };\n}\n';

async function findings(loader: string): Promise<string[]> {
  const root = tempTree(
    {
      'package.json': '{"dependencies": {"aws-cdk-lib": "2.0.0"}}',
      'cdk.json': '{"app": "npx ts-node --prefer-ts-exts bin/main.ts", "context": {}}',
      'lib/config.ts': CONFIG,
      'bin/main.ts':
        "import { App, Stack } from 'aws-cdk-lib';\nimport { AccessKey, User } from 'aws-cdk-lib/aws-iam';\nimport { parseConfig, type Config } from '../lib/config';\n" +
        loader +
        "const config = loadConfig();\nconst app = new App();\nconst stack = new Stack(app, 'Ci');\nconst user = new User(stack, 'Bot', { userName: 'ci-bot' });\n" +
        "new AccessKey(stack, 'Key0', { user });\nif (config.rotating) new AccessKey(stack, 'Key1', { user });\n",
    },
    'credlint-return-past-an-exit-',
  );
  const result = await lint({ paths: [root], cwd: root, reportUnknown: true });
  return result.findings.map((f) => `${f.severity} ${f.ruleId} ${f.message}`);
}

const TWO_KEYS = 'error multiple-active-access-keys IAM user "ci-bot" has 2 active access keys (Ci/Key0, Ci/Key1); at most one may be active.';

describe('a function whose one return is the only way it gives a value', () => {
  it('returns from a try whose catch ends the process', async () => {
    expect(
      await findings(
        'function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    console.error(error);\n    process.exit(1);\n  }\n}\n',
      ),
    ).toEqual([TWO_KEYS]);
  });

  it('returns from a try whose catch throws again', async () => {
    expect(
      await findings(
        'function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    throw new Error(`bad config: ${String(error)}`);\n  }\n}\n',
      ),
    ).toEqual([TWO_KEYS]);
  });

  it('returns from a try and ends the process after it', async () => {
    expect(
      await findings(
        'function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    console.error(error);\n  }\n  globalThis.process.exit(1);\n}\n',
      ),
    ).toEqual([TWO_KEYS]);
  });

  it('returns under an if whose other way throws', async () => {
    expect(
      await findings(
        "const loadConfig = (): Config => {\n  const config = parseConfig(process.env);\n  if (config.rotating) {\n    return config;\n  }\n  throw new Error('not rotating');\n};\n",
      ),
    ).toEqual([TWO_KEYS]);
  });
});

describe('a function that may give another value', () => {
  const unknownKeys = (finding: string | undefined) =>
    expect(finding).toMatch(/^warning multiple-active-access-keys .*created only if config\.rotating: loadConfig\(\) returns from more than one place/);

  it('runs off its end after a catch that only logs', async () => {
    const [finding, ...rest] = await findings(
      'function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    console.error(error);\n  }\n}\n',
    );
    unknownKeys(finding);
    expect(rest).toEqual([]);
  });

  it('has a finally, or ends with a process that is not the global one', async () => {
    const [withFinally] = await findings(
      "function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    process.exit(1);\n  } finally {\n    console.log('done');\n  }\n}\n",
    );
    unknownKeys(withFinally);
    const [localProcess] = await findings(
      'const runner = { exit(code: number): void { console.log(code); } };\nfunction loadConfig(process = runner): Config {\n  try {\n    return parseConfig({});\n  } catch (error) {\n    process.exit(1);\n  }\n}\n',
    );
    unknownKeys(localProcess);
  });

  it('sets an exit code without ending the process', async () => {
    const [finding] = await findings(
      'function loadConfig(): Config {\n  try {\n    return parseConfig(process.env);\n  } catch (error) {\n    process.exitCode = 1;\n  }\n}\n',
    );
    unknownKeys(finding);
  });
});
