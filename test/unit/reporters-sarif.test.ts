import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { getReporter } from '../../src/reporters/index.js';
import { sarifRegion } from '../../src/reporters/sarif-reporter.js';
import { consoleUserMeta, rootKeyMeta, removeSampleProjects, sampleProject } from '../support/reporters-sample-result.js';

afterAll(removeSampleProjects);

const sarif = getReporter('sarif');
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const LEVELS = ['none', 'note', 'warning', 'error'];

/**
 * Checks what credlint emits against the constraints of the SARIF 2.1.0 JSON schema
 * (sarif-schema-2.1.0.json: required properties, types, enums, minimums, uniqueItems) and the extra
 * constraints of GitHub code scanning (security-severity a number 0–10, ruleIndex pointing at its rule).
 */
function validateSarif(log: Json): string[] {
  const errors: string[] = [];
  const fail = (where: string, what: string) => errors.push(`${where}: ${what}`);
  const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
  const object = (value: Json | undefined, where: string, required: string[]): JsonObject | undefined => {
    if (!isObject(value)) return void fail(where, 'not an object');
    for (const key of required) if (!(key in value)) fail(where, `missing ${key}`);
    return value;
  };
  const string = (value: Json | undefined, where: string, optional = false) => {
    if (value === undefined && optional) return;
    if (typeof value !== 'string' || value.length === 0) fail(where, 'not a non-empty string');
  };
  const integer = (value: Json | undefined, where: string, minimum: number, optional = false) => {
    if (value === undefined && optional) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) fail(where, `not an integer >= ${minimum}`);
  };
  const array = (value: Json | undefined, where: string): Json[] => {
    if (!Array.isArray(value)) {
      fail(where, 'not an array');
      return [];
    }
    return value;
  };
  const absoluteUri = (value: Json | undefined, where: string) => {
    string(value, where);
    if (typeof value === 'string' && !URL.canParse(value)) fail(where, 'not an absolute URI');
  };
  const uriReference = (value: Json | undefined, where: string) => {
    string(value, where);
    if (typeof value === 'string' && (/[\s#?\\]/.test(value) || !URL.canParse(value, 'file:///base/'))) fail(where, 'not a URI reference');
  };
  const message = (value: Json | undefined, where: string) => string(object(value, where, ['text'])?.['text'], `${where}.text`);
  const location = (value: Json | undefined, where: string, baseIds: Set<string>) => {
    const loc = object(value, where, []);
    if (!loc) return;
    integer(loc['id'], `${where}.id`, 0, true);
    if (loc['message'] !== undefined) message(loc['message'], `${where}.message`);
    const physical = object(loc['physicalLocation'], `${where}.physicalLocation`, ['artifactLocation', 'region']);
    const artifact = object(physical?.['artifactLocation'], `${where}.artifactLocation`, ['uri']);
    uriReference(artifact?.['uri'], `${where}.artifactLocation.uri`);
    const baseId = artifact?.['uriBaseId'];
    if (baseId !== undefined && (typeof baseId !== 'string' || !baseIds.has(baseId))) fail(where, `unknown uriBaseId ${String(baseId)}`);
    if (baseId === undefined && typeof artifact?.['uri'] === 'string') absoluteUri(artifact['uri'], `${where}.artifactLocation.uri`);
    const region = object(physical?.['region'], `${where}.region`, ['startLine']);
    if (region) {
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) integer(region[key], `${where}.region.${key}`, 1);
      const { startLine, startColumn, endLine, endColumn } = region as Record<string, number>;
      if (endLine! < startLine! || (endLine === startLine && endColumn! < startColumn!)) fail(where, 'region ends before it starts');
    }
    for (const [index, logical] of array(loc['logicalLocations'] ?? [], `${where}.logicalLocations`).entries()) {
      const entry = object(logical, `${where}.logicalLocations[${index}]`, ['fullyQualifiedName', 'kind']);
      string(entry?.['fullyQualifiedName'], `${where}.logicalLocations[${index}].fullyQualifiedName`);
      if (entry?.['kind'] !== 'resource') fail(where, 'logical location kind is not resource');
    }
  };

  const root = object(log, 'log', ['version', 'runs', '$schema']);
  if (root?.['version'] !== '2.1.0') fail('log.version', 'not 2.1.0');
  absoluteUri(root?.['$schema'], 'log.$schema');
  const runs = array(root?.['runs'], 'log.runs');
  if (runs.length !== 1) fail('log.runs', 'not exactly one run');
  for (const [runIndex, runValue] of runs.entries()) {
    const at = `runs[${runIndex}]`;
    const run = object(runValue, at, ['tool', 'results']);
    if (run?.['columnKind'] !== 'utf16CodeUnits') fail(`${at}.columnKind`, 'not utf16CodeUnits');
    const baseIds = new Set<string>();
    for (const [id, base] of Object.entries(object(run?.['originalUriBaseIds'], `${at}.originalUriBaseIds`, ['%SRCROOT%']) ?? {})) {
      const uri = object(base, `${at}.originalUriBaseIds.${id}`, ['uri'])?.['uri'];
      absoluteUri(uri, `${at}.originalUriBaseIds.${id}.uri`);
      if (typeof uri === 'string' && !uri.endsWith('/')) fail(`${at}.originalUriBaseIds.${id}`, 'no trailing slash');
      baseIds.add(id);
    }
    const driver = object(object(run?.['tool'], `${at}.tool`, ['driver'])?.['driver'], `${at}.tool.driver`, ['name', 'version', 'informationUri', 'rules']);
    string(driver?.['name'], 'driver.name');
    string(driver?.['version'], 'driver.version');
    absoluteUri(driver?.['informationUri'], 'driver.informationUri');
    const rules = array(driver?.['rules'], 'driver.rules').map((value, index) => {
      const where = `rules[${index}]`;
      const required = ['id', 'name', 'shortDescription', 'fullDescription', 'help', 'helpUri', 'defaultConfiguration', 'properties'];
      const rule = object(value, where, required);
      string(rule?.['id'], `${where}.id`);
      string(rule?.['name'], `${where}.name`);
      message(rule?.['shortDescription'], `${where}.shortDescription`);
      message(rule?.['fullDescription'], `${where}.fullDescription`);
      const help = object(rule?.['help'], `${where}.help`, ['text', 'markdown']);
      string(help?.['text'], `${where}.help.text`);
      string(help?.['markdown'], `${where}.help.markdown`);
      if (rule?.['helpUri'] !== undefined) absoluteUri(rule['helpUri'], `${where}.helpUri`);
      const level = object(rule?.['defaultConfiguration'], `${where}.defaultConfiguration`, ['level'])?.['level'];
      if (!LEVELS.includes(String(level))) fail(`${where}.defaultConfiguration.level`, 'not a level');
      const properties = object(rule?.['properties'], `${where}.properties`, ['tags']);
      const tags = array(properties?.['tags'], `${where}.properties.tags`);
      if (new Set(tags).size !== tags.length || tags.some((tag) => typeof tag !== 'string' || /\s/.test(tag))) {
        fail(`${where}.tags`, 'not unique strings without spaces');
      }
      const severity = properties?.['security-severity'];
      if (severity !== undefined && (typeof severity !== 'string' || !(Number(severity) >= 0 && Number(severity) <= 10))) {
        fail(`${where}.security-severity`, 'not a number string within 0–10');
      }
      return typeof rule?.['id'] === 'string' ? rule['id'] : '';
    });
    if (new Set(rules).size !== rules.length) fail('driver.rules', 'duplicate rule ids');
    for (const [index, value] of array(run?.['results'], `${at}.results`).entries()) {
      const where = `results[${index}]`;
      const result = object(value, where, ['ruleId', 'ruleIndex', 'level', 'message', 'locations', 'partialFingerprints']);
      if (!result) continue;
      string(result['ruleId'], `${where}.ruleId`);
      integer(result['ruleIndex'], `${where}.ruleIndex`, 0);
      if (rules[Number(result['ruleIndex'])] !== result['ruleId']) fail(`${where}.ruleIndex`, 'does not point at its rule');
      if (!LEVELS.includes(String(result['level']))) fail(`${where}.level`, 'not a level');
      message(result['message'], `${where}.message`);
      const locations = array(result['locations'], `${where}.locations`);
      if (locations.length !== 1) fail(`${where}.locations`, 'not exactly one location');
      for (const [i, loc] of locations.entries()) location(loc, `${where}.locations[${i}]`, baseIds);
      const related = array(result['relatedLocations'] ?? [], `${where}.relatedLocations`);
      for (const [i, loc] of related.entries()) location(loc, `${where}.relatedLocations[${i}]`, baseIds);
      const ids = related.map((loc) => (isObject(loc) ? loc['id'] : undefined));
      if (ids.some((id) => id === undefined) || new Set(ids).size !== ids.length) fail(`${where}.relatedLocations`, 'ids missing or not unique');
      const fingerprints = object(result['partialFingerprints'], `${where}.partialFingerprints`, []);
      for (const [key, fingerprint] of Object.entries(fingerprints ?? {})) string(fingerprint, `${where}.partialFingerprints.${key}`);
      for (const [i, suppression] of array(result['suppressions'] ?? [], `${where}.suppressions`).entries()) {
        const entry = object(suppression, `${where}.suppressions[${i}]`, ['kind']);
        if (!['inSource', 'external'].includes(String(entry?.['kind']))) fail(`${where}.suppressions[${i}].kind`, 'not inSource/external');
        string(entry?.['justification'], `${where}.suppressions[${i}].justification`);
        if (entry?.['location'] !== undefined) location(entry['location'], `${where}.suppressions[${i}].location`, baseIds);
      }
    }
    for (const [index, invocation] of array(run?.['invocations'] ?? [], `${at}.invocations`).entries()) {
      const entry = object(invocation, `invocations[${index}]`, ['executionSuccessful']);
      if (typeof entry?.['executionSuccessful'] !== 'boolean') fail(`invocations[${index}]`, 'executionSuccessful not boolean');
      for (const [i, notification] of array(entry?.['toolExecutionNotifications'] ?? [], 'notifications').entries()) {
        const note = object(notification, `notifications[${i}]`, ['message']);
        message(note?.['message'], `notifications[${i}].message`);
        if (!LEVELS.includes(String(note?.['level']))) fail(`notifications[${i}].level`, 'not a level');
        for (const [j, loc] of array(note?.['locations'] ?? [], 'notification locations').entries())
          location(loc, `notifications[${i}].locations[${j}]`, baseIds);
      }
    }
  }
  return errors;
}

function render(result: LintResult, cwd: string): JsonObject {
  return JSON.parse(sarif(result, { cwd, color: false, readSource: () => undefined })) as JsonObject;
}

function firstRun(log: JsonObject): JsonObject {
  return (log['runs'] as JsonObject[])[0]!;
}

describe('sarif reporter', () => {
  const project = sampleProject();
  const log = render(project.result, project.cwd);
  const run = firstRun(log);
  const results = run['results'] as JsonObject[];
  const rules = (run['tool'] as { driver: { rules: JsonObject[] } }).driver.rules;

  it('is structurally valid SARIF 2.1.0 for code scanning', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('has a validator that notices the mistakes it guards against', () => {
    const broken = structuredClone(log);
    const result = (firstRun(broken)['results'] as JsonObject[])[0]!;
    result['ruleIndex'] = 1;
    const region = ((result['locations'] as JsonObject[])[0]!['physicalLocation'] as JsonObject)['region'] as JsonObject;
    region['startLine'] = 0;
    expect(validateSarif(broken)).toEqual([
      'results[0].ruleIndex: does not point at its rule',
      'results[0].locations[0].region.startLine: not an integer >= 1',
    ]);
  });

  it('describes every enabled rule, sorted by id, with its own summary and a link to its own README', () => {
    const documentation = (id: string) => `https://unpkg.com/credlint@${packageVersion}/rules/${id}/README.md`;
    expect(rules.map((rule) => rule['id'])).toEqual(['console-user-with-access-key', 'root-user-access-key']);
    expect(rules[0]).toEqual({
      id: 'console-user-with-access-key',
      name: 'ConsoleUserWithAccessKey',
      shortDescription: { text: consoleUserMeta.title },
      fullDescription: { text: consoleUserMeta.rationale },
      help: {
        text:
          `${consoleUserMeta.title}\n\n${consoleUserMeta.rationale}\n\nHow to fix: ${consoleUserMeta.remediation}\n\n` +
          'Controls:\n- CIS AWS Foundations Benchmark v1.3.0–v4.0.1 1.11\n- CIS AWS Foundations Benchmark v6.0.0 2.10\n\n' +
          'References:\n- Managing access keys for IAM users: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html\n\n' +
          `Full documentation: ${documentation('console-user-with-access-key')}`,
        markdown:
          `**${consoleUserMeta.title}**\n\n${consoleUserMeta.rationale}\n\n**How to fix:** ${consoleUserMeta.remediation}\n\n` +
          '**Controls**\n\n- CIS AWS Foundations Benchmark v1.3.0–v4.0.1 1.11\n- CIS AWS Foundations Benchmark v6.0.0 2.10\n\n' +
          '**References**\n\n- [Managing access keys for IAM users](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html)\n\n' +
          `[Full documentation of \`console-user-with-access-key\`](${documentation('console-user-with-access-key')})`,
      },
      helpUri: documentation('console-user-with-access-key'),
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'cis-aws-foundations-benchmark/v1.3.0–v4.0.1/1.11', 'cis-aws-foundations-benchmark/v6.0.0/2.10'],
        'security-severity': '5.3',
        precision: 'high',
      },
    });
    const driver = (run['tool'] as { driver: JsonObject }).driver;
    expect([driver['name'], driver['version'], driver['semanticVersion']]).toEqual(['credlint', packageVersion, packageVersion]);
    expect(rules[1]?.['helpUri']).toBe(documentation('root-user-access-key'));
    expect((rules[1]?.['properties'] as JsonObject)['security-severity']).toBe(rootKeyMeta.securitySeverity.toFixed(1));
    expect(driver['notifications']).toEqual([
      expect.objectContaining({ id: 'parse-error', name: 'ParseError', helpUri: `https://unpkg.com/credlint@${packageVersion}/README.md` }),
    ]);
  });

  it('writes results with repository-relative URIs, logical and related locations, fingerprints and suppressions', () => {
    expect(run['originalUriBaseIds']).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(project.cwd).href}/` } });
    expect(results.map((result) => [result['ruleId'], result['ruleIndex'], result['level']])).toEqual([
      ['console-user-with-access-key', 0, 'error'],
      ['root-user-access-key', 1, 'error'],
    ]);
    expect(results[0]).toEqual({
      ruleId: 'console-user-with-access-key',
      ruleIndex: 0,
      level: 'error',
      message: { text: project.result.findings[1]?.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 36 },
          },
          logicalLocations: [{ fullyQualifiedName: 'aws_iam_access_key.ops', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 0,
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 5, startColumn: 1, endLine: 5, endColumn: 44 },
          },
          message: { text: 'console login profile aws_iam_user_login_profile.ops' },
        },
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 30 },
          },
          message: { text: 'IAM user aws_iam_user.ops' },
        },
      ],
      partialFingerprints: { 'credlint/v1': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
      properties: { unitId: 'terraform:infra' },
    });
    expect(results[1]?.['suppressions']).toEqual([
      {
        kind: 'inSource',
        justification: 'break-glass key, rotated by hand',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 13, startColumn: 1, endLine: 13, endColumn: 75 },
          },
        },
      },
    ]);
    expect(results[1]?.['relatedLocations']).toBeUndefined();
    expect(results[0]?.['suppressions']).toBeUndefined();
  });

  it('reports parse errors and notes as tool execution notifications of an unsuccessful run', () => {
    expect(run['invocations']).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: project.result.findings[0]?.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken/main.tf', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 },
                },
              },
            ],
            descriptor: { id: 'parse-error', index: 0 },
          },
          {
            level: 'note',
            message: { text: 'module "vpc" from the registry was not scanned: run `terraform init` to download it.' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
                },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('percent-encodes file names, uses file URIs outside the root, marks baselines external and keeps CDK facts', () => {
    const cwd = path.resolve('/repo');
    const base: Omit<Finding, 'location'> = { ruleId: 'root-user-access-key', severity: 'warning', message: 'm', related: [], fingerprint: 'f' };
    const result: LintResult = {
      findings: [
        {
          ...base,
          location: { file: path.join(cwd, 'my stacks', 'a#b:c%.template.json'), range: range(0, 0, 0, 0) },
          constructPath: 'App/Stack/Key/Resource',
          unknown: true,
          suppression: { kind: 'baseline', justification: 'known' },
        },
        { ...base, location: { file: path.resolve('/elsewhere/x.tf'), range: range(2, 3, 1, 1) } },
      ],
      notes: [],
      rules: [rootKeyMeta],
      filesScanned: 2,
      cwd,
    };
    const out = render(result, cwd);
    expect(validateSarif(out)).toEqual([]);
    const [first, second] = firstRun(out)['results'] as JsonObject[];
    expect((first?.['locations'] as JsonObject[])[0]?.['physicalLocation']).toEqual({
      artifactLocation: { uri: 'my%20stacks/a%23b%3Ac%25.template.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    });
    expect(first?.['suppressions']).toEqual([{ kind: 'external', justification: 'known' }]);
    expect(first?.['properties']).toEqual({ constructPath: 'App/Stack/Key/Resource', unknown: true });
    expect(first?.['level']).toBe('warning');
    expect((second?.['locations'] as JsonObject[])[0]?.['physicalLocation']).toEqual({
      artifactLocation: { uri: pathToFileURL(path.resolve('/elsewhere/x.tf')).href },
      region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 3 },
    });
  });

  // SARIF §3.11.6: `[text](id)` in a plain text message is a link, which GitHub code scanning renders (to
  // a related location, or a URL); a user name or address from the pull request must read as written.
  it('escapes square brackets and backslashes in every message, so no name from the input becomes a link', () => {
    const cwd = path.resolve('/repo');
    const at = { file: path.join(cwd, 'main.tf'), range: range(1, 1, 1, 2) };
    const name = 'IAM user "[approved by security, exception SEC-1](0) C:\\ops" has a key';
    const result: LintResult = {
      findings: [
        {
          ruleId: 'root-user-access-key',
          severity: 'error',
          message: name,
          related: [{ location: at, message: 'IAM user aws_iam_user.u["[x](https://example.com)"]' }],
          fingerprint: 'f',
          location: at,
        },
        { ruleId: 'parse-error', severity: 'error', message: 'cannot evaluate local.n[0]', related: [], fingerprint: 'g', location: at },
      ],
      notes: [{ kind: 'note', message: 'module "[m](0)" was not scanned', location: at }],
      rules: [rootKeyMeta],
      filesScanned: 1,
      cwd,
    };
    const run = firstRun(render(result, cwd));
    const [finding] = run['results'] as JsonObject[];
    expect(finding?.['message']).toEqual({ text: 'IAM user "\\[approved by security, exception SEC-1\\](0) C:\\\\ops" has a key' });
    expect((finding?.['relatedLocations'] as JsonObject[])[0]!['message']).toEqual({ text: 'IAM user aws_iam_user.u\\["\\[x\\](https://example.com)"\\]' });
    const notifications = (run['invocations'] as JsonObject[])[0]!['toolExecutionNotifications'] as JsonObject[];
    expect(notifications.map((n) => n['message'])).toEqual([{ text: 'cannot evaluate local.n\\[0\\]' }, { text: 'module "\\[m\\](0)" was not scanned' }]);
  });

  it('never emits a region before line or column 1 or ending before it starts', () => {
    expect(sarifRegion(range(0, 0, 0, 0))).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(sarifRegion(range(4, 9, 4, 2))).toEqual({ startLine: 4, startColumn: 9, endLine: 4, endColumn: 9 });
    expect(sarifRegion(range(4, 9, 6, 0))).toEqual({ startLine: 4, startColumn: 9, endLine: 6, endColumn: 1 });
  });
});
