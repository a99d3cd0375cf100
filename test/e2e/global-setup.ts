import { findChromium, systemProbe } from './find-browser';

/**
 * Runs once before any worker starts, and only when an e2e file is in the run (it belongs to the
 * `e2e` project in vitest.config.ts). Without a browser every e2e file would fail with the same
 * Playwright stack trace; one line saying what to install is what a newcomer needs instead.
 */
export default function setup(): void {
  const lookup = findChromium(systemProbe());
  if (lookup.found) return;
  // NOTE: printing and exiting, not throwing: vitest prints a thrown error with its stack and the
  // code frame of this file, which buries the one line that matters.
  process.stderr.write(`\n${lookup.problem}\n\n`);
  process.exit(1);
}
