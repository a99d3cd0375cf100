import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, type Config } from '../../server/config';
import { type Ponte, startPonte } from '../../server/main';

export const ADMIN_PASSWORD = 'test-admin-password';
export const SHOP_ORIGIN = 'http://shop.test';

export type TestPonte = Ponte & { config: Config; dataDir: string; stop(): Promise<void> };

/** The real server on a random port with a real SQLite file in a fresh temp folder. */
export async function startTestPonte(overrides: Partial<Config> = {}): Promise<TestPonte> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'ponte-test-'));
  const config: Config = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminPassword: ADMIN_PASSWORD,
    demoOrigins: [SHOP_ORIGIN],
    passwordCost: 1024,
    ...overrides,
  };
  const ponte = await startPonte(config);
  return {
    ...ponte,
    config,
    dataDir,
    async stop() {
      await ponte.close();
      if (overrides.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP like the console does and returns the session cookie. */
export async function signIn(baseUrl: string, email = 'admin@example.com', password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (cookie === null) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0] ?? '';
}
