import { describe, expect, it } from 'vitest';
import { AutoResendDelayMs, AutoResendMaxAttempts, createResendSchedule } from './resend';
import { manualTimers } from './testing/timers';

function setup() {
  const clock = manualTimers();
  const resent: string[] = [];
  const failed: string[] = [];
  const schedule = createResendSchedule({
    timers: clock.timers,
    resend: (id) => resent.push(id),
    giveUp: (id, message) => failed.push(id + ':' + message),
  });
  return { clock, resent, failed, schedule };
}

describe('resend schedule', () => {
  it('sends a message refused for now again after a growing wait, then gives up', () => {
    const t = setup();
    for (let attempt = 0; attempt < AutoResendMaxAttempts; attempt++) {
      t.schedule.refused('k1', 'rate_limited', 'slow down');
      t.clock.advance(AutoResendDelayMs * 2 ** attempt - 1);
      expect(t.resent).toHaveLength(attempt);
      t.clock.advance(1);
      expect(t.resent).toHaveLength(attempt + 1);
    }
    t.schedule.refused('k1', 'internal', 'still broken');
    expect(t.failed).toEqual(['k1:still broken']);
  });

  it('gives up at once on a final code, and forgets on ack or a new link', () => {
    const t = setup();
    t.schedule.refused('k1', 'too_large', 'too long');
    expect(t.failed).toEqual(['k1:too long']);
    t.schedule.refused('k2', 'rate_limited', '');
    t.schedule.forget('k2');
    t.schedule.refused('k3', 'rate_limited', '');
    t.schedule.clear();
    t.clock.advance(60_000);
    expect(t.resent).toEqual([]);
    expect(t.clock.pending()).toBe(0);
  });
});
