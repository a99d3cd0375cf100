import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { measureAccuracy, measureHostile, measureLatency, printAccuracy, printHostile, printLatency } from './bot';
import { measureEval, printEval } from './bot-eval';
import { measureLlm, printLlm } from './llm';
import { measureHostPage, printHostPage } from './page';
import { measureIdle, printIdle } from './relay/idle';
import { measureRelay, printRelay, type RelayOptions } from './relay/relay';
import { isBuilt, measureWidgetWeight, printWidgetWeight } from './size';
import { measureStorage, printStorage } from './storage';

/**
 * `npm run bench`: every benchmark in order, as tables on stdout and one JSON record in
 * bench/results/<timestamp>.json (git-ignored) so runs can be compared. See bench/README.md.
 *
 *   npm run bench                     all of it (about 5 minutes on a 2-core machine)
 *   npm run bench -- --quick          a smoke run of every part with small numbers (about 1 minute)
 *   npm run bench -- --only relay,bot run some parts: build, weight, page, relay, idle, bot, llm, storage
 *   npm run bench -- --no-build       measure the existing dist/ instead of building first
 */

const PARTS = ['build', 'weight', 'page', 'relay', 'idle', 'bot', 'llm', 'storage'] as const;
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const onlyAt = args.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
const onlyArg = onlyAt === -1 ? undefined : args[onlyAt];
const only = onlyArg?.startsWith('--only=') ? onlyArg.slice('--only='.length) : onlyAt === -1 ? undefined : args[onlyAt + 1];
const parts = new Set<string>(only === undefined ? PARTS : only.split(','));
for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`unknown part "${part}"; parts: ${PARTS.join(', ')}`);
if (args.includes('--no-build')) parts.delete('build');

const root = resolve(import.meta.dirname, '..');
const startedAt = new Date();
const results = join(import.meta.dirname, 'results');

const relayOptions: RelayOptions = quick
  ? {
      targets: ['ws', 'socketio', 'ponte'],
      conversations: 100,
      conversationsPerAgent: 50,
      concurrency: 50,
      payloadBytes: 100,
      steady: { ratePerSecond: 20, ms: 3_000 },
      saturate: { window: 1, ms: 3_000, warmupMs: 1_000 },
      drainMs: 2_000,
    }
  : {
      targets: ['ws', 'socketio', 'ponte'],
      conversations: 2_000,
      conversationsPerAgent: 50,
      concurrency: 50,
      payloadBytes: 100,
      // Each person in each conversation writes every 10 s: 2 × 2,000 / 10 = 400 messages a second.
      steady: { ratePerSecond: 400, ms: 10_000 },
      saturate: { window: 1, ms: 10_000, warmupMs: 2_000 },
      drainMs: 5_000,
    };

type Section = { key: string; title: string; run: () => Promise<unknown> | unknown };

const record: Record<string, unknown> = {
  startedAt: startedAt.toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    // A busy machine shows in every latency: compare runs made under similar load.
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  },
};
const failures: string[] = [];

const sections: Section[] = [
  {
    key: 'build',
    title: 'Build (npm run build)',
    run: () => {
      const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
      console.log('built dist/');
      return { ok: true };
    },
  },
  {
    key: 'weight',
    title: 'Widget weight (bytes)',
    run: () => {
      // NOTE: `npm run size` (part of `npm run check`) is where the budget fails the build; here it is reported.
      if (!isBuilt()) throw new Error('dist/ is missing: run `npm run build` first.');
      const weight = measureWidgetWeight();
      printWidgetWeight(weight);
      return weight;
    },
  },
  {
    key: 'page',
    title: 'Host-page cost: the demo shop in headless Chromium',
    run: async () => {
      if (!isBuilt()) throw new Error('dist/ is missing: run `npm run build` first.');
      const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium} (set CHROMIUM_PATH)`);
      const page = await measureHostPage({ runs: quick ? 1 : 3 });
      printHostPage(page);
      return page;
    },
  },
  {
    key: 'relay',
    title: 'Relay throughput and latency: Ponte vs bare ws vs Socket.IO (separate processes, loopback)',
    run: async () => {
      const relay = await measureRelay(relayOptions);
      printRelay(relay);
      return relay;
    },
  },
  {
    key: 'idle',
    title: 'Idle visitor connections: one server process',
    run: async () => {
      const idle = await measureIdle({
        targets: ['ws', 'socketio', 'ponte'],
        steps: quick ? [200, 500] : [1_000, 10_000],
        concurrency: 100,
        holdMs: quick ? 1_000 : 3_000,
      });
      printIdle(idle);
      return idle;
    },
  },
  {
    key: 'bot',
    title: 'Bot: demo shop accuracy and knowledge-base match latency',
    run: async () => {
      const accuracy = await measureAccuracy();
      printAccuracy(accuracy);
      console.log('\nThe honest evaluation: unseen wordings, two businesses, tuning and held-out halves\n');
      const evaluation = await measureEval();
      printEval(evaluation);
      console.log();
      const latency = measureLatency(quick ? { sizes: [100, 1_000], queries: 500, warmup: 100 } : {});
      printLatency(latency);
      const hostile = await measureHostile();
      printHostile(hostile);
      return { accuracy, evaluation, latency, hostile };
    },
  },
  {
    key: 'llm',
    title: 'Bot: LLM path overhead over the upstream time to first token',
    run: async () => {
      const llm = await measureLlm({ turns: quick ? 10 : 40, upstreamFirstTokenMs: 50, gapMs: 10 });
      printLlm(llm);
      return llm;
    },
  },
  {
    key: 'storage',
    title: 'Storage: durable messages per second',
    run: async () => {
      const storage = await measureStorage({
        ms: quick ? 1_000 : 3_000,
        writers: 32,
        pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      });
      printStorage(storage);
      return storage;
    },
  },
];

for (const section of sections) {
  if (!parts.has(section.key)) continue;
  console.log(`\n== ${section.title} ==\n`);
  const started = performance.now();
  try {
    record[section.key] = await section.run();
  } catch (error) {
    // One broken part must not hide the others' numbers; it is reported here, in the JSON, and in the exit code.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`FAILED: ${message}`);
    failures.push(section.key);
    record[section.key] = { failed: message };
  }
  console.log(`\n(${section.key}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

record.durationMs = Math.round(Date.now() - startedAt.getTime());
(record.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
mkdirSync(results, { recursive: true });
const file = join(results, `${startedAt.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
console.log(`\nWrote ${relative(process.cwd(), file)} (${(Number(record.durationMs) / 1000).toFixed(1)} s).`);
if (failures.length > 0) {
  console.error(`Failed: ${failures.join(', ')}`);
  process.exitCode = 1;
}
