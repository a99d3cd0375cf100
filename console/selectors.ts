/**
 * What the console's components and controller read from its state: the inbox sections and their
 * order, the resume cursors, who may reply, typing and "Seen". Pure functions of `ConsoleState`.
 */
import { contiguousSeq } from '../client/cursor';
import { TypingTimeoutMs } from '../client/typing';
import type { ConversationSummary, Message } from '../protocol/frames';
import type { PendingSend } from './outbox';
import type { AgentAccount, ConsoleState, SiteRef, TeamMember } from './state';

const byTime = (pick: (c: ConversationSummary) => string, direction: 1 | -1) =>
  (a: ConversationSummary, b: ConversationSummary): number =>
    direction * (Date.parse(pick(a)) - Date.parse(pick(b))) || a.id.localeCompare(b.id);

export interface InboxSections {
  /** Oldest waiting first. */
  queue: ConversationSummary[];
  /** Live and assigned to this agent, most recent activity first. */
  mine: ConversationSummary[];
  /** Live with someone else. */
  teammates: ConversationSummary[];
  bot: ConversationSummary[];
  closed: ConversationSummary[];
}

/** How many bot and closed conversations the list keeps; older ones are history, not inbox. */
export const RecentLimit = 30;

/** When a queued conversation entered the queue: the server's `queuedAt`, else what this console saw. */
export function queueEnteredAt(state: ConsoleState, conversation: ConversationSummary): string {
  return conversation.queuedAt ?? state.queuedSince[conversation.id] ?? conversation.updatedAt;
}

/** Whether this queued conversation is offered to `agentId` right now (an expired offer is not). */
export function isOfferedTo(conversation: ConversationSummary, agentId: string, now: Date): boolean {
  if (conversation.status !== 'queued' || conversation.offeredToAgentId !== agentId) return false;
  // NOTE: no expiry given means the server did not say when it ends; treat it as still standing.
  return conversation.offerExpiresAt === null || Date.parse(conversation.offerExpiresAt) > now.getTime();
}

/**
 * The sites I work on, by name: the loaded site list when there is one, else the welcome's.
 * Empty when the relay names none (a relay before sites), which hides site labels and the filter.
 */
export function selectSiteRefs(state: ConsoleState): SiteRef[] {
  const refs = state.siteList === null ? [...state.sites] : state.siteList.map(({ key, name }) => ({ key, name }));
  return refs.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** A site's name for the conversation list; the key itself when no list names it. */
export function siteName(state: ConsoleState, siteKey: string): string {
  return (
    state.siteList?.find((s) => s.key === siteKey)?.name ?? state.sites.find((s) => s.key === siteKey)?.name ?? siteKey
  );
}

/** The filter in effect: a site I still work on, else null (all sites). Only meaningful with more than one site. */
export function selectSiteFilter(state: ConsoleState): string | null {
  const refs = selectSiteRefs(state);
  if (refs.length < 2 || state.siteFilter === null) return null;
  return refs.some((r) => r.key === state.siteFilter) ? state.siteFilter : null;
}

export function selectSections(state: ConsoleState, agentId: string, now: Date = new Date()): InboxSections {
  const filter = selectSiteFilter(state);
  // The filter applies here, so the list and Alt+↑/↓ (selectListOrder) walk the same conversations.
  const all = Object.values(state.conversations).filter((c) => filter === null || c.siteKey === filter);
  const oldestFirst = byTime((c) => queueEnteredAt(state, c), 1);
  const recent = byTime((c) => c.updatedAt, -1);
  // An offer to me expires soon and is meant for me: it goes on top, then everyone else oldest first.
  const offeredFirst = (a: ConversationSummary, b: ConversationSummary): number =>
    Number(isOfferedTo(b, agentId, now)) - Number(isOfferedTo(a, agentId, now)) || oldestFirst(a, b);
  return {
    queue: all.filter((c) => c.status === 'queued').sort(offeredFirst),
    mine: all.filter((c) => c.status === 'live' && c.assignedAgentId === agentId).sort(recent),
    teammates: all.filter((c) => c.status === 'live' && c.assignedAgentId !== agentId).sort(recent),
    bot: all.filter((c) => c.status === 'bot').sort(recent).slice(0, RecentLimit),
    closed: all.filter((c) => c.status === 'closed').sort(recent).slice(0, RecentLimit),
  };
}

export function selectQueueCount(state: ConsoleState): number {
  let count = 0;
  for (const conversation of Object.values(state.conversations)) if (conversation.status === 'queued') count += 1;
  return count;
}

export function selectMe(state: ConsoleState, agentId: string): TeamMember | undefined {
  return state.team.find((member) => member.id === agentId);
}

/** The name of a teammate for "Offered to {name}"; a short fallback when presence has not said yet. */
export function teamMemberName(state: ConsoleState, agentId: string): string {
  return state.team.find((member) => member.id === agentId)?.name ?? 'another agent';
}

export const AppTitle = 'Ponte Console';

export function titleFor(queueCount: number): string {
  return queueCount > 0 ? `(${queueCount}) ${AppTitle}` : AppTitle;
}

export function selectPendingFor(state: ConsoleState, conversationId: string): PendingSend[] {
  return state.pending.filter((p) => p.conversationId === conversationId);
}

/**
 * The conversations to subscribe to again after a reconnect, each with the `afterSeq` to
 * resume from: the one on screen first, then every other transcript this console has loaded
 * (the agent may switch back to any of them, and they must not silently go stale).
 * `afterSeq` is undefined when nothing trustworthy is held yet, which asks for the whole transcript.
 */
export function selectResumeTargets(state: ConsoleState): { conversationId: string; afterSeq: number | undefined }[] {
  const ids = new Set<string>();
  if (state.openId !== null) ids.add(state.openId);
  for (const [id, transcript] of Object.entries(state.transcripts)) {
    if (transcript.loaded && state.conversations[id] !== undefined) ids.add(id);
  }
  return [...ids].map((conversationId) => ({ conversationId, afterSeq: selectResumeCursor(state, conversationId) }));
}

/** Where to resume one conversation from; undefined before its first full transcript arrived. */
export function selectResumeCursor(state: ConsoleState, conversationId: string): number | undefined {
  const transcript = state.transcripts[conversationId];
  return transcript?.loaded === true ? contiguousSeq(transcript.messages) : undefined;
}

/** Only the assigned agent of a live conversation may write in it (the server enforces the same). */
export function canReply(conversation: ConversationSummary, agentId: string): boolean {
  return conversation.status === 'live' && conversation.assignedAgentId === agentId;
}

/** Whether to show "Visitor is typing…" now. */
export function isVisitorTyping(state: ConsoleState, conversationId: string, nowMs: number): boolean {
  const at = state.visitorTyping[conversationId];
  return at !== undefined && nowMs - at < TypingTimeoutMs;
}

/** The seq of my last reply in a conversation when the visitor has read it ("Seen"), else null. */
export function selectSeenSeq(state: ConsoleState, conversationId: string): number | null {
  const messages = state.transcripts[conversationId]?.messages ?? [];
  let last: Message | undefined;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i];
    if (m?.author === 'agent') {
      last = m;
      break;
    }
  }
  if (last === undefined) return null;
  return (state.readByVisitor[conversationId] ?? 0) >= last.seq ? last.seq : null;
}

/** The highest seq held for a conversation: what a read receipt reports. 0 when none. */
export function latestSeq(state: ConsoleState, conversationId: string): number {
  const messages = state.transcripts[conversationId]?.messages ?? [];
  return messages.reduce((max, m) => Math.max(max, m.seq), 0);
}

/** My account as the admin API lists it (role, capacity); undefined until loaded. */
export function selectMyAccount(state: ConsoleState, agentId: string): AgentAccount | undefined {
  return state.accounts?.find((account) => account.id === agentId);
}

/** Every conversation in list order (the order Alt+↑/↓ walks): queue, mine, bot, teammates, closed. */
export function selectListOrder(state: ConsoleState, agentId: string, now: Date = new Date()): string[] {
  const s = selectSections(state, agentId, now);
  return [...s.queue, ...s.mine, ...s.bot, ...s.teammates, ...s.closed].map((c) => c.id);
}

/** The conversation before/after the open one in list order; the first/last when none is open. */
export function neighbour(order: readonly string[], openId: string | null, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const at = openId === null ? -1 : order.indexOf(openId);
  if (at === -1) return (step === 1 ? order[0] : order[order.length - 1]) ?? null;
  return order[Math.min(order.length - 1, Math.max(0, at + step))] ?? null;
}
