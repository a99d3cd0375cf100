import { useEffect, useState } from 'preact/hooks';
import type { ConsoleState } from '../state';
import type { Store } from '../store';

/** Re-renders the calling component whenever the store changes. */
export function useStore(store: Store): ConsoleState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    // The store may have changed between render and subscription.
    setState(store.getState());
    return store.subscribe(() => setState(store.getState()));
  }, [store]);
  return state;
}

/** The current time, refreshed every `everyMs`, for "waiting 4 min" labels. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
