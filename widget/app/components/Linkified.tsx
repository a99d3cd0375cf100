/**
 * Text with its http(s) URLs as links (for text that is not Markdown: the visitor's own, the
 * greeting). Built from text nodes and elements, never HTML strings, so nothing a visitor, agent
 * or bot writes can become markup.
 */
import { autolink } from '../../../protocol/markdown';
import { Inline } from '../../../client/Markdown';

export function Linkified({ text }: { text: string }) {
  return <Inline tokens={autolink(text)} />;
}
