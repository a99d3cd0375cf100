import { stringify } from 'yaml';

/**
 * The knowledge base a new site starts with (version 1): neutral wording with the site's name in
 * English, Brazilian Portuguese and Spanish, and no entries yet, so every question goes to the
 * fallback (which offers a person) until the marketer writes the site's answers. The format is
 * documented at the top of bot/knowledge/demo-shop.yaml; the name goes through the YAML writer,
 * so a name with quotes or colons stays text.
 */
export function starterKnowledgeBase(siteName: string): string {
  const name = siteName.trim();
  const body = {
    site: name,
    greeting: {
      en: `Hi! Welcome to ${name}. How can we help you today?`,
      'pt-BR': `Oi! Bem-vindo à ${name}. Como podemos ajudar hoje?`,
      es: `¡Hola! Te damos la bienvenida a ${name}. ¿En qué podemos ayudarte hoy?`,
    },
    fallback: {
      en: "Sorry, I don't know the answer to that yet. Could you put it another way? Or I can pass you to a person on our team.",
      'pt-BR': 'Desculpe, ainda não sei responder a isso. Pode perguntar de outro jeito? Ou posso passar você para uma pessoa da nossa equipe.',
      es: 'Perdona, todavía no sé responder a eso. ¿Puedes preguntarlo de otra forma? O puedo pasarte con una persona de nuestro equipo.',
    },
    handoff: {
      en: "I'm passing you to a person on our team; they'll reply right here in this chat.",
      'pt-BR': 'Vou passar você para uma pessoa da nossa equipe; ela vai responder aqui mesmo neste chat.',
      es: 'Te paso con una persona de nuestro equipo; te responderá aquí mismo, en este chat.',
    },
    entries: [],
  };
  return (
    `# ${name.replace(/[\r\n]+/g, ' ')}: what the chat assistant knows.\n` +
    '# A starter knowledge base: add the questions your visitors ask under `entries`\n' +
    '# (the format is described in Ponte\'s bot/knowledge/demo-shop.yaml).\n\n' +
    stringify(body, { lineWidth: 0 })
  );
}
