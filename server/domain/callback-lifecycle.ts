import type { CallbackState } from '../../protocol/frames';

/**
 * The callback's own life cycle, one table: from which states each step may start and where it
 * goes. `booked → claimed → done`, with `missed` (nobody called in time, still claimable),
 * `cancelled` (by the visitor), and "no answer, retry" / "rescheduled" back to `booked`. The
 * store applies a step only from these states (a conditional update), so two agents can never
 * both claim a call, nor a visitor cancel one that is being made. The conversation's side of
 * each step is lifecycle.ts.
 */
export const CallbackStep = {
  /** The visitor moves their booking to another time. */
  move: { from: ['booked', 'missed'], to: 'booked' },
  cancel: { from: ['booked', 'missed'], to: 'cancelled' },
  claim: { from: ['booked', 'missed'], to: 'claimed' },
  /** The sweeper: due, and nobody claimed it in time. */
  miss: { from: ['booked'], to: 'missed' },
  /** The steps below are the claiming agent's only. */
  finish: { from: ['claimed'], to: 'done' },
  retry: { from: ['claimed'], to: 'booked' },
  reschedule: { from: ['claimed'], to: 'booked' },
} as const satisfies Record<string, { from: readonly CallbackState[]; to: CallbackState }>;

export type CallbackStepName = keyof typeof CallbackStep;

/** Whether a callback in `state` may take `step` (before the store's conditional write says so for certain). */
export function canTake(step: CallbackStepName, state: CallbackState): boolean {
  return (CallbackStep[step].from as readonly CallbackState[]).includes(state);
}
