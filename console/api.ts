import { readBusinessHours, type BusinessHours } from './businessHours';
import type { Agent, AgentAccount, CannedReply } from './state';

/** The one error type of the console's HTTP calls. `status` is 0 when the server was not reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ApiClient {
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
}

export type AgentChange = Partial<Pick<AgentAccount, 'name' | 'role' | 'capacity' | 'active'>>;

export interface ApiOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Empty for same-origin, which is how the relay serves the console. */
  baseUrl?: string;
}

export function createApi({ fetch, baseUrl = '' }: ApiOptions): ApiClient {
  async function request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError('network', 0, 'Could not reach the server. Check your connection and try again.', { cause: error });
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  return {
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

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = response.status === 401 ? 'Please sign in.' : `The server answered ${response.status}. Please try again.`;
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // NOTE: a proxy's HTML error page has no JSON body; the status alone still tells the story.
    console.warn('[ponte] non-JSON error body', response.status, error);
    return new ApiError(`http_${response.status}`, response.status, fallback);
  }
  const detail = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = typeof detail?.code === 'string' ? detail.code : `http_${response.status}`;
  const message = typeof detail?.message === 'string' && detail.message !== '' ? detail.message : fallback;
  return new ApiError(code, response.status, message);
}

function readAgent(body: unknown): Agent {
  const agent = isRecord(body) ? body.agent : null;
  if (
    isRecord(agent) &&
    typeof agent.id === 'string' &&
    typeof agent.name === 'string' &&
    typeof agent.email === 'string'
  ) {
    return { id: agent.id, name: agent.name, email: agent.email };
  }
  throw new ApiError('invalid_response', 200, 'The server sent an unexpected answer. Please try again.');
}

function unexpected(): ApiError {
  return new ApiError('invalid_response', 200, 'The server sent an unexpected answer. Please try again.');
}

function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
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
    return { id: value.id, email: value.email, name: value.name, role: value.role, capacity: value.capacity, active: value.active };
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
