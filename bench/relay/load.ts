import { ponteDriver } from './drivers/ponte';
import { socketIoDriver, wsDriver } from './drivers/forwarders';
import type { Conversation, Direction, Driver, Sink } from './drivers/types';
import {
  asLoadRequest,
  type IdleConfig,
  type IdleResult,
  type IdleStep,
  type LoadConfig,
  type LoadMessage,
  type LoadResult,
  type PhaseResult,
  sendToParent,
  type Target,
} from './ipc';
import { spread } from '../table';

/**
 * The load generator, a child process of bench/relay/relay.ts (never the server's process, so
 * the server's CPU and memory are its own). Every visitor and agent connection lives here, so a
 * message's send and delivery times come from one clock: each text starts with its phase tag and
 * send time (`s 1234.567 xxxx`), and the receiving side subtracts.
 *
 * Phases: setup (connect, pair), steady (open loop at a set rate: latency), saturate (closed
 * loop, a window of messages in flight per side: throughput). After each phase it stops sending
 * and waits for what is in flight until nothing has arrived for `drainMs`; what never arrives
 * counts as lost.
 */

const drivers: Record<Target, Driver> = { ponte: ponteDriver, ws: wsDriver, socketio: socketIoDriver };

function post(message: LoadMessage): void {
  sendToParent(message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Errors {
  readonly counts: Record<string, number> = {};
  add = (kind: string): void => {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  };
}

/** One phase's counters. Texts of other phases (late stragglers) are not counted here. */
class Meter {
  sent = 0;
  delivered = 0;
  inWindow = 0;
  readonly visitorToAgent: number[] = [];
  readonly agentToVisitor: number[] = [];
  windowStart = 0;
  windowEnd = Number.POSITIVE_INFINITY;
  /** Closed loop: called after each delivery of this phase. */
  onDelivered: ((conversation: number, direction: Direction) => void) | undefined;
  private readonly padding: string;

  constructor(
    readonly tag: string,
    payloadBytes: number,
  ) {
    this.padding = 'x'.repeat(Math.max(1, payloadBytes - 16));
  }

  text(): string {
    this.sent += 1;
    return `${this.tag} ${performance.now().toFixed(3)} ${this.padding}`;
  }

  /** Records a delivery; false for a text of another phase. */
  record(direction: Direction, text: string): boolean {
    if (!text.startsWith(this.tag)) return false;
    const at = performance.now();
    const latency = at - Number.parseFloat(text.slice(this.tag.length + 1));
    (direction === 'visitorToAgent' ? this.visitorToAgent : this.agentToVisitor).push(latency);
    this.delivered += 1;
    if (at >= this.windowStart && at <= this.windowEnd) this.inWindow += 1;
    return true;
  }

  /** Waits for what is in flight until all has arrived or nothing has for `quietMs` (60 s at most). */
  async drain(quietMs: number): Promise<void> {
    const cap = performance.now() + 60_000;
    let seen = this.delivered;
    let lastProgress = performance.now();
    while (this.delivered < this.sent && performance.now() - lastProgress < quietMs && performance.now() < cap) {
      await sleep(20);
      if (this.delivered > seen) {
        seen = this.delivered;
        lastProgress = performance.now();
      }
    }
  }

  result(phase: PhaseResult['phase'], ms: number, windowMs: number, cpuBefore: NodeJS.CpuUsage, wallBefore: number, wallAfter: number): PhaseResult {
    const cpu = process.cpuUsage(cpuBefore);
    return {
      phase,
      ms,
      sent: this.sent,
      delivered: this.delivered,
      deliveredPerSecond: Math.round(this.inWindow / (windowMs / 1000)),
      visitorToAgent: spread(this.visitorToAgent),
      agentToVisitor: spread(this.agentToVisitor),
      lost: this.sent - this.delivered,
      loadCpuPercent: Math.round((100 * (cpu.user + cpu.system)) / 1000 / (wallAfter - wallBefore)),
    };
  }
}

function send(conversation: Conversation, direction: Direction, text: string): void {
  if (direction === 'visitorToAgent') conversation.fromVisitor(text);
  else conversation.fromAgent(text);
}

async function steady(conversations: readonly Conversation[], config: LoadConfig, setMeter: (meter: Meter) => void): Promise<PhaseResult> {
  const meter = new Meter('s', config.payloadBytes);
  setMeter(meter);
  post({ type: 'phase', phase: 'steady', edge: 'start' });
  const cpu = process.cpuUsage();
  const start = performance.now();
  meter.windowStart = start;
  let issued = 0;
  // Message k goes to conversation ⌊k/2⌋ mod n, visitor side for even k: every conversation
  // gets the same share, both ways, evenly spread in time.
  const tick = () => {
    const due = Math.floor(((performance.now() - start) * config.steady.ratePerSecond) / 1000);
    for (; issued < due; issued++) {
      const conversation = conversations[Math.floor(issued / 2) % conversations.length];
      if (conversation !== undefined) send(conversation, issued % 2 === 0 ? 'visitorToAgent' : 'agentToVisitor', meter.text());
    }
  };
  const timer = setInterval(tick, 5);
  await sleep(config.steady.ms);
  clearInterval(timer);
  tick();
  const end = performance.now();
  meter.windowEnd = end;
  post({ type: 'phase', phase: 'steady', edge: 'end' });
  await meter.drain(config.drainMs);
  return meter.result('steady', config.steady.ms, end - start, cpu, start, end);
}

async function saturate(conversations: readonly Conversation[], config: LoadConfig, setMeter: (meter: Meter) => void): Promise<PhaseResult> {
  const meter = new Meter('t', config.payloadBytes);
  let running = true;
  // Closed loop: each delivery lets its sender send the next one.
  meter.onDelivered = (conversation, direction) => {
    const target = conversations[conversation];
    if (running && target !== undefined) send(target, direction, meter.text());
  };
  setMeter(meter);
  post({ type: 'phase', phase: 'saturate', edge: 'start' });
  const cpu = process.cpuUsage();
  const start = performance.now();
  meter.windowStart = start + config.saturate.warmupMs;
  for (let slot = 0; slot < config.saturate.window; slot++) {
    for (const conversation of conversations) {
      send(conversation, 'visitorToAgent', meter.text());
      send(conversation, 'agentToVisitor', meter.text());
    }
  }
  await sleep(config.saturate.ms);
  running = false;
  const end = performance.now();
  meter.windowEnd = end;
  post({ type: 'phase', phase: 'saturate', edge: 'end' });
  await meter.drain(config.drainMs);
  return meter.result('saturate', config.saturate.ms, end - meter.windowStart, cpu, start, end);
}

let proceed: (() => void) | undefined;

function parentSaysContinue(): Promise<void> {
  return new Promise((resolve) => {
    proceed = resolve;
  });
}

async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const errors = new Errors();
  let meter: Meter | undefined;
  const sink: Sink = {
    delivered(conversation, direction, text) {
      if (meter?.record(direction, text) === true) meter.onDelivered?.(conversation, direction);
    },
    error: errors.add,
  };
  post({ type: 'phase', phase: 'setup', edge: 'start' });
  const setupStart = performance.now();
  const pairs = await drivers[config.target].pairs(
    { url: config.url, count: config.conversations, agents: config.agents, agentTokens: config.agentTokens, concurrency: config.concurrency },
    sink,
  );
  const setupMs = Math.round(performance.now() - setupStart);
  // The parent measures the server's memory with every connection set up, then says go on.
  const next = parentSaysContinue();
  post({ type: 'phase', phase: 'setup', edge: 'end' });
  await next;
  const phases: PhaseResult[] = [];
  const setMeter = (next: Meter) => {
    meter = next;
  };
  if (config.steady.ms > 0) phases.push(await steady(pairs.conversations, config, setMeter));
  if (config.saturate.ms > 0) phases.push(await saturate(pairs.conversations, config, setMeter));
  meter = undefined;
  await pairs.close();
  return { setupMs, connections: pairs.connections, phases, errors: errors.counts };
}

async function runIdle(config: IdleConfig): Promise<IdleResult> {
  const errors = new Errors();
  const idle = drivers[config.target].idle({ url: config.url, concurrency: config.concurrency }, { error: errors.add });
  const steps: IdleStep[] = [];
  let added = 0;
  for (const target of config.steps) {
    const start = performance.now();
    const failed = await idle.add(target - added);
    added = target;
    const step: IdleStep = { connections: idle.open(), failed, connectMs: Math.round(performance.now() - start) };
    steps.push(step);
    // The parent measures the server now, and says when to go on.
    const next = parentSaysContinue();
    post({ type: 'holding', step });
    await next;
  }
  const before = idle.open();
  await sleep(config.holdMs);
  const closedWhileHolding = before - idle.open();
  await idle.close();
  return { steps, closedWhileHolding, errors: errors.counts };
}

function finish(message: LoadMessage): void {
  process.send?.(message, () => process.exit(0));
}

process.on('message', (raw: unknown) => {
  const request = asLoadRequest(raw);
  if (request === undefined) throw new Error(`unexpected message from the bench: ${JSON.stringify(raw)}`);
  const fail = (error: unknown) => finish({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  switch (request.type) {
    case 'load':
      runLoad(request.config).then((result) => finish({ type: 'result', result }), fail);
      return;
    case 'idle':
      runIdle(request.config).then((result) => finish({ type: 'idle-result', result }), fail);
      return;
    case 'continue':
      proceed?.();
      return;
    default: {
      const unreachable: never = request;
      throw new Error(`unhandled request ${JSON.stringify(unreachable)}`);
    }
  }
});
