import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Widget weight: raw, gzip and brotli bytes of the loader and of the widget app's initial
 * JavaScript (the entry script and its modulepreloads). With `--check`, exits 1 over budget.
 * `npm run bench` reuses `measureWidgetWeight` for its JSON record.
 */
const BUDGET = { loaderGzip: 2 * 1024, appInitialGzip: 25 * 1024 } as const;

const dist = resolve(import.meta.dirname, '../dist');

export type Size = { raw: number; gzip: number; brotli: number };
export type WeightRow = { part: string; size: Size; budgetGzip: number; withinBudget: boolean };

export function measure(files: string[]): Size {
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

/** Whether `npm run build` has produced the files this measures. */
export function isBuilt(): boolean {
  return existsSync(join(dist, 'widget.js'));
}

export function measureWidgetWeight(): WeightRow[] {
  if (!isBuilt()) throw new Error('dist/ is missing: run `npm run build` first.');
  const row = (part: string, size: Size, budgetGzip: number): WeightRow => ({
    part,
    size,
    budgetGzip,
    withinBudget: size.gzip <= budgetGzip,
  });
  return [
    row('loader (widget.js)', measure([join(dist, 'widget.js')]), BUDGET.loaderGzip),
    row('widget app, initial JS', measure(appInitialScripts()), BUDGET.appInitialGzip),
  ];
}

export function printWidgetWeight(rows: readonly WeightRow[]): void {
  console.log('part                     raw      gzip     brotli   budget (gzip)');
  for (const { part, size, budgetGzip, withinBudget } of rows) {
    console.log(
      `${part.padEnd(24)} ${String(size.raw).padStart(7)}  ${String(size.gzip).padStart(7)}  ${String(size.brotli).padStart(7)}   ${budgetGzip} ${withinBudget ? 'ok' : 'OVER BUDGET'}`,
    );
  }
}

function main(): void {
  const rows = measureWidgetWeight();
  printWidgetWeight(rows);
  if (process.argv.includes('--check') && rows.some((row) => !row.withinBudget)) {
    console.error('Size budget exceeded. Measure what grew; do not raise the budget quietly.');
    process.exit(1);
  }
}

// NOTE: run only as a script (`npm run size`), so `bench/run.ts` can import the measuring
// without printing the table twice or exiting on a budget overrun.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(import.meta.filename)) main();
