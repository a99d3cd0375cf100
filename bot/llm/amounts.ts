import { foldText } from '../normalize';

/**
 * Amounts written in a text, whatever the notation: "€5", "5 EUR", "5,00 €", "EUR 349.99",
 * a bare "349,99", "three hundred euros", "trezentos e cinquenta reais", "cuarenta y nueve
 * euros", "60%", "sessenta por cento". The output guard compares them with the amounts of
 * the knowledge entries; both sides go through this one parser so notation never matters.
 */
export const AmountKind = {
  /** A price: a currency mark, a bare two-decimal number, or a number right after "costs". */
  Money: 'money',
  Percent: 'percent',
} as const;
export type AmountKind = (typeof AmountKind)[keyof typeof AmountKind];

export type Amount = {
  kind: AmountKind;
  /** Canonical number, see numberKey: "349.99", "1299.9", "5". */
  value: string;
  /** ISO-ish code, or '$' / 'PESO' when the mark does not say which; undefined when unmarked. */
  currency?: string;
};

/**
 * One key per written number whatever the separators: "19.90", "19,90" → "19.9";
 * "20", "20.00", "20," → "20"; "1.299,90", "1,299.90" → "1299.9". A last group of one or
 * two digits is decimals, of three digits a thousands group.
 */
export function numberKey(written: string): string {
  const trimmed = written.replace(/[.,]+$/, '');
  const last = Math.max(trimmed.lastIndexOf('.'), trimmed.lastIndexOf(','));
  const tail = last < 0 ? '' : trimmed.slice(last + 1);
  const decimal = last >= 0 && tail.length >= 1 && tail.length <= 2;
  const whole = (decimal ? trimmed.slice(0, last) : trimmed).replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  const fraction = decimal ? tail.replace(/0+$/, '') : '';
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

// Folded spellings. A currency mark can stand before or after the number.
const CURRENCY_CODES: Readonly<Record<string, string>> = {
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR',
  'r$': 'BRL', brl: 'BRL', real: 'BRL', reais: 'BRL',
  'us$': 'USD', 'u$s': 'USD', usd: 'USD', dollar: 'USD', dollars: 'USD', dolar: 'USD', dolares: 'USD',
  '$': '$',
  '£': 'GBP', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', libra: 'GBP', libras: 'GBP',
  '¥': 'JPY', jpy: 'JPY',
  mxn: 'MXN', ars: 'ARS', clp: 'CLP', cop: 'COP', peso: 'PESO', pesos: 'PESO',
};
// '$' and "pesos" name a family of currencies, not one.
const DOLLAR_SIGN_FAMILY: ReadonlySet<string> = new Set(['$', 'USD', 'MXN', 'ARS', 'CLP', 'COP', 'PESO']);
const PESO_FAMILY: ReadonlySet<string> = new Set(['PESO', '$', 'MXN', 'ARS', 'CLP', 'COP']);

/** Same currency, or one side too vague to tell ("$", "pesos", or no mark at all). */
export function sameCurrency(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === b) return true;
  if (a === '$' || b === '$') return DOLLAR_SIGN_FAMILY.has(a) && DOLLAR_SIGN_FAMILY.has(b);
  if (a === 'PESO' || b === 'PESO') return PESO_FAMILY.has(a) && PESO_FAMILY.has(b);
  return false;
}

const NUM = String.raw`\d+(?:[.,]\d+)*`;
const SYMBOL_BEFORE = String.raw`(?:r\$|us\$|u\$s|\$|€|£|¥)`;
const CODE = String.raw`(?:eur|usd|brl|gbp|jpy|mxn|ars|clp|cop)`;
const CURRENCY_WORD = String.raw`(?:euros?|reais|real|dollars?|dolares|dolar|pesos?|pounds?|libras?)`;
const CENTS = String.raw`(?:cents?|centavos?|centimos?)`;

const MONEY_BEFORE = new RegExp(String.raw`(${SYMBOL_BEFORE}|\b${CODE}\b)\s?(${NUM})`, 'g');
// "349 euros and 99 cents" / "349 euros e 99 centavos" is one amount.
const MONEY_AFTER = new RegExp(
  String.raw`(?<![\d.,])(${NUM})\s?(€|\$|£|¥|\b${CODE}\b|\b${CURRENCY_WORD}\b)(?:\s+(?:and|e|y|con|with)\s+(\d{1,2})\s+${CENTS}\b)?`,
  'g',
);
const PERCENT = new RegExp(String.raw`(?<![\d.,])(${NUM})\s?(?:%|\bper\s?cent\b|\bpercent\b|\bpct\b|\bpor\s?cento\b|\bpor\s?ciento\b)`, 'g');
const HALF_PRICE = /\b(?:half[- ]price|half off|(?:pela|a|la) metade do preco|metade do preco|pela metade|(?:a )?mitad de precio)\b/g;
// A bare "349.99" / "349,99": two decimals read as a price. Times ("9:00") use a colon.
const BARE_DECIMAL = /(?<![\d.,])(\d+(?:[.,]\d{3})*[.,]\d{2})(?![\d.,]*\d)/g;
// "costs 349", "custa 349", "el precio es de 349": a number right after a price word.
const PRICE_WORDS = String.raw`(?:costs?|price[ds]?|fee|charges?|charged|pay|paid|total|custa|custam|custo|preco|valor|pagar|paga|cobramos|cobra|tarifa|cuesta|cuestan|precio|importe|sai por|sale por)`;
const PRICE_FILLER = String.raw`(?:is|are|of|de|e|es|just|only|apenas|so|solo|about|around|cerca|por|for)`;
const UNIT_AFTER = String.raw`(?:%|x\b|k\b|\s*(?:days?|dias?|hours?|horas?|h\b|weeks?|semanas?|months?|meses|mes|years?|anos?|business|uteis|util|habiles|habil|minutes?|minutos?))`;
const PRICED_INTEGER = new RegExp(
  String.raw`\b${PRICE_WORDS}\s+(?:${PRICE_FILLER}\s+){0,2}(${NUM})(?![\d.,]|${UNIT_AFTER})`,
  'g',
);

/** Every amount in `text`, numbers written in words included. */
export function findAmounts(text: string): Amount[] {
  const folded = wordsToDigits(foldText(text.normalize('NFKC')));
  const found: Amount[] = [];
  const marked: Array<readonly [number, number]> = [];
  const add = (match: RegExpMatchArray, amount: Amount) => {
    found.push(amount);
    marked.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  };
  for (const match of folded.matchAll(MONEY_BEFORE)) {
    add(match, { kind: AmountKind.Money, value: numberKey(match[2] ?? ''), ...currencyOf(match[1]) });
  }
  for (const match of folded.matchAll(MONEY_AFTER)) {
    const cents = match[3] === undefined ? '' : `.${match[3].padStart(2, '0')}`;
    add(match, { kind: AmountKind.Money, value: numberKey(`${match[1] ?? ''}${cents}`), ...currencyOf(match[2]) });
  }
  for (const match of folded.matchAll(PERCENT)) add(match, { kind: AmountKind.Percent, value: numberKey(match[1] ?? '') });
  for (const match of folded.matchAll(HALF_PRICE)) add(match, { kind: AmountKind.Percent, value: '50' });
  // Unmarked readings only where no mark already said what the number is: the "6,90" of
  // "6,90 €" must stay in euros, or it would license "US$ 6.90".
  const unmarked = (match: RegExpMatchArray) => {
    const start = (match.index ?? 0) + match[0].length - (match[1] ?? '').length;
    return !marked.some(([from, to]) => start < to && start + (match[1] ?? '').length > from);
  };
  for (const match of folded.matchAll(BARE_DECIMAL)) {
    if (unmarked(match)) found.push({ kind: AmountKind.Money, value: numberKey(match[1] ?? '') });
  }
  for (const match of folded.matchAll(PRICED_INTEGER)) {
    if (unmarked(match)) found.push({ kind: AmountKind.Money, value: numberKey(match[1] ?? '') });
  }
  return found;
}

function currencyOf(mark: string | undefined): { currency?: string } {
  const code = mark === undefined ? undefined : CURRENCY_CODES[mark.toLowerCase()];
  return code === undefined ? {} : { currency: code };
}

/** A whitespace-separated token that may be part of an amount still being written ("three", "€", "49,", "and"). */
export function isAmountToken(token: string): boolean {
  const bare = foldText(token).replace(/^[([{"'«“]+|[)\]}"'»”.,;:!?]+$/g, '');
  if (bare === '') return false;
  if (/^(?:r\$|us\$|u\$s)?[\d.,$€£¥%-]+$/.test(bare)) return true;
  return bare.split('-').every((part) => NUMBER_WORDS.has(part) || AMOUNT_GLUE.has(part) || part in CURRENCY_CODES);
}

// Words that join or finish an amount ("three hundred and ...", "... por cento").
const AMOUNT_GLUE: ReadonlySet<string> = new Set([
  'and', 'e', 'y', 'con', 'per', 'cent', 'cents', 'percent', 'por', 'cento', 'ciento', 'centavos', 'centimos', 'pct',
  ...['eur', 'usd', 'brl', 'gbp', 'jpy', 'mxn', 'ars', 'clp', 'cop'],
]);

// ---------------------------------------------------------------------------------------
// Numbers in words, en / pt-BR / es, up to the millions.

type NumberWord =
  | { kind: 'unit' | 'teen' | 'tens' | 'hundreds'; value: number }
  /** "hundred" (en) multiplies what came before; "thousand"/"mil" and "million" close a group. */
  | { kind: 'multiplier'; value: number };

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
  cero: 0, uno: 1, un: 1, una: 1, dos: 2, cuatro: 4, siete: 7, ocho: 8, nueve: 9,
};
// Teens and the Spanish one-word 21–29: nothing can be added after them.
const TEENS: Readonly<Record<string, number>> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  dez: 10, onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezasseis: 16,
  dezessete: 17, dezassete: 17, dezoito: 18, dezenove: 19, dezanove: 19,
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
  veintiuno: 21, veintiun: 21, veintiuna: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25,
  veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, cincoenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, ochenta: 80,
};
const HUNDREDS: Readonly<Record<string, number>> = {
  cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400,
  quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600, setecentos: 700, setecentas: 700,
  oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
  cien: 100, ciento: 100, doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300,
  cuatrocientos: 400, cuatrocientas: 400, quinientos: 500, quinientas: 500, seiscientos: 600, seiscientas: 600,
  setecientos: 700, setecientas: 700, ochocientos: 800, ochocientas: 800, novecientos: 900, novecientas: 900,
};
const MULTIPLIERS: Readonly<Record<string, number>> = {
  hundred: 100, thousand: 1_000, mil: 1_000, million: 1_000_000, millions: 1_000_000,
  milhao: 1_000_000, milhoes: 1_000_000, millon: 1_000_000, millones: 1_000_000,
};

const wordsOf = (table: Readonly<Record<string, number>>, kind: NumberWord['kind']): Array<[string, NumberWord]> =>
  Object.entries(table).map(([word, value]) => [word, { kind, value }]);
const NUMBER_WORDS: ReadonlyMap<string, NumberWord> = new Map([
  ...wordsOf(UNITS, 'unit'),
  ...wordsOf(TEENS, 'teen'),
  ...wordsOf(TENS, 'tens'),
  ...wordsOf(HUNDREDS, 'hundreds'),
  ...wordsOf(MULTIPLIERS, 'multiplier'),
]);
const CONNECTORS: ReadonlySet<string> = new Set(['and', 'e', 'y']);

/** What a word adds to a number being read; null when it cannot continue it ("two three"). */
type Reading = { total: number; group: number; open: number; lastMultiplier: number };

function extend(reading: Reading, word: NumberWord): Reading | null {
  const { total, group, open, lastMultiplier } = reading;
  switch (word.kind) {
    case 'unit':
      return word.value < open ? { ...reading, group: group + word.value, open: 1 } : null;
    case 'teen':
      return open >= 100 ? { ...reading, group: group + word.value, open: 1 } : null;
    case 'tens':
      return open >= 100 ? { ...reading, group: group + word.value, open: 10 } : null;
    case 'hundreds':
      return open >= 1_000 ? { ...reading, group: group + word.value, open: 100 } : null;
    case 'multiplier': {
      if (word.value === 100) return group < 100 ? { ...reading, group: (group || 1) * 100, open: 100 } : null;
      if (word.value >= lastMultiplier) return null;
      return { total: total + (group || 1) * word.value, group: 0, open: word.value, lastMultiplier: word.value };
    }
    default: {
      const unreachable: never = word;
      throw new Error(`unknown number word ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Folded text with numbers in words replaced by digits: "trezentos e cinquenta reais" →
 * "350 reais", "forty-nine" → "49", "cuarenta y nueve" → "49". Place value decides what
 * belongs together, so "dois e três" stays two numbers.
 */
export function wordsToDigits(folded: string): string {
  const tokens = [...folded.matchAll(/[\p{L}]+|[^\p{L}]+/gu)].map((match) => match[0]);
  const out: string[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] ?? '';
    // "por cento" / "por ciento" is "percent", not "by a hundred".
    const percentWord = (token === 'cento' || token === 'ciento') && /\bpor\s+$/.test(out.slice(-2).join(''));
    const first = percentWord ? undefined : NUMBER_WORDS.get(token);
    if (first === undefined) {
      out.push(token);
      index += 1;
      continue;
    }
    const start = extend({ total: 0, group: 0, open: Number.POSITIVE_INFINITY, lastMultiplier: Number.POSITIVE_INFINITY }, first);
    if (start === null) throw new Error(`number word ${token} cannot start a number`);
    let reading: Reading = start;
    let end = index + 1;
    // Continue over "-", " ", " and ", " e ", " y " while the next word fits the place value.
    for (;;) {
      const gap = tokens[end];
      if (gap === undefined || !/^[\s-]+$/.test(gap)) break;
      let next = end + 1;
      const maybeConnector = tokens[next] ?? '';
      if (CONNECTORS.has(maybeConnector)) {
        const afterGap = tokens[next + 1];
        if (afterGap === undefined || !/^\s+$/.test(afterGap)) break;
        // English joins with "and" only after hundreds or thousands ("three hundred and five").
        if (maybeConnector === 'and' && reading.open < 100) break;
        next += 2;
      }
      const word = NUMBER_WORDS.get(tokens[next] ?? '');
      const extended: Reading | null = word === undefined ? null : extend(reading, word);
      if (extended === null) break;
      reading = extended;
      end = next + 1;
    }
    out.push(String(reading.total + reading.group));
    index = end;
  }
  return out.join('');
}
