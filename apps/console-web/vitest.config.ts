import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Component and logic tests of the web console, in jsdom. */
export default defineConfig({
  root: here('.'),
  resolve: {
    alias: { '@app/contracts': here('../../libs/contracts/src/index.ts') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
