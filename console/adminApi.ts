/**
 * The console's HTTP side beyond signing in: canned replies, team accounts, my password, business
 * hours. Each call puts what the server answered into the store and resolves to null on success or
 * to the message to show (the server's own words when it gave some); none of them throws.
 */
import { ApiError, type AgentChange, type ApiClient, type NewAgent } from './api';
import type { BusinessHours } from './businessHours';
import { failureOf, type Failure, type Installation, type SiteChange, type SiteInfo } from './sitesApi';
import type { Store } from './store';

/**
 * NOTE: unlike the other HTTP calls, hours come back to the caller instead of going into the
 * store: only the form that edits them reads them, and it keeps its own draft anyway; a second
 * copy in the store would only be one more thing to keep in step.
 */
export type HoursResult = { ok: true; hours: BusinessHours } | { ok: false; message: string };

/** What a site form gets back: the value, or the failure with its code so the form can mark the field. */
export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export interface AdminApi {
  loadCanned(): Promise<string | null>;
  addCanned(shortcut: string, text: string): Promise<string | null>;
  deleteCanned(id: string): Promise<string | null>;
  loadAccounts(): Promise<string | null>;
  createAgent(input: NewAgent): Promise<string | null>;
  updateAgent(id: string, change: AgentChange): Promise<string | null>;
  changePassword(currentPassword: string, newPassword: string): Promise<string | null>;
  signOutEverywhere(): Promise<string | null>;
  /** A site's business hours and callback settings. */
  loadHours(siteKey: string): Promise<HoursResult>;
  /** Admin only. The server checks them whole; on success, what it stored. */
  saveHours(siteKey: string, hours: BusinessHours): Promise<HoursResult>;
  /** The sites I may see, into the store. */
  loadSites(): Promise<string | null>;
  /** Admin only. The new site goes into the store too. */
  createSite(input: { name: string; allowedOrigins: string[] }): Promise<Result<SiteInfo>>;
  /** Admin only. What the server stored goes into the store; a 409 `stale_site` comes back as a failure. */
  saveSite(siteKey: string, change: SiteChange): Promise<Result<SiteInfo>>;
  /** Fresh from the server (someone else saved): into the store, and back. */
  reloadSite(siteKey: string): Promise<Result<SiteInfo>>;
  loadInstallation(siteKey: string): Promise<Result<Installation>>;
  /** Admin only. Answers with the site as stored after it (the upload sets appearance.avatar and moves the revision on). */
  uploadSiteAvatar(siteKey: string, file: Blob): Promise<Result<SiteInfo>>;
  /** My display name, what visitors see beside my replies. */
  renameMe(name: string): Promise<string | null>;
  /** My avatar (what visitors see beside my replies from my next one): its URL path, also into the store. */
  uploadMyAvatar(file: Blob): Promise<Result<string>>;
  removeMyAvatar(): Promise<string | null>;
}

export interface AdminApiDeps {
  api: ApiClient;
  store: Store;
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

async function result<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

export function createAdminApi({ api, store, endSession }: AdminApiDeps): AdminApi {
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
    loadHours: (siteKey) => hoursCall(() => api.getHours(siteKey)),
    saveHours: (siteKey, hours) => hoursCall(() => api.saveHours(siteKey, hours)),
    loadSites: () =>
      call(async () => {
        dispatch({ type: 'sites.loaded', sites: await api.listSites() });
      }),
    createSite: (input) =>
      result(async () => {
        const site = await api.createSite(input);
        dispatch({ type: 'site.saved', site });
        return site;
      }),
    saveSite: (siteKey, change) =>
      result(async () => {
        const site = await api.updateSite(siteKey, change);
        dispatch({ type: 'site.saved', site });
        return site;
      }),
    reloadSite: (siteKey) =>
      result(async () => {
        const site = await api.getSite(siteKey);
        dispatch({ type: 'site.saved', site });
        return site;
      }),
    loadInstallation: (siteKey) => result(() => api.getInstallation(siteKey)),
    uploadSiteAvatar: (siteKey, file) =>
      result(async () => {
        await api.uploadSiteAvatar(siteKey, file);
        const site = await api.getSite(siteKey);
        dispatch({ type: 'site.saved', site });
        return site;
      }),
    renameMe: (name) =>
      call(async () => {
        dispatch({ type: 'agent.renamed', agent: await api.updateMe({ name }) });
      }),
    uploadMyAvatar: (file) =>
      result(async () => {
        const avatar = await api.uploadMyAvatar(file);
        dispatch({ type: 'agent.avatarChanged', avatar });
        return avatar;
      }),
    removeMyAvatar: () =>
      call(async () => {
        await api.removeMyAvatar();
        dispatch({ type: 'agent.avatarChanged', avatar: null });
      }),
  };
}
