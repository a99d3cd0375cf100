import { foldText, isStopWord } from './normalize';
import type { VisitorFacts } from './types';

/**
 * What visitors say about themselves in chat — name, e-mail, phone, order number — in English,
 * Brazilian Portuguese and Spanish, for the agent (the handoff summary, the contact). The server
 * runs this on every visitor message, so it is pure and cheap: the e-mail and phone patterns
 * start only where a run of their characters starts (a lookbehind), so a 4000-character line of
 * digits or letters costs one pass, not one per position; the others are anchored on a word
 * ("order", "pedido", "my name is") and measured at under a millisecond on such lines.
 *
 * It prefers missing a fact to inventing one: an agent greeting "Lisbon" or calling a date is
 * worse than asking. Numbers that are something else (dates, prices, ID numbers, "2 lamps") are
 * taken out before phones and order numbers are looked for.
 */

/**
 * Name, e-mail, phone and order number as the visitor gave them. When one is given twice the
 * later mention wins: visitors correct themselves ("sorry, it's ana@…", "my name is actually Marc").
 */
export function extractFacts(visitorLines: readonly string[]): VisitorFacts {
  const facts: VisitorFacts = {};
  for (const line of visitorLines) Object.assign(facts, factsIn(line));
  return facts;
}

/** A line without its e-mail addresses and phone numbers (what is left may still be a question). */
export function withoutContactDetails(line: string): string {
  return line.replace(EMAIL, ' ').replace(PHONE, ' ');
}

function factsIn(line: string): VisitorFacts {
  const facts: VisitorFacts = {};
  let rest = line;
  if (rest.includes('@')) {
    const email = lastMatch(rest, EMAIL);
    if (email !== undefined) facts.email = email[0];
    rest = rest.replace(EMAIL, ' ');
  }
  if (/\d/.test(rest)) {
    rest = rest.replace(MONEY, ' ').replace(ID_NUMBER, ' ').replace(DATE, (date: string, a: string, b: string, c: string) => (isDate(a, b, c) ? ' ' : date));
    const order = orderIn(rest);
    if (order !== undefined) facts.orderNumber = order;
    rest = rest.replace(ORDER, ' ').replace(BARE_ORDER, ' ');
    const phone = phoneIn(rest);
    if (phone !== undefined) facts.phone = phone;
  }
  const name = nameIn(rest);
  if (name !== undefined) facts.name = name;
  return facts;
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(pattern)) last = match;
  return last;
}

// ---------------------------------------------------------------- e-mail

/** An e-mail address, starting where a word starts (so a long run of letters is not retried at every one). */
export const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// ---------------------------------------------------------------- numbers that are not facts

/** €49.90, R$ 1.299,90, 49,90 €, 12 euros, $5. */
const MONEY =
  /(?:(?:R\$|US\$|[€$£])\s?\p{N}[\p{N}.,]*|(?<![\p{N}.,])\p{N}[\p{N}.,]*\s?(?:€|£|(?:eur|euros?|usd|brl|reais|real|d[oó]lares|dollars?|pesos?)\b))/giu;
/** Tax, ID and postal numbers ("meu CPF é 123.456.789-09", "NIF 123 456 789", "CEP 01310-100"): not phones. */
const ID_NUMBER =
  /\b(?:cpf|cnpj|nif|nie|dni|rg|iban|passport|passaporte|pasaporte|cep|zip(?: code)?|post ?code|postal code|c[óo]digo postal)\b[\s:#º°.-]*(?:(?:[ée]|es|is|n[º°o])\s+)?[\p{L}\p{N}][\p{L}\p{N}./-]*(?:\s\p{N}[\p{L}\p{N}./-]*)*/giu;
/** 12/05/2024, 2024-11-25, 25.12.24 (checked by `isDate`: "912-34-56" is no date). */
const DATE = /(?<![\p{N}./-])(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?![\p{N}]|[./-]\d)/gu;

function isDate(a: string, b: string, c: string): boolean {
  const [first, second, third] = [Number(a), Number(b), Number(c)];
  if (a.length === 4) return second >= 1 && second <= 12 && third >= 1 && third <= 31 && c.length <= 2;
  if (c.length !== 2 && c.length !== 4) return false;
  // Day and month in either order (12/05 in Europe and Brazil, 05/12 in the US).
  const dayMonth = first >= 1 && first <= 31 && second >= 1 && second <= 12;
  const monthDay = first >= 1 && first <= 12 && second >= 1 && second <= 31;
  return dayMonth || monthDay;
}

// ---------------------------------------------------------------- order numbers

// "order 1042", "my order number is #1042", "Order no. 58213", "pedido #A-2024-117", "encomenda nº 5521",
// "número de pedido 9981", "mi orden es la 1042", "ref. LC-55123". After a word that says "order", a
// number needs four digits, or letters before its digits (LC-553): "order 300" is a quantity.
const ORDER_WORD = String.raw`\b(?:order|pedido|encomenda|orden|compra|ref(?:erence|er[eê]ncia|erencia)?)\b`;
const ORDER_MARK = String.raw`(?:\s*(?:(?:number|num|no|nr|n[úu]mero|id|code|c[óo]digo|is|was|é|e|es|era|el|la|o|the)(?!\p{L})|n\.?\s?[º°]|[:.#-]))*`;
const ORDER_ID = String.raw`#?\s*((?:\p{L}{1,4}-?\d{3,}|\d{4,})[\p{L}\d]*(?:[-/][\p{L}\d]+)*)`;
const ORDER = new RegExp(`${ORDER_WORD}${ORDER_MARK}\\s*${ORDER_ID}(?![\\p{L}\\p{N}])`, 'giu');
/** Without a word before it: "#4471", "#A-1042", or letters, a dash and digits ("LC-55123"). */
const BARE_ORDER = /(?<![\p{L}\p{N}&#])(?:#\s?((?:\p{L}{1,4}-?)?\d{3,}(?:-[\p{L}\d]+)*)|(\p{Lu}{1,4}-\d{4,}(?:-[\p{L}\d]+)*))(?![\p{L}\p{N}])/gu;
/** "order 1000 lamps": a quantity, not an order number. */
const QUANTITY_AFTER =
  /^\s*(?:x\b|lamps?|lights?|units?|pieces?|pcs|items?|boxes|bulbs?|l[âa]mpadas?|lumin[áa]rias?|unidades?|pe[çc]as?|itens|caixas?|l[áa]mparas?|piezas?|art[íi]culos?|cajas?|bombillas?)/iu;

function orderIn(text: string): string | undefined {
  let found: { at: number; id: string } | undefined;
  for (const match of text.matchAll(ORDER)) {
    const id = match[1];
    const end = (match.index ?? 0) + match[0].length;
    if (id !== undefined && !QUANTITY_AFTER.test(text.slice(end, end + 20))) found = { at: match.index ?? 0, id };
  }
  for (const match of text.matchAll(BARE_ORDER)) {
    const id = match[1] ?? match[2];
    if (id !== undefined && /\d{4,}|\p{L}/u.test(id) && (found === undefined || (match.index ?? 0) > found.at)) found = { at: match.index ?? 0, id };
  }
  return found?.id;
}

// ---------------------------------------------------------------- phones

// +351 912 345 678, (11) 98765-4321, +34 612 34 56 78, 11 98765 4321, 0034 612…: 8 to 15 digits
// (E.164's longest), not part of a word ("LX123456789PT" is a parcel).
const PHONE = /(?<![\p{L}\p{N}+(])(?:\(?\+|\(|00)?\d[\d\s().-]{6,}\d(?![\p{L}\p{N}])/gu;

function phoneIn(text: string): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(PHONE)) {
    const candidate = match[0].trim();
    const digits = candidate.replace(/\D/g, '').length;
    if (digits < 8 || digits > 15) continue;
    // "2019 2020 2021" are years.
    if (/^(?:(?:19|20)\d\d\s+)+(?:19|20)\d\d$/.test(candidate)) continue;
    found = candidate;
  }
  return found;
}

// ---------------------------------------------------------------- names

/** Leads after which the name may be written in lower case: nobody says "my name is" about anything else. */
const NAMED_LEAD =
  /(?:^|[^\p{L}])(?:my name is|my name's|my name:|name:|(?:o )?meu nome [ée]|me chamo|chamo-me|me llamo|mi nombre es)\s+(?:(?:actually|really|na verdade|en realidad|de hecho)\s+)?/giu;
/**
 * Leads that also start other sentences ("I'm waiting", "this is urgent", "sou cliente", "soy de
 * Madrid"): only a capitalised word that is not a known non-name counts.
 */
const CAPITAL_LEAD =
  /(?:^|[^\p{L}'’])(?:i['’]?m|i am|this is|aqui [ée](?: (?:o|a))?|(?:eu )?sou(?: (?:o|a))?|soy)\s+(?:(?:actually|really)\s+)?/giu;
const WORD = /[\p{L}][\p{L}'’-]*/uy;
const GAP = /[ \t]+/y;
/** Between first name and surname: "Ana da Silva", "José de la Cruz", "Ludwig van Beethoven". */
const PARTICLES: ReadonlySet<string> = new Set(['da', 'de', 'do', 'das', 'dos', 'del', 'la', 'las', 'los', 'di', 'du', 'van', 'von', 'der', 'den', 'le']);
const MAX_NAME_WORDS = 4;

// Words that follow "I'm", "this is", "sou", "soy", "my name is" without being a name (folded).
const NOT_NAMES: ReadonlySet<string> = new Set(
  [
    // en
    'a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'it', 'its', 'this', 'that', 'what', 'not', 'no', 'so',
    'very', 'really', 'just', 'still', 'also', 'here', 'there', 'from', 'in', 'on', 'at', 'with', 'about', 'for', 'and',
    'or', 'but', 'is', 'was', 'sorry', 'looking', 'trying', 'waiting', 'having', 'going', 'calling', 'writing', 'asking',
    'wondering', 'interested', 'good', 'fine', 'ok', 'okay', 'happy', 'unhappy', 'angry', 'upset', 'confused', 'sure',
    'glad', 'done', 'back', 'new', 'important', 'urgent', 'ridiculous', 'unacceptable', 'terrible', 'awful', 'great',
    'disappointed', 'frustrated', 'tired', 'ready', 'able', 'unable', 'afraid', 'thanks', 'thank', 'hello', 'hi',
    'customer', 'client', 'buying', 'ordering', 'concerned', 'annoyed', 'pleased',
    'brazilian', 'portuguese', 'spanish', 'english', 'american', 'british', 'mexican', 'argentinian',
    // pt-BR
    'o', 'os', 'as', 'um', 'uma', 'eu', 'e', 'de', 'do', 'da', 'em', 'no', 'na', 'nao', 'muito', 'cliente', 'novo', 'nova',
    'brasileiro', 'brasileira', 'portugues', 'portuguesa', 'espanhol', 'espanhola', 'daqui', 'aqui', 'obrigado',
    'obrigada', 'ola', 'oi', 'bom', 'boa', 'sua', 'seu', 'tua', 'teu', 'esse', 'essa', 'isso', 'pedido',
    // es
    'el', 'la', 'los', 'las', 'un', 'una', 'y', 'del', 'en', 'muy', 'nuevo', 'nueva', 'espanol', 'espanola', 'mexicano',
    'mexicana', 'argentino', 'argentina', 'colombiano', 'colombiana', 'hola', 'gracias', 'tu', 'su', 'yo', 'clienta', 'usuario', 'usuaria', 'socio', 'socia', 'nada',
  ],
);

function nameIn(text: string): string | undefined {
  let found: { at: number; name: string } | undefined;
  for (const [lead, lowerCaseAllowed] of [
    [NAMED_LEAD, true],
    [CAPITAL_LEAD, false],
  ] as const) {
    for (const match of text.matchAll(lead)) {
      const at = (match.index ?? 0) + match[0].length;
      const name = nameAt(text, at, lowerCaseAllowed);
      if (name !== undefined && (found === undefined || at > found.at)) found = { at, name };
    }
  }
  return found?.name;
}

/** The name that starts at `at`: a first name, then capitalised words (with particles between), up to four. */
function nameAt(text: string, at: number, lowerCaseAllowed: boolean): string | undefined {
  const words: string[] = [];
  let position = at;
  let pendingParticles: string[] = [];
  while (words.length + pendingParticles.length < MAX_NAME_WORDS) {
    WORD.lastIndex = position;
    const word = WORD.exec(text)?.[0];
    if (word === undefined) break;
    const folded = foldText(word);
    const capitalised = /^\p{Lu}/u.test(word);
    if (words.length === 0) {
      if (!isFirstName(word, folded, capitalised, lowerCaseAllowed)) return undefined;
      words.push(word);
    } else if (PARTICLES.has(folded) && !capitalised) {
      pendingParticles.push(word);
    } else if (capitalised && !NOT_NAMES.has(folded) && !isPossessive(word)) {
      words.push(...pendingParticles, word);
      pendingParticles = [];
    } else {
      break;
    }
    position += word.length;
    GAP.lastIndex = position;
    const gap = GAP.exec(text);
    if (gap === null) break;
    position += gap[0].length;
  }
  if (words.length === 0) return undefined;
  // Written in lower case after "my name is": shown as a name.
  return words.map(capitalise).join(' ');
}

function isFirstName(word: string, folded: string, capitalised: boolean, lowerCaseAllowed: boolean): boolean {
  if (word.length < 2 || NOT_NAMES.has(folded) || isPossessive(word) || !/\p{L}$/u.test(word)) return false;
  if (capitalised) return true;
  return lowerCaseAllowed && !isStopWord(folded);
}

/** "I'm Ana's mother": Ana is someone else. */
function isPossessive(word: string): boolean {
  return /['’]s$/iu.test(word);
}

function capitalise(word: string): string {
  return PARTICLES.has(word) ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
