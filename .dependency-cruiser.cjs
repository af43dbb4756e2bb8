/**
 * Import directions of credlint (DEVELOPERS.md, "Checks"). A file may import its own layer or lower ones:
 *   1 src/core  2 src/model  3 src/io  4 src/discover  5 analysers (src/terraform, src/cloudformation,
 *   src/tf-plan, src/cdk-source)  6 src/formats  7 src/run-rules, src/suppress, src/config, src/reporters
 *   8 src/engine.ts  9 src/cli.ts and src/cli.cts with src/cli/, src/index.ts, src/eslint-plugin, src/cdk.
 * rules/ sits on core and model and is imported from layer 7 up. docs/architecture.md draws the house;
 * `npm run lint` (part of `npm test`) runs this check.
 */
const LAYERS = [
  ['core', '^src/core/'],
  ['model', '^src/model/'],
  ['io', '^src/io/'],
  ['discover', '^src/discover/'],
  ['analysers', '^src/(terraform|cloudformation|tf-plan|cdk-source)/'],
  ['formats', '^src/formats/'],
  ['rules-and-output', '^src/(run-rules|suppress|config|reporters)/'],
  ['engine', '^src/engine\\.ts$'],
  ['entry-points', '^src/(cli\\.c?ts|cli/|index\\.ts|eslint-plugin/|cdk/)'],
];

/** One rule per layer: nothing in it imports a file of a higher layer. */
const layerRules = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `${name}-imports-no-higher-layer`,
  comment: `data flows one way: ${name} may import only ${LAYERS.slice(0, index + 1)
    .map(([lower]) => lower)
    .join(', ')}; a higher layer depends on it, never the reverse, so a lower layer can be read and tested alone`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, higher]) => higher) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle (type-only imports count) makes its files one unit that cannot be read, tested or moved apart',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'src-file-in-a-layer',
      comment: 'every source file belongs to one layer, or its imports cannot be checked against the order',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, path]) => path) },
      to: {},
    },
    {
      name: 'discover-knows-no-format',
      comment: 'discovery only walks files (ignores, symlinks, limits); what a format claims lives in its src/formats folder',
      severity: 'error',
      from: { path: '^src/discover/' },
      to: { path: '^src/(formats|terraform|cloudformation|tf-plan|cdk-source)/' },
    },
    {
      name: 'rules-import-core-and-model-only',
      comment: 'a rule reads the model, never a loader, reporter or engine, so one rule serves every format and the ESLint plugin',
      severity: 'error',
      from: { path: '^rules/' },
      to: { path: '^(src|test|scripts)/', pathNot: '^src/(core|model)/' },
    },
    {
      name: 'rules-imported-from-layer-7-up',
      comment: 'rules sit above the model: loaders, analysers and discovery must not depend on which rules exist',
      severity: 'error',
      from: { path: LAYERS.slice(0, 6).map(([, path]) => path) },
      to: { path: '^rules/' },
    },
    {
      name: 'shipped-code-imports-no-tests-or-scripts',
      comment: 'src/ and rules/ are the package; test/ and scripts/ are not shipped, so an import of them breaks the installed package',
      severity: 'error',
      from: { path: '^(src|rules)/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'hcl2json-is-the-oracle-only',
      comment:
        '@cdktf/hcl2json is a development dependency: the oracle the native .tf parser is tested against (scripts/hcl2json-oracle.ts), never shipped code',
      severity: 'error',
      from: { path: '^(src|rules)/' },
      to: { path: '@cdktf/hcl2json' },
    },
    {
      name: 'one-file-imports-jsonc-parser',
      comment: 'JSON trees with positions exist once, on the ground floor (src/core/json-tree.ts), so every format reports JSON positions and errors alike',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/core/json-tree\\.ts$' },
      to: { path: 'jsonc-parser' },
    },
    {
      name: 'unit-tests-stay-unit',
      comment: 'test/unit runs without a build, a child process or the whole engine (test/support/unit-layer-guard.ts checks the rest at run time)',
      severity: 'error',
      from: { path: '^test/unit/' },
      to: { path: ['^dist/', '^src/engine\\.ts$', '^src/cli\\.ts$', '^test/(engine|process)/', '^(node:)?child_process$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|fixtures|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
