import { AppError } from '../errors';
import { openIdsOfSite } from '../store/conversations';
import type { Db } from '../store/db';
import { disabledSiteKeys, isSiteDisabled } from '../store/sites';
import type { Moves } from './moves';

export type SiteClosing = ReturnType<typeof createSiteClosing>;

/** Conversations closed per page; between pages the event loop serves everyone else. */
export const SITE_CLOSING_BATCH = 100;

const nextTick = () => new Promise<void>((done) => setImmediate(done));

/**
 * Ends the open chats (bot, queued, live) of a site an admin turned off, each through the life
 * cycle (`site.disabled`: conditional write, the transcript line, `conversation.updated` to
 * agents), so consoles see them closed and routing stops offering them.
 *
 * Bounded: one page of ids at a time, one short transaction per conversation, a yield to the
 * event loop between pages; a site with thousands of open chats never holds the loop for long.
 * Stops early if the site is turned back on meanwhile (what is still open stays open).
 *
 * NOTE: booked calls (`callback`) are left as they are, on purpose: a call back is a promise made
 * to a person who left their number, kept by phone, not through the widget. Turning the chat off
 * (a pause, a redesign, a site going away) does not tell the business those customers should not
 * be called; the callback list still shows them and agents record the outcome as usual. Cancelling
 * them would silently break promises and lose the team's work list.
 *
 * NOTE: a crash between the flag and the last page would leave chats open; `resume()` at start
 * walks every disabled site again (idempotent: closed ones are not open any more).
 */
export function createSiteClosing(deps: { db: Db; moves: Pick<Moves, 'move'> }) {
  const { db, moves } = deps;
  const running = new Set<Promise<number>>();
  let stopping = false;

  async function closeOpen(siteKey: string): Promise<number> {
    let closed = 0;
    let after = '';
    for (;;) {
      if (stopping || !(await isSiteDisabled(db, siteKey))) break;
      const ids = await openIdsOfSite(db, siteKey, after, SITE_CLOSING_BATCH);
      for (const id of ids) {
        try {
          await moves.move(id, { kind: 'site.disabled' });
          closed++;
        } catch (error) {
          // Moved by someone else between the page and the move (an agent closed it, a call was
          // booked): what it became stands, and is not an open chat any more, or is refused again.
          if (!(error instanceof AppError)) throw error;
          console.warn(`[sites] conversation ${id} of disabled site ${siteKey} was not closed: ${error.message}`);
        }
      }
      const last = ids.at(-1);
      if (last === undefined || ids.length < SITE_CLOSING_BATCH) break;
      after = last;
      await nextTick();
    }
    return closed;
  }

  /** Runs in the background (the admin's request does not wait for thousands of chats); errors are logged. */
  function start(siteKey: string): Promise<number> {
    const job = closeOpen(siteKey)
      .catch((error: unknown) => {
        console.error(`[sites] closing the open chats of disabled site ${siteKey} failed`, error);
        return 0;
      })
      .finally(() => running.delete(job));
    running.add(job);
    return job;
  }

  return {
    /** Closes the open chats of a site just turned off; resolves with how many were closed. */
    start,
    closeOpen,

    /** At start: finish what a previous run may have left (every disabled site, walked once). */
    async resume(): Promise<void> {
      for (const key of await disabledSiteKeys(db)) start(key);
    },

    /** Waits for the walks in flight (tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },

    /** Shutdown, before the store closes: walks stop after the chat in hand; `resume` finishes them next start. */
    async close(): Promise<void> {
      stopping = true;
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
