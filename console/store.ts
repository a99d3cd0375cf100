import { reduce, type Action, type ConsoleState } from './state';

/** Holds the console state and tells subscribers when it changes. Created once, in main.tsx. */
export interface Store {
  getState(): ConsoleState;
  dispatch(action: Action): void;
  /** Returns the disposer. */
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: ConsoleState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
