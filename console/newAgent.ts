/**
 * What the Team dialog's "Add an agent" form sends (`POST /api/agents`). The server does the real
 * checking; this only decides the `sites` part, the one thing the form knows better: which of the
 * listed sites were left unticked.
 */
import type { NewAgent } from './api';
import type { SiteRef } from './state';

export interface NewAgentFields {
  name: string;
  email: string;
  role: NewAgent['role'];
  capacity: string;
  password: string;
}

export type NewAgentRequest = { ok: true; input: NewAgent } | { ok: false; field: 'sites'; message: string };

/** Whether the form shows the site picker: only with a choice to make (two sites or more), and not for admins, who work on every site. */
export function showsSitePicker(sites: readonly SiteRef[], role: NewAgent['role']): boolean {
  return sites.length > 1 && role === 'agent';
}

/**
 * The request for these fields. NOTE: the form keeps the *unticked* keys, so a site that appears
 * in the list while the form is open starts ticked like the others. With the picker shown the
 * ticked keys are sent as they are (what the admin saw is what the agent gets); without it,
 * `sites` is left out, which the server reads as every site that exists.
 */
export function newAgentRequest(fields: NewAgentFields, sites: readonly SiteRef[], unticked: ReadonlySet<string>): NewAgentRequest {
  const input: NewAgent = {
    name: fields.name.trim(),
    email: fields.email.trim(),
    role: fields.role,
    capacity: Number(fields.capacity),
    password: fields.password,
  };
  if (!showsSitePicker(sites, fields.role)) return { ok: true, input };
  const ticked = sites.filter((site) => !unticked.has(site.key)).map((site) => site.key);
  if (ticked.length === 0) return { ok: false, field: 'sites', message: 'Choose at least one site for this agent.' };
  return { ok: true, input: { ...input, sites: ticked } };
}
