/** Unit specs live beside the code; end-to-end suites in test/e2e boot the real apps against real Postgres and Redis. */
const moduleNameMapper = {
  '^@app/(contracts|domain|database|config|auth|observability|realtime|http)$': '<rootDir>/libs/$1/src',
};
// Type checking is `npm run lint`'s job (tsc --noEmit); here files are only transpiled.
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] };
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 60_000,
    },
  ],
};
