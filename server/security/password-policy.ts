import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's scale 0–4: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why a new password is refused, or null if it is good enough. Length first, then zxcvbn (its
 * list of common passwords, keyboard patterns, sequences, repeats and dates), with the agent's
 * own e-mail and name counted as guessable.
 */
export function passwordWeakness(password: string, userInputs: readonly string[]): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  // Built on first use, not at import: the dictionaries take a moment to load.
  estimator ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((input) => input.length >= 3);
  const result = estimator.check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  return 'This password is too easy to guess (a common password, a pattern, or your own name or e-mail). Use a longer phrase of unrelated words.';
}
