import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/**
 * Migrations live in code (not a folder scanned at run time) so the same list runs on
 * SQLite and PostgreSQL and ships inside any bundle. Append only; never edit a released one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sites')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('allowed_origins', 'text', (c) => c.notNull())
        .addColumn('knowledge_base', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('name', 'text')
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('visitor_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('site_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assigned_agent_id', 'text', (c) => c.references('agents.id'))
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('page_url', 'text')
        .addColumn('page_title', 'text')
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('last_message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('conversations_contact')
        .on('conversations')
        .columns(['contact_id', 'updated_at'])
        .execute();
      await db.schema.createIndex('conversations_status').on('conversations').columns(['status', 'updated_at']).execute();
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('client_msg_id', 'text')
        .addColumn('quick_replies', 'text')
        .addColumn('event', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
        .addUniqueConstraint('messages_conversation_client_id', ['conversation_id', 'client_msg_id'])
        .execute();
    },
  },
  '0002_bot_handoff_feedback': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('conversations').addColumn('handoff', 'text').execute();
      await db.schema.alterTable('messages').addColumn('ask_feedback', 'integer').execute();
      await db.schema.alterTable('messages').addColumn('draft_id', 'text').execute();
      await db.schema
        .createTable('message_feedback')
        .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003_presence_routing': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('agents').addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(3)).execute();
      await db.schema.alterTable('agents').addColumn('status', 'text', (c) => c.notNull().defaultTo('online')).execute();
      await db.schema.alterTable('conversations').addColumn('offered_to', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('offer_expires_at', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('queued_at', 'text').execute();
      await db.schema
        .createTable('queue_waits')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('site_key', 'text', (c) => c.notNull())
        .addColumn('waited_ms', 'integer', (c) => c.notNull())
        .addColumn('accepted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('queue_waits_site_time').on('queue_waits').columns(['site_key', 'accepted_at']).execute();
    },
  },
  '0004_agents_at_work': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('conversations').addColumn('time_zone', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('user_agent', 'text').execute();
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('client_msg_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('notes_conversation_client_id', ['conversation_id', 'client_msg_id'])
        .execute();
      await db.schema
        .createTable('canned_replies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shortcut', 'text', (c) => c.notNull().unique())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0005_site_routing': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sites').addColumn('routing', 'text', (c) => c.notNull().defaultTo('auto')).execute();
    },
  },
  '0006_callbacks': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('offer_callback', 'integer').execute();
      // NULL = the default business hours (server/domain/schedule.ts DEFAULT_BUSINESS_HOURS: always open).
      await db.schema.alterTable('sites').addColumn('business_hours', 'text').execute();
      await db.schema
        .createTable('callbacks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('slot_start', 'text', (c) => c.notNull())
        .addColumn('slot_end', 'text', (c) => c.notNull())
        .addColumn('phone_e164', 'text', (c) => c.notNull())
        .addColumn('phone_display', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('time_zone', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text', (c) => c.references('agents.id'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('outcome', 'text')
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('alerted_at', 'text')
        .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('callbacks_site_slot').on('callbacks').columns(['site_key', 'slot_start', 'state']).execute();
      await db.schema.createIndex('callbacks_contact').on('callbacks').columns(['contact_id', 'created_at']).execute();
      await db.schema.createIndex('callbacks_state_due').on('callbacks').columns(['state', 'due_at']).execute();
    },
  },
  '0007_unanswered_questions': {
    async up(db: Kysely<unknown>) {
      // One row per visitor question the bot did not answer (server/domain/unanswered.ts).
      await db.schema
        .createTable('unanswered_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('message_seq', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('bot_did', 'text', (c) => c.notNull())
        .addColumn('asked_for_person', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('group_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // A turn answered again after a crash (resumePending) records its question once.
        .addUniqueConstraint('unanswered_questions_message', ['conversation_id', 'message_seq'])
        .execute();
      await db.schema.createIndex('unanswered_questions_site_time').on('unanswered_questions').columns(['site_key', 'created_at']).execute();
    },
  },
  '0008_contact_facts': {
    async up(db: Kysely<unknown>) {
      // Filled from what visitors write (name and e-mail were never filled before this either).
      await db.schema.alterTable('contacts').addColumn('phone', 'text').execute();
      await db.schema.alterTable('contacts').addColumn('order_number', 'text').execute();
    },
  },
  '0009_sites_workspace': {
    async up(db: Kysely<unknown>) {
      // Issue 14: sites a business manages itself. NULL disabled_at = live; NULL appearance = the defaults.
      await db.schema.alterTable('sites').addColumn('disabled_at', 'text').execute();
      await db.schema.alterTable('sites').addColumn('appearance', 'text').execute();
      // Bumped on every change of name, origins or appearance (ETag of the site's launcher file, stale-write checks).
      await db.schema.alterTable('sites').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      // An agent's avatar: a file name in DATA_DIR/avatars, or NULL.
      await db.schema.alterTable('agents').addColumn('avatar', 'text').execute();
      // Which agents work on which sites (admins work on every site whatever this says).
      await db.schema
        .createTable('site_members')
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('site_members_pk', ['site_key', 'agent_id'])
        .execute();
      await db.schema.createIndex('site_members_agent').on('site_members').columns(['agent_id']).execute();
      // Until now every agent worked on every site: keep it so.
      await sql`INSERT INTO site_members (site_key, agent_id, created_at)
        SELECT sites.key, agents.id, agents.created_at FROM sites CROSS JOIN agents`.execute(db);
      // Every published knowledge base, newest last: who, when, what (roll back = publish an old one again).
      await db.schema
        .createTable('knowledge_base_versions')
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('yaml', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('agents.id'))
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_base_versions_pk', ['site_key', 'version'])
        .execute();
      await sql`INSERT INTO knowledge_base_versions (site_key, version, yaml, author_id, summary, created_at)
        SELECT key, 1, knowledge_base, NULL, 'First version', created_at FROM sites`.execute(db);
      // The installation check: where the widget was last loaded from, allowed or not (bounded per site).
      await db.schema
        .createTable('site_loads')
        .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('allowed', 'integer', (c) => c.notNull())
        .addColumn('loads', 'integer', (c) => c.notNull())
        .addColumn('first_loaded_at', 'text', (c) => c.notNull())
        .addColumn('last_loaded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('site_loads_pk', ['site_key', 'origin'])
        .execute();
    },
  },
  '0010_d_messages_by_author': {
    async up(db: Kysely<unknown>) {
      // The knowledge-base replay reads a site's newest visitor questions: walked newest first by
      // this index, it stops at 500 (2 ms for 200,000 messages) instead of sorting every message
      // (143 ms there, growing with the store, on the relay's one thread).
      await db.schema.createIndex('messages_author_created').on('messages').columns(['author', 'created_at']).execute();
    },
  },
  '0011_e_message_avatar': {
    async up(db: Kysely<unknown>) {
      // The agent's avatar as it was when they wrote (like author_name): a later change does not
      // rewrite history. NULL: no avatar then, and every message written before this.
      await db.schema.alterTable('messages').addColumn('author_avatar', 'text').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
