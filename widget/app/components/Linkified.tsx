/**
 * Text with its http(s) URLs as links. Built from text nodes and elements, never HTML strings, so
 * nothing a visitor, agent or bot writes can become markup.
 */
const urlPattern = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g;

export function Linkified({ text }: { text: string }) {
  const parts: (string | { href: string })[] = [];
  let at = 0;
  for (const match of text.matchAll(urlPattern)) {
    parts.push(text.slice(at, match.index), { href: match[0] });
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.href}
          </a>
        ),
      )}
    </>
  );
}
