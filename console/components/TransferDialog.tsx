import { useState } from 'preact/hooks';
import type { TeamMember } from '../state';
import { Dialog } from './Dialog';
import { agentStatusLabels } from './Team';

export interface TransferDialogProps {
  team: readonly TeamMember[];
  agentId: string;
  contactName: string;
  onTransfer: (toAgentId: string, note: string) => void;
  onClose: () => void;
}

/** Hand my live chat to a teammate who is online or away, with an optional note for them. */
export function TransferDialog({ team, agentId, contactName, onTransfer, onClose }: TransferDialogProps) {
  const candidates = team
    .filter((member) => member.id !== agentId && member.status !== 'offline')
    .sort((a, b) => Number(a.status !== 'online') - Number(b.status !== 'online') || a.name.localeCompare(b.name));
  const [target, setTarget] = useState<string | null>(candidates[0]?.id ?? null);
  const [note, setNote] = useState('');

  return (
    <Dialog id="transfer-title" title={`Transfer ${contactName}`} onClose={onClose}>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (target === null) return;
          onTransfer(target, note);
          onClose();
        }}
      >
        {candidates.length === 0 ? (
          <p class="form__empty">No other agent is online or away right now.</p>
        ) : (
          <fieldset class="form__choices">
            <legend class="field__label">Transfer to</legend>
            {candidates.map((member, index) => (
              <label class="choice" key={member.id}>
                <input
                  type="radio"
                  name="transfer-to"
                  value={member.id}
                  checked={target === member.id}
                  data-autofocus={index === 0 ? true : undefined}
                  onChange={() => setTarget(member.id)}
                />
                <span class={`presence presence--${member.status}`} aria-hidden="true" />
                <span class="choice__name">{member.name}</span>
                <span class="choice__meta">
                  {agentStatusLabels[member.status]} · {member.activeChats}/{member.capacity} chats
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label class="field">
          <span class="field__label">Note for them (optional)</span>
          <textarea class="input" rows={3} maxLength={1000} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <div class="form__actions">
          <button type="button" class="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={target === null}>
            Transfer
          </button>
        </div>
      </form>
    </Dialog>
  );
}
