import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance';
import { foldText, isGenericWord, isStopWord, processTerm, STOP_WORDS, stem, tokenize } from './normalize';

describe('foldText / tokenize', () => {
  it('strips accents and case, and splits on punctuation', () => {
    expect(foldText('Envíos À PORTUGAL, devoluções')).toBe('envios a portugal, devolucoes');
    expect(tokenize('¿Hacen envíos a Portugal?!')).toEqual(['hacen', 'envios', 'a', 'portugal']);
  });

  it('returns no words for emoji, punctuation and control characters', () => {
    expect(tokenize('👍🎉 ?!... \u0000\u0001\u0002')).toEqual([]);
  });
});

describe('stem', () => {
  it('maps plurals and English -ing/-ed forms to one key in all three languages', () => {
    expect(stem('envios')).toBe(stem('envio'));
    expect(stem('devolucoes')).toBe(stem('devolucao'));
    expect(stem('deliveries')).toBe(stem('delivery'));
    expect(stem('shipping')).toBe(stem('ship'));
    expect(stem('shipped')).toBe(stem('ships'));
    expect(stem('opening')).toBe('open');
    expect(stem('stores')).toBe(stem('store'));
    expect(stem('colores')).toBe(stem('color'));
  });

  it('leaves short words and numbers alone', () => {
    expect(stem('bus')).toBe('bus');
    expect(stem('e27s')).toBe('e27s');
  });
});

describe('processTerm', () => {
  it('drops filler words of every language', () => {
    for (const word of ['what', 'are', 'your', 'quais', 'o', 'voces', 'hacen', 'cual', 'faco', 'hago']) {
      expect(isStopWord(word)).toBe(true);
      expect(processTerm(word)).toBeNull();
    }
  });

  it('keeps "how much" words: they tell a price question from a where question', () => {
    for (const word of ['much', 'quanto', 'cuanto']) {
      expect(isStopWord(word)).toBe(false);
      expect(processTerm(word)).toEqual([word]);
    }
    // Still evidence of the language, though.
    expect(STOP_WORDS['pt-BR'].has('quanto')).toBe(true);
    expect(STOP_WORDS.es.has('cuanto')).toBe(true);
  });

  it('marks stand-in words as generic, not filler', () => {
    for (const word of ['something', 'algo', 'produto', 'productos']) {
      expect(isGenericWord(word)).toBe(true);
      expect(processTerm(word)).not.toBeNull();
    }
    expect(isGenericWord('lamp')).toBe(false);
  });

  it('returns the folded word and its stem for content words', () => {
    expect(processTerm('Horários')).toEqual(['horarios', 'horario']);
    expect(processTerm('frete')).toEqual(['frete', 'fret']);
    expect(processTerm('portugal')).toEqual(['portugal']);
  });
});

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('yuor', 'your', 2)).toBe(1);
    expect(editDistance('openin', 'opening', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('gives up past the limit', () => {
    expect(editDistance('bicycles', 'sell', 1)).toBe(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
