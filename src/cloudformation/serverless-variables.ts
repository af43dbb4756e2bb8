/**
 * Serverless Framework variables in a template. A service file lists its resources inline or in files it
 * includes (`resources: [ ${file(resources/iam.yml)} ]`), and such a file is shaped as a template: a
 * `Resources` map of `AWS::*` types. The framework replaces every `${source:address}` in it (`${self:custom.user}`,
 * `${opt:stage, 'dev'}`, `${sls:stage}`, `${env:NAME}`, `${ssm:/path}`, `${file(x.yml):key}`, ...) before
 * CloudFormation sees the template (https://www.serverless.com/framework/docs/guides/variables), so the text
 * is no value: `UserName: ${self:custom.owner}` may be `root`, and keys of `${self:custom.a}` and
 * `${self:custom.b}` may be one user's. CloudFormation itself reads `${...}` only inside `Fn::Sub`, where its
 * names are a parameter, a resource (`Name.Attribute`) or `AWS::Region`: never a lower-case word followed by
 * one colon, so the two do not meet.
 */
import { symbolicAtom } from '../core/symbolic-value.js';
import { concatenate } from './concatenate-values.js';
import { Unknown, type TemplateValue } from './template-values.js';

/** A piece of text: literal, or one Serverless variable as written (`${self:custom.user}`). */
export type ServerlessPiece = string | { readonly variable: string };

/**
 * Where a variable starts: `${`, a source (a lower-case word: `self`, `opt`, `sls`, `env`, `file`, `cf`,
 * `ssm`, `s3`, `aws`, `param`, a plugin's own), an optional argument in parentheses (`file(x.yml)`,
 * `cf(us-east-1)`), then one colon (not CloudFormation's `::`) or the end of a `file(...)`.
 */
const VARIABLE_START = /\$\{\s*[a-z][A-Za-z0-9]*(?:\([^()]*\)\s*(?=[:}])|(?=:(?!:)))/y;

/** The text split into literal text and Serverless variables (nested ones inside their outer one), or undefined without any. */
export function splitServerlessVariables(text: string): readonly ServerlessPiece[] | undefined {
  if (!text.includes('${')) return undefined;
  const pieces: ServerlessPiece[] = [];
  let closing: Int32Array | undefined;
  let literalFrom = 0;
  let at = text.indexOf('${');
  while (at >= 0) {
    VARIABLE_START.lastIndex = at;
    const end = VARIABLE_START.test(text) ? ((closing ??= closingBraces(text))[at + 1] ?? -1) : -1;
    if (end < 0) {
      at = text.indexOf('${', at + 2);
      continue;
    }
    if (at > literalFrom) pieces.push(text.slice(literalFrom, at));
    pieces.push({ variable: text.slice(at, end + 1) });
    literalFrom = end + 1;
    at = text.indexOf('${', literalFrom);
  }
  if (literalFrom === 0) return undefined;
  if (literalFrom < text.length) pieces.push(text.slice(literalFrom));
  return pieces;
}

/**
 * For each `{` of the text, the index of the `}` that closes it (nested braces counted), else -1; found in
 * one pass, so that a string of many unclosed `${a:` costs no more than its length.
 */
function closingBraces(text: string): Int32Array {
  const closing = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}') {
      const opened = open.pop();
      if (opened !== undefined) closing[opened] = i;
    }
  }
  return closing;
}

/**
 * The unknown a variable stands for. One service resolves each variable once, so the same text is the
 * same value wherever it is written (two keys of `${self:custom.user}` are one user's keys).
 */
export function serverlessVariableValue(variable: string): Unknown {
  return new Unknown(
    `${variable} is a Serverless Framework variable, which serverless resolves when it packages the service`,
    undefined,
    symbolicAtom(`serverless\0${variable}`, variable),
  );
}

/**
 * The value of a plain string holding Serverless variables: unknown, keeping its literal text (`ci-${sls:stage}`
 * starts with `ci-`) and its symbol; undefined for a string without any.
 */
export function serverlessTextValue(text: string): TemplateValue | undefined {
  const pieces = splitServerlessVariables(text);
  if (pieces === undefined) return undefined;
  return concatenate(
    pieces.map((piece) => (typeof piece === 'string' ? piece : serverlessVariableValue(piece.variable))),
    'a Serverless Framework variable',
  );
}
