import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Locales, type Locale } from '../protocol/codes';

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
  questions: LocalizedList,
  answer: LocalizedText.optional(),
  quickReplies: LocalizedList.optional(),
  /** true: always pass the visitor to a person after (optionally) answering. */
  handoff: z.boolean().default(false),
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

const SmallTalk = z.strictObject({ hello: LocalizedText, thanks: LocalizedText, goodbye: LocalizedText });

const KnowledgeBaseSchema = z.strictObject({
  site: Text,
  greeting: LocalizedText,
  fallback: LocalizedText,
  handoff: LocalizedText,
  smallTalk: SmallTalk.default(DEFAULT_SMALL_TALK),
  entries: z.array(Entry),
});

export type LocalizedText = z.infer<typeof LocalizedText>;
export type LocalizedList = z.infer<typeof LocalizedList>;
export type KnowledgeBaseEntry = z.infer<typeof Entry>;
export type KnowledgeBase = z.infer<typeof KnowledgeBaseSchema>;
export type SmallTalkKind = keyof KnowledgeBase['smallTalk'];

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
export function languagesOf(map: LocalizedText | LocalizedList): Locale[] {
  return Locales.filter((locale) => map[locale] !== undefined);
}

function crossFieldProblems(kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  const siteLanguages = languagesOf(kb.greeting);
  if (siteLanguages.length === 0) problems.push('greeting needs at least one language (en, pt-BR or es)');
  const siteTexts: Array<[string, LocalizedText]> = [
    ['fallback', kb.fallback],
    ['handoff', kb.handoff],
    ['smallTalk.hello', kb.smallTalk.hello],
    ['smallTalk.thanks', kb.smallTalk.thanks],
    ['smallTalk.goodbye', kb.smallTalk.goodbye],
  ];
  for (const [field, map] of siteTexts) {
    for (const locale of siteLanguages) {
      if (map[locale] === undefined) problems.push(`${field}.${locale} is required (greeting has ${locale})`);
    }
  }

  const seen = new Set<string>();
  for (const entry of kb.entries) {
    const where = `entry "${entry.id}"`;
    if (seen.has(entry.id)) problems.push(`${where}: id is used by more than one entry`);
    seen.add(entry.id);
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
    for (const locale of questionLanguages) {
      if (entry.answer[locale] === undefined) {
        problems.push(`${where}: answer.${locale} is required (questions has ${locale})`);
      }
    }
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
      const isLanguageMap = /(questions|answer|quickReplies|greeting|fallback|handoff|hello|thanks|goodbye)$/.test(
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
