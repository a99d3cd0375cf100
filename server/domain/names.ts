/**
 * Names people read — a site's, a team's, an agent's — are one line of visible text: no control
 * characters, no line or paragraph separators, and none of the invisible direction overrides and
 * isolates that would make "evil" read as "live" beside a badge. One rule for every name.
 */
const HIDDEN_OR_BREAKING = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const NAME_RULE_MESSAGE = 'Use letters, digits, spaces and punctuation on one line (no control characters or direction marks).';

export function isPlainName(text: string): boolean {
  return !HIDDEN_OR_BREAKING.test(text);
}
