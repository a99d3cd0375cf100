import { describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import { starterKnowledgeBase } from './starter-knowledge-base';

describe('starterKnowledgeBase', () => {
  it('is a valid knowledge base greeting in three languages with the site name', () => {
    const kb = parseKnowledgeBase(starterKnowledgeBase('Acme'));
    expect(kb.site).toBe('Acme');
    expect(kb.greeting.en).toContain('Acme');
    expect(kb.greeting['pt-BR']).toContain('Acme');
    expect(kb.greeting.es).toContain('Acme');
    expect(kb.entries).toEqual([]);
  });

  it('keeps an odd name as text', () => {
    const name = 'Bob\'s "shop": #1\nline two';
    const kb = parseKnowledgeBase(starterKnowledgeBase(name));
    expect(kb.site).toBe(name);
  });
});
