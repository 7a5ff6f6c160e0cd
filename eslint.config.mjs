import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
/** The libs and apps are read from the tree, so a new folder under libs/ or apps/ is covered without editing this file. */
const foldersIn = (parent) =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
const LIBS = foldersIn('libs');
const APPS = foldersIn('apps');
const others = (names, self) => names.filter((name) => name !== self);
const libDirs = (names) => names.map((name) => `./libs/${name}`);
const appDirs = (names) => names.map((name) => `./apps/${name}`);

/** The bottom of the lib graph: they import no other lib, except that domain speaks in the contracts' types. */
const LEAF_LIBS = { contracts: [], domain: ['contracts'], errors: [] };
/** The React app shares this lib with the servers (by alias, see apps/console-web/vite.config.ts); every other lib is server code. */
const WEB_APP = 'console-web';
const SHARED_WITH_WEB = ['contracts'];

/** Boundaries between libs and apps, checked on the resolved file (so relative paths cannot go around them). */
const boundaryZones = [
  { target: './libs', from: './apps', message: 'A lib never imports an app.' },
  ...APPS.map((app) => ({ target: `./apps/${app}`, from: appDirs(others(APPS, app)), message: 'An app never imports another app: share through a lib.' })),
  ...Object.entries(LEAF_LIBS).map(([lib, allowed]) => ({
    target: `./libs/${lib}`,
    from: libDirs(others(LIBS, lib).filter((name) => !allowed.includes(name))),
    message: `@app/${lib} is a leaf lib: it imports ${allowed.length ? allowed.map((name) => `@app/${name}`).join(', ') : 'no other lib'} only.`,
  })),
  {
    target: `./apps/${WEB_APP}`,
    from: libDirs(LIBS.filter((name) => !SHARED_WITH_WEB.includes(name))),
    message: 'The web app imports no server lib: only @app/contracts is shared with it.',
  },
  // Deep imports: outside its own folder a lib is reached through its index (@app/<lib>) only.
  ...LIBS.map((lib) => ({
    target: ['./apps', './test', ...libDirs(others(LIBS, lib))],
    from: `./libs/${lib}/src`,
    except: ['./index.ts'],
    message: `Import @app/${lib}, not a file inside it.`,
  })),
].filter((zone) => [zone.from].flat().length > 0);

/**
 * Who may read process.env: the config lib (the one place settings are validated) and the
 * launcher (it builds each child's environment). Besides them, only the test harness that
 * starts Postgres, Redis and the apps as child processes and hands each its environment
 * (test/support, and the standalone fault and bench runners); test suites themselves get
 * their settings from test/support.
 */
const MAY_READ_ENV = ['libs/config/src/**', 'apps/launcher/src/**', 'test/support/**', 'test/faults/**', 'test/bench/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'apps/console-web/dist/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these import-x parses no TypeScript file, and no-cycle and no-restricted-paths pass everything.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: join(root, 'tsconfig.json') })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'require-await': 'off',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }],
      'no-restricted-imports': [
        'error',
        {
          // Request-scoped async context (AsyncLocalStorage, async hooks) turns on V8's promise
          // hooks for the whole process: every promise of every press pays for them
          // (docs/capacity.md, "The logger").
          paths: [
            ...['async_hooks', 'node:async_hooks'].map((name) => ({
              name,
              importNames: ['AsyncLocalStorage', 'createHook'],
              message: 'Async context makes every promise in the process slower; pass what a function needs as an argument.',
            })),
            { name: 'nestjs-pino', message: 'Log through AppLogger (@app/observability): nestjs-pino keeps each request in an AsyncLocalStorage.' },
          ],
          patterns: [
            { group: ['@app/*/*'], message: 'Import a lib through its index: @app/<lib>.' },
            { group: ['**/libs/*/src/*', '../../libs/**'], message: 'Import a lib through its alias @app/<lib>, not a path.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: MAY_READ_ENV,
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Settings come from @app/config (loadConfig), not process.env.' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']",
          message: 'Settings come from @app/config (loadConfig), not process.env.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
