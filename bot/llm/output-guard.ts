import { foldText } from '../normalize';
import { PROMPT_MARKER, TOOL_CALLBACK, TOOL_HANDOFF } from './prompt';

/**
 * Checks on what the model wrote, in code, because a prompt is a request, not a guarantee.
 * Deliberately simple and strict: a false alarm costs a scripted answer instead of a
 * phrased one; a miss costs a promise the shop never made.
 */
export const OutputProblem = {
  /** It recites its instructions (marker, tags or tool names). */
  Leak: 'leak',
  /** A price or percentage the knowledge entries do not contain. */
  UnsupportedAmount: 'unsupported_amount',
  /** Talks about refunds when no entry does. */
  UnsupportedRefund: 'unsupported_refund',
} as const;
export type OutputProblem = (typeof OutputProblem)[keyof typeof OutputProblem];

const LEAK_SIGNS = [PROMPT_MARKER, TOOL_HANDOFF, TOOL_CALLBACK, '<knowledge', '</knowledge', 'visitor_message', '<entry'].map(
  (sign) => sign.toLowerCase(),
);

// "$19.90", "R$ 25", "€5", "US$ 10"; "25 reais", "10 USD"; "15%", "15 por cento".
const CURRENCY_BEFORE = /(?:R\$|US\$|\$|€|£|¥)\s?(\d[\d.,]*)/g;
const CURRENCY_AFTER =
  /(\d[\d.,]*)\s?(?:%|€|usd|eur|brl|gbp|mxn|ars|reais|real|d[oó]lares|dollars?|euros?|pesos?|por ?cento|percent|pct)(?![\p{L}])/giu;
const NUMBER = /\d[\d.,]*/g;
// Folded (accent-free) words about giving money back.
const REFUND = /\b(refund\w*|reembols\w*|estorn\w*|devolucion del dinero|devolucao do dinheiro|money back)\b/;

/** The first problem in `output` given the knowledge text it had to stay within, or null. */
export function findOutputProblem(output: string, knowledgeText: string): OutputProblem | null {
  const lower = output.toLowerCase();
  if (LEAK_SIGNS.some((sign) => lower.includes(sign))) return OutputProblem.Leak;

  const known = new Set([...knowledgeText.matchAll(NUMBER)].map((match) => numberKey(match[0])));
  for (const pattern of [CURRENCY_BEFORE, CURRENCY_AFTER]) {
    for (const match of output.matchAll(pattern)) {
      if (!known.has(numberKey(match[1] ?? ''))) return OutputProblem.UnsupportedAmount;
    }
  }
  if (REFUND.test(foldText(output)) && !REFUND.test(foldText(knowledgeText))) return OutputProblem.UnsupportedRefund;
  return null;
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
