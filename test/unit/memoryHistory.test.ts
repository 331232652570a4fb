import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/core/model';
import { readHistory } from '../../src/core/git/historyReader';
import { detectCraft } from '../../src/core/evidence/craft';
import { detectMentoring } from '../../src/core/evidence/mentoring';
import { detectOwnership } from '../../src/core/evidence/ownership';
import { detectReviews } from '../../src/core/evidence/reviews';
import { parsePeriod } from '../../src/core/period';
import { analyzeRepository, evidenceOrder } from '../../src/core/repoAnalysis';
import { MEMORY_REPO, MemoryHistory, type LineChange } from './helpers/memoryHistory';
import { ALEX, ALEX_OLD, BOB, CARA, DEV, RepoBuilder, cleanupTemps, dayAt, type CommitSpec, type Who } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const MAILMAP = 'Alex Rivera <alex@example.com> <alex@old-laptop.local>\n';

/** What both builders can do; files are given as contents, which the in-memory side counts (new files only). */
interface Builder {
  commit(spec: CommitSpec): string;
  branch(name: string): void;
  checkout(name: string): void;
  merge(branch: string, spec: { author: Who; date: string; message: string }): string;
}

function inMemory(h: MemoryHistory): Builder {
  const lines = (content: string | Buffer | null): LineChange => (typeof content === 'string' ? content.split('\n').length - 1 : null);
  return {
    commit: spec => h.commit({ ...spec, files: spec.files && Object.fromEntries(Object.entries(spec.files).map(([p, c]) => [p, lines(c)])) }),
    branch: name => h.branch(name),
    checkout: name => h.checkout(name),
    merge: (branch, spec) => h.merge(branch, spec),
  };
}

/**
 * Everything about a commit that can reach a detector: odd trailers, a body, a mailmapped author, a binary file, a
 * merge, an applied patch, a committer date after the author date, an area I own.
 */
function build(b: Builder): void {
  b.commit({ author: BOB, date: dayAt('2025-01-01'), subject: 'Initial server', files: { 'src/api/server.ts': 'export {}\n', '.mailmap': MAILMAP } });
  b.commit({
    author: ALEX_OLD,
    date: dayAt('2025-01-02'),
    subject: 'Add invoice model',
    body: 'Invoices are immutable once sent.\nCorrections are credit notes, because an audit must replay them.',
    files: { 'src/billing/invoice.ts': 'a\nb\nc\n' },
    trailers: [`Reviewed-By: ${BOB}`],
  });
  b.commit({
    author: CARA,
    date: dayAt('2025-01-03'),
    subject: 'Add search index',
    files: { 'src/search/index.ts': 'i\n' },
    trailers: [`Reviewed-by: ${ALEX_OLD}`, `Mentored by: ${ALEX}`, 'Reviewed-on: https://review.example.com/c/1'],
  });
  b.branch('dev/filters');
  b.commit({ author: DEV, date: dayAt('2025-01-04'), subject: 'Add filters', files: { 'src/search/filters.ts': 'f\ng\n' } });
  b.commit({
    author: DEV,
    date: dayAt('2025-01-05'),
    subject: 'Add filter tests',
    files: { 'test/filters.test.ts': 't\n' },
    trailers: [`Co-authored-by: ${ALEX}`],
  });
  b.checkout('main');
  b.commit({
    author: ALEX,
    date: dayAt('2025-01-06'),
    subject: 'Add logo',
    files: { 'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0, 0xff]) },
  });
  b.merge('dev/filters', { author: ALEX, date: dayAt('2025-01-07'), message: 'Merge pull request #12 from dev/filters\n\nFilters for the search page.' });
  b.commit({ author: BOB, committer: ALEX, date: dayAt('2025-01-08'), subject: 'Log slow requests', files: { 'src/api/log.ts': 'l\n' } });
  b.commit({
    author: ALEX,
    date: dayAt('2025-01-09'),
    committerDate: dayAt('2025-01-10'),
    subject: 'Fix totals (#13)',
    body: 'The root cause was float arithmetic.',
    trailers: ['Fixes: 1234567 ("Add invoice model")'],
  });
  b.commit({ author: ALEX, date: dayAt('2025-01-11'), subject: 'Document billing', files: { 'src/billing/README.md': 'x\ny\n' } });
  b.commit({ author: ALEX, date: dayAt('2025-01-12'), subject: 'Add tax rules', files: { 'src/billing/tax.ts': 't\n', 'src/billing/rates.ts': 'r\n' } });
}

/** Commit ids (and their short forms) replaced by the subject, and the repository path by a name: the parts that differ by construction. */
function normalised(value: unknown, commits: CommitRecord[], repo: string): unknown {
  let text = JSON.stringify(value).split(repo).join('<repo>');
  for (const c of commits) text = text.split(c.sha).join(`<${c.subject}>`).split(c.sha.slice(0, 7)).join(`<${c.subject}>`);
  return JSON.parse(text);
}

describe('the in-memory history', () => {
  const memory = new MemoryHistory({ 'alex@old-laptop.local': ALEX });
  build(inMemory(memory));
  let real: RepoBuilder;
  const read: CommitRecord[] = [];
  beforeAll(async () => {
    real = new RepoBuilder();
    build(real);
    await readHistory(real.dir, c => read.push(c));
  });

  it('makes the same commits, in the same order, as reading the repository with git', () => {
    const made = memory.log();
    expect(made.map(c => c.subject)).toEqual(read.map(c => c.subject));
    expect(normalised(made, made, MEMORY_REPO)).toEqual(normalised(read, read, real.dir));
  });

  it('gives the detectors what an analysis of the repository gives them', async () => {
    const result = await analyzeRepository(real.dir, { now: new Date('2025-02-01T00:00:00Z') }, parsePeriod('2025-01-01', null), []);
    const ctx = memory.context({ since: '2025-01-01' });
    const ownership = detectOwnership(ctx, result.state.recentFrom);
    const reviews = detectReviews(ctx);
    const mentoring = detectMentoring(ctx);
    const craft = detectCraft(ctx, mentoring);
    const evidence = [...ownership.evidence, ...reviews.evidence, ...mentoring.evidence, ...craft.evidence, ...craft.weeks.map(([, e]) => e)].sort(
      evidenceOrder,
    );
    // Most kinds of evidence, so that the comparison below is not one of two nearly empty lists.
    expect([...new Set(evidence.map(e => e.signal))].sort()).toEqual([
      'collaboration.reviewedByOthers',
      'communication.docs',
      'consistency.activeWeek',
      'delivery.mergedBranch',
      'diagnostics.fix',
      'mentoring.coauthor',
      'mentoring.newcomerReview',
      'mentoring.trailer',
      'ownership.mainDeveloper',
      'ownership.soleRecentAuthor',
      'review.applied',
      'review.merge',
      'review.trailer',
    ]);
    const made = memory.log();
    expect(
      normalised(
        { evidence, reviewCounts: reviews.counts, mentoring: { byTrailer: mentoring.byTrailer, people: mentoring.people }, ownership: ownership.areas },
        made,
        MEMORY_REPO,
      ),
    ).toEqual(
      normalised({ evidence: result.evidence, reviewCounts: result.reviewCounts, mentoring: result.mentoring, ownership: result.ownership }, read, real.dir),
    );
  });
});
