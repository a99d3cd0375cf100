import type { Locale } from '../../protocol/codes';

/**
 * Visitor questions for the demo knowledge base (demo-shop.yaml) that are not phrasings in
 * the YAML: extra words, other verbs, typos, no accents. Shared by the unit test
 * (bot/demo-kb.test.ts, every row must pass) and the accuracy benchmark (bench/bot.ts).
 */

/** A visitor's message and the id of the entry that should answer it. */
export type ExpectedAnswer = readonly [text: string, entryId: string];

/** A message the demo shop has no answer for, in the widget language it is sent from. */
export type OffTopicQuestion = readonly [text: string, locale: Locale];

export const DEMO_SHOP_QUESTIONS: Readonly<Record<Locale, readonly ExpectedAnswer[]>> = {
  en: [
    ['how much is shipping?', 'shipping-cost'],
    ['how much is shiping?', 'shipping-cost'],
    ['whats the shipping price', 'shipping-cost'],
    ['is delivery free?', 'shipping-cost'],
    ['how much is shipping to portugal', 'shipping-cost'],
    ['do you deliver to spain', 'shipping-destinations'],
    ['how much does the lamp cost', 'product-range'],
    ['can I return something', 'returns'],
    ['can i send it back', 'returns'],
    ['i want a refund', 'returns'],
    ['are you open on sunday?', 'opening-hours'],
    ['what time do you open', 'opening-hours'],
    ['do you ship to brazil', 'shipping-destinations'],
    ['where is my pakage', 'order-tracking'],
    ['do you accept paypal', 'payment-methods'],
    ['my lamp arrived broke', 'warranty'],
    ['do you have a discount code', 'discount-codes'],
  ],
  'pt-BR': [
    ['quanto custa o frete?', 'shipping-cost'],
    ['qual o preco do frete', 'shipping-cost'],
    ['o frete e gratis', 'shipping-cost'],
    ['quanto custa enviar pra espanha', 'shipping-cost'],
    ['posso devolver um produto?', 'returns'],
    ['quero trocar um produto', 'returns'],
    ['como faço pra devolver', 'returns'],
    ['vocês abrem no domingo?', 'opening-hours'],
    ['qual o horario de atendimento', 'opening-hours'],
    ['voces entregam em portugal', 'shipping-destinations'],
    ['onde esta meu pedido', 'order-tracking'],
    ['aceitam pix?', 'payment-methods'],
    ['minha luminaria chegou quebrada', 'warranty'],
    ['quanto tempo demora a entrega', 'delivery-times'],
  ],
  es: [
    ['¿cuánto cuesta el envío?', 'shipping-cost'],
    ['cuanto cuesta el envio', 'shipping-cost'],
    ['cual es el precio del envio', 'shipping-cost'],
    ['cuanto cuesta el envio a españa', 'shipping-cost'],
    ['quiero devolver algo', 'returns'],
    ['como devuelvo un producto', 'returns'],
    ['abren los domingos?', 'opening-hours'],
    ['horario de atencion', 'opening-hours'],
    ['envian a brasil?', 'shipping-destinations'],
    ['donde esta mi pedido', 'order-tracking'],
    ['aceptan tarjeta de credito', 'payment-methods'],
    ['mi lampara llego rota', 'warranty'],
    ['tienen codigo de descuento', 'discount-codes'],
  ],
};

/**
 * Questions the bot must not pretend to answer (it replies with the fallback text): other
 * products, general knowledge, noise, and "how much?" with no topic.
 */
export const DEMO_SHOP_OFF_TOPIC: readonly OffTopicQuestion[] = [
  ['do you sell bicycles?', 'en'],
  ['what is the capital of France?', 'en'],
  ['capital of France', 'en'],
  ['asdfgh', 'en'],
  ['tell me a joke', 'en'],
  ['is it raining in Lisbon?', 'en'],
  ['qual é a capital da França?', 'pt-BR'],
  ['vocês vendem bicicletas?', 'pt-BR'],
  ['cuál es la capital de Francia', 'es'],
  ['¿venden bicicletas?', 'es'],
  ['how much?', 'en'],
  ['how much are bicycles?', 'en'],
  ['quanto custa uma bicicleta?', 'pt-BR'],
  ['¿cuánto?', 'es'],
];
