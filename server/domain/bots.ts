import type { Locale } from '../../protocol/codes';
import type { Bot } from '../../bot/types';
import type { KnowledgeBase } from '../../bot/knowledge-base';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import { createScriptedBot } from '../../bot/scripted-bot';
import type { LlmConfig } from '../../bot/llm/config';
import { createLlmBot } from '../../bot/llm/llm-bot';
import type { Site } from '../store/sites';

/**
 * One bot per site, built from the site's knowledge base the first time it is needed and rebuilt
 * when the knowledge base text changes.
 */
export type BotRegistry = {
  forSite(site: Site): Bot;
  /** The site's own words for "nobody can take the chat now" (knowledge base `callbackOffer`). */
  callbackOffer(site: Site, locale: Locale): string;
};

export function createBotRegistry(options: { llm: LlmConfig | null }): BotRegistry {
  const cache = new Map<string, { source: string; bot: Bot; kb: KnowledgeBase }>();
  function entry(site: Site): { bot: Bot; kb: KnowledgeBase } {
    const cached = cache.get(site.key);
    if (cached !== undefined && cached.source === site.knowledgeBase) return cached;
    const kb = parseKnowledgeBase(site.knowledgeBase);
    const scripted = createScriptedBot(kb);
    // LLM mode phrases answers from the retrieved entries and falls back to `scripted` on any failure.
    const bot = options.llm === null ? scripted : createLlmBot({ scripted, kb, config: options.llm });
    const built = { source: site.knowledgeBase, bot, kb };
    cache.set(site.key, built);
    return built;
  }
  return {
    forSite: (site) => entry(site).bot,
    callbackOffer(site, locale) {
      const texts = entry(site).kb.callbackOffer;
      return texts[locale] ?? texts.en ?? Object.values(texts).find((t) => t !== undefined) ?? '';
    },
  };
}
