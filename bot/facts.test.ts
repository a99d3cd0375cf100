import { describe, expect, it } from 'vitest';
import { extractFacts, withoutContactDetails } from './facts';
import type { VisitorFacts } from './types';

type Case = [line: string, facts: VisitorFacts];

// What visitors write, one line each, and exactly the facts an agent should see from it.
const en: Case[] = [
  // names
  ["I'm Mark Evans, my order LC-55123 hasn't arrived", { name: 'Mark Evans', orderNumber: 'LC-55123' }],
  ["Hi, I'm Pedro", { name: 'Pedro' }],
  ['I am Maria Costa', { name: 'Maria Costa' }],
  ['my name is Ana', { name: 'Ana' }],
  ['My name is Ana Silva and my order is 1042', { name: 'Ana Silva', orderNumber: '1042' }],
  ['my name is ana', { name: 'Ana' }],
  ['Hello, this is Mark Evans from Acme', { name: 'Mark Evans' }],
  ['my name is actually Marc, not Mark', { name: 'Marc' }],
  ["I'm Will", { name: 'Will' }],
  ["I'm Seán O'Brien", { name: "Seán O'Brien" }],
  // not names
  ["I'm waiting for my refund", {}],
  ["I'm looking for a lamp", {}],
  ["I'm Sorry, wrong chat", {}],
  ['this is urgent', {}],
  ['This is My second message', {}],
  ["I'm Brazilian and live in Porto", {}],
  ["I'm Ana's husband", {}],
  ['my name is not important', {}],
  ['I ordered 2 lamps', {}],
  // e-mails
  ['my email is ana.silva+shop@example.com', { email: 'ana.silva+shop@example.com' }],
  ['reach me at MARK.EVANS@Example.co.uk please', { email: 'MARK.EVANS@Example.co.uk' }],
  // phones
  ['call me on +351 912 345 678', { phone: '+351 912 345 678' }],
  ['my number is (+44) 20 7946 0958', { phone: '(+44) 20 7946 0958' }],
  ['phone: 912345678', { phone: '912345678' }],
  ['call 12345', {}],
  // order numbers
  ['where is order 1042?', { orderNumber: '1042' }],
  ['my order number is #1042', { orderNumber: '1042' }],
  ['order number 12345', { orderNumber: '12345' }],
  ['Order no. 58213 never came', { orderNumber: '58213' }],
  ['it is #A-1042', { orderNumber: 'A-1042' }],
  ['#4471 still not here', { orderNumber: '4471' }],
  ['LC-55123 hasn’t arrived', { orderNumber: 'LC-55123' }],
  ['order 12', {}],
  ['I want to order 1000 lamps', {}],
  // numbers that are none of these
  ['it arrived on 12/05/2024', {}],
  ['it arrived on 2024-11-25 10:30', {}],
  ['it was €49.90 and now €59.90', {}],
  ['I paid $1,299.00 for it', {}],
  ['I bought it in 2023 and again in 2024', {}],
  ['I have had it since 2019 2020 2021', {}],
  ['tracking LX123456789PT', {}],
];

const ptBR: Case[] = [
  // nomes
  ['meu nome é João', { name: 'João' }],
  ['Olá, o meu nome é Ana Paula Souza', { name: 'Ana Paula Souza' }],
  ['me chamo Luísa, tudo bem?', { name: 'Luísa' }],
  ['aqui é a Ana', { name: 'Ana' }],
  ['Boa tarde, aqui é o João da Silva', { name: 'João da Silva' }],
  ['sou o João', { name: 'João' }],
  ['oi, sou a Maria dos Santos e quero trocar', { name: 'Maria dos Santos' }],
  ['meu nome é joão', { name: 'João' }],
  // não são nomes
  ['sou cliente há anos', {}],
  ['Sou Cliente e estou chateada', {}],
  ['sou de São Paulo', {}],
  ['aqui é muito demorado', {}],
  // e-mails
  ['meu e-mail: joão@exemplo.com.br', { email: 'joão@exemplo.com.br' }],
  // telefones
  ['meu celular é (11) 98765-4321', { phone: '(11) 98765-4321' }],
  ['pode ligar no 11 98765 4321', { phone: '11 98765 4321' }],
  ['meu whats +55 11 98765-4321', { phone: '+55 11 98765-4321' }],
  ['telemóvel 912 345 678', { phone: '912 345 678' }],
  // pedidos
  ['pedido #1042 não chegou', { orderNumber: '1042' }],
  ['cadê o pedido 88123', { orderNumber: '88123' }],
  ['encomenda nº 5521 veio partida', { orderNumber: '5521' }],
  ['o número do meu pedido é o 88123', { orderNumber: '88123' }],
  ['pedido #A-2024-117', { orderNumber: 'A-2024-117' }],
  ['número de pedido: 9981', { orderNumber: '9981' }],
  ['comprei 2 luminárias', {}],
  ['quero pedir 1000 lâmpadas', {}],
  // números que não são fatos
  ['chegou dia 12/05/2024', {}],
  ['paguei R$ 1.299,90 no total', {}],
  ['custou 49,90 €', {}],
  ['meu CPF é 123.456.789-09', {}],
  ['CEP 01310-100, São Paulo', {}],
  ['comprei em 2024', {}],
];

const es: Case[] = [
  // nombres
  ['me llamo Carmen', { name: 'Carmen' }],
  ['Hola, me llamo Carmen López', { name: 'Carmen López' }],
  ['mi nombre es José Luis', { name: 'José Luis' }],
  ['Buenas, soy Lucía', { name: 'Lucía' }],
  ['soy José de la Cruz', { name: 'José de la Cruz' }],
  ['mi nombre es maría', { name: 'María' }],
  ['perdón, en realidad me llamo Pablo', { name: 'Pablo' }],
  // no son nombres
  ['soy de Madrid', {}],
  ['soy cliente desde hace años', {}],
  ['Soy Española', {}],
  ['soy el que escribió ayer', {}],
  // correos
  ['mi correo es carmen.lopez@correo.es', { email: 'carmen.lopez@correo.es' }],
  // teléfonos
  ['mi móvil es +34 612 34 56 78', { phone: '+34 612 34 56 78' }],
  ['tel 0034 612 34 56 78 por favor', { phone: '0034 612 34 56 78' }],
  ['llámame al 612 345 678', { phone: '612 345 678' }],
  // pedidos
  ['mi orden 1042 no llega', { orderNumber: '1042' }],
  ['número de pedido 9981', { orderNumber: '9981' }],
  ['mi pedido es el 88123', { orderNumber: '88123' }],
  ['el pedido nº 5521 llegó roto', { orderNumber: '5521' }],
  ['referencia LC-55123', { orderNumber: 'LC-55123' }],
  ['quiero 3 lámparas', {}],
  // números que no son datos
  ['llegó el 25/12/2024', {}],
  ['costó 49,90 euros', {}],
  ['mi DNI es 12345678Z', {}],
  ['lo compré en 2023', {}],
];

const odd: Case[] = [
  ['', {}],
  ['\u0000\u0001\u0002', {}],
  ['👍🎉🔥', {}],
  [
    'Ana here: ana@example.com, +55 11 98765 4321, pedido 7781',
    { email: 'ana@example.com', phone: '+55 11 98765 4321', orderNumber: '7781' },
  ],
  [
    "Hi, I'm Mark Evans (mark@example.com, +351 912 345 678), order #LC-55123",
    { name: 'Mark Evans', email: 'mark@example.com', phone: '+351 912 345 678', orderNumber: 'LC-55123' },
  ],
];

describe('extractFacts', () => {
  it('has at least fifteen cases per language', () => {
    for (const cases of [en, ptBR, es]) expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  describe.each([
    ['en', en],
    ['pt-BR', ptBR],
    ['es', es],
    ['odd input', odd],
  ])('%s', (_language, cases) => {
    it.each(cases)('%j → %j', (line, facts) => {
      expect(extractFacts([line])).toEqual(facts);
    });
  });

  it('keeps the latest mention when the visitor corrects themselves', () => {
    expect(extractFacts(['my email is ana@example.con', 'sorry, ana@example.com'])).toEqual({ email: 'ana@example.com' });
    expect(extractFacts(["I'm Mark", 'my name is actually Marc'])).toEqual({ name: 'Marc' });
    expect(extractFacts(['meu celular é (11) 98765-4321', 'errei, é (11) 98765-4322'])).toEqual({ phone: '(11) 98765-4322' });
    expect(extractFacts(['pedido 88123', 'desculpe, o pedido é 88132'])).toEqual({ orderNumber: '88132' });
    // Within one line too: the last one given.
    expect(extractFacts(['order 1042, no wait, order 1043'])).toEqual({ orderNumber: '1043' });
  });

  it('keeps facts from earlier lines that later lines do not repeat', () => {
    expect(extractFacts(['me llamo Carmen', 'mi móvil es +34 612 34 56 78', 'pedido 88123'])).toEqual({
      name: 'Carmen',
      phone: '+34 612 34 56 78',
      orderNumber: '88123',
    });
  });

  it('copes with 4000-character lines quickly', () => {
    const lines = [
      '1 '.repeat(2000),
      '1'.repeat(4000),
      `${'x'.repeat(3980)} order 1042`,
      "I'm ".repeat(1000),
      'my name is '.repeat(360),
      'a'.repeat(3990) + '@b.com',
      `${'a.'.repeat(1990)}@`,
      '#'.repeat(4000),
      '€1'.repeat(2000),
      '12/'.repeat(1333),
      'order no. '.repeat(400),
      `${'Ana '.repeat(999)}x`,
    ];
    const started = performance.now();
    for (const line of lines) expect(extractFacts([line])).toEqual(expect.any(Object));
    expect(extractFacts([`${'x'.repeat(3980)} order 1042`])).toEqual({ orderNumber: '1042' });
    // Generous for a loaded CI machine; a regex that backtracks takes seconds here.
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('withoutContactDetails', () => {
  it('takes out e-mail addresses and phone numbers, nothing else', () => {
    expect(withoutContactDetails('ana@example.com or +351 912 345 678, about order 1042')).toBe('  or  , about order 1042');
  });
});
