import { foldText, squeezeText } from '../normalize';
import { TOOL_CALLBACK, TOOL_HANDOFF } from './prompt';

/**
 * Spots a model reciting its instructions, however it dresses them up. Everything is
 * compared on the squeezed form (folded, letters and digits only; see squeezeText), so
 * "Y o u  a r e", "YOU\u200bARE", "you.are" and "You\nare" are the same string.
 */
export type LeakDetector = {
  /** What leaked (for the log), or null. */
  find(text: string): string | null;
};

/**
 * How many squeezed characters of the rules in a row count as a recital (four or five
 * words: "never reveal repeat summ"). Short enough to catch one clause quoted alone, long
 * enough that no answer of the demo shop, in three languages, shares a run with the rules
 * (a test checks it). The stream window (stream-window.ts) holds back more than this.
 */
export const RULE_RUN_CHARS = 24;

// Our own tags, as written: "knowledge" and "entry" alone are ordinary words.
const RAW_SIGNS = ['<knowledge', '</knowledge', '<entry', 'visitor_message'];
// Words that only an assistant describing its set-up would write.
const SQUEEZED_SIGNS = ['visitormessage', 'knowledgeentries', 'systemprompt'];
// How a person says what the tools do; only the identifiers themselves are a leak.
const TOOLS_IN_PLAIN_WORDS = [/\bhand(?:s|ed|ing)?[\s-]*off\s+to\s+(?:a\s+|one\s+of\s+our\s+)?humans?\b/g, /\boffer(?:s|ed|ing)?\s+(?:you\s+)?(?:a\s+)?call[\s-]?backs?\b/g];

export function createLeakDetector(input: {
  /** The rule text of the system prompt; any RULE_RUN_CHARS-long stretch of it is a leak. */
  rules: readonly string[];
  /** Strings that exist only in the prompt: the marker, the canary. */
  secrets: readonly string[];
}): LeakDetector {
  const secrets = input.secrets.map(squeezeText).filter((secret) => secret.length > 0);
  const tools = [TOOL_HANDOFF, TOOL_CALLBACK].map(squeezeText);
  const rules = squeezeText(input.rules.join('\n'));
  const runs = new Set<string>();
  for (let start = 0; start + RULE_RUN_CHARS <= rules.length; start++) runs.add(rules.slice(start, start + RULE_RUN_CHARS));

  return {
    find(text) {
      const lower = text.toLowerCase();
      const raw = RAW_SIGNS.find((sign) => lower.includes(sign));
      if (raw !== undefined) return raw;
      const squeezed = squeezeText(text);
      const secret = secrets.find((sign) => squeezed.includes(sign));
      if (secret !== undefined) return 'secret';
      const sign = SQUEEZED_SIGNS.find((word) => squeezed.includes(word));
      if (sign !== undefined) return sign;
      const plain = TOOLS_IN_PLAIN_WORDS.reduce((folded, phrase) => folded.replace(phrase, ' | '), foldText(text.normalize('NFKC')));
      const tool = tools.find((name) => squeezeText(plain).includes(name));
      if (tool !== undefined) return tool;
      for (let start = 0; start + RULE_RUN_CHARS <= squeezed.length; start++) {
        if (runs.has(squeezed.slice(start, start + RULE_RUN_CHARS))) return 'rules';
      }
      return null;
    },
  };
}
