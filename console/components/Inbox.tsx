import { useRef, useState } from 'preact/hooks';
import type { Controller } from '../controller';
import type { Notifier, NotifyPermission } from '../notify';
import { isOfferedTo, selectMe, selectPendingFor, type Agent, type ConsoleState, type LinkStatus, type ManualStatus } from '../state';
import { Alerts } from './Alerts';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { agentStatusLabels, Team } from './Team';
import { useNow } from './useStore';

export interface InboxProps {
  state: ConsoleState;
  agent: Agent;
  controller: Controller;
  notifier: Notifier;
}

const linkLabels: Record<LinkStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function Inbox({ state, agent, controller, notifier }: InboxProps) {
  // An offer to me shows a countdown in seconds; otherwise minutes are fine-grained enough.
  const hasOffer = Object.values(state.conversations).some((c) => isOfferedTo(c, agent.id, new Date()));
  const now = useNow(hasOffer ? 1_000 : 30_000);
  const me = selectMe(state, agent.id);
  // Drafts survive switching between conversations; they live as long as the inbox does.
  const drafts = useRef(new Map<string, string>());
  const open = state.openId === null ? undefined : state.conversations[state.openId];

  return (
    <div class="app">
      <header class="topbar">
        <div class="brand">
          <span class="brand__mark" aria-hidden="true">P</span>
          <span>Ponte</span>
        </div>
        <div class="topbar__right">
          <span class={`link link--${state.link}`} role="status">
            <span class="link__dot" aria-hidden="true" />
            {linkLabels[state.link]}
          </span>
          <NotifyButton notifier={notifier} />
          <label class="presence-select">
            <span class={`presence presence--${me?.status ?? 'offline'}`} aria-hidden="true" />
            <span class="visually-hidden">My status</span>
            <select
              value={me?.status === 'away' ? 'away' : 'online'}
              disabled={state.link !== 'online'}
              title={me === undefined ? 'Waiting for the server' : `You are ${agentStatusLabels[me.status].toLowerCase()}`}
              onChange={(event) => controller.setStatus(event.currentTarget.value as ManualStatus)}
            >
              <option value="online">Online</option>
              <option value="away">Away</option>
            </select>
          </label>
          <span class="topbar__agent" title={agent.email}>
            <span class="avatar" aria-hidden="true">
              {agent.name.trim().charAt(0).toUpperCase() || '?'}
            </span>
            {agent.name}
          </span>
          <button type="button" class="button button--ghost" onClick={() => void controller.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Alerts alerts={state.alerts} controller={controller} />
      <div class="layout">
        <nav class="sidebar" aria-label="Conversations">
          <ConversationList
            state={state}
            agentId={agent.id}
            now={now}
            onOpen={controller.open}
            onAccept={controller.accept}
            online={state.link === 'online'}
          />
          <Team team={state.team} agentId={agent.id} />
        </nav>
        <main class="pane" id="conversation">
          {open === undefined ? (
            <div class="pane__empty">
              <h1 class="pane__empty-title">{state.openId === null ? 'No conversation selected' : 'Loading conversation…'}</h1>
              <p>Pick a conversation on the left. People waiting in the queue are listed first.</p>
            </div>
          ) : (
            <ConversationView
              key={open.id}
              conversation={open}
              transcript={state.transcripts[open.id]}
              pending={selectPendingFor(state, open.id)}
              agent={agent}
              online={state.link === 'online'}
              now={now}
              controller={controller}
              draft={drafts.current.get(open.id) ?? ''}
              onDraft={(text) => {
                if (text === '') drafts.current.delete(open.id);
                else drafts.current.set(open.id, text);
              }}
            />
          )}
        </main>
      </div>
    </div>
  );
}

/** Asks for notification permission only when clicked; hidden once decided or when unsupported. */
function NotifyButton({ notifier }: { notifier: Notifier }) {
  const [permission, setPermission] = useState<NotifyPermission>(() => notifier.permission());
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      class="button button--ghost"
      onClick={() => {
        notifier.request().then(setPermission, (error: unknown) => {
          console.warn('[ponte] notification permission request failed', error);
          setPermission(notifier.permission());
        });
      }}
    >
      Enable notifications
    </button>
  );
}
