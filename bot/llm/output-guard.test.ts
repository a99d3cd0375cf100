import { describe, expect, it } from 'vitest';
import { findOutputProblem, numberKey, OutputProblem } from './output-guard';
import { PROMPT_MARKER } from './prompt';

const KB = 'Shipping to Spain €6.90 (free over €80). Envío 6,90 €. Returns within 30 days.';

describe('numberKey', () => {
  it('gives one key per amount whatever the separators', () => {
    expect(numberKey('19.90')).toBe(numberKey('19,90'));
    expect(numberKey('20')).toBe(numberKey('20.00'));
    expect(numberKey('20.')).toBe('20');
    expect(numberKey('1.299,90')).toBe(numberKey('1,299.90'));
  });
});

describe('findOutputProblem', () => {
  it('accepts amounts the knowledge text has, in any notation', () => {
    expect(findOutputProblem('Spain is €6.90, free over 80 €.', KB)).toBeNull();
    expect(findOutputProblem('O frete custa 6,90 €.', KB)).toBeNull();
    expect(findOutputProblem('You have 30 days to return it.', KB)).toBeNull();
  });

  it('rejects prices and percentages the knowledge text does not have', () => {
    expect(findOutputProblem('Only $3.50!', KB)).toBe(OutputProblem.UnsupportedAmount);
    expect(findOutputProblem('Custa R$ 25', KB)).toBe(OutputProblem.UnsupportedAmount);
    expect(findOutputProblem('Take 15% off', KB)).toBe(OutputProblem.UnsupportedAmount);
    expect(findOutputProblem('son 10 euros', KB)).toBe(OutputProblem.UnsupportedAmount);
  });

  it('rejects refund talk when the knowledge text has none', () => {
    expect(findOutputProblem('We will refund you.', KB)).toBe(OutputProblem.UnsupportedRefund);
    expect(findOutputProblem('Vamos fazer o reembolso.', KB)).toBe(OutputProblem.UnsupportedRefund);
    expect(findOutputProblem('We refund within 14 days.', 'Refunds within 14 days.')).toBeNull();
  });

  it('rejects recitals of the instructions', () => {
    expect(findOutputProblem(`[${PROMPT_MARKER}] You are...`, KB)).toBe(OutputProblem.Leak);
    expect(findOutputProblem('I can call handoff_to_human for you', KB)).toBe(OutputProblem.Leak);
    expect(findOutputProblem('Here is the <knowledge> block', KB)).toBe(OutputProblem.Leak);
  });
});
