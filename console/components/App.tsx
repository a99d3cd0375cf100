import { useEffect } from 'preact/hooks';
import type { Controller } from '../controller';
import type { Notifier } from '../notify';
import type { Beeper } from '../sound';
import { selectQueueCount, titleFor } from '../selectors';
import type { Store } from '../store';
import { Inbox } from './Inbox';
import { SignIn } from './SignIn';
import { useStore } from './useStore';

export interface AppProps {
  store: Store;
  controller: Controller;
  notifier: Notifier;
  beeper: Beeper;
}

export function App({ store, controller, notifier, beeper }: AppProps) {
  const state = useStore(store);
  const queueCount = selectQueueCount(state);

  useEffect(() => {
    document.title = titleFor(queueCount);
  }, [queueCount]);

  const auth = state.auth;
  switch (auth.phase) {
    case 'checking':
      return (
        <main class="splash" aria-busy="true">
          <span class="spinner spinner--dark" aria-hidden="true" />
          <p role="status">Checking your session…</p>
        </main>
      );
    case 'signed_out':
      return <SignIn controller={controller} submitting={auth.submitting} error={auth.error} />;
    case 'signed_in':
      return <Inbox state={state} agent={auth.agent} controller={controller} notifier={notifier} beeper={beeper} />;
    default: {
      const unreachable: never = auth;
      throw new Error(`Unknown auth phase: ${JSON.stringify(unreachable)}`);
    }
  }
}
