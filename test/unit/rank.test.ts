import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { createWin } from '../../src/core/notes/notesStore';
import { buildPacketView } from '../../src/core/packet/model';
import { rankEvidence, significance } from '../../src/core/packet/rank';
import { ALEX, BOB, CARA, RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';

/**
 * A history whose right order is known by construction: a large effort across three areas against a small one in
 * one; an area kept for six months against one kept for three; the review of a newcomer's first change against a
 * peer's change of the same size; a win with a measured impact against one without.
 */
function buildRankedHistory(): RepoBuilder {
  const r = new RepoBuilder();
  r.commit({ author: BOB, date: dayAt('2024-11-01'), subject: 'Initial server', files: { 'src/api/server.ts': 'export {}\n' } });
  for (const [i, month] of ['01', '02', '03', '04', '05', '06'].entries()) {
    r.commit({ author: ALEX, date: dayAt(`2025-${month}-03`), subject: `Billing step ${i + 1}`, files: { [`src/billing/step${i}.ts`]: lines(5, 'b') } });
  }
  for (const [i, month] of ['01', '02', '03'].entries()) {
    r.commit({ author: ALEX, date: dayAt(`2025-${month}-05`), subject: `Tax step ${i + 1}`, files: { [`src/tax/step${i}.ts`]: lines(5, 't') } });
  }
  r.branch('alex/ledger');
  r.commit({ author: ALEX, date: dayAt('2025-04-10'), subject: 'Ledger schema', files: { 'src/ledger/schema.ts': lines(120, 's') } });
  r.commit({ author: ALEX, date: dayAt('2025-04-11'), subject: 'Ledger API', files: { 'src/api/ledger.ts': lines(90, 'a') } });
  r.commit({ author: ALEX, date: dayAt('2025-04-12'), subject: 'Ledger docs', files: { 'docs/ledger.md': lines(60, 'd') } });
  r.commit({ author: ALEX, date: dayAt('2025-04-13'), subject: 'Ledger migration', files: { 'src/ledger/migrate.ts': lines(80, 'm') } });
  r.checkout('main');
  r.merge('alex/ledger', { author: BOB, date: dayAt('2025-04-14'), message: 'Merge pull request #5 from alex/ledger' });
  r.branch('alex/typo');
  r.commit({ author: ALEX, date: dayAt('2025-05-10'), subject: 'Fix a typo', files: { 'src/api/server.ts': 'export {} // typo\n' } });
  r.commit({ author: ALEX, date: dayAt('2025-05-11'), subject: 'Fix another typo', files: { 'src/api/server.ts': 'export {} // typos\n' } });
  r.checkout('main');
  r.merge('alex/typo', { author: BOB, date: dayAt('2025-05-12'), message: 'Merge pull request #6 from alex/typo' });
  // The same size of change, reviewed: Bob's (here before me) and Cara's very first one.
  r.commit({
    author: BOB,
    date: dayAt('2025-06-10'),
    subject: 'Peer change',
    files: { 'src/api/peer.ts': lines(10, 'p') },
    trailers: [`Reviewed-by: ${ALEX}`],
  });
  r.commit({
    author: CARA,
    date: dayAt('2025-06-09'),
    subject: 'Newcomer change',
    files: { 'src/api/new.ts': lines(10, 'n') },
    trailers: [`Reviewed-by: ${ALEX}`],
  });
  return r;
}

describe('ranking by significance', () => {
  let a: Analysis;
  beforeAll(async () => {
    const r = buildRankedHistory();
    const notes = path.join(r.dir, '.growth');
    await createWin(notes, { title: 'Tidied the backlog', impact: 'Things feel calmer', expectations: ['senior.negotiation'], date: '2025-06-20' });
    await createWin(notes, {
      title: 'Cut invoice latency',
      impact: 'p95 latency down 40% for 3 teams',
      expectations: ['senior.negotiation'],
      date: '2025-06-01',
    });
    a = await analyze({ repos: [r.dir], since: '2025-01-01', until: '2025-06-30', notesDir: notes, now: new Date('2025-07-01T09:00:00Z') });
  });
  const row = (id: string) =>
    buildPacketView(a)
      .levels.flatMap(l => l.rows)
      .find(x => x.result.id === id)!;
  const subjects = (items: { subject: string }[]) => items.map(e => e.subject);

  it('puts the large effort across three areas before the small one, whatever their dates', () => {
    const delivered = row('mid.delivery').shown.filter(e => e.signal === 'delivery.mergedBranch');
    expect(subjects(delivered)).toEqual(['Merge pull request #5 from alex/ledger', 'Merge pull request #6 from alex/typo']);
    expect(delivered[0]!.figures).toEqual({ lines: 350, commits: 4, areas: 3 });
  });

  it('puts the area kept for six months before the one kept for three', () => {
    const sustained = row('mid.ownership').shown.filter(e => e.signal === 'ownership.sustained');
    expect(sustained.map(e => e.paths[0])).toEqual(['src/billing/', 'src/tax/']);
    expect(sustained.map(e => e.figures?.months)).toEqual([6, 3]);
  });

  it("puts the review of a newcomer's first change before a peer's change of the same size", () => {
    // Cara is helped once (one review), so her first change counts as help, not as mentoring.
    const newcomer = a.evidence.findIndex(e => e.signal === 'mentoring.helped' && e.subject === 'Newcomer change');
    const peer = a.evidence.findIndex(e => e.signal === 'review.trailer' && e.subject === 'Peer change');
    expect(newcomer).toBeGreaterThanOrEqual(0);
    expect(rankEvidence(a.evidence, [peer, newcomer])).toEqual([newcomer, peer]);
    // Newer first only breaks ties: the peer change is the newer one.
    expect(a.evidence[peer]!.date > a.evidence[newcomer]!.date).toBe(true);
  });

  it('puts a win with a measured impact before one without, though it is older', () => {
    expect(subjects(row('senior.negotiation').top)).toEqual(['Cut invoice latency', 'Tidied the backlog']);
  });

  it('leads the highlights with the strongest work and never with a week of commits', () => {
    const { highlights } = buildPacketView(a);
    expect(highlights.length).toBeGreaterThanOrEqual(3);
    expect(highlights.length).toBeLessThanOrEqual(6);
    expect(highlights.map(h => h.item.signal)).not.toContain('consistency.activeWeek');
    const scores = highlights.map(h =>
      significance(
        h.item,
        a.wins.find(w => w.id === h.item.commit),
      ),
    );
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(new Set(highlights.map(h => h.item.commit)).size).toBe(highlights.length);
  });
});
