import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { table } from './table';

/**
 * Widget weight: raw, gzip and brotli bytes of the loader and of the widget app's initial
 * JavaScript (the entry script and its modulepreloads), with a budget; and, for information, its
 * stylesheet and the chunks it loads only when needed (lazy). With `--check`, exits 1 over budget.
 * `npm run bench` reuses `measureWidgetWeight` for its JSON record.
 */
const BUDGET = { loaderGzip: 2 * 1024, appInitialGzip: 25 * 1024 } as const;

const dist = resolve(import.meta.dirname, '../dist');

export type Size = { raw: number; gzip: number; brotli: number };
/** `budgetGzip` null: reported, not budgeted. */
export type WeightRow = { part: string; files: string[]; size: Size; budgetGzip: number | null; withinBudget: boolean };

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

function appHtml(): string {
  return readFileSync(join(dist, 'widget/app/index.html'), 'utf8');
}

function fromHtml(pattern: RegExp): string[] {
  return [...appHtml().matchAll(pattern)].map((m) => join(dist, (m[1] ?? '').replace(/^\//, '')));
}

function appInitialScripts(): string[] {
  const files = fromHtml(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g);
  if (files.length === 0) throw new Error('No script found in dist/widget/app/index.html');
  return files;
}

/**
 * The app's lazy chunks: every built script reachable from the initial ones (by name, as Vite
 * writes `import("./x.js")` and its preload lists) that is not initial itself. The console's
 * chunks are not reachable from the widget's, so they never count here.
 */
function appLazyScripts(initial: readonly string[]): string[] {
  const assets = join(dist, 'assets');
  const all = new Set(readdirSync(assets).filter((name) => name.endsWith('.js')));
  const seen = new Set(initial.map((file) => basename(file)));
  const queue = [...seen];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const source = readFileSync(join(assets, name), 'utf8');
    for (const other of all) {
      if (!seen.has(other) && source.includes(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  const initialNames = new Set(initial.map((file) => basename(file)));
  return [...seen].filter((name) => !initialNames.has(name)).sort().map((name) => join(assets, name));
}

/** Whether `npm run build` has produced the files this measures. */
export function isBuilt(): boolean {
  return existsSync(join(dist, 'widget.js'));
}

export function measureWidgetWeight(): WeightRow[] {
  if (!isBuilt()) throw new Error('dist/ is missing: run `npm run build` first.');
  const row = (part: string, files: string[], budgetGzip: number | null): WeightRow => {
    const size = measure(files);
    return { part, files: files.map((file) => relative(dist, file)), size, budgetGzip, withinBudget: budgetGzip === null || size.gzip <= budgetGzip };
  };
  const initial = appInitialScripts();
  return [
    row('loader (widget.js)', [join(dist, 'widget.js')], BUDGET.loaderGzip),
    row('widget app, initial JS', initial, BUDGET.appInitialGzip),
    row('widget app, CSS', fromHtml(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g), null),
    ...appLazyScripts(initial).map((file) => row(`lazy: ${basename(file).replace(/-[\w-]{8}\.js$/, '')}`, [file], null)),
  ];
}

export function printWidgetWeight(rows: readonly WeightRow[]): void {
  console.log(
    table(
      ['part', 'raw', 'gzip', 'brotli', 'budget (gzip)'],
      rows.map(({ part, size, budgetGzip, withinBudget }) => [
        part,
        size.raw,
        size.gzip,
        size.brotli,
        budgetGzip === null ? '-' : `${budgetGzip} ${withinBudget ? 'ok' : 'OVER BUDGET'}`,
      ]),
    ),
  );
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
