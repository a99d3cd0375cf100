import type { Bot } from '../../bot/types';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import { createScriptedBot } from '../../bot/scripted-bot';
import type { LlmConfig } from '../../bot/llm/config';
import { createLlmBot } from '../../bot/llm/llm-bot';
import type { Site } from '../store/sites';

/**
 * One bot per site, built from the site's knowledge base the first time it is needed and rebuilt
 * when the knowledge base text changes.
 */
export type BotRegistry = { forSite(site: Site): Bot };

export function createBotRegistry(options: { llm: LlmConfig | null }): BotRegistry {
  const cache = new Map<string, { source: string; bot: Bot }>();
  return {
    forSite(site) {
      const cached = cache.get(site.key);
      if (cached !== undefined && cached.source === site.knowledgeBase) return cached.bot;
      const kb = parseKnowledgeBase(site.knowledgeBase);
      const scripted = createScriptedBot(kb);
      // LLM mode phrases answers from the retrieved entries and falls back to `scripted` on any failure.
      const bot = options.llm === null ? scripted : createLlmBot({ scripted, kb, config: options.llm });
      cache.set(site.key, { source: site.knowledgeBase, bot });
      return bot;
    },
  };
}
