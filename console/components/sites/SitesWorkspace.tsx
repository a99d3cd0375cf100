import { useEffect, useRef, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import { isTextField } from '../../keymap';
import type { ConsoleState } from '../../state';
import { NewSiteForm } from './NewSiteForm';
import { SiteList } from './SiteList';
import { SitePage } from './SitePage';

export interface SitesWorkspaceProps {
  state: ConsoleState;
  controller: Controller;
  /** False while the inbox is shown: the workspace stays mounted, hidden, so its forms keep what was typed. */
  visible: boolean;
  /** Back to the inbox, which kept its open conversation and drafts meanwhile. */
  onBack: () => void;
}

type Screen = { kind: 'list' } | { kind: 'new' } | { kind: 'site'; key: string };

/**
 * The marketer's workspace (admins): the site list, a new site, one site's page. It takes the
 * main area; Esc or "Back to inbox" returns. The heading takes focus on every screen change so a
 * keyboard or screen-reader user always knows where they are.
 */
export function SitesWorkspace({ state, controller, visible, onBack }: SitesWorkspaceProps) {
  const [screen, setScreen] = useState<Screen>({ kind: 'list' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!visible) return;
    setLoadError(null);
    let live = true;
    void controller.loadSites().then((message) => {
      if (live) setLoadError(message);
    });
    return () => {
      live = false;
    };
  }, [controller, attempt, visible]);

  useEffect(() => {
    if (visible) heading.current?.focus();
  }, [screen, visible]);

  useEffect(() => {
    if (!visible) return;
    // A dialog inside stops its own Esc; anything else that handled the key marks it handled.
    // NOTE: not from a text field: Esc there is often "never mind this edit", and leaving would drop the whole form.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (isTextField(event.target instanceof HTMLElement ? event.target : null)) return;
      event.preventDefault();
      onBack();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onBack, visible]);

  const site = screen.kind === 'site' ? state.siteList?.find((s) => s.key === screen.key) : undefined;
  const title = screen.kind === 'new' ? 'New site' : screen.kind === 'site' ? (site?.name ?? 'Site') : 'Sites';

  return (
    <main class="workspace" id="sites-workspace" aria-labelledby="workspace-title" hidden={!visible}>
      <div class="workspace__bar">
        <button type="button" class="button button--secondary button--small" onClick={onBack} aria-keyshortcuts="Escape">
          ← Back to inbox
        </button>
        {screen.kind !== 'list' && (
          <button type="button" class="button button--ghost button--small" onClick={() => setScreen({ kind: 'list' })}>
            All sites
          </button>
        )}
      </div>
      <h1 class="workspace__title" id="workspace-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {screen.kind === 'list' && (
        <SiteList
          sites={state.siteList}
          error={loadError}
          onRetry={() => setAttempt((n) => n + 1)}
          onNew={() => setScreen({ kind: 'new' })}
          onOpen={(key) => setScreen({ kind: 'site', key })}
        />
      )}
      {screen.kind === 'new' && (
        <NewSiteForm
          controller={controller}
          onCreated={(key) => setScreen({ kind: 'site', key })}
          onCancel={() => setScreen({ kind: 'list' })}
        />
      )}
      {screen.kind === 'site' &&
        (site === undefined ? (
          <p class="form__empty">{state.siteList === null ? 'Loading…' : 'This site is not in your list any more.'}</p>
        ) : (
          <SitePage key={site.key} site={site} state={state} controller={controller} visible={visible} />
        ))}
    </main>
  );
}
