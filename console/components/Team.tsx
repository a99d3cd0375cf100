import type { AgentStatus } from '../../protocol/codes';
import type { TeamMember } from '../state';

export const agentStatusLabels: Record<AgentStatus, string> = {
  online: 'Online',
  away: 'Away',
  offline: 'Offline',
};

const statusOrder: Record<AgentStatus, number> = { online: 0, away: 1, offline: 2 };

/** Who is around and how busy: collapsible, since it is context rather than work. */
export function Team({ team, agentId }: { team: readonly TeamMember[]; agentId: string }) {
  const members = [...team].sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.name.localeCompare(b.name));
  const available = team.filter((member) => member.status === 'online').length;
  return (
    <details class="section section--collapsible team">
      <summary class="section__title">
        <span id="section-team">Team</span>
        <span class="count" aria-label={`${available} online`}>
          {available}/{team.length}
        </span>
      </summary>
      {members.length === 0 ? (
        <p class="section__empty">No presence yet.</p>
      ) : (
        <ul class="section__list team__list" aria-labelledby="section-team">
          {members.map((member) => (
            <li key={member.id} class="team__member">
              <span class={`presence presence--${member.status}`} aria-hidden="true" />
              <span class="team__name">
                {member.name}
                {member.id === agentId && ' (you)'}
              </span>
              <span class="team__status">{agentStatusLabels[member.status]}</span>
              <span class="team__load" title="Active chats / capacity">
                {member.activeChats}/{member.capacity}
              </span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
