import type { Agent } from './state';

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
}

export interface ApiOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Empty for same-origin, which is how the relay serves the console. */
  baseUrl?: string;
}

export function createApi({ fetch, baseUrl = '' }: ApiOptions): ApiClient {
  async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
