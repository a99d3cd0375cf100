import { PROTOCOL_VERSION } from '../../protocol/codes';
import { type Rng, Obj, type Val, deepNest, mutateObj, mutateText, randomVal, writeJson } from './random';

/** What the fuzz knows of the server it attacks: set up in beforeAll, refreshed by nothing. */
export type FuzzContext = {
  port: number;
  /** The relay's own origin (`http://127.0.0.1:PORT`), which passes the CSRF and upgrade checks. */
  origin: string;
  /** Tokens of visitors that belong to the fuzz (never the witnesses'). */
  visitorTokens: string[];
  /** Their conversations, for agent frames and resume cursors. */
  conversationIds: string[];
  /** The agent session the fuzzing agent sockets use. */
  agentCookie: string;
  /** A second admin session for HTTP requests (the fuzz may send it anywhere but to logout). */
  adminCookie: string;
  /** The demo site's business hours as the server returned them: a valid body to mutate. */
  hours: Record<string, unknown>;
  /** Built file names under /assets/. */
  assets: string[];
};

export const SHOP_ORIGIN = 'http://shop.test';

export const FRAME_TYPES = [
  'hello',
  'message.send',
  'handoff.request',
  'conversation.open',
  'conversation.accept',
  'conversation.close',
  'ping',
  'message.feedback',
  'agent.status',
  'note.add',
  'conversation.transfer',
  'typing',
  'conversation.read',
  'callback.slots',
  'callback.book',
  'callback.cancel',
  'callback.claim',
  'callback.outcome',
  'welcome',
  'message.ack',
] as const;

const TEXTS = ['hello', 'what are your opening hours?', 'talk to a person', 'shipping to Brazil?', 'olá', '¿dónde está mi pedido?', '😀'];

export function visitorHello(rng: Rng, ctx: FuzzContext): Record<string, unknown> {
  const index = rng.int(ctx.visitorTokens.length);
  // A few hellos are from new visitors: the per-address limit on those is part of what is tested.
  const token = rng.chance(0.1) ? undefined : ctx.visitorTokens[index];
  const conversationId = ctx.conversationIds[index];
  return {
    type: 'hello',
    v: PROTOCOL_VERSION,
    role: 'visitor',
    siteKey: 'demo',
    hostOrigin: SHOP_ORIGIN,
    locale: rng.pick(['en', 'pt-BR', 'es']),
    ...(rng.chance(0.7) ? { page: { url: 'http://shop.test/products.html', title: 'Products' } } : {}),
    ...(token === undefined ? {} : { token }),
    ...(rng.chance(0.3) && conversationId !== undefined ? { conversationId, lastSeq: rng.pick([0, 1, 2, 5, 1000]) } : {}),
    ...(rng.chance(0.3) ? { timeZone: rng.pick(['America/Sao_Paulo', 'Europe/Lisbon', 'UTC', 'Mars/Olympus']) } : {}),
  };
}

export const agentHello = (): Record<string, unknown> => ({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });

function someId(rng: Rng, ctx: FuzzContext): string {
  return rng.chance(0.7) && ctx.conversationIds.length > 0 ? rng.pick(ctx.conversationIds) : rng.pick(['x', 'does-not-exist', '00000000-0000-0000-0000-000000000000', rng.unicode(10) || 'y']);
}

/** A frame that passes the schema, so mutations start from something the domain would act on. */
export function validFrame(rng: Rng, ctx: FuzzContext, role: 'visitor' | 'agent'): Record<string, unknown> {
  // Valid ids (1–64 UTF-16 units) that a store may not give back as written.
  const clientMsgId = `fz-${rng.int(1e9)}${rng.chance(0.25) ? rng.pick(['\ud800', '\udfff', '\u0000', '😀', ' ', 'x'.repeat(50)]) : ''}`;
  const conversationId = someId(rng, ctx);
  const forAgent = role === 'agent' ? { conversationId } : {};
  switch (rng.int(16)) {
    case 0:
    case 1:
    case 2:
      return { type: 'message.send', clientMsgId, text: rng.pick(TEXTS), ...forAgent };
    case 3:
      return { type: 'handoff.request' };
    case 4:
      return { type: 'ping' };
    case 5:
      return { type: 'typing', typing: rng.chance(0.5), ...forAgent };
    case 6:
      return { type: 'conversation.read', seq: rng.int(10), ...forAgent };
    case 7:
      return { type: 'message.feedback', messageId: someId(rng, ctx), helpful: rng.chance(0.5) };
    case 8:
      return { type: 'callback.slots', ...(role === 'agent' ? { callbackId: someId(rng, ctx) } : {}) };
    case 9:
      return { type: 'callback.book', slotStart: new Date(Date.now() + rng.int(7 * 86_400_000)).toISOString(), phone: rng.pick(['+5511987654321', '+351912345678', '123', '']), country: rng.pick(['BR', 'PT', 'US']) };
    case 10:
      return { type: 'callback.cancel', callbackId: someId(rng, ctx) };
    case 11:
      return { type: 'conversation.open', conversationId, ...(rng.chance(0.5) ? { afterSeq: rng.int(5) } : {}) };
    case 12:
      return { type: rng.pick(['conversation.accept', 'conversation.close']), conversationId };
    case 13:
      return { type: 'note.add', conversationId, clientMsgId, text: 'a note' };
    case 14:
      return { type: 'agent.status', status: rng.pick(['online', 'away']) };
    default:
      return rng.chance(0.5)
        ? { type: 'conversation.transfer', conversationId, toAgentId: someId(rng, ctx), note: 'over to you' }
        : { type: rng.pick(['callback.claim', 'callback.outcome']), callbackId: someId(rng, ctx), outcome: rng.pick(['reached', 'rescheduled', 'no_answer_retry']) };
  }
}

/** One client frame's bytes: valid, structurally mutated, byte-damaged, or anything at all. */
export function fuzzFrameBytes(rng: Rng, template: Record<string, unknown>): Buffer {
  const obj = Obj.from(template);
  const roll = rng.next();
  if (roll < 0.15) return Buffer.from(writeJson(obj));
  if (roll < 0.6) return Buffer.from(writeJson(mutateObj(rng, obj, FRAME_TYPES)));
  if (roll < 0.78) return mutateText(rng, rng.chance(0.5) ? writeJson(obj) : writeJson(mutateObj(rng, obj, FRAME_TYPES)));
  if (roll < 0.84) return Buffer.from(writeJson(randomVal(rng, 3)));
  if (roll < 0.9) {
    // One known field (the discriminator most of all) nested deep: whatever recurses over it meets its limit.
    const key = rng.chance(0.5) ? 'type' : rng.pick(Object.keys(template));
    const entries = obj.entries.filter(([k]) => k !== key);
    return Buffer.from(writeJson(new Obj([[key, deepNest(rng, rng.pick([1000, 5000, 20_000]), template[key] as Val)], ...entries])));
  }
  if (roll < 0.95) return Buffer.from(writeJson(deepNest(rng, rng.pick([100, 1000, 10_000, 30_000]))));
  return rng.bytes(rng.int(200));
}
