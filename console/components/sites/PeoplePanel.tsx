import { useEffect, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import type { SiteInfo } from '../../sitesApi';
import type { AgentAccount } from '../../state';

/** Which agents work on this site; admins work on every site, which the list shows rather than offers. */
export function PeoplePanel({ site, accounts, controller }: { site: SiteInfo; accounts: readonly AgentAccount[] | null; controller: Controller }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    void controller.loadAccounts().then(setError);
  }, [controller]);

  const toggle = async (account: AgentAccount, on: boolean) => {
    const current = account.sites ?? [];
    const sites = on ? [...new Set([...current, site.key])] : current.filter((key) => key !== site.key);
    setBusy(account.id);
    setStatus('');
    const message = await controller.updateAgent(account.id, { sites });
    setBusy(null);
    setError(message);
    if (message === null) setStatus(on ? `${account.name} now works on ${site.name}.` : `${account.name} no longer works on ${site.name}.`);
  };

  if (accounts === null) {
    return error === null ? (
      <p class="form__empty" role="status">
        Loading the team…
      </p>
    ) : (
      <p class="form__error" role="alert">
        Could not load the team: {error}
      </p>
    );
  }
  const people = accounts.filter((a) => a.active);
  const membershipKnown = people.every((a) => a.role === 'admin' || a.sites !== undefined);
  return (
    <fieldset class="fieldset people" aria-describedby="people-hint">
      <legend class="form__title">Agents on {site.name}</legend>
      <p class="dialog__hint" id="people-hint">
        Agents see this site's conversations, callbacks and settings only when ticked. Admins work on every site.
      </p>
      {!membershipKnown && <p class="form__error">This relay does not report who works on which site yet.</p>}
      {people.length === 0 ? (
        <p class="form__empty">No active agents.</p>
      ) : (
        <ul class="people__list">
          {people.map((account) => {
            const admin = account.role === 'admin';
            const on = admin || (account.sites?.includes(site.key) ?? false);
            return (
              <li key={account.id}>
                <label class="choice">
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={admin || !membershipKnown || busy === account.id}
                    aria-describedby={admin ? `people-${account.id}-admin` : undefined}
                    onChange={(event) => void toggle(account, event.currentTarget.checked)}
                  />
                  <span>
                    {account.name} <span class="people__email">{account.email}</span>
                  </span>
                </label>
                {admin && (
                  <span class="field__hint people__admin" id={`people-${account.id}-admin`}>
                    Admin: always on every site
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error !== null && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      <p class="inline-status" role="status">
        {status}
      </p>
    </fieldset>
  );
}
