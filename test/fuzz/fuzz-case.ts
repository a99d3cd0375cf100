import type { FuzzContext } from './frames';
import type { Rng } from './random';

/** What one case saw. Only `problems`, `hung` and statuses >= 500 are failures; the rest is counted. */
export type Outcome = {
  /** HTTP statuses the server answered with (upgrade refusals and 101 included). */
  statuses: number[];
  /** Broken promises: internal error frames, frames off the protocol, close 1011. */
  problems: string[];
  /** Close codes, error codes, socket errors: counted for the summary, not judged. */
  notes: string[];
  /** Nothing listened on the port: the server is down, the monitor takes over. */
  refused: boolean;
  /** A complete, well-formed request that got no answer at all. */
  hung: boolean;
};

export const emptyOutcome = (): Outcome => ({ statuses: [], problems: [], notes: [], refused: false, hung: false });

/** One input (a request, a connection's worth of frames), generated whole before it runs. */
export type FuzzCase = {
  summary: string;
  /** Everything needed to send it again by hand: bytes, headers, frames. */
  detail: string;
  run(): Promise<Outcome>;
  /** Smaller cases made of this one's parts (one frame after the hello), to find what alone fails. */
  smaller?: () => FuzzCase[];
};

export type Lane = { name: string; workers: number; make(rng: Rng, ctx: FuzzContext): FuzzCase };

export function isRefused(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return code === 'ECONNREFUSED';
}
