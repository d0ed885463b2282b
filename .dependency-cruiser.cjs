/**
 * The package dependency rule of the monorepo, checked on the real imports (not on package.json):
 * schemas at the bottom, leaf packages on schemas only, comet-adapter on schemas and thermal,
 * experiment assembling the packages, apps on packages and never on each other; and every
 * imported package declared in the importing workspace's package.json.
 */
const leaf = '(traces|taps|tacs|physicalizer|metrics|thermal)';
module.exports = {
  forbidden: [
    {
      name: 'schemas-at-the-bottom',
      comment: '@tasmoe/schemas depends on no other workspace',
      severity: 'error',
      from: { path: '^packages/schemas/' },
      to: { path: '^(packages|apps)/', pathNot: '^packages/schemas/' },
    },
    {
      name: 'leaf-packages-on-schemas-only',
      comment: 'traces, taps, tacs, physicalizer, metrics and thermal depend only on @tasmoe/schemas',
      severity: 'error',
      from: { path: `^packages/${leaf}/` },
      to: { path: '^(packages|apps)/', pathNot: ['^packages/schemas/', '^packages/$1/'] },
    },
    {
      name: 'comet-adapter-on-schemas-and-thermal',
      severity: 'error',
      from: { path: '^packages/comet-adapter/' },
      to: { path: '^(packages|apps)/', pathNot: '^packages/(schemas|thermal|comet-adapter)/' },
    },
    {
      name: 'packages-never-on-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-on-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'declared-dependencies',
      comment: 'every imported package is in the importing workspace package.json',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'runtime-code-on-runtime-dependencies',
      comment: 'src/ (not tests) imports only dependencies, not devDependencies',
      severity: 'error',
      from: {
        path: '^(packages|apps)/[^/]+/src/',
        // *-worker-boot.mjs only start workers from TypeScript sources, which needs tsx anyway.
        pathNot: ['\\.test\\.ts$', '/__testing__/', '/__fixtures__/', '-worker-boot\\.mjs$'],
      },
      to: { dependencyTypes: ['npm-dev'], pathNot: ['node_modules/@types/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(packages|apps)/[^/]+/(dist|results|traces)/', '/__fixtures__/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      conditionNames: ['@tasmoe/source', 'import', 'types', 'node', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.d.ts'],
    },
  },
};
