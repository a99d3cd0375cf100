import { readBusinessHours, type BusinessHours } from './businessHours';
import { ApiError, avatarOf, createRequest, field, isRecord, unexpected, type ApiOptions } from './http';
import { createSitesApi, type SitesApi } from './sitesApi';
import type { Agent, AgentAccount, CannedReply } from './state';

export { ApiError, type ApiOptions } from './http';

export interface ApiClient extends SitesApi {
  /** The signed-in agent, or null when there is no valid session. */
  me(): Promise<Agent | null>;
  login(email: string, password: string): Promise<Agent>;
  logout(): Promise<void>;
  /** Every agent account (any agent may list; the role tells who may change them). */
  listAgents(): Promise<AgentAccount[]>;
  /** Admin only. */
  createAgent(input: NewAgent): Promise<AgentAccount>;
  /** Admin only. Deactivating signs them out everywhere. */
  updateAgent(id: string, change: AgentChange): Promise<AgentAccount>;
  /** Signs out my other sessions. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  logoutEverywhere(): Promise<void>;
  /** My display name (what visitors see beside my replies); answers with me as stored. */
  updateMe(change: { name: string }): Promise<Agent>;
  /** My avatar, the image file as it is; answers with its URL path. */
  uploadMyAvatar(file: Blob): Promise<string>;
  removeMyAvatar(): Promise<void>;
  listCanned(): Promise<CannedReply[]>;
  addCanned(shortcut: string, text: string): Promise<CannedReply>;
  deleteCanned(id: string): Promise<void>;
  /** A site's business hours and callback settings (any agent may read them). */
  getHours(siteKey: string): Promise<BusinessHours>;
  /** Admin only. Replaces them whole; answers with what the server stored. */
  saveHours(siteKey: string, hours: BusinessHours): Promise<BusinessHours>;
}

export interface NewAgent {
  email: string;
  name: string;
  role: AgentAccount['role'];
  capacity: number;
  password: string;
  /** Site keys the agent works on; omitted: every site that exists. */
  sites?: string[];
}

export type AgentChange = Partial<Pick<AgentAccount, 'name' | 'role' | 'capacity' | 'active'>> & { sites?: string[] };

export function createApi(options: ApiOptions): ApiClient {
  const request = createRequest(options);

  return {
    ...createSitesApi(options),
    async me() {
      try {
        return readAgent(await (await request('GET', '/api/auth/me')).json());
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    async login(email, password) {
      return readAgent(await (await request('POST', '/api/auth/login', { email, password })).json());
    },
    async logout() {
      await request('POST', '/api/auth/logout');
    },
    async listAgents() {
      const body: unknown = await (await request('GET', '/api/agents')).json();
      return listOf(body, 'agents').map(readAccount);
    },
    async createAgent(input) {
      return readAccount(field(await (await request('POST', '/api/agents', input)).json(), 'agent'));
    },
    async updateAgent(id, change) {
      return readAccount(field(await (await request('PATCH', `/api/agents/${encodeURIComponent(id)}`, change)).json(), 'agent'));
    },
    async changePassword(currentPassword, newPassword) {
      await request('POST', '/api/me/password', { currentPassword, newPassword });
    },
    async logoutEverywhere() {
      await request('POST', '/api/auth/logout-everywhere');
    },
    async updateMe(change) {
      const body: unknown = await (await request('PATCH', '/api/me', change)).json();
      // NOTE: the contract says "the agent" without naming the body; accept `{agent}` or the agent itself.
      return readAgent(isRecord(body) && isRecord(body.agent) ? body : { agent: body });
    },
    async uploadMyAvatar(file) {
      return avatarOf(await (await request('PUT', '/api/me/avatar', undefined, file)).json());
    },
    async removeMyAvatar() {
      await request('DELETE', '/api/me/avatar');
    },
    async listCanned() {
      const body: unknown = await (await request('GET', '/api/canned')).json();
      return listOf(body, 'replies').map(readCanned);
    },
    async addCanned(shortcut, text) {
      const body: unknown = await (await request('POST', '/api/canned', { shortcut, text })).json();
      // NOTE: the contract says 201 without naming the body; accept `{reply}` or the reply itself.
      return readCanned(isRecord(body) && isRecord(body.reply) ? body.reply : body);
    },
    async deleteCanned(id) {
      await request('DELETE', `/api/canned/${encodeURIComponent(id)}`);
    },
    async getHours(siteKey) {
      return hoursOf(await (await request('GET', `/api/sites/${encodeURIComponent(siteKey)}/hours`)).json());
    },
    async saveHours(siteKey, hours) {
      return hoursOf(await (await request('PUT', `/api/sites/${encodeURIComponent(siteKey)}/hours`, hours)).json());
    },
  };
}

function readAgent(body: unknown): Agent {
  const agent = isRecord(body) ? body.agent : null;
  if (
    isRecord(agent) &&
    typeof agent.id === 'string' &&
    typeof agent.name === 'string' &&
    typeof agent.email === 'string'
  ) {
    return { id: agent.id, name: agent.name, email: agent.email, ...(typeof agent.avatar === 'string' ? { avatar: agent.avatar } : {}) };
  }
  throw new ApiError('invalid_response', 200, 'The server sent an unexpected answer. Please try again.');
}

function listOf(body: unknown, key: string): unknown[] {
  const list = field(body, key);
  if (!Array.isArray(list)) throw unexpected();
  return list;
}

function readAccount(value: unknown): AgentAccount {
  if (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.email === 'string' &&
    typeof value.name === 'string' &&
    (value.role === 'admin' || value.role === 'agent') &&
    typeof value.capacity === 'number' &&
    typeof value.active === 'boolean'
  ) {
    const account: AgentAccount = { id: value.id, email: value.email, name: value.name, role: value.role, capacity: value.capacity, active: value.active };
    // NOTE: `sites` arrives with per-site membership; a relay without it leaves the field out.
    if (Array.isArray(value.sites)) account.sites = value.sites.filter((key): key is string => typeof key === 'string');
    return account;
  }
  throw unexpected();
}

function hoursOf(body: unknown): BusinessHours {
  const hours = readBusinessHours(body);
  if (hours === null) throw unexpected();
  return hours;
}

function readCanned(value: unknown): CannedReply {
  if (isRecord(value) && typeof value.id === 'string' && typeof value.shortcut === 'string' && typeof value.text === 'string') {
    return { id: value.id, shortcut: value.shortcut, text: value.text };
  }
  throw unexpected();
}

