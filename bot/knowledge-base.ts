import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Locales, type Locale } from '../protocol/codes';
import { tokenize } from './normalize';

/**
 * The knowledge base a marketer writes in YAML (see knowledge/demo-shop.yaml for the
 * format, documented at its top). Parsing checks the shape with zod, then the rules
 * that cross fields (unique ids, an answer for every language that has questions), and
 * reports every problem by entry id and field so it can be fixed without reading code.
 */

const Text = z.string().trim().min(1);
const LocalizedText = z.strictObject({ en: Text.optional(), 'pt-BR': Text.optional(), es: Text.optional() });
const LocalizedList = z.strictObject({
  en: z.array(Text).min(1).optional(),
  'pt-BR': z.array(Text).min(1).optional(),
  es: z.array(Text).min(1).optional(),
});

const Entry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** What the entry is about, in a few words per language; the matcher indexes it (less than the questions). */
  title: LocalizedText.optional(),
  questions: LocalizedList,
  answer: LocalizedText.optional(),
  quickReplies: LocalizedList.optional(),
  /** true: always pass the visitor to a person after (optionally) answering. */
  handoff: z.boolean().default(false),
  /** Ids of entries offered as buttons under the answer (their first question, in the answer's language). */
  followUps: z.array(z.string()).optional(),
});

// Generic wording used when a knowledge base does not set its own small talk.
const DEFAULT_SMALL_TALK = {
  hello: {
    en: 'Hello! How can I help you today?',
    'pt-BR': 'Olá! Como posso ajudar hoje?',
    es: '¡Hola! ¿En qué puedo ayudarte hoy?',
  },
  thanks: {
    en: "You're welcome! Anything else I can help with?",
    'pt-BR': 'De nada! Posso ajudar com mais alguma coisa?',
    es: '¡De nada! ¿Puedo ayudarte con algo más?',
  },
  goodbye: {
    en: 'Bye for now! Come back any time.',
    'pt-BR': 'Até logo! Volte sempre.',
    es: '¡Hasta pronto! Vuelve cuando quieras.',
  },
};

const DEFAULT_CALLBACK_OFFER = {
  en: "Nobody from our team is online right now. Leave your question and email or phone here and a person will write back as soon as we're in.",
  'pt-BR': 'Ninguém da nossa equipe está online agora. Deixe aqui a sua pergunta e o seu e-mail ou telefone, e uma pessoa responde assim que voltarmos.',
  es: 'Ahora mismo no hay nadie de nuestro equipo conectado. Deja aquí tu pregunta y tu email o teléfono, y una persona te responderá en cuanto volvamos.',
};

// NOTE: word for word the widget's own line in "Leave a message" mode (widget/app/i18n.ts
// `leaveMessage`), so a site that keeps the defaults says one thing in the banner and the chat.
const DEFAULT_LEAVE_MESSAGE = {
  en: 'Nobody can chat right now. Leave a message here and a person will reply in this chat.',
  'pt-BR': 'Ninguém pode atender agora. Deixe uma mensagem aqui e uma pessoa vai responder neste chat.',
  es: 'Ahora no hay nadie disponible. Deja un mensaje aquí y una persona te responderá en este chat.',
};

const DEFAULT_SUGGEST = {
  en: 'I want to be sure I answer the right question. Did you mean one of these?',
  'pt-BR': 'Quero ter certeza de responder à pergunta certa. Você quis dizer uma destas?',
  es: 'Quiero asegurarme de responder a la pregunta correcta. ¿Querías decir una de estas?',
};

const DEFAULT_NOTED = {
  en: "Thanks, I've noted that. What would you like to know?",
  'pt-BR': 'Obrigada, anotei. O que você gostaria de saber?',
  es: 'Gracias, lo he anotado. ¿Qué te gustaría saber?',
};

const DEFAULT_FEEDBACK = {
  thanks: {
    en: 'Glad that helped!',
    'pt-BR': 'Que bom que ajudou!',
    es: '¡Me alegro de haberte ayudado!',
  },
  sorry: {
    en: "Sorry that didn't help.",
    'pt-BR': 'Desculpe, isso não ajudou.',
    es: 'Perdona, eso no te ayudó.',
  },
};

const SmallTalk = z.strictObject({ hello: LocalizedText, thanks: LocalizedText, goodbye: LocalizedText });
const Feedback = z.strictObject({ thanks: LocalizedText, sorry: LocalizedText });
/** Per language, groups of words that mean the same to this shop ("lamp", "light", "luminaire"). */
const SynonymGroups = z.array(z.array(Text));
const Synonyms = z.strictObject({
  en: SynonymGroups.optional(),
  'pt-BR': SynonymGroups.optional(),
  es: SynonymGroups.optional(),
});

const KnowledgeBaseSchema = z.strictObject({
  site: Text,
  greeting: LocalizedText,
  fallback: LocalizedText,
  handoff: LocalizedText,
  callbackOffer: LocalizedText.default(DEFAULT_CALLBACK_OFFER),
  /**
   * Instead of `callbackOffer` when nobody can take the chat and the site offers no call back
   * ("Leave a message" mode, or callbacks off in its hours): no call to book is mentioned.
   */
  leaveMessage: LocalizedText.default(DEFAULT_LEAVE_MESSAGE),
  /** Above the "Did you mean…?" buttons, when the bot is unsure which entry was meant. */
  suggest: LocalizedText.default(DEFAULT_SUGGEST),
  /** After a message that only gives details (a name, an e-mail, an order number). */
  noted: LocalizedText.default(DEFAULT_NOTED),
  smallTalk: SmallTalk.default(DEFAULT_SMALL_TALK),
  feedback: Feedback.default(DEFAULT_FEEDBACK),
  synonyms: Synonyms.default({}),
  entries: z.array(Entry),
});

export type LocalizedText = z.infer<typeof LocalizedText>;
export type LocalizedList = z.infer<typeof LocalizedList>;
export type KnowledgeBaseEntry = z.infer<typeof Entry>;
export type KnowledgeBase = z.infer<typeof KnowledgeBaseSchema>;
export type SmallTalkKind = keyof KnowledgeBase['smallTalk'];
export type Synonyms = z.infer<typeof Synonyms>;

export class KnowledgeBaseError extends Error {
  readonly code = 'invalid_knowledge_base';
  /** One line per problem, e.g. `entry "shipping-cost": answer.es is required`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.join('\n'), options);
    this.name = 'KnowledgeBaseError';
    this.problems = problems;
  }
}

export function parseKnowledgeBase(yamlText: string): KnowledgeBase {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new KnowledgeBaseError([`not valid YAML: ${detail}`], { cause: error });
  }
  const parsed = KnowledgeBaseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new KnowledgeBaseError(parsed.error.issues.map((issue) => describeIssue(issue, raw)));
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return parsed.data;
}

export function loadKnowledgeBaseFile(path: string): KnowledgeBase {
  const text = readFileSync(path, 'utf8');
  try {
    return parseKnowledgeBase(text);
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      throw new KnowledgeBaseError(
        error.problems.map((problem) => `${path}: ${problem}`),
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The text for `locale`, or else for the first language the map has. Returns the locale
 * actually used, so a reply never claims a language it is not written in.
 */
export function pickText(map: LocalizedText, locale: Locale): { text: string; locale: Locale } {
  const own = map[locale];
  if (own !== undefined) return { text: own, locale };
  for (const other of Locales) {
    const text = map[other];
    if (text !== undefined) return { text, locale: other };
  }
  // Unreachable for a parsed knowledge base: crossFieldProblems requires a language.
  throw new Error(`no text in any language for locale ${locale}`);
}

/** Languages of a map, in the order of `Locales`. */
export function languagesOf(map: Partial<Record<Locale, unknown>>): Locale[] {
  return Locales.filter((locale) => map[locale] !== undefined);
}

function crossFieldProblems(kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  const siteLanguages = languagesOf(kb.greeting);
  if (siteLanguages.length === 0) problems.push('greeting needs at least one language (en, pt-BR or es)');
  const siteTexts: Array<[string, LocalizedText]> = [
    ['fallback', kb.fallback],
    ['handoff', kb.handoff],
    ['callbackOffer', kb.callbackOffer],
    ['leaveMessage', kb.leaveMessage],
    ['suggest', kb.suggest],
    ['noted', kb.noted],
    ['smallTalk.hello', kb.smallTalk.hello],
    ['smallTalk.thanks', kb.smallTalk.thanks],
    ['smallTalk.goodbye', kb.smallTalk.goodbye],
    ['feedback.thanks', kb.feedback.thanks],
    ['feedback.sorry', kb.feedback.sorry],
  ];
  for (const [field, map] of [['greeting', kb.greeting] as [string, LocalizedText], ...siteTexts]) {
    problems.push(...markupProblems('', field, map));
  }
  for (const [field, map] of siteTexts) {
    for (const locale of siteLanguages) {
      if (map[locale] === undefined) problems.push(`${field}.${locale} is required (greeting has ${locale})`);
    }
  }
  problems.push(...synonymProblems(kb.synonyms));

  const ids = new Set(kb.entries.map((entry) => entry.id));

  const seen = new Set<string>();
  for (const entry of kb.entries) {
    const where = `entry "${entry.id}"`;
    if (seen.has(entry.id)) problems.push(`${where}: id is used by more than one entry`);
    seen.add(entry.id);
    (entry.followUps ?? []).forEach((id, index) => {
      if (!ids.has(id)) problems.push(`${where}: followUps[${index}] "${id}" is not the id of an entry`);
      else if (id === entry.id) problems.push(`${where}: followUps[${index}] points at the entry itself`);
    });
    const questionLanguages = languagesOf(entry.questions);
    if (questionLanguages.length === 0) {
      problems.push(`${where}: questions needs at least one language with at least one question`);
    }
    // A flagged entry may go straight to a person without answering first.
    if (entry.answer === undefined && !entry.handoff) {
      problems.push(`${where}: answer is required (or set handoff: true)`);
      continue;
    }
    if (entry.answer === undefined) continue;
    problems.push(...markupProblems(where, 'answer', entry.answer));
    for (const locale of questionLanguages) {
      if (entry.answer[locale] === undefined) {
        problems.push(`${where}: answer.${locale} is required (questions has ${locale})`);
      }
    }
  }
  return problems;
}

// An opening or closing tag, a comment or a doctype: "<b>", "</p>", "<img src=x>", "<!--".
// "<3" and "a < b" are not tags.
const HTML_TAG = /<\/?[a-z!][^>]*>/i;
// `[text](target)`: the target is checked, whatever the text.
const MARKDOWN_LINK = /\[[^\]]*\]\(\s*<?([^)\s>]*)/g;
const SAFE_URL = /^https?:\/\/[^\s]+$/i;
const MARKUP_HINT = 'use **bold**, - lists, [text](https://…)';

/**
 * Bot texts are a safe subset of Markdown (bold, "- " lists, https links) that the widget
 * renders itself. Raw HTML and other link schemes (javascript:, data:) are rejected here,
 * when the file is loaded, so a marketer's typo never reaches a visitor's page as markup.
 */
function markupProblems(where: string, field: string, map: LocalizedText): string[] {
  const problems: string[] = [];
  for (const locale of languagesOf(map)) {
    const text = map[locale] ?? '';
    const subject = `${where === '' ? '' : `${where}: `}${field}.${locale}`;
    if (HTML_TAG.test(text)) problems.push(`${subject} contains HTML; ${MARKUP_HINT}`);
    for (const [, url = ''] of text.matchAll(MARKDOWN_LINK)) {
      if (!SAFE_URL.test(url)) {
        problems.push(`${subject} links to "${url}"; links must start with https:// or http://`);
      }
    }
  }
  return problems;
}

function synonymProblems(synonyms: Synonyms): string[] {
  const problems: string[] = [];
  for (const locale of languagesOf(synonyms)) {
    (synonyms[locale] ?? []).forEach((group, index) => {
      const field = `synonyms.${locale}[${index}]`;
      if (group.length < 2) problems.push(`${field} must list at least two words`);
      for (const word of group) {
        // The matcher compares single words; a phrase would silently never match.
        if (tokenize(word).length !== 1) problems.push(`${field}: "${word}" must be a single word`);
      }
    });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const [first, index, ...rest] = path;
  let where: string;
  let field: (string | number)[];
  if (first === 'entries' && typeof index === 'number') {
    const id = valueAt(raw, ['entries', index, 'id']);
    where = typeof id === 'string' && id !== '' ? `entry "${id}"` : `entries[${index}] (no id)`;
    field = rest;
  } else {
    where = '';
    field = path;
  }
  const fieldName = formatPath(field);
  const subject = [where, fieldName].filter((part) => part !== '').join(': ');
  return `${subject === '' ? 'file' : subject} ${problemText(issue, valueAt(raw, path), fieldName)}`;
}

function problemText(issue: z.core.$ZodIssue, value: unknown, fieldName: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined || value === null ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array' ? 'must list at least one item' : 'must not be empty';
    case 'unrecognized_keys': {
      const isLanguageMap =
        /(questions|answer|quickReplies|greeting|fallback|handoff|title|callbackOffer|leaveMessage|suggest|noted|hello|thanks|goodbye|sorry|synonyms)$/.test(
        fieldName,
      );
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return isLanguageMap
        ? `has unknown language ${keys} (use ${Locales.join(', ')})`
        : `has unknown field ${keys}`;
    }
    case 'invalid_format':
      return 'must use lowercase letters, digits and dashes (e.g. "shipping-cost")';
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping';
  if (expected === 'boolean') return 'true or false';
  return `a ${expected}`;
}

function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
