import { useRef } from 'preact/hooks';
import { ConsoleView } from '../view';

const viewTabs: readonly { view: ConsoleView; id: string; label: string }[] = [
  { view: ConsoleView.Inbox, id: 'tab-inbox', label: 'Inbox' },
  { view: ConsoleView.Callbacks, id: 'tab-callbacks', label: 'Callbacks' },
];

/**
 * Inbox / Callbacks, as ARIA tabs: one tab stop, ←/→ (and Home/End) move between them and
 * select. The due-now count is a visual badge plus a description, so the tab's name stays "Callbacks".
 */
export function ViewTabs({ view, dueCount, onView }: { view: ConsoleView; dueCount: number; onView: (view: ConsoleView) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (event: KeyboardEvent) => {
    const at = viewTabs.findIndex((tab) => tab.view === view);
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = (at + 1) % viewTabs.length;
        break;
      case 'ArrowLeft':
        next = (at - 1 + viewTabs.length) % viewTabs.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = viewTabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const tab = viewTabs[next];
    if (tab === undefined) return;
    onView(tab.view);
    refs.current[tab.id]?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Work lists" onKeyDown={onKeyDown}>
      {viewTabs.map((tab) => {
        const selected = tab.view === view;
        const showDue = tab.view === ConsoleView.Callbacks;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tab.id}
            class="tabs__tab"
            aria-selected={selected}
            aria-controls={tab.view === ConsoleView.Inbox ? 'panel-inbox' : 'panel-callbacks'}
            aria-describedby={showDue ? 'tab-callbacks-due' : undefined}
            tabIndex={selected ? 0 : -1}
            ref={(element) => {
              refs.current[tab.id] = element;
            }}
            onClick={() => onView(tab.view)}
          >
            {tab.label}
            {showDue && (
              <span class={`count${dueCount > 0 ? ' count--hot' : ''}`} aria-hidden="true">
                {dueCount}
              </span>
            )}
          </button>
        );
      })}
      <span id="tab-callbacks-due" class="visually-hidden">
        {dueCount === 1 ? '1 callback due now' : `${dueCount} callbacks due now`}
      </span>
    </div>
  );
}
