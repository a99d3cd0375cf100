/**
 * The part of a visitor's message that is the question. Visitors write "Hi, I'm Mark Evans, my
 * order LC-55123 hasn't arrived": the name, the order number and an e-mail are facts for the
 * agent (the facts extractor reads the whole message), but to the matcher they are unknown
 * words, and an unknown word weighs most there. They are taken out before matching only.
 */
const NOISE: readonly RegExp[] = [
  // E-mail addresses and links.
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu,
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
  const whole = questionPart(text);
  const sentences = whole
    .split(/(?<=[.!?¿¡;\n])\s+|[\n]+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}]{3}/u.test(sentence));
  // Bounded: a 4000-character message must not cost a hundred matches.
  return sentences.length > 1 ? [whole, ...sentences.slice(0, MAX_SENTENCES)] : [whole];
}
