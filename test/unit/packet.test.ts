import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { createWin } from '../../src/core/notes/notesStore';
import { updateStatement } from '../../src/core/notes/statements';
import { renderMarkdown } from '../../src/core/packet/markdown';
import { renderHtml } from '../../src/core/packet/html';
import { renderSelfReview } from '../../src/core/packet/selfReview';
import { escapeMarkdown, plain } from '../../src/core/packet/text';
import { commitLinker } from '../../src/core/git/remoteLinks';
import { buildKnownHistory } from './helpers/knownHistory';
import { ALEX, RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const GOLDEN = path.join(__dirname, 'golden');

/** Compares with the file in test/unit/golden; UPDATE_GOLDEN=1 rewrites it after a deliberate change. */
function golden(name: string, actual: string) {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('promotion packet', () => {
  let a: Analysis;
  let repoDir: string;
  let pinned: string;
  let hidden: string;
  beforeAll(async () => {
    const r = buildKnownHistory();
    repoDir = r.dir;
    const notes = path.join(r.dir, '.growth');
    await createWin(notes, {
      title: 'Led the billing migration',
      impact: 'Zero downtime; 3 teams unblocked',
      expectations: ['senior.delivery', 'senior.negotiation'],
      commits: [r.head()],
      date: '2025-07-20',
      text: 'Negotiated the cut-over window with finance.',
    });
    // My voice on code review: the patch I applied leads, the dependency bump is left out (it still counts).
    pinned = r.git('log', '--format=%H', '-1', '--grep=Log slow API requests');
    hidden = r.git('log', '--format=%H', '-1', '--grep=Bump lodash');
    await updateStatement(notes, 'mid.review', {
      text: "I review most of the API changes, and I land outside patches myself.\n\n- Bob's logging patch: applied after two rounds\n- Dev's first pull request: merged with tests",
      pin: [pinned.slice(0, 7)],
      hide: [hidden],
    });
    a = await analyze({ repos: [r.dir], since: '2025-01-01', until: '2025-07-31', notesDir: notes, now: new Date('2025-08-01T09:00:00Z') });
  });
  const normalise = (s: string) => s.split(repoDir).join('/work/payments').split(escapeMarkdown(repoDir)).join('/work/payments');

  it('renders Markdown that matches the golden file', () => golden('packet.md', normalise(renderMarkdown(a))));
  it('renders self-contained printable HTML that matches the golden file', () => {
    const html = normalise(renderHtml(a));
    golden('packet.html', html);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    // The one inline stylesheet is allowed by its hash, so nothing injected could style (or exfiltrate through) the page.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(html).toContain(`content="default-src 'none'; style-src 'sha256-${hash}'; img-src data:"`);
    expect(html).not.toContain('unsafe-inline');
    expect(html).toContain('@media print');
    expect(html).toMatch(/<section class="appendix"><h2>Appendix: all evidence<\/h2>\n<details><summary>/);
  });
  it('renders the self-review text that matches the golden file', () => golden('self-review.txt', normalise(renderSelfReview(a))));

  it('cites commits with short SHA, subject, date and a web link', () => {
    const md = renderMarkdown(a);
    const sample = a.evidence.find(e => e.signal === 'review.merge')!;
    expect(md).toContain(
      `Merged "Merge pull request #12 from dev/search" (2 commits by dev@example.com) \u2014 2 lines, 2 areas: [\`${sample.commit.slice(0, 7)}\`](https://github.com/acme/payments/commit/${sample.commit}) (2025-05-03)`,
    );
    expect(md).toContain('## Gaps and next steps');
    expect(md).toMatch(/- \*\*Delivers reliably and steadily\*\* \(mid-level, partial, 8 of 12\): Break work/);
  });

  it('argues on page one: who, period, framework, figures that are not zero, then the highlights', () => {
    const md = renderMarkdown(a);
    const [pageOne] = md.split('## The evidence, expectation by expectation');
    expect(pageOne).toMatch(
      /^# Promotion packet: Alex Rivera\n\nPeriod: 2025-01-01 to 2025-07-31 · Generated 2025-08-01 · Framework: Growth Ledger default \(software engineering\)/,
    );
    expect(pageOne!.indexOf('## Summary')).toBeLessThan(pageOne!.indexOf('## Highlights'));
    expect(pageOne).toContain('## Mid-level expectations: ');
    const summary = pageOne!.split('## Summary')[1]!.split('## Highlights')[0]!;
    expect(summary.trim().split('\n')[0]).toBe('- 10 commits authored over 7 active weeks');
    expect(summary).not.toMatch(/(^|\s)0 /);
    const highlights = pageOne!.split('## Highlights')[1]!.split('## Mid-level')[0]!.trim().split('\n');
    expect(highlights.length).toBeGreaterThanOrEqual(3);
    expect(highlights.length).toBeLessThanOrEqual(6);
    // Each names its figure (a win its measured impact) and cites its commit, linked.
    for (const line of highlights) {
      expect(line).toMatch(
        /^\d\. \*\*.+\*\*(: [\d,]+ (lines?|commits?|areas?|months?|people)\b|.*logged win).*\[`[0-9a-f]{7}`\]\(https:\/\/github\.com\/acme\/payments\/commit\/[0-9a-f]{40}\)/,
      );
    }
    // The plan and the gaps come after the evidence, the appendix last.
    expect(md.indexOf('## Gaps and next steps')).toBeGreaterThan(md.indexOf('## The evidence, expectation by expectation'));
    expect(md.indexOf('## Appendix: all evidence')).toBeGreaterThan(md.indexOf('## Not visible here'));
  });

  it('leads an expectation with my statement and pinned evidence, leaves hidden evidence out but counted', () => {
    const md = renderMarkdown(a);
    const section = md.split('### Reviews teammates’ changes (mid-level)')[1]!.split('\n### ')[0]!;
    expect(section).toMatch(
      /^: Demonstrated, 5 of 5\n\nI review most of the API changes, and I land outside patches myself\.\n\n- Bob's logging patch: applied after two rounds\n- Dev's first pull request: merged with tests\n\n- Applied "Log slow API requests" by Bob Stone/,
    );
    expect(section).toContain('- and 1 more in the appendix');
    expect(md).not.toContain('Bump lodash');
    expect(md).toContain('### Reviews teammates’ changes (mid-level): 4 items, 1 left out by me');
    expect(renderHtml(a)).not.toContain('Bump lodash');
    expect(a.expectations.find(x => x.id === 'mid.review')!.evidence).toBe(5);
    expect(a.statements.map(s => [s.expectation, s.pinned, s.hidden])).toEqual([['mid.review', [pinned.slice(0, 7)], [hidden]]]);
  });
});

describe('untrusted text in the packet', () => {
  it('renders hostile commit text inert in Markdown and HTML', async () => {
    const r = new RepoBuilder();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) **bold** \u202Eevil\u202C \x07';
    r.commit({ author: 'Mallory <mal@example.com>', date: dayAt('2025-01-01'), subject: 'Mallory starts' });
    r.commit({
      author: `Mal <script>x</script> <mal@example.com>`.replace('<script>x</script> ', ''),
      date: dayAt('2025-01-02'),
      subject: hostile,
      trailers: [`Reviewed-by: ${ALEX}`],
    });
    r.git('remote', 'add', 'origin', 'javascript:alert(1)//github.com/x/y');
    const a = await analyze({ repos: [r.dir], notesDir: path.join(r.dir, '.growth') });
    const html = renderHtml(a);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/href="(?!https:)/);
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const md = renderMarkdown(a);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('](javascript');
    expect(md).not.toContain('\u202E');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\[click\\]\\(javascript:alert(3)) \\*\\*bold\\*\\*');
  });

  it('folds control characters and long lines', () => {
    expect(plain('a\nb\tc\x00d\u2066e', 100)).toBe('a b c\ufffdd\ufffde');
    expect(plain('x'.repeat(500), 10)).toBe('x'.repeat(9) + '\u2026');
    expect(escapeMarkdown('# not a heading | pipe')).toBe('\\# not a heading | pipe');
  });
});

describe('remote links', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  it.each([
    ['git@github.com:acme/payments.git', `https://github.com/acme/payments/commit/${sha}`],
    ['https://github.com/acme/payments', `https://github.com/acme/payments/commit/${sha}`],
    ['ssh://git@gitlab.com/group/sub/proj.git', `https://gitlab.com/group/sub/proj/-/commit/${sha}`],
    ['https://user@bitbucket.org/team/repo.git', `https://bitbucket.org/team/repo/commits/${sha}`],
    ['https://chromium.googlesource.com/chromium/src', `https://chromium.googlesource.com/chromium/src/+/${sha}`],
    ['https://example.org/some/repo.git', undefined],
    ['javascript:alert(1)', undefined],
    ['/local/path/repo', undefined],
  ])('%s', (remote, expected) => {
    expect(commitLinker(remote)?.(sha)).toBe(expected);
  });
});
