/**
 * Renders the shared safe Markdown subset (protocol/markdown.ts) as Preact elements, for the widget
 * and the console alike. Text only ever becomes text nodes; the only writer-controlled attribute is
 * an href the parser checked is http(s), and links open outside the page.
 */
import { Fragment } from 'preact';
import { parseMarkdown, type MarkdownInline } from '../protocol/markdown';

/** The class names each app's stylesheet gives a paragraph and a list (widget `md-p`, console `md__p`). */
export interface MarkdownClasses {
  paragraph: string;
  list: string;
}

export function Inline({ tokens }: { tokens: MarkdownInline[] }) {
  return (
    <>
      {tokens.map((token, i) => {
        switch (token.kind) {
          case 'text':
            return token.text;
          case 'bold':
            return (
              <strong key={i}>
                <Inline tokens={token.children} />
              </strong>
            );
          case 'link':
            return (
              <a key={i} href={token.href} target="_blank" rel="noopener noreferrer">
                <Inline tokens={token.children} />
              </a>
            );
          default:
            return token satisfies never;
        }
      })}
    </>
  );
}

export function Markdown({ text, classes }: { text: string; classes: MarkdownClasses }) {
  return (
    <>
      {parseMarkdown(text).map((block, i) => {
        switch (block.kind) {
          case 'paragraph':
            return (
              <p key={i} class={classes.paragraph}>
                {block.lines.map((line, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    <Inline tokens={line} />
                  </Fragment>
                ))}
              </p>
            );
          case 'list':
            return (
              <ul key={i} class={classes.list}>
                {block.items.map((item, j) => (
                  <li key={j}>
                    <Inline tokens={item} />
                  </li>
                ))}
              </ul>
            );
          default:
            return block satisfies never;
        }
      })}
    </>
  );
}
