/**
 * The Sites workspace's HTTP calls (issue 14's contract): sites, their installation check and
 * their team avatar. Answers are read defensively: a missing appearance field takes the
 * contract's default, so the console still shows a site saved before a field existed.
 */
import { ApiError, avatarOf, createRequest, isRecord, unexpected, type ApiOptions } from './http';

export const Languages = ['en', 'pt-BR', 'es'] as const;
export type Language = (typeof Languages)[number];

export const WhenUnavailable = ['callback', 'message', 'hide'] as const;
export type WhenUnavailable = (typeof WhenUnavailable)[number];

export interface Appearance {
  brandColour: string;
  /** null: white or near-black, whichever contrasts more with the brand colour. */
  textColour: string | null;
  position: 'right' | 'left';
  /** null: the site's name. */
  teamName: string | null;
  avatar: string | null;
  greeting: Partial<Record<Language, string>>;
  /** Text beside the launcher's icon, per language; none: the icon alone. */
  launcherLabel: Partial<Record<Language, string>>;
  languages: Language[];
  whenUnavailable: WhenUnavailable;
}

export interface SiteInfo {
  key: string;
  name: string;
  allowedOrigins: string[];
  disabled: boolean;
  routing: 'auto' | 'manual';
  appearance: Appearance;
  revision: number;
  createdAt: string;
}

export interface SiteLoad {
  origin: string;
  allowed: boolean;
  loads: number;
  firstLoadedAt: string;
  lastLoadedAt: string;
}

export interface Installation {
  snippet: string;
  /** Newest first. */
  loads: SiteLoad[];
}

export interface SiteChange {
  name?: string;
  allowedOrigins?: string[];
  disabled?: boolean;
  appearance?: Partial<Appearance>;
  routing?: 'auto' | 'manual';
  /** The revision the edit started from: the server refuses with 409 stale_site if it moved on. */
  revision?: number;
}

export interface SitesApi {
  listSites(): Promise<SiteInfo[]>;
  getSite(key: string): Promise<SiteInfo>;
  createSite(input: { name: string; allowedOrigins: string[] }): Promise<SiteInfo>;
  updateSite(key: string, change: SiteChange): Promise<SiteInfo>;
  getInstallation(key: string): Promise<Installation>;
  uploadSiteAvatar(key: string, file: Blob): Promise<string>;
  removeSiteAvatar(key: string): Promise<void>;
}

export const DefaultAppearance: Appearance = {
  brandColour: '#4f46e5',
  textColour: null,
  position: 'right',
  teamName: null,
  avatar: null,
  greeting: {},
  launcherLabel: {},
  languages: [...Languages],
  whenUnavailable: 'callback',
};

export function createSitesApi(options: ApiOptions): SitesApi {
  const request = createRequest(options);
  const site = (key: string) => `/api/sites/${encodeURIComponent(key)}`;
  return {
    async listSites() {
      const body: unknown = await (await request('GET', '/api/sites')).json();
      const list = isRecord(body) ? body.sites : undefined;
      if (!Array.isArray(list)) throw unexpected();
      return list.map(readSite);
    },
    async getSite(key) {
      return readSite(await (await request('GET', site(key))).json());
    },
    async createSite(input) {
      return readSite(await (await request('POST', '/api/sites', input)).json());
    },
    async updateSite(key, change) {
      return readSite(await (await request('PATCH', site(key), change)).json());
    },
    async getInstallation(key) {
      return readInstallation(await (await request('GET', `${site(key)}/installation`)).json());
    },
    async uploadSiteAvatar(key, file) {
      return avatarOf(await (await request('PUT', `${site(key)}/avatar`, undefined, file)).json());
    },
    async removeSiteAvatar(key) {
      await request('DELETE', `${site(key)}/avatar`);
    },
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A SiteInfo from the wire; `{ site }` wrappers are accepted too. */
export function readSite(body: unknown): SiteInfo {
  const value = isRecord(body) && isRecord(body.site) ? body.site : body;
  if (!isRecord(value) || !isString(value.key) || !isString(value.name)) throw unexpected();
  return {
    key: value.key,
    name: value.name,
    allowedOrigins: Array.isArray(value.allowedOrigins) ? value.allowedOrigins.filter(isString) : [],
    disabled: value.disabled === true,
    routing: value.routing === 'manual' ? 'manual' : 'auto',
    appearance: readAppearance(value.appearance),
    revision: typeof value.revision === 'number' ? value.revision : 1,
    createdAt: isString(value.createdAt) ? value.createdAt : '',
  };
}

export function readAppearance(value: unknown): Appearance {
  if (!isRecord(value)) return { ...DefaultAppearance, languages: [...DefaultAppearance.languages] };
  const greeting: Partial<Record<Language, string>> = {};
  if (isRecord(value.greeting)) {
    for (const language of Languages) {
      const text = value.greeting[language];
      if (isString(text)) greeting[language] = text;
    }
  }
  const launcherLabel: Partial<Record<Language, string>> = {};
  if (isRecord(value.launcherLabel)) {
    for (const language of Languages) {
      const text = value.launcherLabel[language];
      if (isString(text)) launcherLabel[language] = text;
    }
  }
  const languages = Array.isArray(value.languages) ? Languages.filter((l) => (value.languages as unknown[]).includes(l)) : [...Languages];
  return {
    brandColour: isString(value.brandColour) ? value.brandColour.toLowerCase() : DefaultAppearance.brandColour,
    textColour: stringOrNull(value.textColour),
    position: value.position === 'left' ? 'left' : 'right',
    teamName: stringOrNull(value.teamName),
    avatar: stringOrNull(value.avatar),
    greeting,
    launcherLabel,
    languages: languages.length === 0 ? [...Languages] : languages,
    whenUnavailable: WhenUnavailable.find((w) => w === value.whenUnavailable) ?? 'callback',
  };
}

export function readInstallation(body: unknown): Installation {
  if (!isRecord(body) || !isString(body.snippet) || !Array.isArray(body.loads)) throw unexpected();
  return {
    snippet: body.snippet,
    loads: body.loads.filter(isRecord).map((row) => ({
      origin: isString(row.origin) ? row.origin : '',
      allowed: row.allowed === true || row.allowed === 1,
      loads: typeof row.loads === 'number' ? row.loads : 0,
      firstLoadedAt: isString(row.firstLoadedAt) ? row.firstLoadedAt : '',
      lastLoadedAt: isString(row.lastLoadedAt) ? row.lastLoadedAt : '',
    })),
  };
}

/** A failed call as the forms show it: the code picks the field, the message is the server's own. */
export interface Failure {
  code: string;
  status: number;
  message: string;
}

export function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) return { code: error.code, status: error.status, message: error.message };
  console.error('[ponte] unexpected console error', error);
  return { code: 'unexpected', status: 0, message: 'Something went wrong. Please try again.' };
}
