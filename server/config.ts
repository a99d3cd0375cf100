import { resolve } from 'node:path';
import { type LlmConfig, llmConfigFromEnv } from '../bot/llm/config';
import type { CallbackConfig } from './domain/callbacks';
import { type LimitSettings, limitsFromEnv } from './security/limits';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Where the built widget and console live (`npm run build`). */
  distDir: string;
  adminEmail: string;
  /** Unset: generated and printed once on first start. */
  adminPassword: string | undefined;
  demoPort: number;
  /** Origins allowed to embed the demo site's widget. */
  demoOrigins: string[];
  /** Agent console sessions last this long without activity. */
  sessionTtlMs: number;
  /** Cookies get `Secure` when the console is served over HTTPS (behind a proxy). */
  secureCookies: boolean;
  /** scrypt cost; lowered only by tests that create many agents. */
  passwordCost: number;
  /** An agent whose consoles are all gone is offline after this long (their chats go back to the queue). */
  presenceGraceMs: number;
  /** An auto-assignment offer not accepted within this goes to the next agent. */
  offerTimeoutMs: number;
  /** LLM mode (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL); null: the scripted bot alone. */
  llm: LlmConfig | null;
  /** Callback timing (missed after, retry after, sweep interval, flood limit); defaults in domain/callbacks.ts. */
  callbacks?: Partial<CallbackConfig>;
  /** Proxies whose X-Forwarded-For / -Proto are believed (`TRUST_PROXY`); empty: none. */
  trustProxy: string[];
  /** Abuse limits (`PONTE_LIMITS`); defaults and meaning in security/limits.ts and SECURITY.md. */
  limits: LimitSettings;
};

const root = resolve(import.meta.dirname, '..');

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${value}"`);
  }
  return parsed;
}

/** Reads configuration from the environment; every setting is documented in README.md. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const demoPort = intFrom(env.DEMO_PORT, 8080, 'DEMO_PORT');
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? resolve(root, 'data')),
    distDir: resolve(root, 'dist'),
    adminEmail: 'admin@example.com',
    adminPassword: env.PONTE_ADMIN_PASSWORD || undefined,
    demoPort,
    demoOrigins: (env.DEMO_ORIGINS ?? `http://localhost:${demoPort},http://127.0.0.1:${demoPort}`)
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    sessionTtlMs: 12 * 60 * 60 * 1000,
    secureCookies: env.PONTE_SECURE_COOKIES === '1',
    passwordCost: 16384,
    presenceGraceMs: 30_000,
    offerTimeoutMs: 30_000,
    llm: llmConfigFromEnv(env),
    trustProxy: (env.TRUST_PROXY ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    limits: limitsFromEnv(env.PONTE_LIMITS),
  };
}
