/** The console's HTTP plumbing: one request function, one error type, small readers of answers. */

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

export interface ApiOptions {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Empty for same-origin, which is how the relay serves the console. */
  baseUrl?: string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Sends JSON (or, with `raw`, a file as it is), resolves to the response when it is 2xx and throws an ApiError otherwise. */
export type Request = (method: Method, path: string, body?: unknown, raw?: Blob) => Promise<Response>;

/** The one way the console talks HTTP: same-origin credentials, JSON, errors as ApiError. Shared by api.ts and sitesApi.ts. */
export function createRequest({ fetch, baseUrl = '' }: ApiOptions): Request {
  return async (method, path, body, raw) => {
    let response: Response;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (raw !== undefined) headers['Content-Type'] = raw.type === '' ? 'application/octet-stream' : raw.type;
    else if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        credentials: 'same-origin',
        headers,
        ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError('network', 0, 'Could not reach the server. Check your connection and try again.', { cause: error });
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
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

export function unexpected(): ApiError {
  return new ApiError('invalid_response', 200, 'The server sent an unexpected answer. Please try again.');
}

export function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
}

export function avatarOf(body: unknown): string {
  const avatar = field(body, 'avatar');
  if (typeof avatar !== 'string') throw unexpected();
  return avatar;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
