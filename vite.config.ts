import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pages = {
  frame: 'widget/app/index.html',
  console: 'console/index.html',
} as const;

/**
 * One config, three builds (`npm run build` runs them all, into the same `dist/`):
 * - `vite build --mode loader`: the script-tag loader as one small IIFE, `dist/widget.js`.
 * - `vite build --mode frame`: the widget app (the page inside the iframe).
 * - `vite build --mode console`: the agent console.
 * NOTE: the two pages are built apart on purpose. Built together, every module both import
 * (preact, client/, protocol/) lands in one shared chunk with all the exports either app uses, so
 * visitors downloaded console-only code plus the chunk's import/export tables (~600 B gzip). No
 * one loads both pages from one cache, so sharing the chunk saved nothing. The source stays shared.
 */
export default defineConfig(({ mode }) => {
  const shared = {
    root: import.meta.dirname,
    publicDir: false as const,
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
  };
  if (mode === 'loader') {
    return {
      ...shared,
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2019',
        minify: true,
        lib: {
          entry: resolve(import.meta.dirname, 'widget/loader/main.ts'),
          formats: ['iife' as const],
          name: 'PonteLoader',
          fileName: () => 'widget.js',
        },
      },
    };
  }
  if (mode !== 'frame' && mode !== 'console') {
    throw new Error(`vite.config.ts: unknown mode "${mode}"; use --mode loader, frame or console (npm run build runs all three)`);
  }
  return {
    ...shared,
    base: '/',
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2020',
      // NOTE: the frame's HTML has one script and no modulepreload links, which is all the
      // modulepreload polyfill (~240 B gzip) serves; for lazy chunks Vite's preload helper already
      // falls back to rel=preload where a browser lacks modulepreload.
      ...(mode === 'frame' ? { modulePreload: { polyfill: false } } : {}),
      rollupOptions: {
        input: { [mode]: resolve(import.meta.dirname, pages[mode]) },
      },
    },
  };
});
