import { mb, table } from '../table';
import { Child } from './child';
import { asLoadMessage, type IdleConfig, type IdleStep, type LoadMessage, type Target } from './ipc';
import { cpuPercent } from './proc';
import { startServer, TARGETS } from './servers';

/**
 * Idle connections: how many connected, greeted visitors one server process holds, and what
 * each costs in memory. The load generator opens them in steps; at each step the server does a
 * full GC and its RSS is read from /proc, then its CPU is watched for a second of idleness.
 */

export type IdleOptions = { targets: readonly Target[]; steps: readonly number[]; concurrency: number; holdMs: number };

export type IdleRow = IdleStep & {
  rssBytes: number;
  /** (RSS now − RSS with no connection) ÷ connections. */
  perConnectionBytes: number;
  /** Server CPU while the connections sit idle (heartbeats only), % of one core. */
  idleCpuPercent: number;
};

export type IdleTargetReport = {
  target: Target;
  label: string;
  emptyRssBytes: number;
  rows: IdleRow[];
  /** Connections that went away during the final hold. */
  closedWhileHolding: number;
  errors: Record<string, number>;
};

export async function measureIdle(options: IdleOptions): Promise<IdleTargetReport[]> {
  const reports: IdleTargetReport[] = [];
  for (const target of options.targets) reports.push(await measureTarget(target, options));
  return reports;
}

async function measureTarget(target: Target, options: IdleOptions): Promise<IdleTargetReport> {
  const server = await startServer(target);
  const load = new Child('load.ts');
  try {
    const emptyRssBytes = await server.settledRss();
    const rows: IdleRow[] = [];
    let measuring: Promise<void> = Promise.resolve();
    const off = load.onMessage((raw) => {
      const message = asLoadMessage(raw);
      if (message?.type !== 'holding') return;
      const step = message.step;
      measuring = measuring.then(async () => {
        const rssBytes = await server.settledRss();
        const before = server.sample();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const idleCpuPercent = Math.round(cpuPercent(before, server.sample()) * 10) / 10;
        rows.push({
          ...step,
          rssBytes,
          perConnectionBytes: Math.round((rssBytes - emptyRssBytes) / Math.max(1, step.connections)),
          idleCpuPercent,
        });
        load.send({ type: 'continue' });
      });
    });
    const config: IdleConfig = { target, url: server.url, steps: [...options.steps], concurrency: options.concurrency, holdMs: options.holdMs };
    const finished = load.next(
      (raw): Extract<LoadMessage, { type: 'idle-result' | 'failed' }> | undefined => {
        const message = asLoadMessage(raw);
        return message?.type === 'idle-result' || message?.type === 'failed' ? message : undefined;
      },
      `the ${target} idle run`,
      300_000,
    );
    load.send({ type: 'idle', config });
    const outcome = await finished;
    await measuring;
    off();
    if (outcome.type === 'failed') throw new Error(`load generator failed against ${target}:\n${outcome.message}\nserver output:\n${server.child.tail()}`);
    return {
      target,
      label: TARGETS[target].label,
      emptyRssBytes,
      rows,
      closedWhileHolding: outcome.result.closedWhileHolding,
      errors: outcome.result.errors,
    };
  } finally {
    await load.stop();
    await server.stop();
  }
}

export function printIdle(reports: readonly IdleTargetReport[]): void {
  console.log(
    table(
      ['target', 'connections', 'failed', 'connect s', 'per s', 'RSS MB', 'KB/connection', 'idle CPU %'],
      reports.flatMap((report) => [
        [report.label, 0, 0, '', '', mb(report.emptyRssBytes), '', ''],
        ...report.rows.map((row) => [
          report.label,
          row.connections,
          row.failed,
          (row.connectMs / 1000).toFixed(1),
          Math.round((1000 * row.connections) / Math.max(1, row.connectMs)),
          mb(row.rssBytes),
          (row.perConnectionBytes / 1024).toFixed(1),
          row.idleCpuPercent.toFixed(1),
        ]),
      ]),
    ),
  );
  for (const report of reports) {
    const errors = Object.values(report.errors).reduce((sum, n) => sum + n, 0);
    if (errors > 0 || report.closedWhileHolding > 0) {
      console.log(`${report.label}: ${report.closedWhileHolding} closed while idle; errors ${JSON.stringify(report.errors)}`);
    }
  }
}
