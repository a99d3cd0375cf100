import { useRef, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import type { SiteInfo } from '../../sitesApi';
import type { ConsoleState } from '../../state';
import { HoursEditor } from '../HoursDialog';
import { AppearancePanel } from './AppearancePanel';
import { InstallPanel } from './InstallPanel';
import { PeoplePanel } from './PeoplePanel';
import { SettingsPanel } from './SettingsPanel';

/**
 * NOTE: the knowledge base and unanswered questions sections are built on another branch
 * (console/components/KnowledgeBaseEditor.tsx, UnansweredQuestions.tsx); they get a tab when
 * they are mounted, so until then there is no tab that leads nowhere.
 */
const Tabs = [
  { id: 'install', label: 'Install' },
  { id: 'appearance', label: 'Appearance' },
  // MOUNT: KnowledgeBaseEditor — add { id: 'knowledge-base', label: 'Knowledge base' } here and its panel below.
  // MOUNT: UnansweredQuestions — add { id: 'unanswered', label: 'Unanswered questions' } here and its panel below.
  { id: 'settings', label: 'Settings' },
  { id: 'people', label: 'People' },
  { id: 'hours', label: 'Hours' },
] as const;
type TabId = (typeof Tabs)[number]['id'];

export interface SitePageProps {
  site: SiteInfo;
  state: ConsoleState;
  controller: Controller;
}

/** One site: its sections as ARIA tabs (one tab stop; ←/→, Home/End move and select). */
export function SitePage({ site, state, controller }: SitePageProps) {
  const [tab, setTab] = useState<TabId>('install');
  const refs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
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
      <div class="site__panel" role="tabpanel" id={`site-panel-${tab}`} aria-labelledby={tabId(tab)} tabIndex={0}>
        {tab === 'install' && <InstallPanel site={site} controller={controller} />}
        {tab === 'appearance' && <AppearancePanel site={site} controller={controller} />}
        {tab === 'settings' && <SettingsPanel site={site} controller={controller} />}
        {tab === 'people' && <PeoplePanel site={site} accounts={state.accounts} controller={controller} />}
        {tab === 'hours' && <HoursEditor controller={controller} siteKey={site.key} />}
        {/* MOUNT: KnowledgeBaseEditor — {tab === 'knowledge-base' && <KnowledgeBaseEditor siteKey={site.key} />} */}
        {/* MOUNT: UnansweredQuestions — {tab === 'unanswered' && <UnansweredQuestions siteKey={site.key} />} */}
      </div>
    </div>
  );
}
