import type { ConversationSummary } from '../../protocol/frames';
import { listForAgents } from '../store/conversations';
import type { Db } from '../store/db';

export type AgentInbox = ReturnType<typeof createAgentInbox>;

/**
 * What a console starts from when it connects: the open conversations (queued, live, callback),
 * oldest first, then the most recent bot and closed ones; live changes arrive on the bus after.
 *
 * NOTE: this is a read of the conversation service's data and belongs beside it; it lives here
 * while `conversations.ts` is being rewritten (issue 12), so the socket layer already asks the
 * domain and the move later is one import.
 */
export function createAgentInbox(deps: { db: Db }) {
  return {
    conversations(): Promise<ConversationSummary[]> {
      return listForAgents(deps.db);
    },
  };
}
