import type { Locale } from '../../protocol/codes';
import type { Bot } from '../../bot/types';
import type { KnowledgeBase } from '../../bot/knowledge-base';
import { parseKnowledgeBase, pickText } from '../../bot/knowledge-base';
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
  /**
   * The same site, holding the registry's one copy of its knowledge-base text. Every visitor
   * connection keeps its site; a copy each was 49 of the 62 KB an idle visitor cost (bench/README.md).
   */
  shared(site: Site): Site;
  /**
   * The site's own words for "nobody can take the chat now": knowledge base `callbackOffer` when
   * the site offers a call back, `leaveMessage` when it does not (nothing to book is mentioned).
   */
  nobodyCanCome(site: Site, locale: Locale, options: { callbacks: boolean }): string;
  /** The site's knowledge base, parsed (once per text). */
  knowledgeBase(site: Site): KnowledgeBase;
};

export function createBotRegistry(options: { llm: LlmConfig | null }): BotRegistry {
  type Entry = { source: string; bot: Bot; kb: KnowledgeBase; site: Site };
  const cache = new Map<string, Entry>();
  function entry(site: Site): Entry {
    const cached = cache.get(site.key);
    if (cached !== undefined && cached.source === site.knowledgeBase) return cached;
    const kb = parseKnowledgeBase(site.knowledgeBase);
    const scripted = createScriptedBot(kb);
    // LLM mode phrases answers from the retrieved entries and falls back to `scripted` on any failure.
    const bot = options.llm === null ? scripted : createLlmBot({ scripted, kb, config: options.llm });
    const built: Entry = { source: site.knowledgeBase, bot, kb, site };
    cache.set(site.key, built);
    return built;
  }
  return {
    forSite: (site) => entry(site).bot,
    shared(site) {
      const held = entry(site).site;
      const same =
        held.revision === site.revision && held.name === site.name && held.allowedOrigins.join(' ') === site.allowedOrigins.join(' ');
      if (same) return held;
      // Settings changed (name, origins, appearance, disabled: the revision), the text did not: keep the new fields, share the text.
      const current = entry(site);
      const updated = { ...site, knowledgeBase: current.source };
      cache.set(site.key, { ...current, site: updated });
      return updated;
    },
    nobodyCanCome(site, locale, { callbacks }) {
      const kb = entry(site).kb;
      return pickText(callbacks ? kb.callbackOffer : kb.leaveMessage, locale).text;
    },
    knowledgeBase: (site) => entry(site).kb,
  };
}
