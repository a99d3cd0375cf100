/**
 * What every benchmark prints and summarises with: a plain text table, nearest-rank
 * percentiles and rounding. Shared so all tables in `npm run bench` read alike.
 */

/** A plain text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(cells[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Nearest rank: the smallest value with at least `p`% of the values at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export type Spread = { count: number; p50: number; p99: number; max: number };

/** p50, p99 and max of some samples (milliseconds, usually), rounded to `digits`. */
export function spread(samples: ArrayLike<number>, digits = 2): Spread {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50), digits),
    p99: round(percentile(sorted, 99), digits),
    max: round(sorted[sorted.length - 1] ?? 0, digits),
  };
}

/** `1234567` → `1.2 MB`-style byte counts for tables. */
export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
