/** Unit specs live beside the code; end-to-end suites in test/e2e boot the real apps against real Postgres and Redis. */
const moduleNameMapper = {
  '^@app/(contracts|domain|database|config|auth|observability|redis|queues|live|http|outbox|incidents|protocols)$': '<rootDir>/libs/$1/src',
};
// Type checking is `npm run lint`'s job (tsc --noEmit); here files are only transpiled.
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  // The few ES-module-only dependencies (Node 20 requires them natively, Jest cannot) are compiled to CommonJS.
  '^.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' } }],
};
const ESM_ONLY = ['content-disposition'];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // A root option in Jest 30 (ignored inside a project): the suites boot real apps.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'browser',
      // The web console in the system's Chromium against the real apps; needs `npm run build` first.
      // Its suites set their own (longer) timeout with jest.setTimeout.
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
