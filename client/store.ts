/**
 * The one place an app's state changes: a value, a reducer, and listeners told after each change
 * (with the state before, so a listener can react to what moved). A dispatch that returns the same
 * state tells nobody. Both apps bind it to their own reducer (widget/app/store.ts, console/store.ts).
 */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  /** Returns the disposer. */
  subscribe(listener: (state: S, before: S) => void): () => void;
}

export function createStore<S, A>(reduce: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<(state: S, before: S) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const before = state;
      state = reduce(state, action);
      if (state === before) return;
      // A copy: a listener that unsubscribes (or subscribes another) mid-notification changes only the next round.
      for (const listener of [...listeners]) listener(state, before);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
