import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { renderMarkdown } from '../../src/core/packet/markdown';
import { escapeMarkdown, escapeMarkdownCell, markdownCode, plain } from '../../src/core/packet/text';
import { ALEX, RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

// As VS Code's preview and GitHub render it: raw HTML allowed, bare links linked, GFM tables and strikethrough.
const parser = new MarkdownIt({ html: true, linkify: true });

/** The tags markdown-it itself writes for the packet's Markdown; anything else came through from the text. */
const OWN_TAGS = /^<\/?(p|ul|ol|li|h[1-6]|strong|em|code|table|thead|tbody|tr|th|td|hr|br|a)( (href="https:[^"]*"|style="text-align:[a-z]+"))?\s*\/?>$/;

function visibleText(html: string): string {
  for (const tag of html.match(/<[^>]*>/g) ?? []) expect(tag, `markup from the text: ${tag}`).toMatch(OWN_TAGS);
  return html
    .replace(/<\/?(a|strong|em|code)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<a href="javascript:alert(1)">x</a>',
  '<!-- hidden --> shown',
  '<?php echo 1; ?>',
  '[link](javascript:alert(1))',
  '![image](https://example.com/x.png)',
  '[ref]: https://example.com',
  '*bold* **bolder** _it_ __under__ snake_case_name _lead trail_',
  '*',
  '_',
  '`',
  '``code`` and `more` ` lone',
  'a | b | c',
  '|',
  '# heading',
  '## heading ##',
  '#hashtag and #12',
  'Fix C #',
  '1. first',
  '2) second',
  '10. tenth',
  '1.5x faster',
  '- item',
  '+ item',
  '* item',
  '> quote',
  '---',
  '- - -',
  '***',
  '___',
  '===',
  'C:\\path\\to\\file',
  'trailing backslash \\',
  '\\*escaped already\\*',
  'AT&T &amp; &lt;b&gt; &#60; &#x3C; &copy;',
  '~~struck~~ and ~one~',
  '<https://example.com>',
  'https://example.com/a_b_c?x=1&y=2',
  'a < b > c',
  'Map<string, List<int>>',
  'Promotion packet: Alex Rivera',
  '2025-12-01',
  'Growth Ledger default (software engineering)',
  'émoji ✓ 中文 — dashes – and ‘quotes’',
  '100% of lines, 7 commits',
  '\u202Eevil\u202C \x07 bell',
  '    four spaces first',
];

describe('Markdown that reads as text', () => {
  it('leaves ordinary text as it is', () => {
    for (const text of [
      '2025-12-01',
      '(software engineering)',
      'Promotion packet: Alex Rivera',
      'src/billing/',
      'snake_case_name',
      'Reviewed-by, Acked-by',
      'Fix #12: totals',
      '1.5x faster',
      "Dev's first change",
    ]) {
      expect(escapeMarkdown(text)).toBe(text);
    }
  });

  it.each([
    ['a paragraph', (s: string) => escapeMarkdown(s)],
    ['text between words', (s: string) => `x ${escapeMarkdown(s)} y`],
    ['a list item', (s: string) => `- ${escapeMarkdown(s)}`],
    ['an ordered list item', (s: string) => `1. ${escapeMarkdown(s)}`],
    ['a heading', (s: string) => `### ${escapeMarkdown(s)}`],
    ['bold text', (s: string) => `**${escapeMarkdown(s)}**`],
    ['a table cell', (s: string) => `| a | b |\n| --- | --- |\n| ${escapeMarkdownCell(s)} | z |`],
    ['a code span', (s: string) => markdownCode(s)],
    ['a code span in a table', (s: string) => `| a |\n| --- |\n| ${markdownCode(s, 300, true)} |`],
  ])('renders hostile text in %s as exactly that text', (where, place) => {
    for (const text of HOSTILE) {
      const expected = plain(text);
      const html = parser.render(place(text));
      const visible = visibleText(html);
      const framing =
        where === 'text between words' ? ['x ', ' y'] : where === 'a table cell' ? ['a b ', ' z'] : where === 'a code span in a table' ? ['a ', ''] : ['', ''];
      expect(visible, `${where}: ${JSON.stringify(text)} rendered as ${html}`).toBe(`${framing[0]}${expected}${framing[1]}`.replace(/\s+/g, ' ').trim());
      expect(html).not.toMatch(/<script|<img|href="(?!https:)/i);
    }
  });

  it('renders a packet of hostile commits with every subject shown as written and nothing active', async () => {
    const r = new RepoBuilder();
    r.commit({ author: 'Mallory <mal@example.com>', date: dayAt('2025-01-01'), subject: 'Mallory starts' });
    const subjects = HOSTILE.slice(0, 30);
    subjects.forEach((subject, i) =>
      r.commit({ author: 'Mallory <mal@example.com>', date: dayAt(`2025-02-${String(i + 1).padStart(2, '0')}`), subject, trailers: [`Reviewed-by: ${ALEX}`] }),
    );
    r.git('remote', 'add', 'origin', 'git@github.com:acme/payments.git');
    const a = await analyze({ repos: [r.dir], notesDir: path.join(r.dir, '.growth') });
    const html = parser.render(renderMarkdown(a));
    expect(html).not.toMatch(/<script|<img|<!--|<\?|href="(?!https:)/i);
    const visible = visibleText(html);
    for (const subject of subjects) expect(visible).toContain(`"${plain(subject)}"`);
  });
});
