import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A process's CPU time and memory as the kernel counts them (/proc/<pid>/stat and status), read
 * from outside: it costs the measured process nothing and works while its event loop is busy.
 */
export type ProcSample = {
  /** Wall clock, ms (performance.now of the reader). */
  at: number;
  /** User + system CPU time since the process started, ms (all threads). */
  cpuMs: number;
  rssBytes: number;
  /** Peak RSS so far (VmHWM). */
  peakRssBytes: number;
};

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(out.stdout.trim());
  return out.status === 0 && Number.isFinite(value) && value > 0 ? value : 100;
})();

export function sampleProc(pid: number): ProcSample {
  const at = performance.now();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    at,
    cpuMs: ((utime + stime) * 1000) / ticksPerSecond,
    rssBytes: kilobytes(status, 'VmRSS') * 1024,
    peakRssBytes: kilobytes(status, 'VmHWM') * 1024,
  };
}

function kilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match === null) throw new Error(`/proc status has no ${field}`);
  return Number(match[1]);
}

/** CPU use between two samples, as % of one core. */
export function cpuPercent(from: ProcSample, to: ProcSample): number {
  const wall = to.at - from.at;
  return wall <= 0 ? 0 : (100 * (to.cpuMs - from.cpuMs)) / wall;
}
