import { EMAIL, extractFacts } from './facts';
import { tokenize } from './normalize';

/**
 * The part of a visitor's message that is the question. Visitors write "Hi, I'm Mark Evans, my
 * order LC-55123 hasn't arrived": the name, the order number and an e-mail are facts for the
 * agent (the facts extractor reads the whole message), but to the matcher they are unknown
 * words, and an unknown word weighs most there. They are taken out before matching only.
 */
const NOISE: readonly RegExp[] = [
  // E-mail addresses (as the facts extractor reads them) and links.
  EMAIL,
  /\bhttps?:\/\/\S+/giu,
  // "My name is Ana Souza", "meu nome é…", "me chamo…", "me llamo…", "mi nombre es…": the name
  // (up to three capitalised words) goes, the rest of the sentence stays.
  /\b(?:my name is|my name's|this is|meu nome (?:é|e)|me chamo|aqui (?:é|e) (?:o|a)|me llamo|mi nombre es|soy)\s+(?:\p{Lu}[\p{L}'-]*\s*){1,3}/gu,
  // Order, patient and reference numbers: anything with a run of three or more digits, with
  // the letters, "#" and dashes stuck to it (LC-55123, #4471, 88123, A-2024-117).
  /[#№]?\b[\p{L}]{0,4}[-/]?\d{3,}[\p{L}\d/-]*/gu,
];

export function questionPart(text: string): string {
  let question = text;
  for (const pattern of NOISE) question = question.replace(pattern, ' ');
  return question;
}

/**
 * The message whole, then each of its sentences when it has several: a long message around one
 * question ("Hi, I'm Ana. I ordered on Monday. Where is it now?") is matched on the sentence
 * that asks, because the matcher scores how much of its text an entry explains.
 */
const MAX_SENTENCES = 6;

export function questionCandidates(text: string): string[] {
  // One space for any run of spaces first: the split below would retry a long run at each of them.
  const whole = questionPart(text).replace(/[^\S\n]+/gu, ' ');
  const sentences = whole
    .split(/(?<=[.!?¿¡;\n])\s+|[\n]+|,?\s+(?:and|also|e|y|tambem|también)\s+(?=(?:how|what|when|where|which|do|does|can|could|is|are|will|quanto|quanta|quantos|qual|quais|quando|onde|como|cuanto|cuánto|cuanta|cuánta|cuantos|cuántos|cual|cuál|cuando|cuándo|donde|dónde|como|cómo|vocês|voces|tem|tienen|hay|pode|puedo|posso)\b)/iu)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}]{3}/u.test(sentence));
  // Bounded: a 4000-character message must not cost a hundred matches.
  return sentences.length > 1 ? [whole, ...sentences.slice(0, MAX_SENTENCES)] : [whole];
}

// What visitors write around details they give: "my e-mail is", "meu telefone é", "mi pedido es".
const DETAIL_WORDS = new Set([
  'email', 'mail', 'e', 'phone', 'number', 'mobile', 'cell', 'name', 'order', 'nr', 'no', 'ref', 'reference', 'it', 's', 'is', 'my', 'its', 'and', 'the', 'sorry', 'correction', 'here', 'i', 'm', 'am', 'call', 'me', 'on', 'at', 'this',
  'meu', 'minha', 'nome', 'telefone', 'celular', 'fone', 'whats', 'whatsapp', 'zap', 'numero', 'pedido', 'encomenda', 'o', 'a', 'do', 'da', 'de', 'desculpa', 'ops', 'aqui', 'sou', 'eu', 'chamo', 'n',
  'mi', 'correo', 'telefono', 'movil', 'nombre', 'orden', 'es', 'el', 'la', 'del', 'perdon', 'soy', 'llamo', 'y',
]);

/**
 * Whether a message only gives details (a name, an e-mail, a phone or an order number) and
 * asks nothing: "my email is ana@example.com", "pedido 88123", "soy Lucía, 612 345 678".
 */
export function onlyGivesDetails(text: string): boolean {
  if (Object.keys(extractFacts([text])).length === 0) return false;
  const rest = questionPart(text).replace(/\+?\d[\d\s().-]{6,}\d/g, ' ');
  if (/\?/.test(rest)) return false;
  return tokenize(rest).every((word) => DETAIL_WORDS.has(word));
}
