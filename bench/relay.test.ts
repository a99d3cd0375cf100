import { describe, expect, it } from 'vitest';
import { measureRelay } from './relay/relay';

// NOTE: the harness is tested, not the speed: no number here depends on how fast the machine is.
describe('relay load generator', () => {
  it('counts every message it sends through the bare-ws forwarder, both ways, without errors', async () => {
    const report = await measureRelay({
      targets: ['ws'],
      conversations: 12,
      conversationsPerAgent: 5,
      concurrency: 4,
      payloadBytes: 64,
      steady: { ratePerSecond: 120, ms: 1_000 },
      saturate: { window: 2, ms: 1_000, warmupMs: 200 },
      drainMs: 2_000,
    });
    const [ws] = report.targets;
    expect(ws?.target).toBe('ws');
    expect(ws?.connections).toBe(12 + 3);
    expect(ws?.errors).toEqual({});
    const steady = ws?.phases.find((phase) => phase.phase === 'steady');
    const saturate = ws?.phases.find((phase) => phase.phase === 'saturate');
    // Open loop at 120/s for a second: about 120 sent, all of them delivered, half each way.
    expect(steady?.sent).toBeGreaterThan(60);
    expect(steady?.delivered).toBe(steady?.sent);
    expect(steady?.lost).toBe(0);
    expect((steady?.visitorToAgent.count ?? 0) + (steady?.agentToVisitor.count ?? 0)).toBe(steady?.delivered);
    expect(Math.abs((steady?.visitorToAgent.count ?? 0) - (steady?.agentToVisitor.count ?? 0))).toBeLessThanOrEqual(1);
    // Closed loop: every conversation keeps 2 in flight each way, so at least those 48 arrive.
    expect(saturate?.delivered).toBeGreaterThanOrEqual(48);
    expect(saturate?.lost).toBe(0);
    expect(saturate?.deliveredPerSecond).toBeGreaterThan(0);
    expect(ws?.memory.connectedRssBytes).toBeGreaterThan(0);
  });
});
