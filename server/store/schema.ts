import type { Generated } from 'kysely';

/** Table shapes as Kysely sees them. Times are ISO-8601 UTC strings; JSON columns are text. */
export type Database = {
  sites: SitesTable;
  contacts: ContactsTable;
  visitor_tokens: VisitorTokensTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  agents: AgentsTable;
  agent_sessions: AgentSessionsTable;
  message_feedback: MessageFeedbackTable;
  queue_waits: QueueWaitsTable;
  notes: NotesTable;
  canned_replies: CannedRepliesTable;
  callbacks: CallbacksTable;
  unanswered_questions: UnansweredQuestionsTable;
  site_members: SiteMembersTable;
  knowledge_base_versions: KnowledgeBaseVersionsTable;
  site_loads: SiteLoadsTable;
};

/** Which agents work on which sites. Admins work on every site whatever this table says. */
export type SiteMembersTable = {
  site_key: string;
  agent_id: string;
  created_at: string;
};

/** Every published knowledge base of a site; the highest version is the one in `sites.knowledge_base`. */
export type KnowledgeBaseVersionsTable = {
  site_key: string;
  version: number;
  yaml: string;
  /** Null for the seeded first version. */
  author_id: string | null;
  /** What changed, in words ("2 entries changed: shipping, returns"). */
  summary: string;
  created_at: string;
};

/** The installation check: each origin a page loaded the widget from, allowed or not. */
export type SiteLoadsTable = {
  site_key: string;
  origin: string;
  /** 1 when the origin was in the site's allowed origins at the time. */
  allowed: number;
  loads: number;
  first_loaded_at: string;
  last_loaded_at: string;
};

export type NotesTable = {
  id: string;
  conversation_id: string;
  author_id: string;
  text: string;
  client_msg_id: string;
  created_at: string;
};

export type CannedRepliesTable = {
  id: string;
  /** Typed after a slash in the reply box: `/shipping`. Lowercase letters, digits, dashes. */
  shortcut: string;
  text: string;
  created_by: string;
  created_at: string;
};

export type QueueWaitsTable = {
  conversation_id: string;
  site_key: string;
  /** From entering the queue to an agent accepting. */
  waited_ms: number;
  accepted_at: string;
};

export type SitesTable = {
  key: string;
  name: string;
  /** JSON array of origins (`https://shop.example`) allowed to embed the widget. */
  allowed_origins: string;
  /** The knowledge base as the marketer wrote it (YAML). */
  knowledge_base: string;
  /** `auto`: queued chats are offered to agents; `manual`: agents pick from the queue. */
  routing: Generated<string>;
  /** JSON BusinessHours; NULL = the defaults. */
  business_hours: string | null;
  /** Set when an admin disabled the site: its widget shows nothing, the relay refuses its visitors; history is kept. */
  disabled_at: Generated<string | null>;
  /** JSON Appearance (colour, position, greeting…); NULL = the defaults. */
  appearance: Generated<string | null>;
  /** Bumped on every settings change: the launcher file's ETag and stale-write detection. */
  revision: Generated<number>;
  created_at: string;
};

export type ContactsTable = {
  id: string;
  site_key: string;
  /** What the visitor told in chat (bot/facts.ts), the latest mention of each; null until they do. */
  name: string | null;
  email: string | null;
  /** As written ("(11) 98765-4321"), not E.164: it is for the agent to read. */
  phone: string | null;
  order_number: string | null;
  created_at: string;
};

export type VisitorTokensTable = {
  /** sha256 of the token; the token itself is never stored. */
  token_hash: string;
  contact_id: string;
  site_key: string;
  created_at: string;
  last_seen_at: string;
};

export type ConversationsTable = {
  id: string;
  site_key: string;
  contact_id: string;
  status: string;
  assigned_agent_id: string | null;
  locale: string;
  page_url: string | null;
  page_title: string | null;
  last_seq: number;
  last_message: string | null;
  /** JSON HandoffInfo, set when the bot hands the conversation over. */
  handoff: string | null;
  /** Auto-assignment offer: to whom, until when. */
  offered_to: string | null;
  offer_expires_at: string | null;
  /** When it (re-)entered the queue; null when not queued. Queue order is by this. */
  queued_at: string | null;
  /** The visitor's IANA time zone and browser, for the agent's side panel. */
  time_zone: string | null;
  user_agent: string | null;
  created_at: string;
  updated_at: string;
};

export type MessagesTable = {
  id: string;
  conversation_id: string;
  seq: number;
  author: string;
  author_name: string | null;
  /** The agent's avatar URL path (`/avatars/<file>`) when the message was written, or null. */
  author_avatar: string | null;
  text: string;
  client_msg_id: string | null;
  /** JSON array of strings, or null. */
  quick_replies: string | null;
  /** JSON status event, or null. */
  event: string | null;
  ask_feedback: number | null;
  draft_id: string | null;
  offer_callback: number | null;
  created_at: string;
};

export type MessageFeedbackTable = {
  message_id: string;
  conversation_id: string;
  /** 1 helpful, 0 not. */
  helpful: number;
  created_at: string;
};

export type AgentsTable = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  active: Generated<number>;
  /** Concurrent live chats auto-assignment may give this agent. */
  capacity: Generated<number>;
  /** Chosen by hand: online or away (offline is derived from connections). */
  status: Generated<string>;
  /** `/avatars/<file>`, a file in DATA_DIR/avatars (what visitors see beside this agent's messages), or NULL. */
  avatar: Generated<string | null>;
  created_at: string;
};

export type AgentSessionsTable = {
  token_hash: string;
  agent_id: string;
  created_at: string;
  expires_at: string;
};

export type CallbacksTable = {
  id: string;
  site_key: string;
  conversation_id: string;
  contact_id: string;
  slot_start: string;
  slot_end: string;
  phone_e164: string;
  phone_display: string;
  note: string | null;
  time_zone: string | null;
  /** booked | claimed | done | missed | cancelled */
  state: string;
  claimed_by: string | null;
  attempts: number;
  outcome: string | null;
  /** When it is due: the slot start, or the retry time after a missed call. */
  due_at: string;
  /** Set when agents were alerted for the current `due_at`. */
  alerted_at: string | null;
  /** Bumped on every change the visitor's calendar must see (RFC 5545 SEQUENCE). */
  ics_sequence: number;
  created_at: string;
  updated_at: string;
};

export type UnansweredQuestionsTable = {
  id: string;
  site_key: string;
  conversation_id: string;
  /** The visitor message's `seq` in its conversation. */
  message_seq: number;
  /** The visitor's words, at most UNANSWERED_TEXT_MAX characters. */
  text: string;
  /** The language the bot answered in (its guess of the question's). */
  locale: string;
  /** fallback | suggested | handed_off */
  bot_did: string;
  /** 1 once the conversation went on to a person (asked, or the bot gave up). */
  asked_for_person: Generated<number>;
  /** bot/question-groups.ts `questionKey`: the stemmed content words, sorted. */
  group_key: string;
  created_at: string;
};
