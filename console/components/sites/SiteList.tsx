import type { SiteInfo } from '../../sitesApi';

export interface SiteListProps {
  sites: readonly SiteInfo[] | null;
  error: string | null;
  onRetry: () => void;
  onNew: () => void;
  onOpen: (key: string) => void;
}

/** Every site: name, key, live or disabled, how many origins may embed it. */
export function SiteList({ sites, error, onRetry, onNew, onOpen }: SiteListProps) {
  return (
    <section class="sites" aria-labelledby="workspace-title">
      <div class="form__actions form__actions--start">
        <button type="button" class="button button--primary" onClick={onNew}>
          New site
        </button>
      </div>
      {error !== null && (
        <div class="form__error" role="alert">
          <p>Could not load the sites: {error}</p>
          <button type="button" class="button button--secondary button--small" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {sites === null ? (
        error === null && (
          <p class="form__empty" role="status">
            Loading sites…
          </p>
        )
      ) : sites.length === 0 ? (
        <p class="form__empty">No sites yet. Create one to get the snippet for your website.</p>
      ) : (
        <ul class="sites__list" aria-label="Your sites">
          {sites.map((site) => (
            <li key={site.key} class="sites__item">
              <button type="button" class="sites__open" onClick={() => onOpen(site.key)} aria-describedby={`site-${site.key}-meta`}>
                {site.name}
              </button>
              <span class="sites__meta" id={`site-${site.key}-meta`}>
                <span class={`badge ${site.disabled ? 'badge--closed' : 'badge--live'}`}>{site.disabled ? 'Disabled' : 'Live'}</span>{' '}
                <span>
                  Key <code class="sites__key">{site.key}</code>
                </span>
                {' · '}
                <span>{site.allowedOrigins.length === 1 ? '1 allowed origin' : `${site.allowedOrigins.length} allowed origins`}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
