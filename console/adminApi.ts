/**
 * The console's HTTP side beyond signing in: canned replies, team accounts, my password, business
 * hours. Each call puts what the server answered into the store and resolves to null on success or
 * to the message to show (the server's own words when it gave some); none of them throws.
 */
import { ApiError, type AgentChange, type ApiClient, type NewAgent } from './api';
import type { BusinessHours } from './businessHours';
import type { Store } from './store';

/**
 * NOTE: unlike the other HTTP calls, hours come back to the caller instead of going into the
 * store: only the form that edits them reads them, and it keeps its own draft anyway; a second
 * copy in the store would only be one more thing to keep in step.
 */
export type HoursResult = { ok: true; hours: BusinessHours } | { ok: false; message: string };

/**
 * NOTE: the relay serves one site today, 'demo' (README, "Callbacks and business hours"), and
 * nothing tells the console which site an agent works for; when there are several, this will
 * come from the agent's account.
 */
export const DefaultSiteKey = 'demo';

export interface AdminApi {
  loadCanned(): Promise<string | null>;
  addCanned(shortcut: string, text: string): Promise<string | null>;
  deleteCanned(id: string): Promise<string | null>;
  loadAccounts(): Promise<string | null>;
  createAgent(input: NewAgent): Promise<string | null>;
  updateAgent(id: string, change: AgentChange): Promise<string | null>;
  changePassword(currentPassword: string, newPassword: string): Promise<string | null>;
  signOutEverywhere(): Promise<string | null>;
  /** The site's business hours and callback settings. */
  loadHours(): Promise<HoursResult>;
  /** Admin only. The server checks them whole; on success, what it stored. */
  saveHours(hours: BusinessHours): Promise<HoursResult>;
}

export interface AdminApiDeps {
  api: ApiClient;
  store: Store;
  siteKey: string;
  /** Signed out everywhere: this console's session ends too. */
  endSession: () => void;
}

/** The words to show for a failed call: an ApiError's own, anything else is a bug (logged) and gets a generic line. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  console.error('[ponte] unexpected console error', error);
  return 'Something went wrong. Please try again.';
}

async function call(work: () => Promise<void>): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

async function hoursCall(work: () => Promise<BusinessHours>): Promise<HoursResult> {
  try {
    return { ok: true, hours: await work() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

export function createAdminApi({ api, store, siteKey, endSession }: AdminApiDeps): AdminApi {
  const { dispatch } = store;
  return {
    loadCanned: () =>
      call(async () => {
        dispatch({ type: 'canned.loaded', replies: await api.listCanned() });
      }),
    addCanned: (shortcut, text) =>
      call(async () => {
        dispatch({ type: 'canned.added', reply: await api.addCanned(shortcut, text) });
      }),
    deleteCanned: (id) =>
      call(async () => {
        await api.deleteCanned(id);
        dispatch({ type: 'canned.removed', id });
      }),
    loadAccounts: () =>
      call(async () => {
        dispatch({ type: 'accounts.loaded', accounts: await api.listAgents() });
      }),
    createAgent: (input) =>
      call(async () => {
        dispatch({ type: 'account.saved', account: await api.createAgent(input) });
      }),
    updateAgent: (id, change) =>
      call(async () => {
        dispatch({ type: 'account.saved', account: await api.updateAgent(id, change) });
      }),
    changePassword: (currentPassword, newPassword) => call(() => api.changePassword(currentPassword, newPassword)),
    signOutEverywhere: () =>
      call(async () => {
        await api.logoutEverywhere();
        endSession();
      }),
    loadHours: () => hoursCall(() => api.getHours(siteKey)),
    saveHours: (hours) => hoursCall(() => api.saveHours(siteKey, hours)),
  };
}
