import { join } from 'node:path';
import { loadKnowledgeBaseFile } from '../bot/knowledge-base';
import type { LlmConfig } from '../bot/llm/config';
import { startFakeOpenAI } from '../bot/llm/fake-openai';
import { createLlmBot } from '../bot/llm/llm-bot';
import { createScriptedBot } from '../bot/scripted-bot';
import { type Spread, spread, table } from './table';

/**
 * LLM path overhead: how much later than the upstream model the visitor sees the first words.
 * A scripted OpenAI-compatible server on loopback (bot/llm/fake-openai.ts) sends its first
 * content piece `upstreamFirstTokenMs` after the request, then one piece every `gapMs`; the
 * demo shop's LLM bot (the real one: scripted bot first, retrieval, prompt, the OpenAI SDK,
 * chunk parsing, the output guard) is timed from `handle()` to its first `onDelta`.
 *
 * Two ways an upstream cuts its stream: whole words with their space ("Yes, " "we "), and
 * tokens the way models emit them ("Yes" "," " we"). The bot forwards only whole words checked
 * by the output guard, so with tokens it waits for the next word to start.
 */

export type LlmRow = {
  chunking: string;
  turns: number;
  upstreamFirstTokenMs: number;
  gapMs: number;
  /** handle() → first onDelta. */
  firstDelta: Spread;
  /** firstDelta − upstreamFirstTokenMs. */
  overhead: Spread;
  /** handle() → the request leaves (scripted bot, retrieval, prompt, SDK). */
  beforeRequest: Spread;
  /** Turns that fell back to the scripted answer (should be 0). */
  fallbacks: number;
};
export type LlmReport = { rows: LlmRow[] };

const QUESTION = 'Can you ship to Spain?';
const CHUNKINGS = [
  { chunking: 'whole words', pieces: ['Yes, ', 'we ', 'ship ', 'to ', 'Spain.'] },
  { chunking: 'model tokens', pieces: ['Yes', ',', ' we', ' ship', ' to', ' Spain', '.'] },
] as const;

export async function measureLlm(options: { turns: number; upstreamFirstTokenMs: number; gapMs: number }): Promise<LlmReport> {
  const kb = loadKnowledgeBaseFile(join(import.meta.dirname, '../bot/knowledge/demo-shop.yaml'));
  const scripted = createScriptedBot(kb);
  const rows: LlmRow[] = [];
  for (const { chunking, pieces } of CHUNKINGS) {
    // The fake waits `gapMs` before every piece; the rest of the upstream's first-token time is
    // spent before the request reaches it (`lead`, in the injected fetch), like a model thinking.
    const fake = await startFakeOpenAI({ kind: 'text', pieces, gapMs: options.gapMs });
    const lead = Math.max(0, options.upstreamFirstTokenMs - options.gapMs);
    let requestAt = 0;
    const config: LlmConfig = {
      apiKey: 'bench',
      baseURL: fake.url,
      model: 'bench-model',
      timeoutMs: 8_000,
      totalTimeoutMs: 20_000,
      summaryTimeoutMs: 8_000,
      maxTokens: 400,
      maxOutputChars: 1_600,
      maxTurns: 12,
    };
    const bot = createLlmBot({
      scripted,
      kb,
      config,
      fetch: async (input, init) => {
        requestAt = performance.now();
        if (lead > 0) await new Promise((resolve) => setTimeout(resolve, lead));
        return fetch(input, init);
      },
      log: () => undefined,
    });
    const firstDelta: number[] = [];
    const beforeRequest: number[] = [];
    let fallbacks = 0;
    try {
      // Warm-up: the SDK's first request loads code and opens the connection.
      for (let turn = -3; turn < options.turns; turn++) {
        const started = performance.now();
        let first = 0;
        const actions = await bot.handle(
          { text: QUESTION, locale: 'en', history: [], agentsAvailable: true },
          {
            onDelta: () => {
              if (first === 0) first = performance.now();
            },
          },
        );
        const streamed = actions[0]?.kind === 'reply' && actions[0].draftId !== undefined && first > 0;
        if (turn < 0) continue;
        if (!streamed) {
          fallbacks += 1;
          continue;
        }
        firstDelta.push(first - started);
        beforeRequest.push(requestAt - started);
      }
    } finally {
      await fake.close();
    }
    const upstream = lead + options.gapMs;
    rows.push({
      chunking,
      turns: options.turns,
      upstreamFirstTokenMs: upstream,
      gapMs: options.gapMs,
      firstDelta: spread(firstDelta, 1),
      overhead: spread(firstDelta.map((ms) => ms - upstream), 1),
      beforeRequest: spread(beforeRequest, 2),
      fallbacks,
    });
  }
  return { rows };
}

export function printLlm(report: LlmReport): void {
  const first = report.rows[0];
  if (first !== undefined) {
    console.log(`Upstream: first token after ${first.upstreamFirstTokenMs} ms, then one piece every ${first.gapMs} ms (scripted, loopback).\n`);
  }
  console.log(
    table(
      ['upstream streams', 'turns', 'first words p50 ms', 'p99', 'overhead p50 ms', 'p99', 'before request p50 ms', 'fallbacks'],
      report.rows.map((row) => [
        row.chunking,
        row.turns,
        row.firstDelta.p50.toFixed(1),
        row.firstDelta.p99.toFixed(1),
        row.overhead.p50.toFixed(1),
        row.overhead.p99.toFixed(1),
        row.beforeRequest.p50.toFixed(2),
        row.fallbacks,
      ]),
    ),
  );
}
