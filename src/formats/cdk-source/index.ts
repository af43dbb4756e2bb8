/**
 * CDK TypeScript source: the `.ts` files of one project (`project-root.ts`) analysed together, one
 * unit per CDK app (`select-projects.ts`). A TypeScript file argument stands for its whole project.
 */
import { dirname } from 'node:path';
import type { InputFormat } from '../format.js';
import { CDK_SOURCE_WORDS } from './cdk-words.js';
import { javaScriptAppNotes } from './javascript-apps.js';
import { isTypeScriptSource, ProjectRoots } from './project-root.js';
import { selectCdkProjects, type CdkProject } from './select-projects.js';

/** TypeScript in a synthesized `cdk.out` (asset bundles) is output, not the app's source. */
const SYNTH_OUTPUT = /(^|[\\/])cdk\.out[\\/]/;

export const cdkSource: InputFormat<readonly CdkProject[]> = {
  id: 'cdk-source',
  label: 'the CDK source projects',
  modelFormats: ['cdk-source'],
  relevance: CDK_SOURCE_WORDS,
  collects: isTypeScriptSource,
  // The project's markers are looked for through the repository's door: a `cdk.json` linked to a file outside
  // rooted the project (and so chose the files scanned) by whether that file existed on the machine.
  argumentUnit: (file, gitRoot, reader) =>
    isTypeScriptSource(file)
      ? [
          {
            directory: new ProjectRoots(gitRoot ?? dirname(file), (marker) => reader.exists(marker)).rootOf(file, dirname(file)),
            recursive: true,
            includes: isTypeScriptSource,
          },
        ]
      : [],
  async claim(files, { options, seeds, reads }) {
    const sources = files.filter((file) => isTypeScriptSource(file) && !SYNTH_OUTPUT.test(file));
    const { projects, skipped, refused, stopped } = await selectCdkProjects(sources, options, seeds);
    const first = projects[0];
    const notes = [...refused, ...(stopped === undefined ? await javaScriptAppNotes(files, sources, reads) : [stopped])];
    return {
      inputs: projects.length > 0 ? projects : undefined,
      claimed: new Set(sources),
      skipped,
      diagnostics: notes,
      filesScanned: projects.reduce((n, p) => n + p.files.length, 0),
      ...(first === undefined ? {} : { firstFile: first.files[0] ?? first.root }),
    };
  },
  async load(projects, options) {
    return (await import('./load-projects.js')).loadCdkSource(projects, options);
  },
};
