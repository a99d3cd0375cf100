/**
 * The knowledge-base editor's and the unanswered view's HTTP calls (server/http/knowledge-routes.ts,
 * unanswered-routes.ts): same-origin fetch with the session cookie. A refusal becomes a `KbApiError`
 * carrying the server's own code and words (`{ error: { code, message } }`), and, when the server
 * gave them, the validation problems or who published since.
 */
import type { Locale } from '../protocol/codes';

export class KbApiError extends Error {
  override readonly name = 'KbApiError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
    readonly current: PublishedBy | null = null,
  ) {
    super(message);
  }
}

export type PublishedBy = { version: number; authorName: string | null; createdAt: string; summary: string };
export type Published = { yaml: string; version: number };
export type PublishResult = { ok: true; entries: number; version: number; summary: string };
export type VersionRow = { version: number; authorName: string | null; summary: string; createdAt: string };
export type EntryRef = { entryId: string; title: string };
export type TryAnswer = {
  text: string;
  locale: Locale;
  entryId: string | null;
  quickReplies: string[];
  unanswered?: 'fallback' | 'suggested';
  suggestions?: EntryRef[];
  handoff?: { reason: string; text: string };
};
export type ReplayChange = 'newly_answered' | 'no_longer_answered' | 'different_answer';
export type ReplayItem = { text: string; locale: Locale; change: ReplayChange; before: EntryRef | null; after: EntryRef | null; count: number };
export type ReplayReport = { questions: number; changes: ReplayItem[]; unchanged: number; ms: number };
export type UnansweredGroup = {
  key: string;
  text: string;
  count: number;
  locales: Locale[];
  lastAt: string;
  botDid: { fallback: number; suggested: number; handedOff: number };
  askedForPerson: number;
  examples: string[];
};
export type UnansweredReport = { since: string; until: string; scanned: number; truncated: boolean; groups: UnansweredGroup[] };

export interface KbApi {
  load(): Promise<Published>;
  /** Publishes as the version after `basedOn` (If-Match); a `stale_knowledge_base` refusal carries `current`. */
  publish(yaml: string, basedOn: number): Promise<PublishResult>;
  check(yaml: string): Promise<{ ok: true; entries: number }>;
  tryIt(yaml: string, text: string, locale: Locale): Promise<TryAnswer>;
  replay(yaml: string): Promise<ReplayReport>;
  versions(): Promise<VersionRow[]>;
  version(n: number): Promise<string>;
  restore(n: number): Promise<PublishResult>;
  unanswered(): Promise<UnansweredReport>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function createKbApi(siteKey: string, fetchFn: Fetch = (input, init) => window.fetch(input, init)): KbApi {
  const base = `/api/sites/${encodeURIComponent(siteKey)}`;
  const kb = `${base}/knowledge-base`;

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetchFn(path, { credentials: 'same-origin', ...init });
    } catch (error) {
      // fetch rejects only when no answer came (offline, server down): said as such, the cause logged.
      console.warn('[ponte] a knowledge-base call got no answer', error);
      throw new KbApiError('network', 0, 'Could not reach the server. Check your connection and try again.');
    }
    if (res.ok) return res;
    throw await refusal(res);
  }
  const json = async <T>(path: string, body: unknown): Promise<T> =>
    (await (await send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as T;

  return {
    async load() {
      const res = await send(kb);
      return { yaml: await res.text(), version: versionOf(res.headers.get('etag')) };
    },
    async publish(yaml, basedOn) {
      const res = await send(kb, { method: 'PUT', headers: { 'content-type': 'text/yaml', 'if-match': `"v${basedOn}"` }, body: yaml });
      return (await res.json()) as PublishResult;
    },
    async check(yaml) {
      const res = await send(`${kb}/check`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: yaml });
      return (await res.json()) as { ok: true; entries: number };
    },
    tryIt: (yaml, text, locale) => json<TryAnswer>(`${kb}/try`, { yaml, text, locale }),
    replay: (yaml) => json<ReplayReport>(`${kb}/replay`, { yaml }),
    async versions() {
      return ((await (await send(`${kb}/versions`)).json()) as { versions: VersionRow[] }).versions;
    },
    async version(n) {
      return (await send(`${kb}/versions/${n}`)).text();
    },
    restore: (n) => json<PublishResult>(`${kb}/versions/${n}/restore`, {}),
    async unanswered() {
      return (await (await send(`${base}/unanswered?limit=100`)).json()) as UnansweredReport;
    },
  };
}

function versionOf(etag: string | null): number {
  const match = /"v(\d+)"/.exec(etag ?? '');
  return match === null ? 1 : Number(match[1]);
}

/** The server's `{ error: { code, message, problems?, current? } }`, or a plain line for anything else. */
async function refusal(res: Response): Promise<KbApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch (error) {
    // Not JSON (a proxy's error page): the status is all there is to say.
    console.warn('[ponte] a knowledge-base call answered without a JSON error', res.status, error);
    return new KbApiError('http_error', res.status, `The server answered ${res.status}. Please try again.`);
  }
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
  if (typeof error !== 'object' || error === null) return new KbApiError('http_error', res.status, `The server answered ${res.status}.`);
  const e = error as Record<string, unknown>;
  const problems = Array.isArray(e.problems) ? e.problems.filter((p): p is string => typeof p === 'string') : [];
  const current = typeof e.current === 'object' && e.current !== null ? (e.current as PublishedBy) : null;
  return new KbApiError(typeof e.code === 'string' ? e.code : 'http_error', res.status, typeof e.message === 'string' ? e.message : `The server answered ${res.status}.`, problems, current);
}

/** What to show for a failed call. */
export function failureText(error: unknown): string {
  if (error instanceof KbApiError) return error.message;
  console.error('[ponte] unexpected knowledge-base error', error);
  return 'Something went wrong. Please try again.';
}
