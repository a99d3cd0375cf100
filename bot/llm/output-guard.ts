import { foldText } from '../normalize';
import { PROMPT_MARKER, RULES, TOOL_CALLBACK, TOOL_HANDOFF } from './prompt';

/**
 * Checks on what the model wrote, in code, because a prompt is a request, not a guarantee.
 * Deliberately simple and strict: a false alarm costs a scripted answer instead of a
 * phrased one; a miss costs a promise the shop never made.
 */
export const OutputProblem = {
  /** It recites its instructions (marker, tags, tool names or rule text, however spaced). */
  Leak: 'leak',
  /** A price or percentage the knowledge entries do not contain (as a price, or as a percentage). */
  UnsupportedAmount: 'unsupported_amount',
  /** Promises money back or compensation when the entry the answer rests on does not. */
  UnsupportedRefund: 'unsupported_refund',
} as const;
export type OutputProblem = (typeof OutputProblem)[keyof typeof OutputProblem];

/** What the answer may rest on: every entry given for this turn, and the best match among them. */
export type Grounding = {
  /** All retrieved entries' answers (amounts must be among these). */
  knowledgeText: string;
  /** The top entry's answers: a refund or compensation promise must be stated here. */
  primaryText: string;
};

/**
 * Letters and digits only, folded: "Y o u  a r e", "y.o.u-a\u200Bre" and "YOU ARE" all become
 * "youare", so a recital cannot hide behind spacing, punctuation, zero-width characters or case.
 */
export function squeeze(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A run of this many squeezed characters of the rules in an answer is a recital. */
const RULE_RUN = 24;

const RULE_SOURCE = [...RULES, 'You are the chat assistant on the website of', 'You talk with visitors in a live chat.'];
let ruleRuns: Set<string> | undefined;

function recitesRules(squeezed: string): boolean {
  if (ruleRuns === undefined) {
    ruleRuns = new Set();
    for (const line of RULE_SOURCE) {
      const rule = squeeze(line);
      for (let i = 0; i + RULE_RUN <= rule.length; i += 1) ruleRuns.add(rule.slice(i, i + RULE_RUN));
    }
  }
  for (let i = 0; i + RULE_RUN <= squeezed.length; i += 1) if (ruleRuns.has(squeezed.slice(i, i + RULE_RUN))) return true;
  return false;
}

const LEAK_SIGNS = [PROMPT_MARKER, TOOL_HANDOFF, TOOL_CALLBACK, 'visitor_message'].map(squeeze);
const LEAK_TAGS = ['<knowledge', '</knowledge', '<entry', '<visitor'];

const CURRENCY = String.raw`(?:R\$|US\$|\$|€|£|¥|eur|usd|brl|gbp|mxn|ars)`;
const CURRENCY_WORD = String.raw`(?:reais|real|d[oó]lares|d[oó]lar|dollars?|euros?|pesos?|pounds?|libras?)`;
const PERCENT_WORD = String.raw`(?:%|por ?cento|por ?ciento|percent|per ?cent|pct)`;
// "€5", "EUR 349.99", "R$ 25"; "25 reais", "10 USD"; a bare decimal "349.99" reads as a price too.
const AMOUNT_BEFORE = new RegExp(String.raw`${CURRENCY}\s?(\d[\d.,]*)`, 'giu');
const AMOUNT_AFTER = new RegExp(String.raw`(\d[\d.,]*)\s?(?:${CURRENCY}|${CURRENCY_WORD})(?![\p{L}])`, 'giu');
const BARE_DECIMAL = /(?<![\d.,])(\d+[.,]\d{2})(?![\d])/g;
const PERCENT = new RegExp(String.raw`(\d[\d.,]*)\s?${PERCENT_WORD}`, 'giu');
const NUMBER = /\d[\d.,]*/g;

// Folded stems of giving money back or making up for something, in English, Portuguese and Spanish.
const MONEY_BACK = new RegExp(
  [
    String.raw`\brefund`,
    String.raw`\breimburs`,
    String.raw`\bpay(?:ing)? (?:you )?back\b`,
    String.raw`\bmoney back\b`,
    String.raw`\bcompensat`,
    String.raw`\bstore credit\b`,
    String.raw`\bvoucher`,
    String.raw`\breembols`,
    String.raw`\bressarc`,
    String.raw`\bestorn`,
    String.raw`\bindeniz`,
    String.raw`\bindemniz`,
    String.raw`\bcompensa(?:cao|cion|r|mos|remos)\b`,
    String.raw`\bdevolv\w* (?:\w+ ){0,2}dinheiro\b`,
    String.raw`\bdevolv\w* (?:\w+ ){0,2}dinero\b`,
    String.raw`\bdevolucion del dinero\b`,
    String.raw`\bdevolucao do dinheiro\b`,
    String.raw`\bcupom\b`,
    String.raw`\bcupon\b`,
  ].join('|'),
);

/** The first problem in `output` given what it had to stay within, or null. */
export function findOutputProblem(output: string, grounding: Grounding | string): OutputProblem | null {
  const { knowledgeText, primaryText } = typeof grounding === 'string' ? { knowledgeText: grounding, primaryText: grounding } : grounding;
  const lower = output.toLowerCase();
  const squeezed = squeeze(output);
  if (LEAK_TAGS.some((tag) => lower.includes(tag)) || LEAK_SIGNS.some((sign) => squeezed.includes(sign)) || recitesRules(squeezed)) {
    return OutputProblem.Leak;
  }

  // A price must be a number the entries write (as digits or in words); a percentage must be one
  // they write *as a percentage*: "60% off" is not licensed by "60 days" in another entry.
  const known = new Set([...[...knowledgeText.matchAll(NUMBER)].map((match) => numberKey(match[0])), ...wordAmountsIn(knowledgeText)]);
  for (const amount of [...amountsIn(output, [AMOUNT_BEFORE, AMOUNT_AFTER, BARE_DECIMAL]), ...wordAmountsIn(output)]) {
    if (!known.has(amount)) return OutputProblem.UnsupportedAmount;
  }
  const percents = new Set([...amountsIn(knowledgeText, [PERCENT]), ...wordAmountsIn(knowledgeText, true)]);
  for (const percent of [...amountsIn(output, [PERCENT]), ...wordAmountsIn(output, true)]) {
    if (!percents.has(percent)) return OutputProblem.UnsupportedAmount;
  }
  if (MONEY_BACK.test(foldText(output)) && !MONEY_BACK.test(foldText(primaryText))) return OutputProblem.UnsupportedRefund;
  return null;
}

function amountsIn(text: string, patterns: readonly RegExp[]): string[] {
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => numberKey(match[1] ?? '')).filter((key) => key !== ''));
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
  onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezesseis: 16, dezessete: 17, dezoito: 18, dezenove: 19,
  vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
  cem: 100, cento: 100, duzentos: 200, trezentos: 300, quatrocentos: 400, quinhentos: 500, seiscentos: 600,
  setecentos: 700, oitocentos: 800, novecentos: 900,
  uno: 1, un: 1, dos: 2, cuatro: 4, siete: 7, ocho: 8, nueve: 9, diez: 10, doce: 12, trece: 13, catorce: 14,
  dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19, veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50,
  sesenta: 60, ochenta: 80, cien: 100, ciento: 100, doscientos: 200, trescientos: 300, cuatrocientos: 400,
  quinientos: 500, seiscientos: 600, setecientos: 700, ochocientos: 800, novecientos: 900,
};
const JOINERS = new Set(['and', 'e', 'y', 'a']);

/**
 * Amounts written in words before a currency (or percentage) word: "three hundred euros",
 * "trezentos e cinquenta reais", "cuarenta y nueve pesos", "sixty percent". Returned as number keys.
 */
function wordAmountsIn(text: string, percent = false): string[] {
  const folded = foldText(text).replace(/-/g, ' ');
  const unit = percent ? String.raw`(?:percent|per cent|por cento|por ciento)` : CURRENCY_WORD.replace('[oó]', 'o').replace('[oó]', 'o');
  const found: string[] = [];
  for (const match of folded.matchAll(new RegExp(String.raw`((?:\p{L}+ ){1,8})${unit}\b`, 'gu'))) {
    const words = (match[1] ?? '').trim().split(' ');
    let total = 0;
    let current = 0;
    let seen = false;
    // Read backwards from the unit word while the words are number words.
    const run: string[] = [];
    for (let i = words.length - 1; i >= 0; i -= 1) {
      const word = words[i] ?? '';
      if (UNITS[word] === undefined && !JOINERS.has(word) && !['hundred', 'thousand', 'mil', 'veintiuno'].includes(word)) break;
      run.unshift(word);
    }
    for (const word of run) {
      const value = UNITS[word];
      if (value !== undefined) {
        current += value;
        seen = true;
      } else if (word === 'hundred') current = (current || 1) * 100;
      else if (word === 'thousand' || word === 'mil') {
        total += (current || 1) * 1000;
        current = 0;
        seen = true;
      }
    }
    if (seen) found.push(String(total + current));
  }
  return found;
}

/**
 * One key per written amount whatever the separators: "19.90", "19,90" → "1990";
 * "20", "20.00", "20," → "20"; "1.299,90", "1,299.90" → "129990".
 */
export function numberKey(written: string): string {
  return written
    .replace(/[.,]+$/, '')
    .replace(/[.,]0{1,2}$/, '')
    .replace(/\D/g, '');
}
