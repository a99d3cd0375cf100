import { randomBytes, randomUUID } from 'node:crypto';
import OpenAI, { type ClientOptions } from 'openai';
import { z } from 'zod';
import type { Locale } from '../../protocol/codes';
import { escalationAction } from '../escalation';
import { detectSmallTalk } from '../intents';
import type { KnowledgeBase } from '../knowledge-base';
import { guessLocale } from '../language';
import { tokenize } from '../normalize';
import { type Bot, type BotAction, type BotIO, type BotTurn, HandoffReason } from '../types';
import type { LlmConfig } from './config';
import { createLeakDetector } from './leaks';
import { createOutputGuard } from './output-guard';
import { buildChatMessages, LLM_TOOLS, newCanary, PROMPT_MARKER, RULES, TOOL_CALLBACK, TOOL_HANDOFF } from './prompt';
import { createRetriever, type RetrievedEntry } from './retrieve';
import { streamWindow } from './stream-window';
import { summarizeWithLlm } from './summarize';

/** Why an LLM answer was not used; logged, and asserted by the tests. */
export const LlmFallback = {
  FirstTokenTimeout: 'first_token_timeout',
  TotalTimeout: 'total_timeout',
  CallerAborted: 'caller_aborted',
  RequestFailed: 'request_failed',
  MalformedChunk: 'malformed_chunk',
  Empty: 'empty',
  UnknownTool: 'unknown_tool',
  Leak: 'leak',
  UnsupportedAmount: 'unsupported_amount',
  UnsupportedRefund: 'unsupported_refund',
} as const;
export type LlmFallback = (typeof LlmFallback)[keyof typeof LlmFallback];

export type LlmLog = (event: 'llm_fallback' | 'llm_summary_fallback', detail: Record<string, unknown>) => void;

export type LlmBotOptions = {
  /** The scripted bot over the same knowledge base: the first word on every turn and the fallback. */
  scripted: Bot;
  kb: KnowledgeBase;
  config: LlmConfig;
  fetch?: ClientOptions['fetch'];
  newId?: () => string;
  log?: LlmLog;
  /** The system prompt's canary (see prompt.ts); random per bot unless a test fixes it. */
  canary?: string;
};

// Pieces of a streamed chunk we use. Parsed, not trusted: OpenAI-compatible servers vary
// and a broken one must end in the scripted answer, not in a TypeError.
const Chunk = z.object({
  choices: z.array(
    z.object({
      delta: z
        .object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                index: z.number().int().nonnegative(),
                function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
              }),
            )
            .nullish(),
        })
        .nullish(),
    }),
  ),
});

const MAX_TOOL_ARGUMENT_CHARS = 2_000;

type StreamResult =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; name: typeof TOOL_HANDOFF | typeof TOOL_CALLBACK; text: string }
  | { kind: 'failed'; reason: LlmFallback; error?: unknown };

/**
 * LLM mode: the scripted bot goes first on every turn, and the model only phrases answers.
 *
 * NOTE: who decides what.
 * - The scripted bot's escalations stand (explicit request for a person, flagged topic,
 *   second "I don't know", frustration): that policy is one tested module and the model
 *   must not talk a visitor out of a person. Small talk and empty messages stay scripted too.
 * - A knowledge-base answer or an "I don't know" goes to the model with the entries the
 *   search retrieves, so it can answer in context, or call handoff_to_human / offer_callback.
 * - Any failure (timeout, HTTP error, garbage, an answer the guard rejects) gives the
 *   scripted actions of the same turn. `handle` never throws and never waits past
 *   `totalTimeoutMs`.
 * - After `maxTurns` bot lines in the conversation, scripted only.
 */
export function createLlmBot(options: LlmBotOptions): Bot {
  const { scripted, kb, config } = options;
  const newId = options.newId ?? randomUUID;
  const log: LlmLog = options.log ?? ((event, detail) => console.warn(`[bot/llm] ${event}`, detail));
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL === undefined ? {} : { baseURL: config.baseURL }),
    // Retries would multiply the wait; the scripted answer is the retry.
    maxRetries: 0,
    timeout: config.totalTimeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const retriever = createRetriever(kb);
  const voice = brandVoice(kb);
  const canary = options.canary ?? newCanary(randomBytes);
  const leaks = createLeakDetector({ rules: RULES, secrets: [PROMPT_MARKER, canary] });

  // The site's own words for passing to a person or offering a callback; the reason is the model's decision.
  const escalation = (locale: Locale, agentsAvailable: boolean): BotAction =>
    escalationAction(HandoffReason.LlmDecision, locale, agentsAvailable, kb);

  const streamAnswer = async (
    turn: BotTurn,
    entries: readonly RetrievedEntry[],
    usedEntryId: string | undefined,
    locale: Locale,
    draftId: string,
    io: BotIO,
  ): Promise<{ result: StreamResult; sentChars: number }> => {
    // The matcher's entry is the one the answer is based on; the others are context (see output-guard.ts).
    const guard = createOutputGuard({ entries, ...(usedEntryId === undefined ? {} : { usedEntryId }), leaks });
    const messages = buildChatMessages({
      siteName: kb.site,
      ...(voice === undefined ? {} : { voice }),
      entries,
      history: turn.history,
      text: turn.text,
      locale,
      canary,
    });

    const controller = new AbortController();
    let stopReason: LlmFallback | null = null;
    const stop = (reason: LlmFallback) => {
      if (stopReason !== null) return;
      stopReason = reason;
      controller.abort();
    };
    const onCallerAbort = () => stop(LlmFallback.CallerAborted);
    io.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const firstTokenTimer = setTimeout(() => stop(LlmFallback.FirstTokenTimeout), config.timeoutMs);
    const totalTimer = setTimeout(() => stop(LlmFallback.TotalTimeout), config.totalTimeoutMs);

    let text = '';
    let sent = 0;
    let checked = { end: 0, safeUntil: 0 };
    const tools = new Map<number, { name: string; args: string }>();
    // Sends what is safe to show (see stream-window.ts): the guard passes everything written
    // so far in whole words, and a window behind that stays held back, so a leak, an
    // invented amount or a promise is stopped before any of it reaches the visitor.
    // Returns the problem if any; the caller then ends the stream with the scripted answer.
    const forward = (final: boolean): LlmFallback | null => {
      const window = streamWindow(text, final);
      if (final) {
        // Checked whole, whatever was checked before: capping may have rewritten the tail.
        const problem = guard(text.slice(0, window.checkedEnd));
        if (problem !== null) return problem;
        checked = { end: window.checkedEnd, safeUntil: window.checkedEnd };
      } else if (window.checkedEnd > checked.end) {
        const verdict = guard.partial(text.slice(0, window.checkedEnd));
        if (verdict.problem !== null) return verdict.problem;
        checked = { end: window.checkedEnd, safeUntil: verdict.safeUntil };
      }
      // A sentence whose claim awaits its topic words waits whole (see OutputGuard.partial).
      const end = Math.min(window.releasableEnd, text.slice(0, checked.safeUntil).trimEnd().length);
      if (end <= sent) return null;
      io.onDelta?.(draftId, text.slice(sent, end));
      sent = end;
      return null;
    };
    const failed = (reason: LlmFallback, error?: unknown) => ({
      result: { kind: 'failed', reason, ...(error === undefined ? {} : { error }) } as const,
      sentChars: sent,
    });

    try {
      const stream = await client.chat.completions.create(
        {
          model: config.model,
          messages,
          tools: LLM_TOOLS,
          stream: true,
          max_tokens: config.maxTokens,
          temperature: 0.2,
        },
        { signal: controller.signal },
      );
      let capped = false;
      for await (const raw of stream) {
        const chunk = Chunk.safeParse(raw);
        if (!chunk.success) return failed(LlmFallback.MalformedChunk, chunk.error);
        for (const choice of chunk.data.choices) {
          const content = choice.delta?.content;
          if (content) {
            clearTimeout(firstTokenTimer);
            text += content;
            if (sent === 0) text = text.trimStart();
          }
          for (const call of choice.delta?.tool_calls ?? []) {
            clearTimeout(firstTokenTimer);
            const tool = tools.get(call.index) ?? { name: '', args: '' };
            tool.name += call.function?.name ?? '';
            if (tool.args.length < MAX_TOOL_ARGUMENT_CHARS) tool.args += call.function?.arguments ?? '';
            tools.set(call.index, tool);
          }
        }
        if (text.length > config.maxOutputChars) {
          const cut = text.slice(0, config.maxOutputChars);
          const lastSpace = cut.search(/\s+\S*$/);
          text = `${lastSpace > sent ? cut.slice(0, lastSpace) : cut}…`;
          capped = true;
        }
        const problem = forward(false);
        if (problem !== null) return failed(problem);
        // Leaving the loop ends the request (the SDK aborts the stream on return()).
        if (capped) break;
      }
      // The SDK ends iteration quietly when its signal aborts mid-stream; the reason is ours.
      if (stopReason !== null) return failed(stopReason);
    } catch (error) {
      // The SDK rethrows JSON.parse's SyntaxError for a `data:` line that is not JSON.
      const reason = stopReason ?? (error instanceof SyntaxError ? LlmFallback.MalformedChunk : LlmFallback.RequestFailed);
      return failed(reason, error);
    } finally {
      clearTimeout(firstTokenTimer);
      clearTimeout(totalTimer);
      io.signal?.removeEventListener('abort', onCallerAbort);
    }

    const problem = forward(true);
    if (problem !== null) return failed(problem);
    const finalText = text.trim();
    const firstTool = [...tools.entries()].sort(([a], [b]) => a - b)[0]?.[1];
    if (firstTool !== undefined) {
      const name = firstTool.name.trim();
      if (name !== TOOL_HANDOFF && name !== TOOL_CALLBACK) return failed(LlmFallback.UnknownTool, new Error(name));
      return { result: { kind: 'tool', name, text: finalText }, sentChars: sent };
    }
    if (finalText === '') return failed(LlmFallback.Empty);
    return { result: { kind: 'text', text: finalText }, sentChars: sent };
  };

  return {
    siteName: scripted.siteName,
    greeting: (locale) => scripted.greeting(locale),
    feedback: (input) => scripted.feedback(input),

    async handle(turn, io = {}) {
      const scriptedActions = await scripted.handle(turn, io);
      const first = scriptedActions[0];
      if (first === undefined || first.kind !== 'reply' || scriptedActions.length !== 1) return scriptedActions;
      if (io.signal?.aborted) return scriptedActions;
      if (tokenize(turn.text).length === 0 || detectSmallTalk(turn.text) !== null) return scriptedActions;
      const botLines = turn.history.filter((line) => line.author === 'bot').length;
      if (botLines >= config.maxTurns) return scriptedActions;

      const locale = first.locale;
      const entries = retriever.retrieve(turn.text, locale, first.entryId === undefined ? {} : { pinnedEntryId: first.entryId });
      const draftId = newId();
      let outcome: { result: StreamResult; sentChars: number };
      try {
        outcome = await streamAnswer(turn, entries, first.entryId, locale, draftId, io);
      } catch (error) {
        // streamAnswer catches the request's errors; this is a bug or a throwing onDelta.
        outcome = { result: { kind: 'failed', reason: LlmFallback.RequestFailed, error }, sentChars: 1 };
      }
      const { result, sentChars } = outcome;

      switch (result.kind) {
        case 'failed': {
          log('llm_fallback', { reason: result.reason, error: describeError(result.error) });
          // The visitor may have seen part of a draft: the scripted reply takes its place.
          if (sentChars === 0) return scriptedActions;
          return [{ ...first, draftId }, ...scriptedActions.slice(1)];
        }
        case 'text':
          return [
            {
              kind: 'reply',
              text: result.text,
              locale: guessLocale(result.text) ?? locale,
              draftId,
              askFeedback: true,
              ...(first.entryId === undefined ? {} : { entryId: first.entryId }),
              ...(first.confidence === undefined ? {} : { confidence: first.confidence }),
              ...(first.quickReplies === undefined || first.entryId === undefined ? {} : { quickReplies: first.quickReplies }),
            },
          ];
        case 'tool': {
          // handoff_to_human with nobody available becomes a callback offer, as in the scripted bot.
          const action = escalation(locale, result.name === TOOL_HANDOFF && turn.agentsAvailable);
          // Text the model wrote before calling the tool was streamed; keep it as the message it became.
          if (sentChars === 0 || result.text === '') return [action];
          return [{ kind: 'reply', text: result.text, locale, draftId }, action];
        }
        default: {
          const unreachable: never = result;
          throw new Error(`unknown stream result ${JSON.stringify(unreachable)}`);
        }
      }
    },

    async summarize(input) {
      try {
        return await summarizeWithLlm(client, config, input);
      } catch (error) {
        log('llm_summary_fallback', { error: describeError(error) });
        return scripted.summarize(input);
      }
    },
  };
}

/** The KB's optional `voice:` (a sentence, or one per language); the schema may not have it yet. */
function brandVoice(kb: KnowledgeBase): string | undefined {
  if (!('voice' in kb)) return undefined;
  const voice: unknown = kb.voice;
  if (typeof voice === 'string') return voice;
  if (typeof voice === 'object' && voice !== null) {
    const first = Object.values(voice).find((value): value is string => typeof value === 'string');
    return first;
  }
  return undefined;
}

function describeError(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
