/** Unit specs live beside the code; end-to-end suites in test/e2e boot the real apps against real Postgres and Redis. */
const moduleNameMapper = {
  // Every lib by its folder name, so a new lib needs no entry here.
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
// Type checking is `npm run lint`'s job (tsc --noEmit); here files are only transpiled.
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  // The few ES-module-only dependencies (Node 20 requires them natively, Jest cannot) are compiled to CommonJS.
  '^.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' } }],
};
const ESM_ONLY = ['content-disposition'];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
/**
 * Suites that load the machine on purpose: thousands of devices or hostile requests at once.
 * Beside other suites they starve them (a login throttle's 2 s window, an offer's timer) and are
 * starved in turn: the storm took 58 s instead of 17 and its SOS answers came near the 15 s at
 * which a handset sends again. `npm test` runs them as the `load` project, with one worker.
 */
const LOAD_SUITES = ['outage-storm', 'hostile-input', 'device-gateway'];
/** Postgres and Redis found or started once per jest run, for every project that boots the apps. */
const services = { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' };
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
  // Jest's default on two cores is one worker, and most suites spend their time waiting on
  // timers, sockets and Postgres: three at once took the jest run from 630 s to about 330 s.
  // Every suite has its own database, Redis prefix and ports, so they may run side by side.
  // The load suites are the exception: `npm test` runs them afterwards, one at a time.
  maxWorkers: 3,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/test/bench/**/*.spec.ts'],
    },
    // The lint and format gates themselves: each rule must fail on a fixture that breaks it.
    { ...common, displayName: 'lint', testMatch: ['<rootDir>/test/lint/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: [`/test/e2e/(${LOAD_SUITES.join('|')})\\.e2e-spec\\.ts$`],
      ...services,
    },
    { ...common, displayName: 'load', testMatch: LOAD_SUITES.map((name) => `<rootDir>/test/e2e/${name}.e2e-spec.ts`), ...services },
    {
      ...common,
      displayName: 'browser',
      // The web console in the system's Chromium against the real apps; needs `npm run build` first.
      // Its suites set their own (longer) timeout with jest.setTimeout.
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      ...services,
    },
  ],
};
