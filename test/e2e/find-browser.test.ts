import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type BrowserProbe, findChromium, NO_BROWSER } from './find-browser';

// A machine described as the files on it: executables, and directories with their entries.
function machine(
  executables: string[],
  dirs: Record<string, string[]> = {},
  env: Record<string, string> = {},
): BrowserProbe {
  return {
    env,
    home: '/home/ana',
    isExecutable: (path) => executables.includes(path),
    list: (dir) => dirs[dir] ?? [],
  };
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it points at a browser, ahead of the system one', () => {
    const probe = machine(['/usr/bin/chromium', '/opt/chrome/chrome'], {}, { CHROMIUM_PATH: '/opt/chrome/chrome' });
    expect(findChromium(probe)).toEqual({ found: true, path: '/opt/chrome/chrome' });
  });

  it('reports a wrong CHROMIUM_PATH as the problem, instead of quietly using another browser', () => {
    const lookup = findChromium(machine(['/usr/bin/chromium'], {}, { CHROMIUM_PATH: '/nope' }));
    expect(lookup).toEqual({ found: false, problem: expect.stringContaining('CHROMIUM_PATH=/nope') });
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(findChromium(machine(['/usr/bin/chromium'], {}, { CHROMIUM_PATH: '' }))).toEqual({
      found: true,
      path: '/usr/bin/chromium',
    });
  });

  it('prefers Debian chromium, then Ubuntu, snap, Google Chrome, then the macOS apps', () => {
    const order = [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
    order.forEach((path, i) => {
      expect(findChromium(machine(order.slice(i)))).toEqual({ found: true, path });
    });
  });

  it("falls back to the newest Chromium in Playwright's cache", () => {
    const cache = '/home/ana/.cache/ms-playwright';
    const probe = machine(
      [`${cache}/chromium-1140/chrome-linux/chrome`, `${cache}/chromium-1200/chrome-linux64/chrome`],
      {
        [cache]: ['chromium-1140', 'chromium_headless_shell-1200', 'chromium-1200', 'ffmpeg-1011'],
        [`${cache}/chromium-1140`]: ['chrome-linux'],
        [`${cache}/chromium-1200`]: ['chrome-linux64', 'INSTALLATION_COMPLETE'],
      },
    );
    expect(findChromium(probe)).toEqual({ found: true, path: `${cache}/chromium-1200/chrome-linux64/chrome` });
  });

  it('skips a cached build whose download is incomplete', () => {
    const cache = '/home/ana/.cache/ms-playwright';
    const probe = machine([`${cache}/chromium-1140/chrome-linux/chrome`], {
      [cache]: ['chromium-1140', 'chromium-1200'],
      [`${cache}/chromium-1140`]: ['chrome-linux'],
      [`${cache}/chromium-1200`]: ['chrome-linux64'],
    });
    expect(findChromium(probe)).toEqual({ found: true, path: `${cache}/chromium-1140/chrome-linux/chrome` });
  });

  it('searches PLAYWRIGHT_BROWSERS_PATH before the default cache', () => {
    const probe = machine(
      ['/srv/pw/chromium-1100/chrome-linux/chrome', '/home/ana/.cache/ms-playwright/chromium-1200/chrome-linux/chrome'],
      {
        '/srv/pw': ['chromium-1100'],
        '/srv/pw/chromium-1100': ['chrome-linux'],
        '/home/ana/.cache/ms-playwright': ['chromium-1200'],
        '/home/ana/.cache/ms-playwright/chromium-1200': ['chrome-linux'],
      },
      { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' },
    );
    expect(findChromium(probe)).toEqual({ found: true, path: '/srv/pw/chromium-1100/chrome-linux/chrome' });
  });

  it('uses the system browser over a cached one', () => {
    const cache = '/home/ana/.cache/ms-playwright';
    const probe = machine(['/usr/bin/google-chrome', `${cache}/chromium-1200/chrome-linux/chrome`], {
      [cache]: ['chromium-1200'],
      [`${cache}/chromium-1200`]: ['chrome-linux'],
    });
    expect(findChromium(probe)).toEqual({ found: true, path: '/usr/bin/google-chrome' });
  });

  it('says in one line what to install when there is no browser at all', () => {
    const lookup = findChromium(machine([]));
    expect(lookup).toEqual({ found: false, problem: NO_BROWSER });
    expect(NO_BROWSER).not.toContain('\n');
    expect(NO_BROWSER).toContain('apt-get install chromium');
    expect(NO_BROWSER).toContain('CHROMIUM_PATH=');
  });
});

describe('an e2e run without a browser', () => {
  it('stops before any suite starts, with one line saying what to do', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    // A clean environment: this worker's VITEST_* variables would make the child think it is a worker.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    delete env.FORCE_COLOR;
    const child = spawnSync(process.execPath, [vitest, 'run', 'test/e2e/widget-header.e2e.test.ts'], {
      cwd: root,
      env: { ...env, CHROMIUM_PATH: '/nope', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 50_000,
    });
    const output = `${child.stdout}${child.stderr}`;
    const lines = output.split('\n').filter((line) => line.trim() !== '');

    expect(child.status).toBe(1);
    expect(lines).toContain(
      'CHROMIUM_PATH=/nope is not an executable Chrome or Chromium: ' +
        'fix the path, or unset it to search the usual places.',
    );
    // The RUN banner and the line; no stack trace, no "No test files found", no suite output.
    expect(lines.length, output).toBeLessThanOrEqual(3);
    expect(output).not.toMatch(/\bat |❯|Error:/);
  });
});
