import * as z from 'zod';
import { extractFacts } from '../../bot/facts';
import type { VisitorFacts } from '../../bot/types';
import { type Bus, publishToSiteAgents } from '../bus/bus';
import { activeForContact, publicCallback } from '../store/callbacks';
import { type ContactFacts as StoredFacts, updateContactFacts } from '../store/contacts';
import type { Db } from '../store/db';

export type ContactFacts = ReturnType<typeof createContactFacts>;

/**
 * Facts as a contact keeps them: trimmed and bounded. They come from the visitor's words or from
 * the bot's summary (an LLM's, verified against those words, but still untrusted); a fact that
 * does not fit is dropped, not the others with it.
 */
const fact = (max: number) => z.string().trim().min(1).max(max).optional().catch(undefined);
const Facts = z.object({ name: fact(100), email: fact(254), phone: fact(32), orderNumber: fact(64) });

/**
 * What visitors tell about themselves goes on their contact, whatever the conversation's state
 * (with the bot, queued, live, closed): a name, an e-mail, a phone, an order number, the later
 * mention of each winning. The conversation's summary carries them to agents (its caller
 * publishes it); this tells agents about the contact's open callback, whose row shows the name.
 *
 * NOTE: never throws. It runs beside a visitor's message that is already stored and acknowledged,
 * and beside the bot's handoff; a fact not recorded is logged, and neither of those fails for it.
 */
export function createContactFacts(deps: { db: Db; bus: Bus }) {
  const { db, bus } = deps;

  async function learn(conversation: { id: string; contactId: string }, facts: VisitorFacts): Promise<boolean> {
    try {
      const clean = dropUndefined(Facts.parse(facts));
      if (Object.keys(clean).length === 0) return false;
      const changed = await updateContactFacts(db, conversation.contactId, clean);
      if (changed.includes('name')) {
        // Older conversations of the contact are all closed (one is open at a time) and show the
        // name from the console's next list; the open callback is on the agents' work list now.
        const callback = await activeForContact(db, conversation.contactId);
        if (callback !== undefined) publishToSiteAgents(bus, callback.siteKey, { type: 'callback.updated', callback: publicCallback(callback) });
      }
      return changed.length > 0;
    } catch (error) {
      console.error(`[contacts] could not record the visitor's facts in conversation ${conversation.id}`, error);
      return false;
    }
  }

  return {
    /**
     * Stores what is new in `facts` on the conversation's contact. True when something changed:
     * the caller then publishes the conversation's summary, which carries the contact's facts.
     */
    learn,

    /** The facts in one visitor message, if any, onto the contact; true when something changed. */
    async fromVisitorMessage(conversation: { id: string; contactId: string }, text: string): Promise<boolean> {
      let facts: VisitorFacts;
      try {
        facts = extractFacts([text]);
      } catch (error) {
        console.error(`[contacts] could not read facts in a message of conversation ${conversation.id}`, error);
        return false;
      }
      return Object.keys(facts).length === 0 ? false : learn(conversation, facts);
    },
  };
}

function dropUndefined(facts: z.infer<typeof Facts>): StoredFacts {
  const out: StoredFacts = {};
  for (const key of ['name', 'email', 'phone', 'orderNumber'] as const) {
    const value = facts[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
