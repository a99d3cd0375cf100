import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBaseError, loadKnowledgeBaseFile, parseKnowledgeBase } from './knowledge-base';

const DEMO = join(import.meta.dirname, 'knowledge', 'demo-shop.yaml');

const HEAD = `
site: Test Shop
greeting: { en: "Hi!", pt-BR: "Oi!" }
fallback: { en: "No idea.", pt-BR: "Não sei." }
handoff: { en: "A person is coming.", pt-BR: "Uma pessoa vem aí." }
`;

function problemsOf(yamlText: string): readonly string[] {
  try {
    parseKnowledgeBase(yamlText);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    return (error as KnowledgeBaseError).problems;
  }
  throw new Error('expected the knowledge base to be rejected');
}

describe('the demo knowledge base', () => {
  it('loads, with every entry answered in every language it is asked in', () => {
    const kb = loadKnowledgeBaseFile(DEMO);
    expect(kb.site).toBe('Lumen & Co.');
    expect(kb.entries.length).toBeGreaterThanOrEqual(12);
    for (const entry of kb.entries) {
      for (const locale of ['en', 'pt-BR', 'es'] as const) {
        expect(entry.questions[locale]?.length ?? 0, `${entry.id} ${locale}`).toBeGreaterThanOrEqual(3);
        if (!entry.handoff) expect(entry.answer?.[locale], `${entry.id} ${locale}`).toMatch(/\S/);
      }
    }
    expect(kb.entries.filter((entry) => entry.handoff).map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['cancel-order', 'billing-dispute']),
    );
  });
});

describe('parseKnowledgeBase', () => {
  it('accepts a minimal file and fills in default small talk', () => {
    const kb = parseKnowledgeBase(`${HEAD}
entries:
  - id: hours
    questions: { en: ["When are you open?"] }
    answer: { en: "9 to 5." }
`);
    expect(kb.entries[0]).toEqual({
      id: 'hours',
      questions: { en: ['When are you open?'] },
      answer: { en: '9 to 5.' },
      handoff: false,
    });
    expect(kb.smallTalk.thanks.en).toMatch(/welcome/i);
  });

  it('names the entry and language when a questioned language has no answer', () => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: shipping-cost
    questions: { en: ["How much is shipping?"], pt-BR: ["Quanto custa o frete?"] }
    answer: { en: "€4.90." }
`),
    ).toEqual(['entry "shipping-cost": answer.pt-BR is required (questions has pt-BR)']);
  });

  it('names the entry when an answer is missing altogether', () => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: returns
    questions: { en: ["Can I return it?"] }
`),
    ).toEqual(['entry "returns": answer is required (or set handoff: true)']);
  });

  it('lets a flagged entry go to a person without an answer', () => {
    const kb = parseKnowledgeBase(`${HEAD}
entries:
  - id: complaint
    handoff: true
    questions: { en: ["I want to complain"] }
`);
    expect(kb.entries[0]?.handoff).toBe(true);
    expect(kb.entries[0]?.answer).toBeUndefined();
  });

  it('rejects duplicate ids', () => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: hours
    questions: { en: ["When are you open?"] }
    answer: { en: "9 to 5." }
  - id: hours
    questions: { en: ["Opening hours?"] }
    answer: { en: "9 to 5." }
`),
    ).toEqual(['entry "hours": id is used by more than one entry']);
  });

  it('rejects empty questions, naming entry and field', () => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: hours
    questions: { en: [] }
    answer: { en: "9 to 5." }
`),
    ).toEqual(['entry "hours": questions.en must list at least one item']);
    expect(
      problemsOf(`${HEAD}
entries:
  - id: hours
    questions: {}
    answer: { en: "9 to 5." }
`),
    ).toEqual(['entry "hours": questions needs at least one language with at least one question']);
    expect(
      problemsOf(`${HEAD}
entries:
  - id: hours
    questions: { en: ["  "] }
    answer: { en: "9 to 5." }
`),
    ).toEqual(['entry "hours": questions.en[0] must not be empty']);
  });

  it('reports unknown languages, wrong types and missing fields', () => {
    const problems = problemsOf(`
site: Test Shop
greeting: { en: "Hi!", pt: "Oi!" }
fallback: { en: "No idea." }
entries:
  - id: hours
    questions: { en: ["When?"] }
    answer: "9 to 5"
    handoff: "yes"
  - questions: { en: ["Where?"] }
    answer: { en: "Lisbon." }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'greeting has unknown language "pt" (use en, pt-BR, es)',
        'handoff is required',
        'entry "hours": answer must be a mapping',
        'entry "hours": handoff must be true or false',
        'entries[1] (no id): id is required',
      ]),
    );
  });

  it('requires site texts in every language the greeting has', () => {
    expect(
      problemsOf(`
site: Test Shop
greeting: { en: "Hi!", es: "¡Hola!" }
fallback: { en: "No idea." }
handoff: { en: "A person is coming.", es: "Viene una persona." }
entries: []
`),
    ).toEqual(['fallback.es is required (greeting has es)']);
  });

  it('reports YAML syntax errors as knowledge-base errors', () => {
    expect(problemsOf('site: [unclosed')[0]).toMatch(/^not valid YAML/);
  });

  it('prefixes problems with the file path when loading a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-kb-'));
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, `${HEAD}\nentries:\n  - id: x\n    questions: { en: ["q"] }\n`);
    expect(() => loadKnowledgeBaseFile(path)).toThrow(`${path}: entry "x": answer is required`);
  });

  it('fills in the callback offer and feedback texts when a file leaves them out', () => {
    const kb = parseKnowledgeBase(`${HEAD}\nentries: []\n`);
    expect(kb.callbackOffer.en).toMatch(/Nobody from our team is online right now/);
    expect(kb.callbackOffer['pt-BR']).toMatch(/^Ninguém da nossa equipe está online agora\./);
    expect(kb.feedback.thanks.en).toBe('Glad that helped!');
    expect(kb.feedback.sorry.es).toBe('Perdona, eso no te ayudó.');
    expect(kb.synonyms).toEqual({});
  });

  it('fills in a leave-a-message text that offers no call, and checks one the file sets like the other site texts', () => {
    const kb = parseKnowledgeBase(`${HEAD}\nentries: []\n`);
    expect(kb.leaveMessage).toEqual({
      en: 'Nobody can chat right now. Leave a message here and a person will reply in this chat.',
      'pt-BR': 'Ninguém pode atender agora. Deixe uma mensagem aqui e uma pessoa vai responder neste chat.',
      es: 'Ahora no hay nadie disponible. Deja un mensaje aquí y una persona te responderá en este chat.',
    });
    for (const text of Object.values(kb.leaveMessage)) expect(text).not.toMatch(/call|liga|llamada/i);
    const own = parseKnowledgeBase(`${HEAD}leaveMessage: { en: "Write to us here.", pt-BR: "Escreva aqui." }\nentries: []\n`);
    expect(own.leaveMessage).toEqual({ en: 'Write to us here.', 'pt-BR': 'Escreva aqui.' });
    expect(problemsOf(`${HEAD}leaveMessage: { en: "Write to us here." }\nentries: []\n`)).toEqual(['leaveMessage.pt-BR is required (greeting has pt-BR)']);
    expect(problemsOf(`${HEAD}leaveMessage: { en: "<b>x</b>", pt-BR: "ok", fr: "non" }\nentries: []\n`)).toEqual([
      'leaveMessage has unknown language "fr" (use en, pt-BR, es)',
    ]);
    expect(problemsOf(`${HEAD}leaveMessage: { en: "<b>x</b>", pt-BR: "ok" }\nentries: []\n`)).toEqual([
      'leaveMessage.en contains HTML; use **bold**, - lists, [text](https://…)',
    ]);
  });

  it('the demo shop has its own leave-a-message words in every language, none offering a call', () => {
    const kb = loadKnowledgeBaseFile(DEMO);
    expect(Object.keys(kb.leaveMessage)).toEqual(['en', 'pt-BR', 'es']);
    expect(kb.leaveMessage.en).not.toBe(parseKnowledgeBase(`${HEAD}\nentries: []\n`).leaveMessage.en);
    for (const text of Object.values(kb.leaveMessage)) expect(text).not.toMatch(/call|liga|llamada/i);
  });

  it('accepts the safe Markdown subset in answers', () => {
    const kb = parseKnowledgeBase(`${HEAD}
entries:
  - id: returns
    questions: { en: ["Can I return it?"] }
    answer: { en: "**30 days**:\\n- unused\\n- in its box\\nStart at [our site](https://shop.example/returns). I <3 lamps; 2 < 3." }
`);
    expect(kb.entries[0]?.answer?.en).toMatch(/\*\*30 days\*\*/);
  });

  it.each([
    ['<b>30 days</b>', 'entry "returns": answer.en contains HTML; use **bold**, - lists, [text](https://…)'],
    ['<img src=x onerror=alert(1)>', 'entry "returns": answer.en contains HTML; use **bold**, - lists, [text](https://…)'],
    ['see <!-- hidden -->', 'entry "returns": answer.en contains HTML; use **bold**, - lists, [text](https://…)'],
    ['[click](javascript:alert(1))', 'entry "returns": answer.en links to "javascript:alert(1"; links must start with https:// or http://'],
    ['[x](data:text/html,hi)', 'entry "returns": answer.en links to "data:text/html,hi"; links must start with https:// or http://'],
    ['[x](/relative)', 'entry "returns": answer.en links to "/relative"; links must start with https:// or http://'],
  ])('rejects unsafe markup in an answer: %j', (answer, problem) => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: returns
    questions: { en: ["Can I return it?"] }
    answer: { en: ${JSON.stringify(answer)} }
`),
    ).toEqual([problem]);
  });

  it('rejects HTML in site texts too', () => {
    expect(problemsOf(`${HEAD}callbackOffer: { en: "<script>x</script>", pt-BR: "ok" }\nentries: []\n`)).toEqual([
      'callbackOffer.en contains HTML; use **bold**, - lists, [text](https://…)',
    ]);
  });

  it('checks that follow-ups name other entries', () => {
    expect(
      problemsOf(`${HEAD}
entries:
  - id: hours
    followUps: [where, hours]
    questions: { en: ["When are you open?"] }
    answer: { en: "9 to 5." }
`),
    ).toEqual([
      'entry "hours": followUps[0] "where" is not the id of an entry',
      'entry "hours": followUps[1] points at the entry itself',
    ]);
  });

  it('checks synonym groups: known languages, single words, two or more', () => {
    expect(problemsOf(`${HEAD}synonyms: { en: [[lamp, light], [credit card, card], [price]] }\nentries: []\n`)).toEqual([
      'synonyms.en[1]: "credit card" must be a single word',
      'synonyms.en[2] must list at least two words',
    ]);
    expect(problemsOf(`${HEAD}synonyms: { fr: [[lampe, luminaire]] }\nentries: []\n`)).toEqual([
      'synonyms has unknown language "fr" (use en, pt-BR, es)',
    ]);
  });
});
