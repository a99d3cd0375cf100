/** A minimal store around the reducer: the composition root dispatches and renders on change. */
import { reducer, type Action, type State } from './state';

export interface Store {
  get(): State;
  dispatch(action: Action): void;
  subscribe(listener: (state: State, before: State) => void): () => void;
}

export function createStore(initial: State): Store {
  let state = initial;
  const listeners = new Set<(state: State, before: State) => void>();
  return {
    get: () => state,
    dispatch(action) {
      const before = state;
      state = reducer(state, action);
      if (state !== before) listeners.forEach((listener) => listener(state, before));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
