import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What the lookup may ask of the machine; injected so the order can be tested without touching disk. */
export interface BrowserProbe {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** An executable file exists at `path`. */
  isExecutable(path: string): boolean;
  /** The names in `dir`, or none when it is missing or unreadable. */
  list(dir: string): readonly string[];
}

export type BrowserLookup = { found: true; path: string } | { found: false; problem: string };

/** Where people have a Chrome or Chromium, in the order they are tried after `CHROMIUM_PATH`. */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium', // Debian
  '/usr/bin/chromium-browser', // Ubuntu, Fedora
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
] as const;

export const NO_BROWSER =
  'No Chromium found for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium; ' +
  'macOS: brew install --cask chromium) or set CHROMIUM_PATH=/path/to/chrome.';

/**
 * The browser the e2e suites drive. `CHROMIUM_PATH`, when set, is the only answer: a wrong path is
 * the person's mistake to hear about, not a reason to quietly pick another browser.
 */
export function findChromium(probe: BrowserProbe): BrowserLookup {
  const chosen = probe.env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    return probe.isExecutable(chosen)
      ? { found: true, path: chosen }
      : {
          found: false,
          problem:
            `CHROMIUM_PATH=${chosen} is not an executable Chrome or Chromium: ` +
            'fix the path, or unset it to search the usual places.',
        };
  }
  for (const path of [...SYSTEM_BROWSERS, ...playwrightBrowsers(probe)]) {
    if (probe.isExecutable(path)) return { found: true, path };
  }
  return { found: false, problem: NO_BROWSER };
}

/**
 * Chromium builds that `npx playwright install chromium` downloaded, newest revision first. Layout:
 * `<cache>/chromium-<revision>/chrome-linux*\/chrome` (`chrome-linux64` since Chrome for Testing).
 */
function playwrightBrowsers(probe: BrowserProbe): string[] {
  const caches: string[] = [];
  const custom = probe.env.PLAYWRIGHT_BROWSERS_PATH;
  // NOTE: "0" means "inside node_modules/playwright-core", which playwright-core (without the
  // `playwright` CLI) never fills; nothing to search there.
  if (custom !== undefined && custom !== '' && custom !== '0') caches.push(custom);
  caches.push(join(probe.env.XDG_CACHE_HOME || join(probe.home, '.cache'), 'ms-playwright'));

  const found: string[] = [];
  for (const cache of caches) {
    const builds = probe
      .list(cache)
      .map((name) => ({ name, revision: Number(/^chromium-(\d+)$/.exec(name)?.[1]) }))
      .filter((build) => Number.isInteger(build.revision))
      .sort((a, b) => b.revision - a.revision);
    for (const build of builds) {
      const dir = join(cache, build.name);
      for (const platform of probe.list(dir).filter((name) => name.startsWith('chrome-linux')).sort()) {
        found.push(join(dir, platform, 'chrome'));
      }
    }
  }
  return found;
}

/** The probe of this machine. */
export function systemProbe(): BrowserProbe {
  return {
    env: process.env,
    home: homedir(),
    isExecutable(path) {
      try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
      } catch {
        // Missing or not executable: both mean "not this one", and the caller tries the next.
        return false;
      }
    },
    list(dir) {
      try {
        return readdirSync(dir);
      } catch {
        // No such cache: nothing downloaded there.
        return [];
      }
    },
  };
}

/** The browser's path, or an Error whose message is the one line saying what to do. */
export function requireChromium(probe: BrowserProbe = systemProbe()): string {
  const lookup = findChromium(probe);
  if (!lookup.found) throw new Error(lookup.problem);
  return lookup.path;
}
