/**
 * Runs ESLint and Prettier through their Node APIs with the repository's own configuration, for
 * lint-gates.spec.ts. A child process of its own because both load their configuration with a
 * dynamic import(), which Jest's module sandbox refuses.
 *
 * stdin:  { "lint": ["apps/x/src/file.ts", ...], "format": [{ "filepath": "...", "source": "..." }] }
 * stdout: { "lint": [{ "filePath", "messages": [{ "ruleId", "message" }] }], "format": [{ "filepath", "formatted" }] }
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { check, resolveConfig } from 'prettier';

const root = resolve(import.meta.dirname, '../..');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const eslint = new ESLint({ cwd: root });
const lintResults = request.lint.length ? await eslint.lintFiles(request.lint) : [];
const lint = lintResults.map((result) => ({
  filePath: result.filePath,
  messages: result.messages.map(({ ruleId, message }) => ({ ruleId, message })),
}));

const format = [];
for (const { filepath, source } of request.format) {
  const absolute = resolve(root, filepath);
  const options = (await resolveConfig(absolute)) ?? {};
  format.push({ filepath, formatted: await check(source, { ...options, filepath: absolute }) });
}

process.stdout.write(JSON.stringify({ lint, format }));
