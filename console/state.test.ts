import { describe, expect, it } from 'vitest';
import { initialState, reduce, type Action, type ConsoleState } from './state';
import { selectPendingFor, selectQueueCount, selectResumeTargets, selectSections, titleFor } from './selectors';
import { message, summary } from './testing';
import { insertMessage } from '../client/transcript';

const me = { id: 'a1', name: 'Ana', email: 'ana@example.com' };

function run(...actions: Action[]): ConsoleState {
  return actions.reduce(reduce, reduce(initialState(), { type: 'auth.signedIn', agent: me }));
}

describe('insertMessage', () => {
  it('keeps messages ordered by seq whatever the arrival order', () => {
    const list = [3, 1, 2].reduce((acc, seq) => insertMessage(acc, message({ id: `m${seq}`, seq })), [] as ReturnType<typeof insertMessage>);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('returns the same list for a duplicate id', () => {
    const list = insertMessage([], message({ id: 'm1', seq: 1 }));
    expect(insertMessage(list, message({ id: 'm1', seq: 1 }))).toBe(list);
  });

  it('replaces an ack-built message with the server echo of the same clientMsgId', () => {
    const acked = message({ id: 'm1', seq: 1, author: 'agent', clientMsgId: 'k1', text: 'hi' });
    const echo = message({ id: 'm1', seq: 1, author: 'agent', clientMsgId: 'k1', text: 'hi', authorName: 'Ana' });
    const list = insertMessage(insertMessage([], acked), echo);
    expect(list).toHaveLength(1);
    expect(list[0]?.authorName).toBe('Ana');
  });
});

describe('reduce', () => {
  it('upserts conversations and ignores an older snapshot of the same one', () => {
    const newer = summary({ id: 'c1', status: 'live', updatedAt: '2025-01-01T10:05:00.000Z' });
    const older = summary({ id: 'c1', status: 'queued', updatedAt: '2025-01-01T10:01:00.000Z' });
    const state = run({ type: 'conversation.upsert', conversation: newer }, { type: 'conversation.upsert', conversation: older });
    expect(state.conversations.c1?.status).toBe('live');
  });

  it('keeps the queue entry time while a queued conversation gets more messages', () => {
    const state = run(
      { type: 'conversation.upsert', conversation: summary({ id: 'c1', status: 'queued', updatedAt: '2025-01-01T10:01:00.000Z' }) },
      { type: 'conversation.upsert', conversation: summary({ id: 'c1', status: 'queued', updatedAt: '2025-01-01T10:09:00.000Z', lastMessage: 'hello?' }) },
    );
    expect(state.queuedSince.c1).toBe('2025-01-01T10:01:00.000Z');
    expect(state.conversations.c1?.lastMessage).toBe('hello?');
    const accepted = reduce(state, {
      type: 'conversation.upsert',
      conversation: summary({ id: 'c1', status: 'live', assignedAgentId: 'a1', updatedAt: '2025-01-01T10:10:00.000Z' }),
    });
    expect(accepted.queuedSince.c1).toBeUndefined();
  });

  it('replaces the list on welcome but keeps the open conversation and queue times', () => {
    const state = run(
      { type: 'conversation.upsert', conversation: summary({ id: 'open', status: 'closed' }) },
      { type: 'conversation.upsert', conversation: summary({ id: 'gone' }) },
      { type: 'conversation.upsert', conversation: summary({ id: 'q', status: 'queued', updatedAt: '2025-01-01T10:01:00.000Z' }) },
      { type: 'conversation.open', conversationId: 'open' },
      {
        type: 'welcome',
        agent: me,
        conversations: [summary({ id: 'q', status: 'queued', updatedAt: '2025-01-01T10:04:00.000Z' }), summary({ id: 'new' })],
        callbacks: [],
      },
    );
    expect(Object.keys(state.conversations).sort()).toEqual(['new', 'open', 'q']);
    expect(state.queuedSince.q).toBe('2025-01-01T10:01:00.000Z');
  });

  it('keeps the sites from the welcome, and drops the open conversation and transcripts of a site no longer worked on', () => {
    const detail = (id: string, siteKey: string): Action => ({
      type: 'conversation.detail',
      conversation: summary({ id, siteKey }),
      messages: [message({ id: `${id}-m1`, conversationId: id, seq: 1 })],
      resumed: false,
      handoff: null,
      notes: [],
      context: null,
    });
    const sites = [
      { key: 'demo', name: 'Demo' },
      { key: 'acme', name: 'Acme' },
    ];
    const before = run(
      { type: 'welcome', agent: me, sites, conversations: [summary({ id: 'd1', siteKey: 'demo' }), summary({ id: 'a1', siteKey: 'acme' })], callbacks: [] },
      detail('d1', 'demo'),
      detail('a1', 'acme'),
      { type: 'conversation.open', conversationId: 'a1' },
    );
    expect(before.sites).toEqual(sites);
    expect(before.openId).toBe('a1');
    const after = reduce(before, { type: 'welcome', agent: me, sites: [{ key: 'demo', name: 'Demo' }], conversations: [summary({ id: 'd1', siteKey: 'demo' })], callbacks: [] });
    expect(after.sites).toEqual([{ key: 'demo', name: 'Demo' }]);
    expect(after.openId).toBeNull();
    expect(Object.keys(after.conversations)).toEqual(['d1']);
    expect(Object.keys(after.transcripts)).toEqual(['d1']);
    // A welcome without sites (a relay before site scoping) keeps what was there.
    const old = reduce(before, { type: 'welcome', agent: me, conversations: [summary({ id: 'd1', siteKey: 'demo' })], callbacks: [] });
    expect(old.openId).toBe('a1');
    expect(old.sites).toEqual(sites);
  });

  it('merges a detail with messages that arrived before it, without duplicates', () => {
    const state = run(
      { type: 'message.new', message: message({ id: 'm3', seq: 3 }) },
      {
        type: 'conversation.detail',
        conversation: summary({ id: 'c1' }),
        messages: [message({ id: 'm1', seq: 1 }), message({ id: 'm2', seq: 2 }), message({ id: 'm3', seq: 3 })],
        resumed: false,
        handoff: null,
        notes: [],
        context: null,
      },
    );
    expect(state.transcripts.c1?.loaded).toBe(true);
    expect(state.transcripts.c1?.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('turns an acknowledged send into a message, then dedupes the echo', () => {
    const pending = { clientMsgId: 'k1', conversationId: 'c1', text: 'On it', createdAt: '2025-01-01T10:00:00.000Z', status: 'sending' as const, error: null };
    const sending = run({ type: 'send.start', pending });
    expect(selectPendingFor(sending, 'c1')).toHaveLength(1);

    const acked = reduce(sending, { type: 'message.ack', clientMsgId: 'k1', conversationId: 'c1', id: 'm9', seq: 9, createdAt: '2025-01-01T10:00:01.000Z' });
    expect(acked.pending).toEqual([]);
    expect(acked.transcripts.c1?.messages).toEqual([
      expect.objectContaining({ id: 'm9', seq: 9, text: 'On it', author: 'agent', authorName: 'Ana', clientMsgId: 'k1' }),
    ]);

    const echoed = reduce(acked, {
      type: 'message.new',
      message: message({ id: 'm9', seq: 9, author: 'agent', authorName: 'Ana', text: 'On it', clientMsgId: 'k1', createdAt: '2025-01-01T10:00:01.000Z' }),
    });
    expect(echoed.transcripts.c1?.messages).toHaveLength(1);
  });

  it('clears a pending send when the echo arrives before the ack', () => {
    const pending = { clientMsgId: 'k1', conversationId: 'c1', text: 'x', createdAt: '2025-01-01T10:00:00.000Z', status: 'sending' as const, error: null };
    const state = run(
      { type: 'send.start', pending },
      { type: 'message.new', message: message({ id: 'm1', seq: 1, author: 'agent', text: 'x', clientMsgId: 'k1' }) },
      { type: 'message.ack', clientMsgId: 'k1', conversationId: 'c1', id: 'm1', seq: 1, createdAt: '2025-01-01T10:00:00.000Z' },
    );
    expect(state.pending).toEqual([]);
    expect(state.transcripts.c1?.messages).toHaveLength(1);
  });

  it('marks a failed send and lets it be retried', () => {
    const pending = { clientMsgId: 'k1', conversationId: 'c1', text: 'x', createdAt: '2025-01-01T10:00:00.000Z', status: 'sending' as const, error: null };
    const failed = run({ type: 'send.start', pending }, { type: 'send.failed', clientMsgId: 'k1', error: 'Not yours' });
    expect(failed.pending[0]).toMatchObject({ status: 'failed', error: 'Not yours' });
    expect(reduce(failed, { type: 'send.retry', clientMsgId: 'k1' }).pending[0]).toMatchObject({ status: 'sending', error: null });
  });

  it('marks visitor messages in other conversations unread until opened', () => {
    const state = run(
      { type: 'conversation.open', conversationId: 'c2' },
      { type: 'message.new', message: message({ id: 'm1', seq: 1, conversationId: 'c1' }) },
      { type: 'message.new', message: message({ id: 'm2', seq: 1, conversationId: 'c2' }) },
    );
    expect(state.unread).toEqual({ c1: true });
    expect(reduce(state, { type: 'conversation.open', conversationId: 'c1' }).unread).toEqual({});
  });

  it('collapses a repeated alert and dismisses by id', () => {
    const state = run(
      { type: 'alert.add', code: 'conflict', message: 'Taken' },
      { type: 'alert.add', code: 'conflict', message: 'Taken' },
      { type: 'alert.add', code: 'invalid_state', message: 'Closed' },
    );
    expect(state.alerts.map((a) => a.message)).toEqual(['Taken', 'Closed']);
    const first = state.alerts[0];
    expect(first).toMatchObject({ id: expect.any(Number), message: 'Taken' });
    expect(reduce(state, { type: 'alert.dismiss', id: first?.id ?? -1 }).alerts.map((a) => a.message)).toEqual(['Closed']);
  });

  it('forgets everything on sign-out', () => {
    const state = run(
      { type: 'conversation.upsert', conversation: summary({ id: 'c1' }) },
      { type: 'auth.signedOut', error: 'Your session has ended.' },
    );
    expect(state.conversations).toEqual({});
    expect(state.auth).toEqual({ phase: 'signed_out', submitting: false, error: 'Your session has ended.' });
  });
});

describe('selectors', () => {
  const state = run(
    ...[
      summary({ id: 'q-late', status: 'queued', updatedAt: '2025-01-01T10:07:00.000Z' }),
      summary({ id: 'q-early', status: 'queued', updatedAt: '2025-01-01T10:02:00.000Z' }),
      summary({ id: 'mine-old', status: 'live', assignedAgentId: 'a1', updatedAt: '2025-01-01T09:00:00.000Z' }),
      summary({ id: 'mine-new', status: 'live', assignedAgentId: 'a1', updatedAt: '2025-01-01T10:00:00.000Z' }),
      summary({ id: 'theirs', status: 'live', assignedAgentId: 'a2' }),
      summary({ id: 'bot', status: 'bot' }),
      summary({ id: 'done', status: 'closed' }),
    ].map((conversation): Action => ({ type: 'conversation.upsert', conversation })),
  );

  it('sorts the queue oldest first and my chats most recent first', () => {
    const sections = selectSections(state, 'a1');
    expect(sections.queue.map((c) => c.id)).toEqual(['q-early', 'q-late']);
    expect(sections.mine.map((c) => c.id)).toEqual(['mine-new', 'mine-old']);
    expect(sections.teammates.map((c) => c.id)).toEqual(['theirs']);
    expect(sections.bot.map((c) => c.id)).toEqual(['bot']);
    expect(sections.closed.map((c) => c.id)).toEqual(['done']);
  });

  it('puts the queue count in the tab title', () => {
    expect(selectQueueCount(state)).toBe(2);
    expect(titleFor(2)).toBe('(2) Ponte Console');
    expect(titleFor(0)).toBe('Ponte Console');
  });
});

describe('resume', () => {
  const c1 = summary({ id: 'c1', status: 'live', assignedAgentId: 'a1' });
  const full = (conversation = c1, seqs = [1, 2, 3]): Action => ({
    type: 'conversation.detail',
    conversation,
    messages: seqs.map((seq) => message({ id: `${conversation.id}-m${seq}`, conversationId: conversation.id, seq })),
    resumed: false,
    handoff: null,
    notes: [],
    context: null,
  });

  it('appends a resumed detail to the held transcript, without duplicates', () => {
    const state = run(full(), {
      type: 'conversation.detail',
      conversation: c1,
      messages: [message({ id: 'c1-m3', seq: 3 }), message({ id: 'c1-m4', seq: 4 })],
      resumed: true,
      handoff: null,
      notes: [],
      context: null,
    });
    expect(state.transcripts.c1?.messages.map((m) => m.id)).toEqual(['c1-m1', 'c1-m2', 'c1-m3', 'c1-m4']);
  });

  it('replaces a held transcript with a full detail, dropping what the server no longer has', () => {
    const state = run(full(c1, [1, 2, 3, 4, 5]), {
      type: 'conversation.detail',
      conversation: c1,
      messages: [message({ id: 'fresh1', seq: 1 })],
      resumed: false,
      handoff: null,
      notes: [],
      context: null,
    });
    expect(state.transcripts.c1?.messages.map((m) => m.id)).toEqual(['fresh1']);
  });

  it('settles pending replies that a resumed detail shows were stored', () => {
    const pending = { clientMsgId: 'k1', conversationId: 'c1', text: 'x', createdAt: '2025-01-01T10:00:00.000Z', status: 'sending' as const, error: null };
    const state = run(full(), { type: 'send.start', pending }, {
      type: 'conversation.detail',
      conversation: c1,
      messages: [message({ id: 'c1-m4', seq: 4, author: 'agent', text: 'x', clientMsgId: 'k1' })],
      resumed: true,
      handoff: null,
      notes: [],
      context: null,
    });
    expect(state.pending).toEqual([]);
    expect(state.transcripts.c1?.messages).toHaveLength(4);
  });

  it('resumes the open conversation first, then every other loaded one, each from its own cursor', () => {
    const c2 = summary({ id: 'c2', status: 'live', assignedAgentId: 'a1' });
    const c3 = summary({ id: 'c3', status: 'queued' });
    const state = run(
      { type: 'conversation.upsert', conversation: c3 },
      full(c1, [1, 2, 3]),
      // c2 has a hole at 3: resume from 2 so the hole is filled.
      full(c2, [1, 2, 4]),
      // c3 was only ever seen through a live message: nothing trustworthy held.
      { type: 'message.new', message: message({ id: 'c3-m7', conversationId: 'c3', seq: 7 }) },
      { type: 'conversation.open', conversationId: 'c2' },
    );
    expect(selectResumeTargets(state)).toEqual([
      { conversationId: 'c2', afterSeq: 2 },
      { conversationId: 'c1', afterSeq: 3 },
    ]);
    const opened = reduce(state, { type: 'conversation.open', conversationId: 'c3' });
    expect(selectResumeTargets(opened)[0]).toEqual({ conversationId: 'c3', afterSeq: undefined });
  });
});

describe('handoff', () => {
  const handoff = {
    reason: 'visitor asked for a person',
    summary: 'Wants to change the delivery address.',
    facts: { name: 'Ana', orderNumber: 'A-1042' },
    createdAt: '2025-01-01T10:05:00.000Z',
  };
  const queued = summary({ id: 'c1', status: 'queued' });
  const detail = (resumed: boolean, info: typeof handoff | null, seqs: number[]): Action => ({
    type: 'conversation.detail',
    conversation: queued,
    messages: seqs.map((seq) => message({ id: `m${seq}`, seq })),
    resumed,
    handoff: info,
    notes: [],
    context: null,
  });

  it('keeps the handoff per conversation from its detail', () => {
    const state = run(detail(false, handoff, [1, 2]));
    expect(state.transcripts.c1?.handoff).toEqual(handoff);
  });

  it('takes the handoff a resumed detail carries, and keeps it when new messages arrive', () => {
    let state = run(detail(false, null, [1]));
    expect(state.transcripts.c1?.handoff).toBeNull();
    state = reduce(state, detail(true, handoff, [2]));
    expect(state.transcripts.c1?.handoff).toEqual(handoff);
    state = reduce(state, { type: 'message.new', message: message({ id: 'm3', seq: 3 }) });
    expect(state.transcripts.c1?.handoff).toEqual(handoff);
    expect(state.transcripts.c1?.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('has no handoff for a transcript known only from live messages', () => {
    const state = run({ type: 'message.new', message: message({ id: 'm1', seq: 1 }) });
    expect(state.transcripts.c1).toMatchObject({ loaded: false, handoff: null, notes: [], context: null });
  });
});
