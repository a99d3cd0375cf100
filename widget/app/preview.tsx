/**
 * The console's live preview (`/widget/frame?site=KEY&preview=1`, framed only by the console, same
 * origin): the real panel, open, with a sample conversation and no connection; it applies the
 * unsaved appearance the console posts (`{ ponte: 1, type: 'preview', appearance }`), accepted only
 * from our own origin and our parent window. A lazy chunk: visitors never download it.
 */
import { render } from 'preact';
import type { Locale } from '../../protocol/codes';
import type { Message } from '../../protocol/frames';
import { Panel, type Actions, type Environment } from './components/Panel';
import { toLook } from './preview-look';
import type { Look } from './site';
import { initialState, reducer, type State } from './state';

const SAMPLE: Record<Locale, { greeting: string; visitor: string; bot: string }> = {
  en: {
    greeting: 'Hi! How can we help you today?',
    visitor: 'Do you ship abroad?',
    bot: 'Yes, we ship to most countries. Delivery takes 3 to 7 working days.',
  },
  'pt-BR': {
    greeting: 'Oi! Como podemos ajudar hoje?',
    visitor: 'Vocês entregam no exterior?',
    bot: 'Sim, entregamos na maioria dos países. A entrega leva de 3 a 7 dias úteis.',
  },
  es: {
    greeting: '¡Hola! ¿En qué podemos ayudarte hoy?',
    visitor: '¿Hacéis envíos al extranjero?',
    bot: 'Sí, enviamos a la mayoría de los países. La entrega tarda de 3 a 7 días laborables.',
  },
};

/** WCAG relative luminance, for the automatic text colour (as the server picks it). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

export function textColour(look: Look): string {
  if (look.textColour) return look.textColour;
  const l = luminance(look.brandColour);
  // Contrast with white against near-black #111827 (luminance ≈ .0116); black when neither reaches AA.
  const white = 1.05 / (l + 0.05);
  const dark = (l + 0.05) / 0.0616;
  if (Math.max(white, dark) < 4.5) return '#000000';
  return white >= dark ? '#ffffff' : '#111827';
}

function sampleState(look: Look, locale: Locale): State {
  const words = SAMPLE[locale];
  const at = new Date().toISOString();
  const message = (seq: number, author: 'visitor' | 'bot', text: string): Message => ({
    id: 'preview-' + seq,
    conversationId: 'preview',
    seq,
    author,
    // NOTE: no name of its own: the log labels it as it labels the greeting (the team name, else the
    // site's), so both follow an appearance posted later.
    authorName: null,
    text,
    createdAt: at,
    clientMsgId: null,
  });
  return reducer(initialState(locale, true, look), {
    type: 'frame',
    frame: {
      type: 'welcome',
      role: 'visitor',
      v: 1,
      token: 'preview',
      contactId: 'preview',
      site: { key: 'preview', name: look.name, greeting: words.greeting, locale },
      conversation: null,
      messages: [message(1, 'visitor', words.visitor), message(2, 'bot', words.bot)],
      resumed: false,
      agentsAvailable: true,
      callbacksEnabled: false,
      openNow: true,
      opensAt: null,
      callback: null,
    },
  });
}

const nothing = (): void => undefined;

export function startPreview(deps: { root: HTMLElement; look: Look; locale: Locale; win: Window }): void {
  const { root, win } = deps;
  const doc = win.document;
  const locale = deps.look.languages.includes(deps.locale) ? deps.locale : (deps.look.languages[0] ?? 'en');
  doc.documentElement.lang = locale;
  let state = sampleState(deps.look, locale);
  const actions: Actions = {
    send: nothing,
    typing: nothing,
    retry: nothing,
    feedback: nothing,
    handoff: nothing,
    close: nothing,
    openBooking: nothing,
    closeBooking: nothing,
    book: nothing,
    cancelCallback: nothing,
  };
  const env: Environment = {
    timeZone: undefined,
    languages: [locale],
    loadBooking: () => import('./callback/BookingPanel'),
  };
  const draw = (): void => render(<Panel state={state} actions={actions} env={env} />, root);
  win.addEventListener('message', (event) => {
    const data = event.data as { ponte?: unknown; type?: unknown; appearance?: unknown } | null;
    if (event.origin !== win.location.origin || event.source !== win.parent || !data || data.ponte !== 1 || data.type !== 'preview') return;
    const look = toLook(deps.look.name, data.appearance);
    const style = doc.documentElement.style;
    style.setProperty('--accent', look.brandColour);
    style.setProperty('--accent-text', textColour(look));
    // As the relay does (server/domain/appearance.ts inkColourOf): the accent as text on white only when readable.
    style.setProperty('--accent-ink', 1.05 / (luminance(look.brandColour) + 0.05) >= 4.5 ? look.brandColour : '#111827');
    const wanted = look.languages.includes(state.locale) ? state.locale : (look.languages[0] ?? state.locale);
    state = wanted === state.locale ? reducer(state, { type: 'look', look }) : sampleState(look, wanted);
    doc.documentElement.lang = state.locale;
    draw();
  });
  draw();
}
