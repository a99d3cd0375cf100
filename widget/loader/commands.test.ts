import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmitter, dispatch, type Controller } from './commands';

function fakeController() {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const controller: Controller = {
    open: record('open'),
    close: record('close'),
    toggle: record('toggle'),
    identify: record('identify'),
    setLocale: record('setLocale'),
    on: (event, fn) => {
      calls.push(['on', event, fn]);
      return () => calls.push(['off', event]);
    },
    reset: record('reset'),
  };
  return { controller, calls };
}

describe('dispatch', () => {
  afterEach(() => vi.restoreAllMocks());

  it('replays a queued command list in order', () => {
    const { controller, calls } = fakeController();
    const queue: unknown[][] = [['identify', { userId: 'u1' }], ['setLocale', 'pt-BR'], ['open'], ['toggle'], ['close'], ['reset']];
    for (const args of queue) dispatch(controller, args);
    expect(calls).toEqual([
      ['identify', { userId: 'u1' }],
      ['setLocale', 'pt-BR'],
      ['open'],
      ['toggle'],
      ['close'],
      ['reset'],
    ]);
  });

  it('accepts an arguments object, as the queue stub stores it', () => {
    const { controller, calls } = fakeController();
    (function (..._args: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      dispatch(controller, arguments);
    })('open');
    expect(calls).toEqual([['open']]);
  });

  it('returns the unsubscribe function from on', () => {
    const { controller, calls } = fakeController();
    const fn = () => {};
    const off = dispatch(controller, ['on', 'message', fn]);
    expect(typeof off).toBe('function');
    (off as () => void)();
    expect(calls).toEqual([['on', 'message', fn], ['off', 'message']]);
  });

  it('warns on unknown commands and bad arguments instead of calling anything', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { controller, calls } = fakeController();
    dispatch(controller, ['opne']);
    dispatch(controller, ['on', 'nope', () => {}]);
    dispatch(controller, ['on', 'open', 'not a function']);
    dispatch(controller, ['identify']);
    dispatch(controller, ['setLocale', 42]);
    dispatch(controller, ['toString']);
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(6);
    expect(String(warn.mock.calls[0]?.[0])).toContain('unknown command');
  });
});

describe('createEmitter', () => {
  it('calls listeners of one event only, until they unsubscribe', () => {
    const events = createEmitter();
    const got: unknown[] = [];
    const off = events.on('unread', (n) => got.push(n));
    events.on('open', () => got.push('open'));
    events.emit('unread', 2);
    off();
    events.emit('unread', 3);
    events.emit('open');
    expect(got).toEqual([2, 'open']);
  });
});
