import { createStore as createClientStore, type Store as ClientStore } from '../client/store';
import { reduce, type Action, type ConsoleState } from './state';

/** Holds the console state and tells subscribers when it changes. Created once, in main.tsx. */
export type Store = ClientStore<ConsoleState, Action>;

export const createStore = (initial: ConsoleState): Store => createClientStore(reduce, initial);
