import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { createWin } from '../../src/core/notes/notesStore';
import { renderHtml } from '../../src/core/packet/html';
import { buildPacketView } from '../../src/core/packet/model';
import { buildKnownHistory } from './helpers/knownHistory';
import { cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

/** Debian's Chromium (scripts/setup.sh installs it, with poppler-utils for pdftotext and pdfinfo). */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Prints an HTML file to PDF as a person would with "Print to PDF", and returns each page's text. */
function printPages(html: string): string[] {
  const dir = tempDir('gl-print-');
  const file = path.join(dir, 'packet.html');
  const pdf = path.join(dir, 'packet.pdf');
  writeFileSync(file, html);
  execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      `file://${file}`,
    ],
    { env: { ...process.env, HOME: dir, TMPDIR: dir }, stdio: 'ignore', timeout: 60_000 },
  );
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  return Array.from({ length: pages }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }));
}

describe('the HTML packet printed to PDF', () => {
  let a: Analysis;
  let pages: string[];
  beforeAll(async () => {
    const r = buildKnownHistory();
    const notes = path.join(r.dir, '.growth');
    await createWin(notes, {
      title: 'Led the billing migration',
      impact: 'Zero downtime; 3 teams unblocked',
      expectations: ['senior.delivery'],
      commits: [r.head()],
      date: '2025-07-20',
    });
    a = await analyze({ repos: [r.dir], since: '2025-01-01', until: '2025-07-31', notesDir: notes, now: new Date('2025-08-01T09:00:00Z') });
    pages = printPages(renderHtml(a));
  }, 120_000);

  it('holds the summary and every highlight on page one', () => {
    const one = pages[0]!.replace(/\s+/g, ' ');
    expect(one).toContain('Promotion packet: Alex Rivera');
    expect(one).toContain('Summary');
    expect(one).toContain('10 commits authored over 7 active weeks');
    expect(one).toContain('Highlights');
    const { highlights } = buildPacketView(a);
    expect(highlights.length).toBeGreaterThanOrEqual(3);
    for (const { item } of highlights) expect(one).toContain(item.signal === 'win.logged' ? item.subject : item.commit.slice(0, 7));
  });

  it('starts the appendix on a page of its own, with its collapsed sections printed open', () => {
    const start = pages.findIndex(p => p.includes('Appendix: all evidence'));
    expect(start).toBeGreaterThan(0);
    expect(pages[start]!.trimStart().startsWith('Appendix: all evidence')).toBe(true);
    const appendix = pages.slice(start).join('\n').replace(/\s+/g, ' ');
    // Items that are only in the appendix are printed, not hidden in a closed <details>.
    expect(appendix).toContain('Active in week 2025-W05');
    expect(appendix).toContain('Ownership: ');
  });
});
