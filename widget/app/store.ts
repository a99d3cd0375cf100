/** The widget's store: the shared client store around its reducer; the composition root dispatches and renders on change. */
import { createStore as createClientStore, type Store as ClientStore } from '../../client/store';
import { reducer, type Action, type State } from './state';

export type Store = ClientStore<State, Action>;

export const createStore = (initial: State): Store => createClientStore(reducer, initial);
