import { describe, expect, it } from 'vitest';
import { autolink, parseMarkdown, plainText, previewText, safeHref, type MarkdownInline } from './markdown';

const text = (t: string): MarkdownInline => ({ kind: 'text', text: t });
/** The inline tokens of a one-line message. */
const line = (source: string): MarkdownInline[] => {
  const blocks = parseMarkdown(source);
  expect(blocks).toHaveLength(1);
  const block = blocks[0];
  if (block?.kind !== 'paragraph') throw new Error('expected a paragraph, got ' + JSON.stringify(block));
  expect(block.lines).toHaveLength(1);
  return block.lines[0] ?? [];
};

describe('parseMarkdown', () => {
  it('reads bold, links and bare URLs in a line', () => {
    expect(line('Our **return policy** is [here](https://shop.example/returns), or see https://shop.example/faq.')).toEqual([
      text('Our '),
      { kind: 'bold', children: [text('return policy')] },
      text(' is '),
      { kind: 'link', href: 'https://shop.example/returns', children: [text('here')] },
      text(', or see '),
      { kind: 'link', href: 'https://shop.example/faq', children: [text('https://shop.example/faq')] },
      text('.'),
    ]);
  });

  it('groups "- " lines into a list and other lines into paragraphs', () => {
    expect(parseMarkdown('You can pay with:\n- **card**\n- pix\n\nAnything else?\nJust ask.')).toEqual([
      { kind: 'paragraph', lines: [[text('You can pay with:')]] },
      { kind: 'list', items: [[{ kind: 'bold', children: [text('card')] }], [text('pix')]] },
      { kind: 'paragraph', lines: [[text('Anything else?')], [text('Just ask.')]] },
    ]);
  });

  it('keeps HTML as literal text', () => {
    expect(line('<script>alert(1)</script><img src=x onerror=alert(1)>')).toEqual([
      text('<script>alert(1)</script><img src=x onerror=alert(1)>'),
    ]);
  });

  it('never links a javascript:, data: or relative URL', () => {
    for (const source of [
      '[x](javascript:alert(1))',
      '[x](JavaScript:alert(1))',
      '[x](data:text/html,<b>hi</b>)',
      '[x](/relative)',
      '[x](ftp://files.example/a)',
      'javascript:alert(1)',
    ]) {
      expect(line(source)).toEqual([text(source)]);
    }
  });

  it('does not let a link URL break out of its attribute', () => {
    const tokens = line('[x](https://a.example/"onmouseover="alert(1))');
    expect(tokens.some((t) => t.kind === 'link' && t.href.includes('"'))).toBe(false);
    expect(plainText(tokens)).toContain('onmouseover');
  });

  it('treats unclosed and empty ** as text', () => {
    expect(line('**not closed')).toEqual([text('**not closed')]);
    expect(line('a ** b')).toEqual([text('a ** b')]);
    expect(line('****')).toEqual([text('****')]);
  });

  it('pairs ** from the left and never nests bold', () => {
    expect(line('**a **b** c**')).toEqual([
      { kind: 'bold', children: [text('a ')] },
      text('b'),
      { kind: 'bold', children: [text(' c')] },
    ]);
    expect(line('**one** and **two')).toEqual([{ kind: 'bold', children: [text('one')] }, text(' and **two')]);
  });

  it('allows links inside bold and bold inside link labels, but no links inside labels', () => {
    expect(line('**see https://a.example**')).toEqual([
      { kind: 'bold', children: [text('see '), { kind: 'link', href: 'https://a.example', children: [text('https://a.example')] }] },
    ]);
    expect(line('[**Shop** https://b.example](https://a.example)')).toEqual([
      {
        kind: 'link',
        href: 'https://a.example',
        children: [{ kind: 'bold', children: [text('Shop')] }, text(' https://b.example')],
      },
    ]);
  });

  it('does not link a URL glued to a word', () => {
    expect(line('xhttps://a.example')).toEqual([text('xhttps://a.example')]);
  });

  it('returns no blocks for empty or blank text and survives huge input', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown(' \n\t\n')).toEqual([]);
    const huge = '[x]('.repeat(10_000) + '**';
    expect(line(huge)).toEqual([text(huge)]);
  });
});

describe('autolink', () => {
  it('links only bare URLs and leaves Markdown alone', () => {
    expect(autolink('**hi** [x](/a) https://b.example')).toEqual([
      text('**hi** [x](/a) '),
      { kind: 'link', href: 'https://b.example', children: [text('https://b.example')] },
    ]);
  });
});

describe('safeHref', () => {
  it('accepts only http and https', () => {
    expect(safeHref('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
    expect(safeHref('http://a.example')).toBe('http://a.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});

describe('previewText', () => {
  it('drops Markdown marks and joins lines for a one-line preview', () => {
    expect(previewText('Hi **Ana**! Two options:\n- return at [our page](https://example.com/r)\n- keep it')).toBe(
      'Hi Ana! Two options: return at our page keep it',
    );
    expect(previewText('<b>not html</b>')).toBe('<b>not html</b>');
  });
});
