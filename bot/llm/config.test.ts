import { describe, expect, it } from 'vitest';
import { LLM_DEFAULTS, llmConfigFromEnv } from './config';

describe('llmConfigFromEnv', () => {
  it('is null without an API key, so the scripted bot runs alone', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ OPENAI_API_KEY: '  ', OPENAI_MODEL: 'x' })).toBeNull();
  });

  it('reads key, base URL and model, with defaults for the limits', () => {
    expect(
      llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.1' }),
    ).toEqual({ ...LLM_DEFAULTS, apiKey: 'sk-1', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1' });
  });

  it('uses the default model and the SDK default endpoint when they are unset or blank', () => {
    const config = llmConfigFromEnv({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: '', OPENAI_MODEL: '' });
    expect(config?.model).toBe(LLM_DEFAULTS.model);
    expect(config && 'baseURL' in config).toBe(false);
  });
});
