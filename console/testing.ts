import type { ApiClient } from './api';
import { DefaultAppearance, type SiteInfo } from './sitesApi';
import type { BusinessHours } from './businessHours';
import type { Callback, ConversationSummary } from '../protocol/frames';

export { message } from '../client/testing/messages';

/** Builders for unit tests: a valid summary or message with only the interesting fields given. */

export function summary(overrides: Partial<ConversationSummary> & { id: string }): ConversationSummary {
  return {
    siteKey: 'demo',
    status: 'bot',
    contactId: `contact-${overrides.id}`,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    contactOrderNumber: null,
    assignedAgentId: null,
    assignedAgentName: null,
    locale: 'en',
    lastSeq: 0,
    lastMessage: null,
    page: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    offeredToAgentId: null,
    offerExpiresAt: null,
    queuedAt: null,
    ...overrides,
  };
}

export function callback(overrides: Partial<Callback> & { id: string }): Callback {
  return {
    conversationId: `conv-${overrides.id}`,
    contactId: `contact-${overrides.id}`,
    contactName: null,
    start: '2025-01-01T10:00:00.000Z',
    end: '2025-01-01T10:15:00.000Z',
    phone: '+5511987654321',
    phoneDisplay: '+55 11 98765-4321',
    note: null,
    timeZone: 'America/Sao_Paulo',
    state: 'booked',
    claimedById: null,
    claimedByName: null,
    attempts: 0,
    outcome: null,
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    ...overrides,
  };
}

/** A hand-driven clock for code that takes injected timers. */
export function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const tasks = new Map<number, { at: number; fn: () => void }>();
  return {
    timers: {
      setTimeout(fn: () => void, ms: number): unknown {
        const id = nextId++;
        tasks.set(id, { at: now + ms, fn });
        return id;
      },
      clearTimeout(handle: unknown): void {
        tasks.delete(handle as number);
      },
    },
    /** Runs every task due within `ms`, in time order, including ones scheduled meanwhile. */
    advance(ms: number): void {
      const end = now + ms;
      for (;;) {
        let dueId = -1;
        let dueAt = Infinity;
        for (const [id, task] of tasks) if (task.at <= end && task.at < dueAt) [dueId, dueAt] = [id, task.at];
        const task = tasks.get(dueId);
        if (task === undefined) break;
        tasks.delete(dueId);
        now = task.at;
        task.fn();
      }
      now = end;
    },
    delays(): number[] {
      return [...tasks.values()].map((task) => task.at - now).sort((a, b) => a - b);
    },
  };
}

/** A WebSocket stand-in the test plays the server for. */
export class FakeSocket {
  /** 0 connecting, 1 open: the link sends only on an open socket. */
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.closedWith = code;
  }
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  serverSend(frame: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
  serverClose(code: number, reason = ''): void {
    // Node 20 has no CloseEvent; the connection reads only code and reason.
    this.onclose?.({ code, reason } as CloseEvent);
  }
  sentTypes(): string[] {
    return this.sent.map((frame) => (frame as { type: string }).type);
  }
}

/** An ApiClient whose every call succeeds with nothing interesting; override what a test needs. */
export function stubApi(agent: { id: string; name: string; email: string }, overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    me: async () => agent,
    login: async () => agent,
    logout: async () => {},
    listAgents: async () => [],
    createAgent: async (input) => ({ id: 'new', email: input.email, name: input.name, role: input.role, capacity: input.capacity, active: true }),
    updateAgent: async (id) => ({ id, email: 'x@example.com', name: 'X', role: 'agent', capacity: 3, active: true }),
    changePassword: async () => {},
    logoutEverywhere: async () => {},
    listCanned: async () => [],
    addCanned: async (shortcut, text) => ({ id: `r-${shortcut}`, shortcut, text }),
    deleteCanned: async () => {},
    getHours: async () => businessHours(),
    saveHours: async (_siteKey, hours) => hours,
    updateMe: async ({ name }) => ({ ...agent, name }),
    uploadMyAvatar: async () => '/avatars/me.png',
    removeMyAvatar: async () => {},
    listSites: async () => [],
    getSite: async (key) => site({ key }),
    createSite: async ({ name, allowedOrigins }) => site({ key: 'new-site', name, allowedOrigins }),
    updateSite: async (key, change) => site({ key, ...(change.name === undefined ? {} : { name: change.name }) }),
    getInstallation: async (key) => ({ snippet: `<script async src="http://relay.test/widget.js" data-site="${key}"></script>`, loads: [] }),
    uploadSiteAvatar: async () => '/avatars/team.png',
    removeSiteAvatar: async () => {},
    ...overrides,
  };
}

/** Valid business hours (weekdays 09:00–18:00, weekends closed), with only the interesting fields given. */
export function businessHours(overrides: Partial<BusinessHours> = {}): BusinessHours {
  const nineToSix = [{ open: '09:00', close: '18:00' }];
  return {
    timeZone: 'Europe/Lisbon',
    weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [], sun: [] },
    holidays: [],
    callback: {
      enabled: true,
      slotMinutes: 30,
      bufferMinutes: 0,
      minNoticeMinutes: 60,
      daysAhead: 7,
      capacity: 2,
      longWaitSeconds: 300,
      countries: [],
    },
    ...overrides,
  };
}

/** A site as `GET /api/sites` describes it, with only the interesting fields given. */
export function site(overrides: Partial<SiteInfo> & { key: string }): SiteInfo {
  return {
    name: overrides.key,
    allowedOrigins: [],
    disabled: false,
    routing: 'auto',
    appearance: { ...DefaultAppearance, languages: [...DefaultAppearance.languages] },
    revision: 1,
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}
