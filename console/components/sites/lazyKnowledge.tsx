import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type KnowledgeModule = typeof import('../knowledge');

/** One load per page; a failed one (a deploy replaced the chunk, the network dropped) may be retried. */
let loading: Promise<KnowledgeModule> | undefined;

function load(): Promise<KnowledgeModule> {
  loading ??= import('../knowledge').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

type Loaded = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; module: KnowledgeModule } | { kind: 'failed' };

/**
 * Renders `children(module)` once the knowledge-base code has loaded; starts loading when `wanted`
 * first becomes true and stays mounted after (what was typed in the editor survives a tab change).
 */
export function WithKnowledge({ wanted, children }: { wanted: boolean; children: (module: KnowledgeModule) => ComponentChildren }) {
  const [state, setState] = useState<Loaded>({ kind: 'idle' });
  const start = () => {
    setState({ kind: 'loading' });
    load().then(
      (module) => setState({ kind: 'ready', module }),
      (error: unknown) => {
        console.error('[ponte] the knowledge-base editor did not load', error);
        setState({ kind: 'failed' });
      },
    );
  };
  useEffect(() => {
    if (wanted && state.kind === 'idle') start();
  }, [wanted, state.kind]);

  switch (state.kind) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <p class="empty" role="status" aria-busy="true">
          Loading…
        </p>
      );
    case 'failed':
      return (
        <div class="empty" role="alert">
          <p>The editor did not load. Check your connection and try again.</p>
          <button type="button" class="button" onClick={start}>
            Try again
          </button>
        </div>
      );
    case 'ready':
      return <>{children(state.module)}</>;
  }
}
