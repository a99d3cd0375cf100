import { foldText } from '../normalize';

/**
 * Promises of money back or of something in compensation, in en / pt-BR / es, found by the
 * words that carry the meaning (folded: lowercase, no accents). Two kinds, because a shop
 * that refunds returns has not thereby promised vouchers for the trouble.
 */
export const PromiseKind = {
  /** Money back: refund, reimburse, pay back, estorno, ressarcir, devolver el dinero... */
  Refund: 'refund',
  /** Something for the trouble: compensation, indemnity, a credit or voucher given. */
  Compensation: 'compensation',
} as const;
export type PromiseKind = (typeof PromiseKind)[keyof typeof PromiseKind];

export type FoundPromise = { kind: PromiseKind; start: number; end: number };

const W = String.raw`(?:\S+\s+)`;
const MONEY_NOUN = String.raw`(?:dinheiro|dinero|valor|importe|pago|pagamento|quantia|montante|money)`;

const REFUND_PATTERNS: readonly RegExp[] = [
  /\brefund\w*/g,
  /\breimburs\w*/g,
  new RegExp(String.raw`\b(?:pay|pays|paying|paid)\s+${W}{0,2}back\b`, 'g'),
  /\bmoney\s+back\b/g,
  new RegExp(String.raw`\b(?:return|give|send|get)\w*\s+${W}{0,3}money\b`, 'g'),
  new RegExp(String.raw`\brevers\w*\s+${W}{0,2}(?:charge|payment|transaction)s?\b`, 'g'),
  /\bcharge\s?backs?\b/g,
  /\breembols\w*/g,
  /\bressarc\w*/g,
  /\bresarc\w*/g,
  /\bestorn\w*/g,
  /\brestitu\w*/g,
  /\breintegr\w*/g,
  /\b(?:le|te|les|lhe)\s+abon\w*/g,
  /\babono\b/g,
  new RegExp(String.raw`\bdevolv\w*\s+${W}{0,3}${MONEY_NOUN}\b`, 'g'),
  new RegExp(String.raw`\bdevoluc\w*\s+(?:do|da|del|de)\s+${W}?${MONEY_NOUN}\b`, 'g'),
  /\b(?:dinheiro|dinero)\s+de\s+(?:volta|vuelta)\b/g,
];

const COMPENSATION_PATTERNS: readonly RegExp[] = [
  /\bcompensat\w*/g,
  /\bcompens(?:a|as|ar|amos|aremos|ara|aria|acao|acoes|acion|aciones|ado|ada|ados|adas)\b/g,
  /\bindeniz\w*/g,
  /\bindemni\w*/g,
  /\bstore\s+credit\b/g,
];

// A credit or voucher is a promise when given, or offered for the trouble. Not "credit card":
// while the text is still being written, a "credit" at its very end waits for the next word.
const CREDIT_WORDS = String.raw`\b(?:credits?|credito|voucher|vouchers|gift\s?cards?|gift\s?vouchers?|vale[\s-](?:presente|compras?)|cupom|cupons|cupon|cupones|coupons?|bono|bonos)\b(?!\s+(?:or\s+debit\s+)?cards?\b)`;
const CREDIT = new RegExp(CREDIT_WORDS, 'g');
const CREDIT_NOT_LAST = new RegExp(String.raw`${CREDIT_WORDS}(?=\s*\S)`, 'g');
const GIVING =
  /\b(?:give|giving|send|sending|issue|issuing|add|adding|offer|offering|grant|get|receive|dar|damos|daremos|dou|enviar|enviamos|enviaremos|mandar|mandamos|oferecer|oferecemos|ofrecer|ofrecemos|ganha|ganhe|ganhar|recebe|receber|recebera|recibir|recibe|recibiras)\b/;
const FOR_THE_TROUBLE =
  /\b(?:sorry|apolog\w*|inconvenience|trouble|make\s+(?:it\s+)?up|desculp\w*|transtorno|problema|disculp\w*|molestia\w*|inconvenient\w*|lo\s+siento|sinto\s+muito|lamento|lamentamos)\b/;
// Not a credit at all: a payment card.
const PAYMENT_CARD = /\b(?:credit(?:\s+or\s+debit)?\s+cards?|cartao\s+de\s+credito|cartoes\s+de\s+credito|tarjetas?\s+de\s+credito)\b/g;

/**
 * Promises of money back or compensation in `text`, with where they are in the folded text.
 * `complete: false` for an answer still being streamed (see CREDIT).
 */
export function findPromises(text: string, options: { complete?: boolean } = {}): FoundPromise[] {
  const folded = foldText(text.normalize('NFKC'));
  const found: FoundPromise[] = [];
  const collect = (patterns: readonly RegExp[], kind: PromiseKind, source: string) => {
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) found.push({ kind, start: match.index, end: match.index + match[0].length });
    }
  };
  collect(REFUND_PATTERNS, PromiseKind.Refund, folded);
  collect(COMPENSATION_PATTERNS, PromiseKind.Compensation, folded);
  // Same length, so positions still point into `folded`.
  const withoutCards = folded.replace(PAYMENT_CARD, (card) => ' '.repeat(card.length));
  if (GIVING.test(withoutCards) || FOR_THE_TROUBLE.test(withoutCards)) {
    collect([options.complete === false ? CREDIT_NOT_LAST : CREDIT], PromiseKind.Compensation, withoutCards);
  }
  return found;
}

/** `text` folded, with the words of its promises blanked out (for judging what else it is about). */
export function withoutPromiseWords(text: string): string {
  const folded = foldText(text.normalize('NFKC'));
  let result = '';
  let cursor = 0;
  for (const span of findPromises(text).sort((a, b) => a.start - b.start)) {
    if (span.start > cursor) result += `${folded.slice(cursor, span.start)} `;
    cursor = Math.max(cursor, span.end);
  }
  return result + folded.slice(cursor);
}
