import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * One config, two builds (`npm run build` runs both):
 * - `vite build --mode loader`: the script-tag loader as one small IIFE, `dist/widget.js`.
 * - `vite build`: the widget app (inside the iframe) and the console, as pages.
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
  return {
    ...shared,
    base: '/',
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2020',
      rollupOptions: {
        input: {
          frame: resolve(import.meta.dirname, 'widget/app/index.html'),
          console: resolve(import.meta.dirname, 'console/index.html'),
        },
      },
    },
  };
});
