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
};

export const HandoffReason = {
  VisitorAsked: 'visitor_asked',
  FlaggedTopic: 'flagged_topic',
  LowConfidence: 'low_confidence',
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
    }
  | {
      kind: 'handoff';
      reason: HandoffReason;
      /** What to tell the visitor, e.g. "I'm passing you to a person; they'll reply right here." */
      text: string;
      locale: Locale;
    };

export interface Bot {
  readonly siteName: string;
  greeting(locale: Locale): string;
  handle(turn: BotTurn): BotAction[];
}
