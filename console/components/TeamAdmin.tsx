import { useEffect, useState } from 'preact/hooks';
import type { Controller } from '../controller';
import { newAgentRequest, showsSitePicker } from '../newAgent';
import type { AgentAccount, SiteRef } from '../state';
import { Dialog } from './Dialog';

export interface TeamAdminProps {
  accounts: readonly AgentAccount[] | null;
  agentId: string;
  /** Every site (admins see all): the new agent's site picker offers them. */
  sites: readonly SiteRef[];
  controller: Controller;
  onClose: () => void;
}

type Role = AgentAccount['role'];

/** Admins: list agents, create one, change role/capacity, deactivate/reactivate. */
export function TeamAdmin({ accounts, agentId, sites, controller, onClose }: TeamAdminProps) {
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void controller.loadAccounts().then(setError);
  }, [controller]);

  const update = async (id: string, change: Parameters<Controller['updateAgent']>[1]) => {
    setError(await controller.updateAgent(id, change));
  };

  return (
    <Dialog id="team-admin-title" title="Team" onClose={onClose} wide>
      {error !== null && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      {accounts === null ? (
        <p class="form__empty">Loading…</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Capacity</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id} class={account.active ? undefined : 'table__inactive'}>
                <td>
                  {account.name}
                  {account.id === agentId && ' (you)'}
                </td>
                <td>{account.email}</td>
                <td>
                  <select
                    class="input input--small"
                    aria-label={`Role of ${account.name}`}
                    value={account.role}
                    onChange={(event) => void update(account.id, { role: event.currentTarget.value as Role })}
                  >
                    <option value="agent">Agent</option>
                    <option value="admin">Admin</option>
                  </select>
                </td>
                <td>
                  <CapacityInput account={account} onSave={(capacity) => void update(account.id, { capacity })} />
                </td>
                <td>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    disabled={account.id === agentId}
                    onClick={() => void update(account.id, { active: !account.active })}
                  >
                    {account.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                  {!account.active && <span class="table__note"> Inactive</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewAgentForm controller={controller} sites={sites} />
    </Dialog>
  );
}

function CapacityInput({ account, onSave }: { account: AgentAccount; onSave: (capacity: number) => void }) {
  const [value, setValue] = useState(String(account.capacity));
  useEffect(() => setValue(String(account.capacity)), [account.capacity]);
  const commit = () => {
    const capacity = Number(value);
    if (Number.isInteger(capacity) && capacity >= 0 && capacity !== account.capacity) onSave(capacity);
    else setValue(String(account.capacity));
  };
  return (
    <input
      class="input input--small"
      type="number"
      min={0}
      max={50}
      aria-label={`Capacity of ${account.name}`}
      value={value}
      onInput={(event) => setValue(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}

function NewAgentForm({ controller, sites }: { controller: Controller; sites: readonly SiteRef[] }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [capacity, setCapacity] = useState('3');
  const [password, setPassword] = useState('');
  /** Sites unticked in the picker (see newAgent.ts: a site listed later starts ticked). */
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [sitesError, setSitesError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = showsSitePicker(sites, role);

  const tick = (key: string, on: boolean) => {
    const next = new Set(unticked);
    if (on) next.delete(key);
    else next.add(key);
    setUnticked(next);
    setSitesError(null);
  };

  const submit = async () => {
    const request = newAgentRequest({ name, email, role, capacity, password }, sites, unticked);
    if (!request.ok) {
      setSitesError(request.message);
      setMessage(null);
      return;
    }
    setBusy(true);
    const error = await controller.createAgent(request.input);
    setBusy(false);
    if (error !== null) {
      setMessage({ ok: false, text: error });
      return;
    }
    const on = request.input.sites?.map((key) => sites.find((site) => site.key === key)?.name ?? key);
    setMessage({ ok: true, text: `${request.input.name} can now sign in${on === undefined ? '' : `, working on ${on.join(', ')}`}.` });
    setName('');
    setEmail('');
    setPassword('');
  };

  return (
    <form
      class="form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 class="form__title">Add an agent</h3>
      <div class="form__grid">
        <label class="field">
          <span class="field__label">Name</span>
          <input class="input" required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">Email</span>
          <input class="input" type="email" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">Role</span>
          <select class="input" value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label class="field">
          <span class="field__label">Capacity</span>
          <input class="input" type="number" min={0} max={50} required value={capacity} onInput={(event) => setCapacity(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">Initial password</span>
          <input
            class="input"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
      </div>
      {picker ? (
        <fieldset class="fieldset" aria-describedby={sitesError === null ? 'new-agent-sites-hint' : 'new-agent-sites-error'}>
          <legend class="field__label">Works on</legend>
          <span class="field__hint" id="new-agent-sites-hint">
            They see the conversations, callbacks and settings of the ticked sites only.
          </span>
          <ul class="people__list">
            {sites.map((site) => (
              <li key={site.key}>
                <label class="choice">
                  <input type="checkbox" checked={!unticked.has(site.key)} onChange={(event) => tick(site.key, event.currentTarget.checked)} />
                  <span>{site.name}</span>
                </label>
              </li>
            ))}
          </ul>
          {sitesError !== null && (
            <p class="form__error" id="new-agent-sites-error" role="alert">
              {sitesError}
            </p>
          )}
        </fieldset>
      ) : (
        role === 'admin' &&
        sites.length > 1 && (
          <p class="field__hint">Admins work on every site.</p>
        )
      )}
      {message !== null && (
        <p class={message.ok ? 'form__ok' : 'form__error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          Add agent
        </button>
      </div>
    </form>
  );
}
