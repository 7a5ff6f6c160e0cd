import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The operator console and responder view. Built to `<repo>/dist/console-web`, which the
 * console process serves at `/`. Vite 8 compiles TSX itself (no React plugin needed).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: { '@app/contracts': here('../../libs/contracts/src/index.ts') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/console-web'),
    emptyOutDir: true,
    // No source maps: the console serves exactly what the browser needs.
    sourcemap: false,
  },
  server: {
    // `npm run dev` style work against a running console process.
    proxy: {
      '/v1': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
