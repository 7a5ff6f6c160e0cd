import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The lint and format gates, proven: each rule must fail on a small fixture that breaks it, and
 * clean code must pass, so a gate cannot go dark again (import-x/no-cycle once parsed no
 * TypeScript file and passed every cycle). The fixtures are written into the real tree, where
 * the rules' file globs and the TypeScript projects apply, and deleted afterwards.
 */

const ROOT = resolve(__dirname, '../..');
/** One folder of this name in each place a fixture needs; the main lint run never sees them (they exist only while this suite runs). */
const FIXTURE_FOLDER = '__lint_fixture__';
const FIXTURE_PLACES = ['apps/ingest/src', 'apps/console-web/src', 'libs/http/src', 'libs/domain/src', 'libs/contracts/src', 'libs/config/src', 'test/e2e'];
const fixturePath = (place: string, file: string) => join(place, FIXTURE_FOLDER, file);

interface Message {
  ruleId: string | null;
  message: string;
}
interface GateResults {
  lint: { filePath: string; messages: Message[] }[];
  format: { filepath: string; formatted: boolean }[];
}

/** Each failing case: a file that breaks exactly one gate, and the rule (and message) that must report it. */
const FAILING: { gate: string; file: string; code: string; rule: string; says?: string; beside?: { file: string; code: string } }[] = [
  {
    gate: 'a dependency cycle between two files',
    file: fixturePath('apps/ingest/src', 'cycle-a.ts'),
    code: "import { b } from './cycle-b';\nexport const a = (): number => b() + 1;\n",
    rule: 'import-x/no-cycle',
    beside: { file: fixturePath('apps/ingest/src', 'cycle-b.ts'), code: "import { a } from './cycle-a';\nexport const b = (): number => a() + 1;\n" },
  },
  {
    gate: 'a lib importing an app',
    file: fixturePath('libs/http/src', 'imports-app.ts'),
    code: "import { banner } from '../../../../apps/launcher/src/banner';\nexport const b = banner;\n",
    rule: 'import-x/no-restricted-paths',
    says: 'A lib never imports an app',
  },
  {
    gate: 'an app importing another app',
    file: fixturePath('apps/ingest/src', 'imports-app.ts'),
    code: "import { banner } from '../../../launcher/src/banner';\nexport const b = banner;\n",
    rule: 'import-x/no-restricted-paths',
    says: 'An app never imports another app',
  },
  {
    gate: '@app/contracts importing another lib',
    file: fixturePath('libs/contracts/src', 'imports-lib.ts'),
    code: "import { incidentGroupOf } from '@app/domain';\nexport const g = incidentGroupOf;\n",
    rule: 'import-x/no-restricted-paths',
    says: '@app/contracts is a leaf lib',
  },
  {
    gate: '@app/domain importing a lib other than contracts',
    file: fixturePath('libs/domain/src', 'imports-lib.ts'),
    code: "import { loadConfig } from '@app/config';\nexport const c = loadConfig;\n",
    rule: 'import-x/no-restricted-paths',
    says: '@app/domain is a leaf lib',
  },
  {
    gate: 'the web app importing a server lib',
    file: fixturePath('apps/console-web/src', 'imports-server-lib.ts'),
    code: "import { loadConfig } from '@app/config';\nexport const c = loadConfig;\n",
    rule: 'import-x/no-restricted-paths',
    says: 'The web app imports no server lib',
  },
  {
    gate: 'a deep import into a lib by alias',
    file: fixturePath('apps/ingest/src', 'deep-alias.ts'),
    code: "import { envSchema } from '@app/config/env.schema';\nexport const s = envSchema;\n",
    rule: 'no-restricted-imports',
  },
  {
    gate: 'a deep import into another lib by a relative path',
    file: fixturePath('libs/http/src', 'deep-relative.ts'),
    code: "import { envSchema } from '../../../config/src/env.schema';\nexport const s = envSchema;\n",
    rule: 'import-x/no-restricted-paths',
    says: 'Import @app/config, not a file inside it',
  },
  {
    gate: 'request-scoped async context (promise hooks for the whole process)',
    file: fixturePath('libs/http/src', 'async-context.ts'),
    code: "import { AsyncLocalStorage } from 'node:async_hooks';\nexport const requests = new AsyncLocalStorage<string>();\n",
    rule: 'no-restricted-imports',
    says: 'Async context makes every promise',
  },
  {
    gate: 'process.env read in an app',
    file: fixturePath('apps/ingest/src', 'reads-env.ts'),
    code: 'export const port = process.env.PORT;\n',
    rule: 'no-restricted-properties',
  },
  {
    gate: 'process.env read in a test suite',
    file: fixturePath('test/e2e', 'reads-env.ts'),
    code: 'export const url = process.env.TEST_REDIS_URL;\n',
    rule: 'no-restricted-properties',
  },
  {
    gate: 'env imported from node:process',
    file: fixturePath('apps/ingest/src', 'imports-env.ts'),
    code: "import { env } from 'node:process';\nexport const port = env.PORT;\n",
    rule: 'no-restricted-syntax',
  },
  {
    gate: 'awaiting a value that is no promise',
    file: fixturePath('apps/ingest/src', 'awaits-number.ts'),
    code: 'export async function three(): Promise<number> {\n  return await 3;\n}\n',
    rule: '@typescript-eslint/await-thenable',
  },
  {
    gate: 'an async function that awaits nothing',
    file: fixturePath('apps/ingest/src', 'async-without-await.ts'),
    code: 'export async function one(): Promise<number> {\n  return 1;\n}\n',
    rule: '@typescript-eslint/require-await',
  },
];

/** Code every rule allows; each file here must lint without a single message. */
const CLEAN: { file: string; code: string }[] = [
  {
    file: fixturePath('apps/ingest/src', 'clean.ts'),
    code: [
      "import { loadConfig } from '@app/config';",
      "import { INCIDENT_STATUSES } from '@app/contracts';",
      'export const statuses = INCIDENT_STATUSES;',
      'export async function port(): Promise<number> {',
      '  const config = await Promise.resolve(loadConfig);',
      '  return config().INGEST_PORT;',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: fixturePath('libs/domain/src', 'clean.ts'),
    code: "import { INCIDENT_STATUSES } from '@app/contracts';\nexport const statuses = INCIDENT_STATUSES;\n",
  },
  {
    file: fixturePath('apps/console-web/src', 'clean.ts'),
    code: "import { INCIDENT_STATUSES } from '@app/contracts';\nexport const statuses = INCIDENT_STATUSES;\n",
  },
  { file: fixturePath('libs/config/src', 'clean.ts'), code: 'export const level = process.env.LOG_LEVEL;\n' },
];

const UNFORMATTED = { filepath: 'apps/ingest/src/unformatted.ts', source: 'export const a  =  {b:1}\n' };
/** Single quotes and a line over 80 columns: formatted only under the repo's config (160 columns, single quotes), not Prettier's defaults. */
const FORMATTED = {
  filepath: 'apps/ingest/src/formatted.ts',
  source: `export const sentence = '${'word '.repeat(20).trim()}';\n`,
};

function removeFixtures(): void {
  for (const place of FIXTURE_PLACES) rmSync(join(ROOT, place, FIXTURE_FOLDER), { recursive: true, force: true });
}

function runGates(lint: string[], format: { filepath: string; source: string }[]): GateResults {
  const run = spawnSync(process.execPath, [join(__dirname, 'gate-runner.mjs')], {
    cwd: ROOT,
    input: JSON.stringify({ lint, format }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`gate-runner failed (${run.status ?? run.signal}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as GateResults;
}

describe('lint and format gates', () => {
  let results: GateResults;
  const messagesOf = (file: string): Message[] => {
    const found = results.lint.find((r) => relative(ROOT, r.filePath) === file);
    if (!found) throw new Error(`${file} was not linted`);
    return found.messages;
  };

  beforeAll(() => {
    removeFixtures(); // left over by an interrupted run
    const besides = FAILING.flatMap((f) => (f.beside ? [f.beside] : []));
    for (const { file, code } of [...FAILING, ...besides, ...CLEAN]) {
      mkdirSync(dirname(join(ROOT, file)), { recursive: true });
      writeFileSync(join(ROOT, file), code);
    }
    try {
      results = runGates(
        [...FAILING, ...CLEAN].map((f) => f.file),
        [UNFORMATTED, FORMATTED],
      );
    } finally {
      removeFixtures();
    }
  }, 180_000);
  afterAll(removeFixtures);

  it.each(FAILING)('fails on $gate ($rule)', ({ file, rule, says }) => {
    const reported = messagesOf(file).filter((m) => m.ruleId === rule);
    expect(reported).not.toHaveLength(0);
    if (says) expect(reported.map((m) => m.message).join('\n')).toContain(says);
  });

  it.each(CLEAN)('passes clean code: $file', ({ file }) => {
    expect(messagesOf(file)).toEqual([]);
  });

  it('prettier --check fails on an unformatted file, and passes one formatted with the repo config', () => {
    expect(results.format).toEqual([
      { filepath: UNFORMATTED.filepath, formatted: false },
      { filepath: FORMATTED.filepath, formatted: true },
    ]);
  });
});
