/**
 * LLM mode settings. Only the OpenAI-compatible endpoint is read from the environment
 * (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, see ARCHITECTURE.md); the limits are
 * product decisions with defaults here, and tests inject smaller ones.
 */
export type LlmConfig = {
  apiKey: string;
  /** OpenAI-compatible endpoint including `/v1` (Ollama, vLLM, llama.cpp...); the SDK's default when unset. */
  baseURL?: string;
  model: string;
  /** How long to wait for the first piece of the answer before giving the scripted one. */
  timeoutMs: number;
  /** The whole answer, first piece to last. */
  totalTimeoutMs: number;
  /** Summary at handoff: not streamed, so it gets a single, short budget. */
  summaryTimeoutMs: number;
  /** Sent to the model as `max_tokens`. */
  maxTokens: number;
  /** Cap enforced in code too, because not every compatible server honours `max_tokens`. */
  maxOutputChars: number;
  /** Bot lines in a conversation after which only the scripted bot answers (cost and drift cap). */
  maxTurns: number;
};

export const LLM_DEFAULTS = {
  model: 'gpt-4o-mini',
  timeoutMs: 8_000,
  totalTimeoutMs: 20_000,
  summaryTimeoutMs: 8_000,
  maxTokens: 400,
  maxOutputChars: 1_600,
  maxTurns: 12,
} as const;

/** Null when OPENAI_API_KEY is unset or blank: then the scripted bot runs alone. */
export function llmConfigFromEnv(env: Readonly<Record<string, string | undefined>>): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (apiKey === undefined || apiKey === '') return null;
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const model = env.OPENAI_MODEL?.trim();
  return {
    ...LLM_DEFAULTS,
    apiKey,
    ...(baseURL === undefined || baseURL === '' ? {} : { baseURL }),
    model: model === undefined || model === '' ? LLM_DEFAULTS.model : model,
  };
}
