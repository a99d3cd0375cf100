import { type Bus, publishToSiteAgents } from '../bus/bus';
import { AppError } from '../errors';
import * as store from '../store/callbacks';
import type { Db } from '../store/db';
import { CallbackStep } from './callback-lifecycle';
import type { CallbackSteps } from './callback-steps';
import type { CallbackConfig } from './callbacks';
import type { DomainEvents } from './events';

export type CallbackSweeper = ReturnType<typeof createCallbackSweeper>;

/**
 * The callback clock: raises `callback.due` when a call's time comes, marks unclaimed late calls
 * `missed`, and announces each sweep (business hours may have opened or closed since the last).
 */
export function createCallbackSweeper(deps: {
  db: Db;
  bus: Bus;
  steps: CallbackSteps;
  events: DomainEvents;
  now: () => Date;
  config: CallbackConfig;
}) {
  const { db, bus, steps, events, now, config } = deps;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> = Promise.resolve();

  async function sweepOnce(): Promise<void> {
    const at = now();
    for (const id of await store.takeDueForAlert(db, at)) {
      const callback = await store.getCallback(db, id);
      publishToSiteAgents(bus, callback.siteKey, { type: 'callback.due', callback: store.publicCallback(callback) });
    }
    for (const id of await store.lateForMissed(db, at, config.missedAfterMs)) {
      const callback = await store.getCallback(db, id);
      try {
        await steps.commit(
          callback.conversationId,
          {
            kind: 'callback.missed',
            reason: `Nobody called within ${Math.round(config.missedAfterMs / 60_000)} minutes of the time the visitor chose; the call is missed`,
          },
          (trx) => steps.changed(trx, id, CallbackStep.miss, 'The call changed meanwhile.'),
        );
      } catch (error) {
        // Claimed or cancelled between the read and the write: it is not missed, nothing to do.
        if (!(error instanceof AppError) || error.code !== 'invalid_state') throw error;
      }
    }
    events.emit({ type: 'callbacks.swept' });
  }

  return {
    /** One sweep, after any in flight (tests call it with a controlled clock). */
    sweep(): Promise<void> {
      sweeping = sweeping.then(sweepOnce).catch((error: unknown) => console.error('[callbacks] sweep failed', error));
      return sweeping;
    },

    start(): void {
      if (timer !== undefined) return;
      timer = setInterval(() => void this.sweep(), config.sweepMs);
      timer.unref();
    },

    /** Stops the timer and waits for a sweep in flight (before the store closes). */
    async close(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };
}
