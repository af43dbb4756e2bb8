/**
 * CDK apps written in JavaScript, Python, Java, C# or Go: credlint reads CDK apps from their TypeScript
 * source only (README, "CDK TypeScript source"), so an app whose `cdk.json` runs a JavaScript file or a
 * program in another language, with no TypeScript beside it, would pass a scan without a word. A note
 * at its `cdk.json` says that it was not analysed and how to check it: its cloud assembly, or at synth
 * time (docs/cdk.md).
 */
import path from 'node:path';
import { note, type Diagnostic } from '../../core/diagnostic.js';
import { FILE_START } from '../../core/location.js';
import type { ClaimReads } from '../claim-reads.js';

/** The longest app command a note quotes whole. */
const MAX_COMMAND_SHOWN = 120;

/**
 * A note for each `cdk.json` among `files` whose `app` command runs a `.js`, `.mjs` or `.cjs` file, or a program in another language, while
 * no TypeScript source (`sources`) lies in its directory or below: an app compiled from TypeScript
 * (`node bin/app.js` after `tsc`) has its sources there, which the scan analyses.
 */
export async function javaScriptAppNotes(files: readonly string[], sources: readonly string[], reads: ClaimReads): Promise<Diagnostic[]> {
  const notes: Diagnostic[] = [];
  for (const file of files) {
    if (path.basename(file) !== 'cdk.json') continue;
    const directory = path.dirname(file);
    if (sources.some((source) => source.startsWith(`${directory}${path.sep}`))) continue;
    const read = reads.source(file);
    // The CDK analysers load only where a scan meets such a cdk.json (a scan of Terraform alone loads none).
    if (!read.ok) continue;
    const apps = await import('../../cdk-source/cdk-apps.js');
    const script = apps.cdkJsonJavaScriptApp(read.text);
    if (script !== undefined) {
      notes.push(
        note(
          { file, range: FILE_START },
          `cdk.json runs ${script}, a CDK app in JavaScript, which credlint does not analyse (it reads CDK apps from TypeScript source): check its cloud assembly (cdk synth, then credlint cdk.out), or every synth with credlint/cdk`,
        ),
      );
      continue;
    }
    const command = apps.cdkJsonOtherLanguageApp(read.text);
    if (command === undefined) continue;
    const shown = command.length > MAX_COMMAND_SHOWN ? `${command.slice(0, MAX_COMMAND_SHOWN)}...` : command;
    notes.push(
      note(
        { file, range: FILE_START },
        `cdk.json runs "${shown}", a CDK app that credlint does not analyse (it reads CDK apps from TypeScript source): check its cloud assembly (cdk synth, then credlint cdk.out), or every synth with credlint cdk-app in cdk.json (docs/cdk.md, "Any CDK language")`,
      ),
    );
  }
  return notes;
}
