import type { Db } from '../store/db';
import { createContactWithToken, findVisitorByToken } from '../store/contacts';
import { type Site, findSite } from '../store/sites';
import type { BotRegistry } from './bots';

export type Visitors = ReturnType<typeof createVisitors>;

/**
 * Who a widget's hello speaks for: the site it names and the contact behind its token, or a new
 * anonymous contact. The socket handshake decides what to refuse and how; this module only knows
 * the answers, so both transports (WebSocket and SSE) ask the same questions the same way.
 */
export function createVisitors(deps: { db: Db; bots: BotRegistry; now: () => Date }) {
  return {
    /**
     * The site as the bot registry's one shared copy: a connection keeps its site for its whole
     * life, and a copy of the knowledge-base text each was most of an idle visitor's memory.
     */
    async site(siteKey: string): Promise<Site | undefined> {
      const found = await findSite(deps.db, siteKey);
      return found === undefined ? undefined : deps.bots.shared(found);
    },
    /** The contact a visitor token proves, only within `siteKey`; seeing it counts as the token's last use. */
    async byToken(token: string, siteKey: string): Promise<{ contactId: string } | undefined> {
      const found = await findVisitorByToken(deps.db, token, siteKey, deps.now());
      return found === undefined ? undefined : { contactId: found.contactId };
    },
    /** A new anonymous contact on the site and the token that will prove it on the next visit. */
    async create(siteKey: string): Promise<{ contactId: string; token: string }> {
      const created = await createContactWithToken(deps.db, siteKey, deps.now());
      return { contactId: created.contactId, token: created.token };
    },
  };
}
