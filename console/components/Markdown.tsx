import { Fragment } from 'preact';
import { parseMarkdown, type MarkdownInline } from '../../protocol/markdown';

/**
 * Bot answers and agent replies in the safe Markdown subset (protocol/markdown.ts), as the
 * visitor sees them. Elements only, never HTML strings; links open outside the console.
 */
function Inline({ tokens }: { tokens: MarkdownInline[] }) {
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
          default: {
            const unreachable: never = token;
            throw new Error(`Unknown token: ${JSON.stringify(unreachable)}`);
          }
        }
      })}
    </>
  );
}

export function Markdown({ text }: { text: string }) {
  return (
    <>
      {parseMarkdown(text).map((block, i) => {
        switch (block.kind) {
          case 'paragraph':
            return (
              <p key={i} class="md__p">
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
              <ul key={i} class="md__list">
                {block.items.map((item, j) => (
                  <li key={j}>
                    <Inline tokens={item} />
                  </li>
                ))}
              </ul>
            );
          default: {
            const unreachable: never = block;
            throw new Error(`Unknown block: ${JSON.stringify(unreachable)}`);
          }
        }
      })}
    </>
  );
}
