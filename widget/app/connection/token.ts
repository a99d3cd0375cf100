/**
 * The visitor token, kept in the frame's (relay-origin) localStorage under `ponte:token:<siteKey>`.
 * Third-party storage may be blocked or partitioned; then the token lives in memory for this page
 * view and the visitor starts fresh on the next one.
 */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export function createTokenStore(siteKey: string, storage: () => Storage): TokenStore {
  const key = 'ponte:token:' + siteKey;
  let memory: string | null = null;
  let blocked = false;
  const use = <T>(fn: (store: Storage) => T): T | undefined => {
    if (blocked) return undefined;
    try {
      return fn(storage());
    } catch (error) {
      // Reported once; from then on the token lives in memory (and with the host page, see main.tsx).
      blocked = true;
      console.warn('[ponte] frame storage unavailable; keeping the token in memory', error);
      return undefined;
    }
  };
  return {
    get: () => use((store) => store.getItem(key)) ?? memory,
    set(token) {
      memory = token;
      use((store) => store.setItem(key, token));
    },
    clear() {
      memory = null;
      use((store) => store.removeItem(key));
    },
  };
}
