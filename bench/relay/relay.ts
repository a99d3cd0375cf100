import { join } from 'node:path';
import { mb, round, table } from '../table';
import { Child } from './child';
import { asLoadMessage, type LoadConfig, type LoadMessage, type PhaseResult, type Target } from './ipc';
import { cpuPercent, type ProcSample } from './proc';
import { startServer, TARGETS } from './servers';

/**
 * Relay throughput and latency: the same load generator, in its own process, against each
 * system under test in turn (each in its own process): Ponte's full path, the bare-ws
 * forwarder (the ceiling) and the Socket.IO forwarder. See bench/README.md, "Relay".
 */

export type RelayOptions = {
  targets: readonly Target[];
  conversations: number;
  /** Agents = ⌈conversations / this⌉; conversation i belongs to agent i mod agents. */
  conversationsPerAgent: number;
  concurrency: number;
  payloadBytes: number;
  steady: LoadConfig['steady'];
  saturate: LoadConfig['saturate'];
  drainMs: number;
};

export type RelayPhase = PhaseResult & {
  /** Server CPU over the phase, % of one core. */
  serverCpuPercent: number;
  /** Server CPU time per delivered message, µs. */
  serverCpuUsPerMessage: number;
};

export type RelayTargetReport = {
  target: Target;
  label: string;
  conversations: number;
  agents: number;
  connections: number;
  setupMs: number;
  memory: { idleRssBytes: number; connectedRssBytes: number; perConnectionBytes: number; peakRssBytes: number; openFiles: number };
  phases: RelayPhase[];
  errors: Record<string, number>;
  /** Lines the server wrote to stderr (Ponte logs dropped clients and failures there). */
  serverStderrLines: number;
};

export type RelayReport = {
  options: RelayOptions;
  targets: RelayTargetReport[];
  /** Saturated messages per second, Ponte ÷ the other. */
  ratios: { ponteOverCeiling: number | null; ponteOverSocketIo: number | null };
};

export async function measureRelay(options: RelayOptions): Promise<RelayReport> {
  const targets: RelayTargetReport[] = [];
  for (const target of options.targets) targets.push(await measureTarget(target, options));
  const saturated = (target: Target) => targets.find((t) => t.target === target)?.phases.find((p) => p.phase === 'saturate')?.deliveredPerSecond;
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : round(a / b, 2));
  return {
    options,
    targets,
    ratios: {
      ponteOverCeiling: ratio(saturated('ponte'), saturated('ws')),
      ponteOverSocketIo: ratio(saturated('ponte'), saturated('socketio')),
    },
  };
}

async function measureTarget(target: Target, options: RelayOptions): Promise<RelayTargetReport> {
  const agents = Math.max(1, Math.ceil(options.conversations / options.conversationsPerAgent));
  const server = await startServer(target, { agents: target === 'ponte' ? agents : 0 });
  const load = new Child('load.ts');
  try {
    const idleRssBytes = await server.settledRss();
    const samples = new Map<string, ProcSample>();
    let connectedRssBytes = 0;
    let openFiles = 0;
    // NOTE: BENCH_PROFILE_DIR=<dir> writes a CPU profile of the server per measured phase
    // (<target>-<phase>.cpuprofile): how the findings in the README were made.
    const profileDir = process.env.BENCH_PROFILE_DIR;
    let measuring: Promise<void> = Promise.resolve();
    const offPhases = load.onMessage((raw) => {
      const message = asLoadMessage(raw);
      if (message?.type !== 'phase') return;
      samples.set(`${message.phase}:${message.edge}`, server.sample());
      const { phase, edge } = message;
      measuring = measuring.then(async () => {
        if (profileDir !== undefined) {
          await server.profile(edge === 'start' ? 'start' : 'stop', join(profileDir, `${target}-${phase}.cpuprofile`));
        }
        if (phase === 'setup' && edge === 'end') {
          connectedRssBytes = await server.settledRss();
          openFiles = server.openFiles();
          load.send({ type: 'continue' });
        }
      });
    });
    const config: LoadConfig = {
      target,
      url: server.url,
      conversations: options.conversations,
      agentTokens: server.agentTokens,
      agents,
      concurrency: options.concurrency,
      payloadBytes: options.payloadBytes,
      steady: options.steady,
      saturate: options.saturate,
      drainMs: options.drainMs,
    };
    const budgetMs = 180_000 + options.steady.ms + options.saturate.ms + 2 * options.drainMs;
    const finished = load.next(
      (raw): Extract<LoadMessage, { type: 'result' | 'failed' }> | undefined => {
        const message = asLoadMessage(raw);
        return message?.type === 'result' || message?.type === 'failed' ? message : undefined;
      },
      `the ${target} load run`,
      budgetMs,
    );
    load.send({ type: 'load', config });
    const outcome = await finished;
    await measuring;
    offPhases();
    if (outcome.type === 'failed') throw new Error(`load generator failed against ${target}:\n${outcome.message}\nserver output:\n${server.child.tail()}`);
    const { result } = outcome;
    const phases = result.phases.map((phase): RelayPhase => {
      const from = samples.get(`${phase.phase}:start`);
      const to = samples.get(`${phase.phase}:end`);
      const cpu = from === undefined || to === undefined ? 0 : cpuPercent(from, to);
      return {
        ...phase,
        serverCpuPercent: Math.round(cpu),
        serverCpuUsPerMessage: phase.deliveredPerSecond === 0 ? 0 : Math.round((cpu * 10_000) / phase.deliveredPerSecond),
      };
    });
    const connections = result.connections;
    return {
      target,
      label: TARGETS[target].label,
      conversations: options.conversations,
      agents,
      connections,
      setupMs: result.setupMs,
      memory: {
        idleRssBytes,
        connectedRssBytes,
        perConnectionBytes: Math.round((connectedRssBytes - idleRssBytes) / Math.max(1, connections)),
        peakRssBytes: server.sample().peakRssBytes,
        openFiles,
      },
      phases,
      errors: result.errors,
      serverStderrLines: server.child.stderrLines,
    };
  } finally {
    await load.stop();
    await server.stop();
  }
}

const ms = (value: number) => value.toFixed(1);
const errorCount = (errors: Record<string, number>) => Object.values(errors).reduce((sum, n) => sum + n, 0);

export function printRelay(report: RelayReport): void {
  const { options } = report;
  const phase = (t: RelayTargetReport, name: RelayPhase['phase']) => t.phases.find((p) => p.phase === name);
  console.log(
    `${options.conversations} conversations (1 visitor + a share of 1 agent each, ${options.conversationsPerAgent} per agent), ` +
      `${options.payloadBytes}-byte messages, loopback.`,
  );
  console.log(`\nAt a set rate: ${options.steady.ratePerSecond} msg/s offered (half each way) for ${options.steady.ms / 1000} s\n`);
  console.log(
    table(
      ['target', 'delivered/s', 'v→a p50', 'v→a p99', 'v→a max', 'a→v p50', 'a→v p99', 'a→v max', 'server CPU %', 'lost'],
      report.targets.flatMap((t) => {
        const p = phase(t, 'steady');
        return p === undefined
          ? []
          : [[t.label, p.deliveredPerSecond, ms(p.visitorToAgent.p50), ms(p.visitorToAgent.p99), ms(p.visitorToAgent.max), ms(p.agentToVisitor.p50), ms(p.agentToVisitor.p99), ms(p.agentToVisitor.max), p.serverCpuPercent, p.lost]];
      }),
    ),
  );
  console.log(
    `\nFlat out: ${options.saturate.window} message(s) in flight per side per conversation, ${options.saturate.ms / 1000} s ` +
      `(first ${options.saturate.warmupMs / 1000} s not counted)\n`,
  );
  console.log(
    table(
      ['target', 'delivered/s', 'v→a p50', 'v→a p99', 'a→v p50', 'a→v p99', 'server CPU %', 'µs CPU/msg', 'load CPU %', 'lost'],
      report.targets.flatMap((t) => {
        const p = phase(t, 'saturate');
        return p === undefined
          ? []
          : [[t.label, p.deliveredPerSecond, ms(p.visitorToAgent.p50), ms(p.visitorToAgent.p99), ms(p.agentToVisitor.p50), ms(p.agentToVisitor.p99), p.serverCpuPercent, p.serverCpuUsPerMessage, p.loadCpuPercent, p.lost]];
      }),
    ),
  );
  console.log('\nConnections and memory (RSS after a full GC in the server)\n');
  console.log(
    table(
      ['target', 'connections', 'setup s', 'RSS empty MB', 'RSS connected MB', 'KB/connection', 'peak RSS MB', 'errors'],
      report.targets.map((t) => [
        t.label,
        t.connections,
        (t.setupMs / 1000).toFixed(1),
        mb(t.memory.idleRssBytes),
        mb(t.memory.connectedRssBytes),
        (t.memory.perConnectionBytes / 1024).toFixed(1),
        mb(t.memory.peakRssBytes),
        errorCount(t.errors),
      ]),
    ),
  );
  for (const t of report.targets) {
    if (errorCount(t.errors) > 0) console.log(`errors, ${t.label}: ${JSON.stringify(t.errors)}`);
    if (t.serverStderrLines > 0) console.log(`${t.label} wrote ${t.serverStderrLines} line(s) to stderr`);
  }
  const { ponteOverCeiling, ponteOverSocketIo } = report.ratios;
  console.log('');
  if (ponteOverCeiling !== null) console.log(`Ponte / bare-ws ceiling, flat-out msg/s:    ${ponteOverCeiling.toFixed(2)}  (target ≥ 0.50)`);
  if (ponteOverSocketIo !== null) console.log(`Ponte / Socket.IO forwarder, flat-out msg/s: ${ponteOverSocketIo.toFixed(2)}  (target ≥ 1.00)`);
}
