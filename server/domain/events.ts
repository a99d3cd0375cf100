import type { ConversationStatus } from '../../protocol/codes';

/**
 * What the domain tells its own parts (routing, presence, the sweeper, the bot's turns), in this
 * process. Services announce; whoever cares subscribes in main.ts. Clients hear through the bus.
 */
export type DomainEvent =
  /** A conversation moved (moves.ts): the bot's turn stops when it leaves `bot`. */
  | { type: 'conversation.moved'; conversationId: string; siteKey: string; from: ConversationStatus; to: ConversationStatus }
  /** The queue or an agent's load changed: routing runs again. */
  | { type: 'queue.changed' }
  /** The callback sweeper ran: business hours may have opened or closed since. */
  | { type: 'callbacks.swept' };

export type DomainEventType = DomainEvent['type'];
type Of<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

export type DomainEvents = {
  emit(event: DomainEvent): void;
  /** Returns the disposer. */
  on<T extends DomainEventType>(type: T, listener: (event: Of<T>) => void): () => void;
};

export function createDomainEvents(): DomainEvents {
  const listeners = new Map<DomainEventType, Set<(event: DomainEvent) => void>>();
  return {
    emit(event) {
      for (const listener of listeners.get(event.type) ?? []) {
        // One subscriber's bug must not stop the others or the move that announced it (it is stored).
        try {
          listener(event);
        } catch (error) {
          console.error(`[domain] a ${event.type} listener failed`, error);
        }
      }
    },
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      const wrapped = listener as (event: DomainEvent) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
