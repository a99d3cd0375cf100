import { render } from 'preact';
import { systemTimers } from '../client/link/link';
import { createApi } from './api';
import { App } from './components/App';
import { createConnection } from './connection';
import { createController } from './controller';
import { browserNotifier, watchArrivals } from './notify';
import { webAudioBeeper } from './sound';
import { initialState } from './state';
import { createStore } from './store';
import './console.css';

/** Composition root: the only place that touches the real browser globals. */
function main(): void {
  const root = document.getElementById('root');
  if (root === null) throw new Error('The console page has no #root element');

  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const store = createStore(initialState());
  const api = createApi({ fetch: (input, init) => window.fetch(input, init) });
  const timers = systemTimers;
  const controller = createController({
    api,
    store,
    timers,
    newId: () => crypto.randomUUID(),
    now: () => new Date(),
    isVisible: () => document.visibilityState === 'visible',
    connect: (handlers) =>
      createConnection({
        ...handlers,
        url: wsUrl,
        createSocket: (url) => new WebSocket(url),
        timers,
        random: Math.random,
        subscribeWakeHints: (wake) => {
          const onVisible = () => {
            if (document.visibilityState === 'visible') wake();
          };
          window.addEventListener('online', wake);
          document.addEventListener('visibilitychange', onVisible);
          return () => {
            window.removeEventListener('online', wake);
            document.removeEventListener('visibilitychange', onVisible);
          };
        },
      }),
  });

  const notifier = browserNotifier();
  const beeper = webAudioBeeper();
  // These live as long as the page: the console is a single-page app with no teardown.
  watchArrivals(store, notifier, beeper, controller.openCallback);
  document.addEventListener('visibilitychange', () => controller.visibilityChanged());

  render(<App store={store} controller={controller} notifier={notifier} beeper={beeper} />, root);
  void controller.start();
}

main();
