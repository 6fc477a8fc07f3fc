import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the gateway at /dashboard; tools/build.mjs builds it into dist/console.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      // TanStack Query's "use client" directives mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
