import { useEffect, useRef, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import type { SaveSite } from '../../siteForm';
import { relativeTime, snippetFor, unlistedOrigins } from '../../siteForm';
import type { Installation, SiteInfo } from '../../sitesApi';
import { useNow } from '../useStore';

/** The JS API in short (widget/loader/commands.ts is the real list). */
const JsApi: readonly { call: string; does: string }[] = [
  { call: "Ponte('open')", does: 'Opens the chat. Also close and toggle.' },
  { call: "Ponte('identify', { userId, name, email, phone, userHash })", does: 'Tells the chat who a signed-in visitor is (not yet verified or stored: coming with identity).' },
  { call: "Ponte('setLocale', 'pt-BR')", does: 'Switches the language: en, pt-BR or es.' },
  { call: "Ponte('on', 'message', fn)", does: 'Calls fn on an event: message, unread, open, close, handoff, callback.' },
  { call: "Ponte('reset')", does: 'Forgets the visitor, for example when they sign out.' },
];

type CopyStatus = 'idle' | 'copied' | 'selected';

/** The snippet to paste, the JS API, and where the widget has been loaded from so far. */
export function InstallPanel({ site, controller, saveSite, active }: { site: SiteInfo; controller: Controller; saveSite: SaveSite; active: boolean }) {
  const [installation, setInstallation] = useState<Installation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [copy, setCopy] = useState<CopyStatus>('idle');
  const [addError, setAddError] = useState<string | null>(null);
  const code = useRef<HTMLElement>(null);
  const now = useNow(30_000);

  // Checked again each time the tab comes on screen: the marketer has likely just pasted the snippet.
  useEffect(() => {
    if (!active) return;
    let live = true;
    setError(null);
    void controller.loadInstallation(site.key).then((result) => {
      if (!live) return;
      if (result.ok) setInstallation(result.value);
      else setError(result.failure.message);
    });
    return () => {
      live = false;
    };
  }, [controller, site.key, site.revision, attempt, active]);

  // The server's snippet names the relay as visitors reach it; until it answers, this page's origin does.
  const snippet = installation?.snippet ?? snippetFor(location.origin, site.key);

  const selectSnippet = () => {
    const element = code.current;
    const selection = window.getSelection();
    if (element === null || selection === null) return;
    const range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copySnippet = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch (reason) {
      // NOTE: no clipboard (plain http, or permission refused): select the text so Ctrl+C copies it.
      console.warn('[ponte] clipboard write failed; selecting the snippet instead', reason);
      selectSnippet();
      setCopy('selected');
    }
  };

  const unlisted = installation === null ? [] : unlistedOrigins(installation.loads, site.allowedOrigins);
  const addOrigin = async (origin: string) => {
    setAddError(null);
    const result = await saveSite({ allowedOrigins: [...site.allowedOrigins, origin], revision: site.revision });
    if (!result.ok) setAddError(result.failure.message);
  };

  return (
    <div class="install">
      <section class="install__section" aria-labelledby="install-snippet-title">
        <h2 class="form__title" id="install-snippet-title">
          Snippet
        </h2>
        <p class="dialog__hint">Paste this before the closing &lt;/body&gt; tag of every page where the chat should appear.</p>
        <pre class="install__snippet">
          <code ref={code}>{snippet}</code>
        </pre>
        <div class="form__actions form__actions--start">
          <button type="button" class="button button--primary" onClick={() => void copySnippet()}>
            Copy snippet
          </button>
          <span class="inline-status" role="status">
            {copy === 'copied' ? 'Copied' : copy === 'selected' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy' : ''}
          </span>
        </div>
      </section>

      <section class="install__section" aria-labelledby="install-api-title">
        <h2 class="form__title" id="install-api-title">
          JavaScript API
        </h2>
        <p class="dialog__hint">Calls work before the script has loaded: they wait in a queue.</p>
        <dl class="install__api">
          {JsApi.map((item) => (
            <div key={item.call} class="install__api-row">
              <dt>
                <code>{item.call}</code>
              </dt>
              <dd>{item.does}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section class="install__section" aria-labelledby="install-check-title">
        <h2 class="form__title" id="install-check-title">
          Installation check
        </h2>
        <div class="form__actions form__actions--start">
          <button type="button" class="button button--secondary button--small" onClick={() => setAttempt((n) => n + 1)}>
            Check again
          </button>
        </div>
        {error !== null ? (
          <div class="form__error" role="alert">
            <p>Could not load the installation check: {error}</p>
            <button type="button" class="button button--secondary button--small" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : installation === null ? (
          <p class="form__empty" role="status">
            Loading…
          </p>
        ) : installation.loads.length === 0 ? (
          <p class="form__empty">Not installed yet: no page has loaded the chat. Paste the snippet, then open your page.</p>
        ) : (
          <>
            {unlisted.map((origin) => (
              <div key={origin} class="install__warning" role="note">
                <p>
                  A page on <strong>{origin}</strong> tried to load the chat, but {origin} is not in Allowed origins.
                </p>
                <button type="button" class="button button--secondary button--small" onClick={() => void addOrigin(origin)}>
                  Add {origin} to allowed origins
                </button>
              </div>
            ))}
            {addError !== null && (
              <p class="form__error" role="alert">
                {addError}
              </p>
            )}
            <div class="table-wrap">
              <table class="install__table">
                <caption class="visually-hidden">Where the chat was loaded from, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Origin</th>
                    <th scope="col">Allowed</th>
                    <th scope="col">Last loaded</th>
                    <th scope="col">Loads</th>
                  </tr>
                </thead>
                <tbody>
                  {installation.loads.map((load) => (
                    <tr key={load.origin}>
                      <th scope="row">{load.origin}</th>
                      <td>{load.allowed ? 'Yes' : 'No'}</td>
                      <td>
                        <time dateTime={load.lastLoadedAt} title={load.lastLoadedAt}>
                          {relativeTime(load.lastLoadedAt, now)}
                        </time>
                      </td>
                      <td>{load.loads}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
