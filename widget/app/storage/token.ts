/**
 * Small values kept in the frame's (relay-origin) localStorage: the visitor token under
 * `ponte:token:<siteKey>`, the outbox under `ponte:outbox:<siteKey>`. Third-party storage may be
 * blocked or partitioned; then the value lives in memory for this page view, and the host page
 * keeps a copy through the bridge (widget/loader/main.ts) that it hands back to the next frame.
 */
export interface StoredValue {
  get(): string | null;
  set(value: string): void;
  clear(): void;
}
export type TokenStore = StoredValue;

export function createStoredValue(key: string, storage: () => Storage): StoredValue {
  let memory: string | null = null;
  let blocked = false;
  const use = <T>(fn: (store: Storage) => T): T | undefined => {
    if (blocked) return undefined;
    try {
      return fn(storage());
    } catch (error) {
      // Reported once; from then on the value lives in memory (and with the host page, see chat.ts).
      blocked = true;
      console.warn('[ponte] frame storage unavailable; keeping ' + key + ' in memory', error);
      return undefined;
    }
  };
  return {
    get: () => use((store) => store.getItem(key)) ?? memory,
    set(value) {
      memory = value;
      use((store) => store.setItem(key, value));
    },
    clear() {
      memory = null;
      use((store) => store.removeItem(key));
    },
  };
}

export const createTokenStore = (siteKey: string, storage: () => Storage): TokenStore =>
  createStoredValue('ponte:token:' + siteKey, storage);
