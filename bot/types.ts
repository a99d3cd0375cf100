import type { Locale } from '../protocol/codes';

/** One earlier line of the conversation, as the server stored it. */
export type TranscriptLine = { author: 'visitor' | 'bot' | 'agent' | 'system'; text: string };

/** What the bot is asked to react to: the visitor's latest message and its context. */
export type BotTurn = {
  /** What the visitor just wrote (already stored by the server). */
  text: string;
  /** The widget's locale; used whenever the message itself does not reveal its language. */
  locale: Locale;
  /** Earlier lines of this conversation, oldest first, not including `text`. */
  history: readonly TranscriptLine[];
  /**
   * False outside business hours or when no agent is online: then the bot offers that a person
   * will write back (a callback, later) instead of putting the visitor in a queue nobody watches.
   */
  agentsAvailable: boolean;
};

export const HandoffReason = {
  VisitorAsked: 'visitor_asked',
  FlaggedTopic: 'flagged_topic',
  LowConfidence: 'low_confidence',
  NegativeFeedback: 'negative_feedback',
  Frustration: 'frustration',
  LlmDecision: 'llm_decision',
} as const;
export type HandoffReason = (typeof HandoffReason)[keyof typeof HandoffReason];

/**
 * What the bot decided; the server applies the actions in order.
 * `locale` is the language the `text` is written in, which can differ from the widget's
 * (a visitor on an English page who writes Portuguese gets a Portuguese answer).
 */
export type BotAction =
  | {
      kind: 'reply';
      text: string;
      locale: Locale;
      quickReplies?: string[];
      /** The knowledge-base entry that produced this answer, if any. */
      entryId?: string;
      /** 0..1, how sure the matcher was; only set for knowledge-base answers. */
      confidence?: number;
      /** Ask "did that help?" under this answer. */
      askFeedback?: boolean;
      /** Set when this reply was streamed: the id its `onDelta` pieces carried. */
      draftId?: string;
      /**
       * Set when the bot did not answer the visitor's question: `fallback` ("I'm not sure"),
       * `suggested` ("Did you mean…?" with the closest entries as quick replies). The server
       * keeps such questions per site for the site owner (issue 13).
       */
      unanswered?: 'fallback' | 'suggested';
      /** With `unanswered: 'suggested'`: the entries offered, in the order of their buttons. */
      suggestedEntryIds?: string[];
    }
  | {
      kind: 'handoff';
      reason: HandoffReason;
      /** What to tell the visitor, e.g. "I'm passing you to a person; they'll reply right here." */
      text: string;
      locale: Locale;
    }
  | {
      /** Nobody can take the chat now: a person will write back (a booked callback, later). */
      kind: 'offer_callback';
      reason: HandoffReason;
      text: string;
      locale: Locale;
    };

/** How a streaming bot (LLM mode) hands out its answer while it is being written. */
export type BotIO = {
  /** Called with each new piece of text of the answer whose final action carries `draftId`. */
  onDelta?: (draftId: string, text: string) => void;
  /** Aborted when the server shuts down or the conversation leaves the bot. */
  signal?: AbortSignal;
};

/** What a visitor said about themselves (bot/facts.ts), each as they wrote it. */
export type VisitorFacts = { name?: string; email?: string; phone?: string; orderNumber?: string };

/** What the agent gets on top of a handed-over conversation. */
export type HandoffSummary = {
  summary: string;
  facts: VisitorFacts;
};

export interface Bot {
  readonly siteName: string;
  greeting(locale: Locale): string;
  handle(turn: BotTurn, io?: BotIO): Promise<BotAction[]>;
  /** The visitor answered "did that help?" on the bot's last answer. */
  feedback(input: { helpful: boolean; locale: Locale; history: readonly TranscriptLine[]; agentsAvailable: boolean }): Promise<BotAction[]>;
  /** Summary and facts for the agent when the conversation leaves the bot. */
  summarize(input: { transcript: readonly TranscriptLine[]; locale: Locale; reason: HandoffReason }): Promise<HandoffSummary>;
}
