import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { measureAccuracy, measureLatency, printAccuracy, printLatency } from './bot';
import { isBuilt, measureWidgetWeight, printWidgetWeight } from './size';

/**
 * `npm run bench`: every benchmark in order, as tables on stdout and one JSON record in
 * bench/results/<timestamp>.json (git-ignored) so runs can be compared. See bench/README.md.
 */

const startedAt = new Date();
const results = join(import.meta.dirname, 'results');

function heading(title: string): void {
  console.log(`\n== ${title} ==\n`);
}

heading('1. Bot accuracy: demo shop questions (scripted bot)');
const accuracy = await measureAccuracy();
printAccuracy(accuracy);

heading('2. Matcher latency: synthetic knowledge bases');
const latency = measureLatency();
printLatency(latency);

heading('3. Widget weight (bytes)');
// NOTE: a missing build is reported, not fatal: the bot numbers do not need it, and
// `npm run size` / `npm run check` are where the budget is enforced.
const weight = isBuilt() ? measureWidgetWeight() : null;
if (weight === null) console.log('skipped: dist/ is missing, run `npm run build` first.');
else printWidgetWeight(weight);

const record = {
  startedAt: startedAt.toISOString(),
  durationMs: Math.round(Date.now() - startedAt.getTime()),
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
  botAccuracy: accuracy,
  matcherLatency: latency,
  widgetWeight: weight ?? { skipped: 'dist/ is missing: run `npm run build` first.' },
};
mkdirSync(results, { recursive: true });
const file = join(results, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
console.log(`\nWrote ${relative(process.cwd(), file)} (${(record.durationMs / 1000).toFixed(1)} s).`);
