/**
 * The safe Markdown subset bot answers (and agent replies) are written in: `**bold**`, lines
 * starting with `- ` as a list, `[text](https://…)` links, and bare http(s) URLs as links.
 * Everything else is literal text.
 *
 * NOTE: the parser returns a small token tree, never HTML. Each app builds elements from it, so
 * text can only ever become text nodes, and the only attribute a writer controls is an `href`
 * that is checked to be http(s) here. Pure and DOM-free: shared by the widget and the console.
 */

export type MarkdownInline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: MarkdownInline[] }
  | { kind: 'link'; href: string; children: MarkdownInline[] };

export type MarkdownBlock =
  /** Consecutive non-blank lines; each line is shown on its own line. */
  | { kind: 'paragraph'; lines: MarkdownInline[][] }
  | { kind: 'list'; items: MarkdownInline[][] };

const listItem = /^[ \t]*- (.*)$/;
/** `[label](url)`: the label has no brackets, the URL is http(s) with no spaces, quotes or parens. */
const linkSyntax = /\[([^[\]\n]+)\]\((https?:\/\/[^\s()<>"]+)\)/iy;
/** A bare URL, without trailing punctuation that usually ends the sentence around it. */
const bareUrl = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’*]/iy;

/** Only http(s) URLs become links; anything the URL parser rejects stays text. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    // Not a URL at all: the caller shows the text as written, which is the intended outcome.
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? candidate : null;
}

interface Allow {
  bold: boolean;
  /** `[label](url)` links. */
  links: boolean;
  /** Bare URLs as links. */
  urls: boolean;
}

function inline(text: string, allow: Allow): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) out.push({ kind: 'text', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    if (allow.bold && text.startsWith('**', i)) {
      const close = text.indexOf('**', i + 2);
      if (close > i + 2) {
        flush();
        out.push({ kind: 'bold', children: inline(text.slice(i + 2, close), { ...allow, bold: false }) });
        i = close + 2;
      } else {
        // Unclosed or empty (`****`): the asterisks are text.
        literal += '**';
        i += 2;
      }
      continue;
    }
    if (allow.links && text[i] === '[') {
      linkSyntax.lastIndex = i;
      const match = linkSyntax.exec(text);
      const href = match ? safeHref(match[2] ?? '') : null;
      if (match && href) {
        flush();
        out.push({ kind: 'link', href, children: inline(match[1] ?? '', { bold: allow.bold, links: false, urls: false }) });
        i += match[0].length;
        continue;
      }
    }
    if (allow.urls && (text[i] === 'h' || text[i] === 'H') && !/\w/.test(text[i - 1] ?? '')) {
      bareUrl.lastIndex = i;
      const match = bareUrl.exec(text);
      const href = match ? safeHref(match[0]) : null;
      if (match && href) {
        flush();
        out.push({ kind: 'link', href, children: [{ kind: 'text', text: match[0] }] });
        i += match[0].length;
        continue;
      }
    }
    literal += text[i];
    i++;
  }
  flush();
  return out;
}

/** Text with only its bare http(s) URLs as links (for text that is not Markdown, e.g. a visitor's). */
export const autolink = (text: string): MarkdownInline[] => inline(text, { bold: false, links: false, urls: true });

const everything: Allow = { bold: true, links: true, urls: true };

/** Parses a message into blocks. Never throws; input that isn't the subset comes back as text. */
export function parseMarkdown(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let current: MarkdownBlock | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const item = listItem.exec(line);
    if (item) {
      if (current?.kind !== 'list') blocks.push((current = { kind: 'list', items: [] }));
      current.items.push(inline(item[1] ?? '', everything));
    } else if (line.trim() === '') {
      current = null;
    } else {
      if (current?.kind !== 'paragraph') blocks.push((current = { kind: 'paragraph', lines: [] }));
      current.lines.push(inline(line, everything));
    }
  }
  return blocks;
}

/** The plain text of inline tokens (e.g. for a notification or an accessible label). */
export function plainText(tokens: MarkdownInline[]): string {
  return tokens.map((t) => (t.kind === 'text' ? t.text : plainText(t.children))).join('');
}

/** A whole message as one line of plain text, for list previews: Markdown marks removed. */
export function previewText(text: string): string {
  return parseMarkdown(text)
    .flatMap((block) => (block.kind === 'list' ? block.items : block.lines))
    .map(plainText)
    .join(' ');
}
