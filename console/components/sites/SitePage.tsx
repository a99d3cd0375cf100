import { useRef, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import { OwnSaves, type SaveSite } from '../../siteForm';
import type { SiteInfo } from '../../sitesApi';
import type { ConsoleState } from '../../state';
import { HoursEditor } from '../HoursDialog';
import { AppearancePanel } from './AppearancePanel';
import { InstallPanel } from './InstallPanel';
import { PeoplePanel } from './PeoplePanel';
import { SettingsPanel } from './SettingsPanel';
import type { IncomingQuestion } from '../KnowledgeBaseEditor';
import type { Locale } from '../../../protocol/codes';
import { WithKnowledge } from './lazyKnowledge';

const Tabs = [
  { id: 'install', label: 'Install' },
  { id: 'appearance', label: 'Appearance' },
  { id: 'knowledge-base', label: 'Knowledge base' },
  { id: 'unanswered', label: 'Unanswered questions' },
  { id: 'settings', label: 'Settings' },
  { id: 'people', label: 'People' },
  { id: 'hours', label: 'Hours' },
] as const;
type TabId = (typeof Tabs)[number]['id'];

export interface SitePageProps {
  site: SiteInfo;
  state: ConsoleState;
  controller: Controller;
  /** Whether the workspace is on screen (it stays mounted behind the inbox). */
  visible: boolean;
}

/**
 * One site: its sections as ARIA tabs (one tab stop; ←/→, Home/End move and select). Every tab
 * stays mounted (hidden when not selected), so what was typed in one survives a look at another.
 */
export function SitePage({ site, state, controller, visible }: SitePageProps) {
  const [tab, setTab] = useState<TabId>('install');
  // The knowledge-base tabs load their code when first opened, then stay mounted like the others.
  const knowledgeOpened = useRef(false);
  if (tab === 'knowledge-base' || tab === 'unanswered') knowledgeOpened.current = true;
  const knowledgeWanted = knowledgeOpened.current;
  /** A visitor question handed from Unanswered questions to the editor's draft. */
  const [incoming, setIncoming] = useState<IncomingQuestion | null>(null);
  const addPhrasing = (entryId: string | null, text: string, locale: Locale) => {
    setIncoming({ nonce: Date.now(), entryId, text, locale });
    setTab('knowledge-base');
    refs.current['knowledge-base']?.focus();
  };
  const refs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  const own = useRef(new OwnSaves());
  const latest = useRef(site);
  latest.current = site;

  const save: SaveSite = async (change) => {
    const base = change.revision === undefined ? undefined : own.current.follow(change.revision);
    const before = latest.current.revision;
    const result = await controller.saveSite(site.key, base === undefined ? change : { ...change, revision: base });
    if (result.ok) {
      // Without a revision sent, the save is ours only if nothing came between.
      if (base !== undefined) own.current.record(base, result.value.revision);
      else if (result.value.revision === before + 1) own.current.record(before, result.value.revision);
    }
    return result;
  };
  const tabId = (id: TabId) => `site-tab-${id}`;

  const onKeyDown = (event: KeyboardEvent) => {
    const at = Tabs.findIndex((t) => t.id === tab);
    const last = Tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (at + 1) % Tabs.length : event.key === 'ArrowLeft' ? (at + last) % Tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? last : null;
    if (next === null) return;
    event.preventDefault();
    const chosen = Tabs[next];
    if (chosen === undefined) return;
    setTab(chosen.id);
    refs.current[chosen.id]?.focus();
  };

  return (
    <div class="site">
      {site.disabled && (
        <p class="site__disabled" role="note">
          This site is disabled: its widget shows nothing and visitors are refused. Enable it under Settings.
        </p>
      )}
      <div class="tabs site__tabs" role="tablist" aria-label={`${site.name} sections`} onKeyDown={onKeyDown}>
        {Tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={tabId(t.id)}
            class="tabs__tab"
            aria-selected={t.id === tab}
            aria-controls={`site-panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1}
            ref={(element) => {
              refs.current[t.id] = element;
            }}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {Tabs.map((t) => (
        <div
          key={t.id}
          class="site__panel"
          role="tabpanel"
          id={`site-panel-${t.id}`}
          aria-labelledby={tabId(t.id)}
          tabIndex={0}
          hidden={t.id !== tab}
        >
          {t.id === 'install' && <InstallPanel site={site} controller={controller} saveSite={save} active={visible && tab === 'install'} />}
          {t.id === 'appearance' && <AppearancePanel site={site} controller={controller} saveSite={save} />}
          {t.id === 'settings' && <SettingsPanel site={site} controller={controller} saveSite={save} />}
          {t.id === 'people' && <PeoplePanel site={site} accounts={state.accounts} controller={controller} />}
          {t.id === 'hours' && <HoursEditor controller={controller} siteKey={site.key} />}
          {t.id === 'knowledge-base' && (
            <WithKnowledge wanted={knowledgeWanted}>{(m) => <m.KnowledgeBaseEditor siteKey={site.key} incoming={incoming} />}</WithKnowledge>
          )}
          {t.id === 'unanswered' && (
            <WithKnowledge wanted={knowledgeWanted}>{(m) => <m.UnansweredQuestions siteKey={site.key} onAddPhrasing={addPhrasing} />}</WithKnowledge>
          )}
        </div>
      ))}
    </div>
  );
}
