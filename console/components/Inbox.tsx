import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { selectCallbackFor, selectCallbackGroups, selectFreshCallbacks } from '../callbackState';
import type { Controller } from '../controller';
import { contactLabel } from '../format';
import { isTextField, Shortcut, shortcutFor } from '../keymap';
import type { Notifier, NotifyPermission } from '../notify';
import type { Beeper } from '../sound';
import type { Agent, ConsoleState, LinkStatus, ManualStatus } from '../state';
import {
  canReply,
  isOfferedTo,
  isVisitorTyping,
  neighbour,
  selectListOrder,
  selectMe,
  selectMyAccount,
  selectPendingFor,
  selectSeenSeq,
  selectSiteRefs,
} from '../selectors';
import { ConsoleView } from '../view';
import { AccountDialog } from './AccountDialog';
import { Alerts } from './Alerts';
import { CallbackBar } from './CallbackBar';
import { CallbackList } from './CallbackList';
import { CannedManager } from './CannedManager';
import type { ComposerMode } from './Composer';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { HoursDialog } from './HoursDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { SitesWorkspace } from './sites/SitesWorkspace';
import { agentStatusLabels, Team } from './Team';
import { TeamAdmin } from './TeamAdmin';
import { TransferDialog } from './TransferDialog';
import { ViewTabs } from './ViewTabs';
import { useNow } from './useStore';

export interface InboxProps {
  state: ConsoleState;
  agent: Agent;
  controller: Controller;
  notifier: Notifier;
  beeper: Beeper;
}

type OpenDialog = 'transfer' | 'help' | 'canned' | 'team' | 'hours' | 'account' | null;

const linkLabels: Record<LinkStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function Inbox({ state, agent, controller, notifier, beeper }: InboxProps) {
  // An offer to me shows a countdown in seconds; otherwise minutes are fine-grained enough.
  const hasOffer = Object.values(state.conversations).some((c) => isOfferedTo(c, agent.id, new Date()));
  const now = useNow(hasOffer ? 1_000 : 30_000);
  const me = selectMe(state, agent.id);
  // Drafts survive switching between conversations; they live as long as the inbox does.
  const drafts = useRef(new Map<string, string>());
  const open = state.openId === null ? undefined : state.conversations[state.openId];
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [mode, setMode] = useState<ComposerMode>('reply');
  /** The Sites workspace takes the main area; the inbox underneath keeps its open conversation and drafts. */
  const [workspace, setWorkspace] = useState<'inbox' | 'sites'>('inbox');
  const sitesButton = useRef<HTMLButtonElement>(null);
  /** Mounted from the first visit on, then only hidden: what was typed there survives a trip to the inbox. */
  const [sitesOpened, setSitesOpened] = useState(false);
  useEffect(() => {
    if (workspace === 'sites') setSitesOpened(true);
  }, [workspace]);
  const isAdmin = selectMyAccount(state, agent.id)?.role === 'admin';
  const online = state.link === 'online';
  const timeZone = agentTimeZone();
  // NOTE: the clock ticks every 30 s, but a callback.due frame must move its call to "Due now" at
  // once; a render caused by that frame therefore groups with the real current time.
  const groupNow = new Date(Math.max(now.getTime(), Date.now()));
  const callbackGroups = selectCallbackGroups(state, agent.id, groupNow, timeZone);
  const openCallback = open === undefined ? null : selectCallbackFor(state, open.id);

  // The key handler is registered once; it reads the latest render through this ref.
  const latest = useRef({ state, open, mode, online, dialog, workspace });
  latest.current = { state, open, mode, online, dialog, workspace };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const command = shortcutFor(event, isTextField(target));
      if (command === null) return;
      const { state: current, open: conversation, mode: currentMode, online: isOnline, dialog: shown } = latest.current;
      // A dialog owns the keyboard while it is open; so does the Sites workspace, where the list is not on screen.
      if (shown !== null || latest.current.workspace !== 'inbox') return;
      const mine = conversation !== undefined && canReply(conversation, agent.id);
      switch (command) {
        case Shortcut.Previous:
        case Shortcut.Next: {
          const id = neighbour(selectListOrder(current, agent.id), current.openId, command === Shortcut.Next ? 1 : -1);
          if (id !== null && id !== current.openId) controller.open(id);
          break;
        }
        case Shortcut.Accept:
          if (conversation?.status !== 'queued' || !isOnline) return;
          controller.accept(conversation.id);
          break;
        case Shortcut.ToggleNote:
          if (conversation === undefined) return;
          setMode(currentMode === 'note' ? 'reply' : 'note');
          break;
        case Shortcut.Transfer:
          if (!mine || !isOnline) return;
          setDialog('transfer');
          break;
        case Shortcut.Close:
          if (!mine || conversation === undefined || !isOnline) return;
          controller.closeConversation(conversation.id);
          break;
        case Shortcut.Help:
          setDialog('help');
          break;
        default: {
          const unreachable: never = command;
          throw new Error(`Unknown shortcut: ${String(unreachable)}`);
        }
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [agent.id, controller]);

  const close = () => setDialog(null);
  const backToInbox = useCallback(() => {
    setWorkspace('inbox');
    // After the inbox is back on screen, focus returns to the button that opened the workspace.
    requestAnimationFrame(() => sitesButton.current?.focus());
  }, []);

  // A new conversation starts in reply mode: a note typed for one chat must not become a reply in another, nor the reverse.
  useEffect(() => setMode('reply'), [state.openId]);

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
          <AlertsButton notifier={notifier} beeper={beeper} />
          <button type="button" class="button button--ghost" onClick={() => setDialog('canned')}>
            Canned replies
          </button>
          {isAdmin && (
            <button
              type="button"
              class="button button--ghost"
              ref={sitesButton}
              aria-pressed={workspace === 'sites'}
              onClick={() => (workspace === 'sites' ? backToInbox() : setWorkspace('sites'))}
            >
              Sites
            </button>
          )}
          {isAdmin && (
            <button type="button" class="button button--ghost" onClick={() => setDialog('team')}>
              Team
            </button>
          )}
          {isAdmin && (
            <button type="button" class="button button--ghost" onClick={() => setDialog('hours')}>
              Business hours
            </button>
          )}
          <button type="button" class="button button--ghost" onClick={() => setDialog('account')}>
            Account
          </button>
          <button
            type="button"
            class="button button--ghost help-button"
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
            onClick={() => setDialog('help')}
          >
            ?
          </button>
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
      {(sitesOpened || workspace === 'sites') && isAdmin && <SitesWorkspace state={state} controller={controller} visible={workspace === 'sites'} onBack={backToInbox} />}
      <div class="layout" hidden={workspace === 'sites' && isAdmin}>
        <nav class="sidebar" aria-label="Conversations">
          <ViewTabs view={state.view} dueCount={callbackGroups.dueNow.length} onView={controller.showView} />
          <div role="tabpanel" id="panel-inbox" aria-labelledby="tab-inbox" hidden={state.view !== ConsoleView.Inbox}>
            <ConversationList
              state={state}
              agentId={agent.id}
              now={now}
              onOpen={controller.open}
              onAccept={controller.accept}
              online={state.link === 'online'}
              onSiteFilter={controller.filterSite}
            />
          </div>
          <div role="tabpanel" id="panel-callbacks" aria-labelledby="tab-callbacks" hidden={state.view !== ConsoleView.Callbacks}>
            <CallbackList
              groups={callbackGroups}
              agentId={agent.id}
              now={groupNow}
              timeZone={timeZone}
              selectedId={state.selectedCallbackId}
              onOpen={controller.openCallback}
            />
          </div>
          <Team team={state.team} agentId={agent.id} />
        </nav>
        <main class="pane" id="conversation">
          {open === undefined ? (
            <div class="pane__empty">
              {state.view === ConsoleView.Callbacks ? (
                <>
                  <h1 class="pane__empty-title">{state.openId === null ? 'No callback selected' : 'Loading conversation…'}</h1>
                  <p>Pick a callback on the left to see the whole conversation and work the call. Calls due now are listed first.</p>
                </>
              ) : (
                <>
                  <h1 class="pane__empty-title">{state.openId === null ? 'No conversation selected' : 'Loading conversation…'}</h1>
                  <p>Pick a conversation on the left. People waiting in the queue are listed first.</p>
                </>
              )}
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
              mode={mode}
              onMode={setMode}
              canned={state.canned ?? []}
              seenSeq={selectSeenSeq(state, open.id)}
              visitorTyping={isVisitorTyping(state, open.id, Date.now())}
              onTransfer={() => setDialog('transfer')}
              timeZone={timeZone}
              contextCallbacks={selectFreshCallbacks(state, state.transcripts[open.id]?.context?.callbacks ?? [])}
              callbackBar={
                openCallback === null ? undefined : (
                  <CallbackBar
                    key={openCallback.id}
                    callback={openCallback}
                    agentId={agent.id}
                    online={online}
                    now={now}
                    timeZone={timeZone}
                    request={state.callbackRequests[openCallback.id]}
                    slots={state.rescheduleSlots}
                    controller={controller}
                  />
                )
              }
            />
          )}
        </main>
      </div>
      {dialog === 'transfer' && open !== undefined && (
        <TransferDialog
          team={state.team}
          agentId={agent.id}
          contactName={contactLabel(open)}
          onTransfer={(toAgentId, note) => controller.transfer(open.id, toAgentId, note)}
          onClose={close}
        />
      )}
      {dialog === 'help' && <ShortcutHelp onClose={close} />}
      {dialog === 'canned' && <CannedManager canned={state.canned} controller={controller} onClose={close} />}
      {dialog === 'team' && isAdmin && <TeamAdmin accounts={state.accounts} agentId={agent.id} sites={selectSiteRefs(state)} controller={controller} onClose={close} />}
      {dialog === 'hours' && isAdmin && <HoursDialog controller={controller} sites={selectSiteRefs(state)} onClose={close} />}
      {dialog === 'account' && <AccountDialog controller={controller} agent={agent} onClose={close} />}
    </div>
  );
}

/** The agent's own IANA zone, from the browser; undefined (the runtime's default) if it gives none. */
function agentTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : undefined;
}

/**
 * Turns on sound and asks for notification permission, only when clicked (browsers ignore both
 * without a gesture); hidden once sound is on and permission is decided.
 */
function AlertsButton({ notifier, beeper }: { notifier: Notifier; beeper: Beeper }) {
  const [permission, setPermission] = useState<NotifyPermission>(() => notifier.permission());
  const [sound, setSound] = useState(() => beeper.enabled());
  if (permission !== 'default' && sound) return null;
  return (
    <button
      type="button"
      class="button button--ghost"
      onClick={() => {
        beeper.enable();
        setSound(beeper.enabled());
        if (permission !== 'default') return;
        notifier.request().then(setPermission, (error: unknown) => {
          console.warn('[ponte] notification permission request failed', error);
          setPermission(notifier.permission());
        });
      }}
    >
      {permission === 'default' ? 'Enable notifications' : 'Enable sound'}
    </button>
  );
}
