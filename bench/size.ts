import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Widget weight: raw, gzip and brotli bytes of the loader and of the widget app's initial
 * JavaScript (the entry script and its modulepreloads). With `--check`, exits 1 over budget.
 */
const BUDGET = { loaderGzip: 2 * 1024, appInitialGzip: 25 * 1024 } as const;

const dist = resolve(import.meta.dirname, '../dist');

type Size = { raw: number; gzip: number; brotli: number };

function measure(files: string[]): Size {
  const total: Size = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    total.raw += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

function appInitialScripts(): string[] {
  const html = readFileSync(join(dist, 'widget/app/index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  if (refs.length === 0) throw new Error('No script found in dist/widget/app/index.html');
  return refs.map((ref) => join(dist, ref.replace(/^\//, '')));
}

function main(): void {
  const loaderFile = join(dist, 'widget.js');
  if (!existsSync(loaderFile)) throw new Error('dist/ is missing: run `npm run build` first.');
  const loader = measure([loaderFile]);
  const app = measure(appInitialScripts());
  const rows = [
    ['loader (widget.js)', loader, BUDGET.loaderGzip],
    ['widget app, initial JS', app, BUDGET.appInitialGzip],
  ] as const;
  console.log('part                     raw      gzip     brotli   budget (gzip)');
  let over = false;
  for (const [name, size, budget] of rows) {
    const ok = size.gzip <= budget;
    over ||= !ok;
    console.log(
      `${name.padEnd(24)} ${String(size.raw).padStart(7)}  ${String(size.gzip).padStart(7)}  ${String(size.brotli).padStart(7)}   ${budget} ${ok ? 'ok' : 'OVER BUDGET'}`,
    );
  }
  if (process.argv.includes('--check') && over) {
    console.error('Size budget exceeded. Measure what grew; do not raise the budget quietly.');
    process.exit(1);
  }
}

main();
