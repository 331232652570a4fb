import { describe, expect, it } from 'vitest';
import type { EvidenceItem, Signal } from '../../src/core/model';
import { detectCraft, isoWeek } from '../../src/core/evidence/craft';
import { detectMentoring } from '../../src/core/evidence/mentoring';
import { detectOwnership, extendTallies, periodTallies, storedTallies } from '../../src/core/evidence/ownership';
import { detectReviews } from '../../src/core/evidence/reviews';
import { MEMORY_REPO, MemoryHistory } from './helpers/memoryHistory';
import { AI, ALEX, ALEX_OLD, BOB, BOT, CARA, DEV, dayAt } from './helpers/repoBuilder';

// Rules of each detector on histories built in memory (test/unit/memoryHistory.test.ts checks that such a history
// gives the detectors what reading a real repository does). Alex is "me" throughout; Bob started before Alex, Cara and
// Dev after; Erin never authored a commit of her own.
const ERIN = 'Erin Wu <erin@example.com>';
const COPILOT = 'GitHub Copilot <copilot@github.com>';
const RENOVATE = 'renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>';
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);

const only = (evidence: EvidenceItem[], signal: Signal) => evidence.filter(e => e.signal === signal);
/** The parts of an item a rule decides, in the order the detector found them. */
const brief = (evidence: EvidenceItem[], signal: Signal) => only(evidence, signal).map(e => ({ subject: e.subject, summary: e.summary, people: e.people }));

/** Craft's findings, which take mentoring's peers as input. */
function craftOf(h: MemoryHistory, since: string) {
  const ctx = h.context({ since });
  return detectCraft(ctx, detectMentoring(ctx));
}

/** Bob first, then me: a peer who was here before me. */
function withBobThenMe(): MemoryHistory {
  const h = new MemoryHistory();
  h.commit({ author: BOB, date: dayAt('2024-01-01'), subject: 'Bob starts' });
  h.commit({ author: ALEX, date: dayAt('2024-02-01'), subject: 'Alex starts' });
  return h;
}

describe('reviews', () => {
  it("counts trailers naming me whatever their case or spelling, once per key and commit, and cites others' commits", () => {
    const h = withBobThenMe();
    h.commit({ author: BOB, date: dayAt('2025-01-01'), subject: 'Add retries', trailers: ['reviewed-BY: Alex Rivera <ALEX@EXAMPLE.COM>'] });
    h.commit({ author: CARA, date: dayAt('2025-01-02'), subject: 'Add search', trailers: [`Reveiwed-by: ${ALEX}`] });
    // Phabricator's spelling, and a second key for the same review: one review.
    h.commit({ author: DEV, date: dayAt('2025-01-03'), subject: 'Add filters', trailers: ['Reviewed By: Alex <alex@example.com>', `Reviewer: ${ALEX}`] });
    h.commit({
      author: BOB,
      date: dayAt('2025-01-04'),
      subject: 'Harden timeouts',
      trailers: [`ACKED_BY: ${ALEX}`, `Tested by: ${ALEX}`, `Reviewed-by: ${CARA}`],
    });
    h.commit({
      author: DEV,
      date: dayAt('2025-01-05'),
      subject: 'Not me',
      trailers: [`Approved-by: ${BOB}`, 'Reviewed-by: Alex Rivera <alex@example.org>', 'Reviewed-by: alex'],
    });
    // Counted (a commit by anyone naming me), but my own commit is no review I gave.
    h.commit({ author: ALEX, date: dayAt('2025-01-06'), subject: 'My change', trailers: [`Tested-by: ${ALEX}`, `Reviewed-by: ${BOB}`] });
    const { counts, evidence } = detectReviews(h.context());
    expect(counts).toEqual({
      byTrailer: { 'Reviewed-by': 3, 'Acked-by': 1, 'Tested-by': 2, 'Approved-by': 0 },
      mergesOfOthersWork: 0,
      commitsCommittedForOthers: 0,
      gerritVotes: 0,
    });
    expect(brief(evidence, 'review.trailer')).toEqual([
      { subject: 'Harden timeouts', summary: 'Acked-by, Tested-by on "Harden timeouts" by Bob Stone', people: ['bob@example.com'] },
      { subject: 'Add filters', summary: 'Reviewed-by on "Add filters" by Dev Patel', people: ['dev@example.com'] },
      { subject: 'Add search', summary: 'Reviewed-by on "Add search" by Cara Newman', people: ['cara@example.com'] },
      { subject: 'Add retries', summary: 'Reviewed-by on "Add retries" by Bob Stone', people: ['bob@example.com'] },
    ]);
    expect(evidence).toHaveLength(4);
    const [first] = evidence;
    expect({ kind: first!.kind, repo: first!.repo, date: first!.date, weight: first!.weight, paths: first!.paths }).toEqual({
      kind: 'review',
      repo: MEMORY_REPO,
      date: '2025-01-04',
      weight: 1,
      paths: ['notes/6.txt'],
    });
  });

  it('links the review only when the commit names an https review page', () => {
    const h = withBobThenMe();
    h.commit({
      author: BOB,
      date: dayAt('2025-01-01'),
      subject: 'On Gerrit',
      trailers: [`Reviewed-by: ${ALEX}`, 'Reviewed-on: https://review.example.com/c/payments/+/42'],
    });
    h.commit({
      author: BOB,
      date: dayAt('2025-01-02'),
      subject: 'Over http',
      trailers: [`Reviewed-by: ${ALEX}`, 'Reviewed-on: http://review.example.com/c/payments/+/43'],
    });
    h.commit({ author: BOB, date: dayAt('2025-01-03'), subject: 'Not a page', trailers: [`Reviewed-by: ${ALEX}`, 'Reviewed-on: javascript:alert(1)'] });
    const { evidence } = detectReviews(h.context());
    expect(evidence.map(e => [e.subject, e.url])).toEqual([
      ['Not a page', undefined],
      ['Over http', undefined],
      ['On Gerrit', 'https://review.example.com/c/payments/+/42'],
    ]);
  });

  it("counts my merges of branches someone else authored, bots' too, naming only the humans", () => {
    const h = new MemoryHistory();
    h.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Start', files: { 'src/app.ts': 1 } });
    h.branch('team/retries');
    h.commit({ author: ALEX, date: dayAt('2025-01-02'), subject: 'Sketch retries', files: { 'src/pay/retry.ts': 3 } });
    h.commit({ author: BOB, date: dayAt('2025-01-03'), subject: 'Retry failed payments', files: { 'src/pay/retry.ts': [10, 2], 'src/pay/queue.ts': 4 } });
    h.commit({ author: CARA, date: dayAt('2025-01-04'), subject: 'Test retries', files: { 'test/retry.test.ts': 5 } });
    h.checkout('main');
    h.merge('team/retries', { author: ALEX, date: dayAt('2025-01-05'), message: 'Merge pull request #7 from team/retries' });
    // The merged side's newest commit is mine: my own work, not a review.
    h.branch('alex/cache');
    h.commit({ author: BOB, date: dayAt('2025-01-06'), subject: 'Cache groundwork' });
    h.commit({ author: ALEX, date: dayAt('2025-01-07'), subject: 'Add cache' });
    h.checkout('main');
    h.merge('alex/cache', { author: ALEX, date: dayAt('2025-01-08'), message: "Merge branch 'alex/cache'" });
    h.branch('renovate/lodash');
    h.commit({ author: RENOVATE, date: dayAt('2025-01-09'), subject: 'Update lodash', files: { 'package.json': [1, 1] } });
    h.checkout('main');
    h.merge('renovate/lodash', { author: ALEX, date: dayAt('2025-01-10'), message: 'Merge pull request #8 from renovate/lodash' });
    // Merged by someone else: not mine to count.
    h.branch('cara/search');
    h.commit({ author: CARA, date: dayAt('2025-01-11'), subject: 'Add search' });
    h.checkout('main');
    h.merge('cara/search', { author: BOB, date: dayAt('2025-01-12'), message: 'Merge pull request #9 from cara/search' });

    const { counts, evidence } = detectReviews(h.context());
    expect(counts.mergesOfOthersWork).toBe(2);
    expect(only(evidence, 'review.merge').map(e => ({ summary: e.summary, people: e.people, paths: e.paths, date: e.date }))).toEqual([
      { summary: 'Merged "Merge pull request #8 from renovate/lodash" (1 commit by renovate[bot])', people: [], paths: ['package.json'], date: '2025-01-10' },
      {
        summary: 'Merged "Merge pull request #7 from team/retries" (3 commits by cara@example.com, bob@example.com)',
        people: ['cara@example.com', 'bob@example.com'],
        paths: ['test/retry.test.ts', 'src/pay/queue.ts', 'src/pay/retry.ts'],
        date: '2025-01-05',
      },
    ]);
    expect(evidence).toHaveLength(2);
  });

  it('counts commits I committed for someone else as applied patches, citing only human authors', () => {
    const h = withBobThenMe();
    h.commit({ author: BOB, committer: ALEX, date: dayAt('2025-01-01'), subject: 'Log slow requests' });
    h.commit({ author: BOT, committer: ALEX, date: dayAt('2025-01-02'), subject: 'Bump express' });
    // Bob applied my patch: that is Bob's review, not mine.
    h.commit({ author: ALEX, committer: BOB, date: dayAt('2025-01-03'), subject: 'Patch Bob applied' });
    h.commit({ author: ALEX, date: dayAt('2025-01-04'), subject: 'My own commit' });
    const { counts, evidence } = detectReviews(h.context());
    expect(counts.commitsCommittedForOthers).toBe(2);
    expect(brief(evidence, 'review.applied')).toEqual([
      { subject: 'Log slow requests', summary: 'Applied "Log slow requests" by Bob Stone', people: ['bob@example.com'] },
    ]);
    expect(evidence).toHaveLength(1);
  });
});

describe('mentoring', () => {
  it("counts guidance trailers naming me on others' commits, spelled as people type them", () => {
    const h = withBobThenMe();
    h.commit({ author: CARA, date: dayAt('2024-03-01'), subject: 'Cara starts' });
    h.commit({
      author: CARA,
      date: dayAt('2024-03-05'),
      subject: 'Tune ranking',
      trailers: ['Mentored by: Alex Rivera <alex@example.com>', `Suggested-by: ${ALEX}`],
    });
    h.commit({ author: DEV, date: dayAt('2024-03-06'), subject: 'Dev helped', trailers: ['helped_by: Alex Rivera <ALEX@example.com>', `mentor: ${ALEX}`] });
    h.commit({ author: BOB, date: dayAt('2024-03-07'), subject: 'Bob asked', trailers: [`Suggested-by: ${ALEX}`] });
    // On my own commit, and on a bot's: counted as trailers, but nobody I mentored.
    h.commit({ author: ALEX, date: dayAt('2024-03-08'), subject: 'Self help', trailers: [`Helped-by: ${ALEX}`] });
    h.commit({ author: BOT, date: dayAt('2024-03-09'), subject: 'Bump lodash', trailers: [`Suggested-by: ${ALEX}`] });
    const result = detectMentoring(h.context());
    expect(result.byTrailer).toEqual({ 'Mentored-by': 2, 'Helped-by': 2, 'Suggested-by': 3, 'Co-authored-by': 0, 'Co-developed-by': 0 });
    expect(brief(result.evidence, 'mentoring.trailer')).toEqual([
      { subject: 'Bob asked', summary: 'Suggested-by on "Bob asked" by Bob Stone', people: ['bob@example.com'] },
      { subject: 'Dev helped', summary: 'Helped-by, Mentored-by on "Dev helped" by Dev Patel', people: ['dev@example.com'] },
      { subject: 'Tune ranking', summary: 'Mentored-by, Suggested-by on "Tune ranking" by Cara Newman', people: ['cara@example.com'] },
    ]);
    expect(result.evidence).toHaveLength(3);
    // A credit in a guidance trailer is mentoring however rare: each is explicit.
    expect(result.people).toEqual([
      { name: 'Bob Stone', email: 'bob@example.com', commits: 1, days: ['2024-03-07'], explicit: true },
      { name: 'Cara Newman', email: 'cara@example.com', commits: 1, days: ['2024-03-05'], explicit: true },
      { name: 'Dev Patel', email: 'dev@example.com', commits: 1, days: ['2024-03-06'], explicit: true },
    ]);
  });

  it('counts co-authoring with newer people as mentoring and with earlier ones as peer collaboration', () => {
    const h = withBobThenMe();
    h.commit({ author: CARA, date: dayAt('2024-03-01'), subject: 'Cara starts' });
    h.commit({
      author: ALEX,
      date: dayAt('2024-03-02'),
      subject: 'Pair on search',
      trailers: [
        `Co-authored-by: ${CARA}`,
        'Co-Authored-By: Cara N <CARA@example.com>',
        `Co-authored-by: ${BOB}`,
        `Co-authored-by: ${ERIN}`,
        `Co-authored-by: ${AI}`,
        `Co-authored-by: ${BOT}`,
        `Co-authored-by: ${ALEX}`,
      ],
    });
    h.commit({ author: DEV, date: dayAt('2024-03-03'), subject: 'Dev pairs with me', trailers: ['Co-developed-by: Alex Rivera <alex@example.com>'] });
    h.commit({ author: BOB, date: dayAt('2024-03-04'), subject: 'Bob pairs with me', trailers: [`coauthored-by: ${ALEX}`] });
    const ctx = h.context();
    const result = detectMentoring(ctx);
    expect(result.byTrailer).toEqual({ 'Mentored-by': 0, 'Helped-by': 0, 'Suggested-by': 0, 'Co-authored-by': 2, 'Co-developed-by': 1 });
    expect(brief(result.evidence, 'mentoring.coauthor')).toEqual([
      { subject: 'Dev pairs with me', summary: 'Co-authored "Dev pairs with me" with Dev Patel (newer to this repository)', people: ['dev@example.com'] },
      {
        subject: 'Pair on search',
        summary: 'Co-authored "Pair on search" with Cara Newman, Erin Wu (newer to this repository)',
        people: ['cara@example.com', 'erin@example.com'],
      },
    ]);
    expect(result.evidence).toHaveLength(2);
    expect(result.people.map(p => [p.email, p.commits])).toEqual([
      ['cara@example.com', 1],
      ['dev@example.com', 1],
      ['erin@example.com', 1],
    ]);
    expect(result.peerCoauthored.map(({ commit, peers }) => [commit.subject, peers.map(p => p.email)])).toEqual([
      ['Bob pairs with me', ['bob@example.com']],
      ['Pair on search', ['bob@example.com']],
    ]);
    expect(brief(detectCraft(ctx, result).evidence, 'collaboration.coauthor')).toEqual([
      { subject: 'Bob pairs with me', summary: 'Co-authored "Bob pairs with me" with Bob Stone', people: ['bob@example.com'] },
      { subject: 'Pair on search', summary: 'Co-authored "Pair on search" with Bob Stone', people: ['bob@example.com'] },
    ]);
  });

  it("counts my reviews and merges of a newcomer's first three commits, each once", () => {
    const h = withBobThenMe();
    h.commit({ author: CARA, date: dayAt('2024-03-01'), subject: 'Cara 1', trailers: [`Reviewed-by: ${ALEX}`] });
    h.commit({ author: CARA, date: dayAt('2024-03-02'), subject: 'Cara 2', trailers: [`Acked-by: ${ALEX}`] });
    h.commit({ author: CARA, date: dayAt('2024-03-03'), subject: 'Cara 3', trailers: [`Tested-by: ${ALEX}`] });
    h.commit({ author: CARA, date: dayAt('2024-03-04'), subject: 'Cara 4', trailers: [`Reviewed-by: ${ALEX}`] });
    // Bob is no newcomer, even on his first commit after mine.
    h.commit({ author: BOB, date: dayAt('2024-03-05'), subject: 'Bob later', trailers: [`Reviewed-by: ${ALEX}`] });
    h.branch('dev/filters');
    h.commit({ author: DEV, date: dayAt('2024-03-06'), subject: 'Dev 1' });
    h.commit({ author: DEV, date: dayAt('2024-03-07'), subject: 'Dev 2', trailers: [`Reviewed-by: ${ALEX}`] });
    h.checkout('main');
    const merge = h.merge('dev/filters', { author: ALEX, date: dayAt('2024-03-08'), message: 'Merge pull request #12 from dev/filters' });
    h.branch('renovate/lodash');
    h.commit({ author: RENOVATE, date: dayAt('2024-03-09'), subject: 'Update lodash' });
    h.checkout('main');
    h.merge('renovate/lodash', { author: ALEX, date: dayAt('2024-03-10'), message: 'Merge pull request #13 from renovate/lodash' });

    const result = detectMentoring(h.context());
    const via = `Merged (in ${merge.slice(0, 7)})`;
    expect(only(result.evidence, 'mentoring.newcomerReview').map(e => ({ summary: e.summary, date: e.date, people: e.people }))).toEqual([
      { summary: `${via} one of Dev Patel's first changes: "Dev 2"`, date: '2024-03-07', people: ['dev@example.com'] },
      { summary: `${via} one of Dev Patel's first changes: "Dev 1"`, date: '2024-03-06', people: ['dev@example.com'] },
      { summary: 'Reviewed one of Cara Newman\'s first changes: "Cara 3"', date: '2024-03-03', people: ['cara@example.com'] },
      { summary: 'Reviewed one of Cara Newman\'s first changes: "Cara 2"', date: '2024-03-02', people: ['cara@example.com'] },
      { summary: 'Reviewed one of Cara Newman\'s first changes: "Cara 1"', date: '2024-03-01', people: ['cara@example.com'] },
    ]);
    expect(result.evidence).toHaveLength(5);
    // Cara's three reviews are three interactions on three days; Dev's two first commits came in one merge: one.
    expect(result.people).toEqual([
      { name: 'Cara Newman', email: 'cara@example.com', commits: 3, days: ['2024-03-01', '2024-03-02', '2024-03-03'], explicit: false },
      { name: 'Dev Patel', email: 'dev@example.com', commits: 1, days: ['2024-03-08'], explicit: false },
    ]);
  });

  it('counts each person once, by address, across trailers, co-authoring and first-change reviews', () => {
    const h = withBobThenMe();
    h.commit({ author: CARA, date: dayAt('2024-03-01'), subject: 'Cara starts', trailers: [`Reviewed-by: ${ALEX}`] });
    h.commit({ author: ALEX, date: dayAt('2024-03-02'), subject: 'Pair with Cara', trailers: [`Co-authored-by: ${CARA}`, `Co-authored-by: ${BOB}`] });
    h.commit({
      author: CARA,
      date: dayAt('2024-03-03'),
      subject: 'Cara again',
      trailers: [`Mentored-by: ${ALEX}`, `Suggested-by: ${ALEX}`, `Helped-by: ${ALEX}`],
    });
    h.commit({ author: DEV, date: dayAt('2024-03-04'), subject: 'Dev helped', trailers: [`Helped-by: ${ALEX}`] });
    // Newest first, Dev is first seen by a bare address: the name comes from a later sighting.
    h.commit({ author: ALEX, date: dayAt('2024-03-05'), subject: 'Pair with Dev', trailers: ['Co-authored-by: <DEV@example.com>'] });
    const result = detectMentoring(h.context());
    expect(result.people).toEqual([
      { name: 'Cara Newman', email: 'cara@example.com', commits: 3, days: ['2024-03-01', '2024-03-02', '2024-03-03'], explicit: true },
      { name: 'Dev Patel', email: 'dev@example.com', commits: 2, days: ['2024-03-04', '2024-03-05'], explicit: true },
    ]);
    expect(result.evidence.map(e => [e.signal, e.subject])).toEqual([
      ['mentoring.coauthor', 'Pair with Dev'],
      ['mentoring.trailer', 'Dev helped'],
      ['mentoring.trailer', 'Cara again'],
      ['mentoring.coauthor', 'Pair with Cara'],
      ['mentoring.newcomerReview', 'Cara starts'],
    ]);
  });

  it('finds nobody to mentor in a repository where I never authored a commit', () => {
    const h = new MemoryHistory();
    h.commit({ author: BOB, date: dayAt('2024-01-01'), subject: 'Bob starts' });
    h.commit({ author: CARA, date: dayAt('2024-02-01'), subject: 'Cara starts', trailers: [`Reviewed-by: ${ALEX}`, `Co-authored-by: ${ALEX}`] });
    const ctx = h.context();
    expect(ctx.myFirstTime).toBeUndefined();
    const result = detectMentoring(ctx);
    expect(result.evidence).toEqual([]);
    expect(result.people).toEqual([]);
    // Not newer than me, so a peer.
    expect(result.peerCoauthored.map(p => p.peers.map(x => x.email))).toEqual([['cara@example.com']]);
  });
});

describe('bots and AI assistants', () => {
  it('are never counted as people, whatever they authored, co-authored or were named in', () => {
    const h = withBobThenMe();
    h.commit({ author: BOT, date: dayAt('2024-03-01'), subject: 'Bump lodash', trailers: [`Approved-by: ${ALEX}`, `Mentored-by: ${ALEX}`] });
    h.commit({ author: AI, date: dayAt('2024-03-02'), subject: 'Generated client', trailers: [`Helped-by: ${ALEX}`] });
    h.commit({
      author: ALEX,
      date: dayAt('2024-03-03'),
      subject: 'Pair with assistants',
      trailers: [`Co-authored-by: ${AI}`, `Co-authored-by: ${COPILOT}`, 'Co-authored-by: Cursor Agent <cursoragent@cursor.com>'],
    });
    h.commit({ author: COPILOT, committer: ALEX, date: dayAt('2024-03-04'), subject: 'Suggested fix', trailers: [`Co-authored-by: ${ALEX}`] });
    h.commit({ author: ALEX, date: dayAt('2024-03-05'), subject: 'Reviewed by a bot', trailers: [`Reviewed-by: ${RENOVATE}`] });
    h.branch('renovate/express');
    h.commit({ author: RENOVATE, date: dayAt('2024-03-06'), subject: 'Update express' });
    h.checkout('main');
    h.merge('renovate/express', { author: ALEX, date: dayAt('2024-03-07'), message: 'Merge pull request #3 from renovate/express' });

    const ctx = h.context();
    const reviews = detectReviews(ctx);
    const mentoring = detectMentoring(ctx);
    const craft = detectCraft(ctx, mentoring);
    // Their commits still count as work I reviewed, merged and applied ...
    expect(reviews.counts).toEqual({
      byTrailer: { 'Reviewed-by': 0, 'Acked-by': 0, 'Tested-by': 0, 'Approved-by': 1 },
      mergesOfOthersWork: 1,
      commitsCommittedForOthers: 1,
      gerritVotes: 0,
    });
    expect(mentoring.byTrailer).toEqual({ 'Mentored-by': 1, 'Helped-by': 1, 'Suggested-by': 0, 'Co-authored-by': 1, 'Co-developed-by': 0 });
    expect(reviews.evidence.map(e => [e.signal, e.summary])).toEqual([
      ['review.merge', 'Merged "Merge pull request #3 from renovate/express" (1 commit by renovate[bot])'],
      ['review.trailer', 'Approved-by on "Bump lodash" by dependabot[bot]'],
    ]);
    // ... but nobody is named, mentored, co-authored with or thanked for a review, and the first commits of
    // dependabot and renovate, which I approved and merged, are no newcomer's.
    expect([...reviews.evidence, ...mentoring.evidence, ...craft.evidence].flatMap(e => e.people)).toEqual([]);
    expect(mentoring.evidence).toEqual([]);
    expect(mentoring.people).toEqual([]);
    expect(mentoring.peerCoauthored).toEqual([]);
    expect(only(craft.evidence, 'collaboration.reviewedByOthers')).toEqual([]);
  });

  it('also leaves out the addresses excluded by setting, whatever their case', () => {
    const h = withBobThenMe();
    h.commit({
      author: 'CI Runner <ci@example.com>',
      date: dayAt('2024-03-01'),
      subject: 'Release 1.2',
      trailers: [`Reviewed-by: ${ALEX}`, `Mentored-by: ${ALEX}`],
    });
    h.commit({ author: CARA, date: dayAt('2024-03-02'), subject: 'Cara starts', trailers: [`Reviewed-by: ${ALEX}`] });
    const ctx = h.context({ excludedAuthors: ['CI@Example.com'] });
    const reviews = detectReviews(ctx);
    const mentoring = detectMentoring(ctx);
    expect(reviews.counts.byTrailer['Reviewed-by']).toBe(2);
    expect(reviews.evidence.map(e => [e.subject, e.people])).toEqual([
      ['Cara starts', ['cara@example.com']],
      ['Release 1.2', []],
    ]);
    expect(mentoring.people.map(p => p.email)).toEqual(['cara@example.com']);
    expect(mentoring.evidence.map(e => e.signal)).toEqual(['mentoring.newcomerReview']);
  });
});

describe('ownership', () => {
  it("gives my share of an area's lines, its months and authors, and names me its main developer", () => {
    const h = new MemoryHistory();
    h.commit({ author: BOB, date: dayAt('2025-01-10'), subject: 'Bob builds billing', files: { 'src/billing/invoice.ts': 40 } });
    h.commit({ author: ALEX, date: dayAt('2025-02-10'), subject: 'Invoice totals', files: { 'src/billing/invoice.ts': [30, 10], 'README.md': 2 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-10'), subject: 'Tax rules', files: { 'src/billing/tax.ts': 20 } });
    // Deeper folders belong to their two-level area.
    h.commit({ author: ALEX, date: dayAt('2025-04-10'), subject: 'Credit notes', files: { 'src/billing/credit/notes.ts': 20 } });
    h.commit({ author: BOT, date: dayAt('2025-04-11'), subject: 'Bump billing deps', files: { 'src/billing/package.json': 500 } });
    h.commit({ author: CARA, date: dayAt('2025-04-12'), subject: 'Cara fixes tax', files: { 'src/billing/tax.ts': [5, 5] } });
    const { areas, evidence } = detectOwnership(h.context({ since: '2025-01-01' }), ms('2025-03-01'));
    const credit = h.log().find(c => c.subject === 'Credit notes')!;
    expect(areas).toEqual([
      {
        repo: MEMORY_REPO,
        path: 'src/billing/',
        share: 0.615, // 80 of 130 lines: the bot's 500 are not counted
        linesChanged: 80,
        commits: 3,
        totalLinesChanged: 130,
        totalCommits: 5,
        lifetimeShare: 0.6, // 3 of the 5 commits that ever touched it (the bot's left out)
        activeMonths: 3,
        authors: 3,
        soleRecentAuthor: false,
        mainDeveloper: true,
        lastCommit: credit.sha,
        lastDate: '2025-04-10',
      },
      {
        repo: MEMORY_REPO,
        path: './',
        share: 1,
        linesChanged: 2,
        commits: 1,
        totalLinesChanged: 2,
        totalCommits: 1,
        lifetimeShare: 1,
        activeMonths: 1,
        authors: 1,
        soleRecentAuthor: false,
        mainDeveloper: false,
        lastCommit: h.log().find(c => c.subject === 'Invoice totals')!.sha,
        lastDate: '2025-02-10',
      },
    ]);
    expect(evidence.map(e => ({ signal: e.signal, summary: e.summary, commit: e.commit, paths: e.paths, weight: e.weight }))).toEqual([
      {
        signal: 'ownership.mainDeveloper',
        summary: 'Main developer of src/billing/: 62% of lines changed, 3 commits',
        commit: credit.sha,
        paths: ['src/billing/'],
        weight: 3,
      },
      {
        signal: 'ownership.sustained',
        summary: 'Kept src/billing/ moving across 3 months (3 commits)',
        commit: credit.sha,
        paths: ['src/billing/'],
        weight: 2,
      },
    ]);
  });

  it('needs half the lines and three commits to make me the main developer, and a quarter over three months to keep an area alive', () => {
    const h = new MemoryHistory();
    h.commit({ author: BOB, date: dayAt('2025-01-05'), subject: 'Bob api', files: { 'src/api/server.ts': 60 } });
    h.commit({ author: ALEX, date: dayAt('2025-01-10'), subject: 'Api one', files: { 'src/api/a.ts': 10 } });
    h.commit({ author: ALEX, date: dayAt('2025-02-10'), subject: 'Api two', files: { 'src/api/b.ts': 10 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-10'), subject: 'Api three', files: { 'src/api/c.ts': 9 } });
    h.commit({ author: BOB, date: dayAt('2025-03-11'), subject: 'Bob web', files: { 'web/app/main.ts': 15 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-12'), subject: 'Web one', files: { 'web/app/a.ts': 5 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-13'), subject: 'Web two', files: { 'web/app/b.ts': 5 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-14'), subject: 'Web three', files: { 'web/app/c.ts': 5 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-15'), subject: 'Lib one', files: { 'web/lib/a.ts': 3 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-16'), subject: 'Lib two', files: { 'web/lib/b.ts': 3 } });
    const { areas, evidence } = detectOwnership(h.context(), ms('2025-06-01'));
    expect(areas.map(a => [a.path, a.share, a.commits, a.activeMonths, a.mainDeveloper])).toEqual([
      ['src/api/', 0.326, 3, 3, false], // 29 of 89 lines
      ['web/app/', 0.5, 3, 1, true], // exactly half
      ['web/lib/', 1, 2, 1, false], // all of it, in two commits
    ]);
    expect(evidence.map(e => [e.signal, e.paths])).toEqual([
      ['ownership.sustained', ['src/api/']],
      ['ownership.mainDeveloper', ['web/app/']],
    ]);
  });

  it('flags me as the only recent author of an area, counting only humans, and only with two commits of mine in the period', () => {
    const h = new MemoryHistory();
    h.commit({ author: BOB, date: dayAt('2024-06-01'), subject: 'Bob writes search', files: { 'src/search/index.ts': 100 } });
    h.commit({ author: ALEX, date: dayAt('2024-12-15'), subject: 'Old cart work', files: { 'src/cart/old.ts': 4 } });
    h.commit({ author: CARA, date: dayAt('2025-02-01'), subject: 'Cara tunes search', files: { 'src/search/index.ts': [5, 5] } });
    h.commit({ author: ALEX, date: dayAt('2025-05-01'), subject: 'Search filters', files: { 'src/search/filter.ts': 10 } });
    h.commit({ author: ALEX, date: dayAt('2025-05-02'), subject: 'Cart fix', files: { 'src/cart/cart.ts': 4 } });
    h.commit({ author: ALEX, date: dayAt('2025-06-01'), subject: 'Search ranking', files: { 'src/search/rank.ts': 10 } });
    h.commit({ author: BOT, date: dayAt('2025-06-02'), subject: 'Bump search deps', files: { 'src/search/package.json': 3 } });
    const { areas, evidence } = detectOwnership(h.context({ since: '2025-01-01' }), ms('2025-04-01'));
    expect(areas.map(a => [a.path, a.share, a.lifetimeShare, a.commits, a.authors, a.soleRecentAuthor, a.mainDeveloper])).toEqual([
      ['src/search/', 0.667, 0.5, 2, 2, true, false], // 20 of 30 lines in the period; 2 of the 4 human commits ever
      ['src/cart/', 1, 1, 1, 1, false, false], // my older commit there is before the period
    ]);
    expect(evidence.map(e => [e.signal, e.paths, e.subject, e.summary])).toEqual([
      [
        'ownership.soleRecentAuthor',
        ['src/search/'],
        'Search ranking',
        'Only recent author of src/search/: share what you know so it does not depend on you alone',
      ],
    ]);

    // Cara in the recent window too: no longer the only one.
    h.commit({ author: CARA, date: dayAt('2025-06-03'), subject: 'Cara again', files: { 'src/search/index.ts': 1 } });
    expect(detectOwnership(h.context({ since: '2025-01-01' }), ms('2025-04-01')).areas.find(a => a.path === 'src/search/')!.soleRecentAuthor).toBe(false);
  });

  it('adds new commits to the tallies an earlier run stored exactly as a count over the whole period would', () => {
    const h = new MemoryHistory();
    h.commit({ author: BOB, date: dayAt('2024-06-01'), subject: 'Before the period', files: { 'src/search/index.ts': 100 } });
    h.commit({ author: ALEX, date: dayAt('2025-01-05'), subject: 'Search start', files: { 'src/search/a.ts': 10 } });
    h.commit({ author: CARA, date: dayAt('2025-02-01'), subject: 'Cara on search', files: { 'src/search/index.ts': [5, 5] } });
    h.commit({ author: ALEX, date: dayAt('2025-03-01'), subject: 'Search more', files: { 'src/search/b.ts': 10, 'src/cart/c.ts': 2 } });
    const earlier = h.context({ since: '2025-01-01' });
    const stored = JSON.parse(JSON.stringify(storedTallies(earlier, periodTallies(earlier))));
    const before = h.history().count;

    h.commit({ author: CARA, date: dayAt('2025-04-01'), subject: 'Cara again: no new author', files: { 'src/search/index.ts': 1 } });
    h.commit({ author: DEV, date: dayAt('2025-04-02'), subject: 'Dev joins search and cart', files: { 'src/search/d.ts': 3, 'src/cart/d.ts': 3 } });
    h.commit({ author: DEV, date: dayAt('2025-04-03'), subject: 'Dev twice', files: { 'src/search/e.ts': 1 } });
    h.commit({ author: BOT, date: dayAt('2025-04-04'), subject: 'A bot: not counted', files: { 'src/search/package.json': 9 } });
    h.commit({ author: ALEX, date: dayAt('2025-05-01'), subject: 'A new area of mine', files: { 'web/app/x.ts': 7, 'src/search/f.ts': 1 } });
    const ctx = h.context({ since: '2025-01-01' });
    const fresh = ctx.history.count - before;
    expect(fresh).toBe(5);
    const extended = extendTallies(ctx, stored, fresh)!;
    expect(storedTallies(ctx, extended)).toEqual(storedTallies(ctx, periodTallies(ctx)));
    const search = storedTallies(ctx, extended).find(([area]) => area === 'src/search/')!;
    // Mine 21 of 36 lines; 3 of 7 commits (the bot's left out); my months January, March and May; Alex, Cara and Dev.
    expect(search.slice(1, 7)).toEqual([21, 36, 3, 7, [2025 * 12, 2025 * 12 + 2, 2025 * 12 + 4], 3]);
    for (const recentFrom of [ms('2025-01-01'), ms('2025-04-02'), ms('2025-04-05')]) {
      expect(detectOwnership(ctx, recentFrom, extendTallies(ctx, stored, fresh))).toEqual(detectOwnership(ctx, recentFrom));
    }
    // Tallies that name an area the history does not have, or a commit it does not have, or that are not tallies at
    // all, are counted anew.
    expect(extendTallies(ctx, [['gone/', 1, 1, 1, 1, [], 1, 0]], fresh)).toBeUndefined();
    expect(extendTallies(ctx, [['src/search/', 1, 1, 1, 1, [], 1, before]], fresh)).toBeUndefined(); // not an older commit
    expect(extendTallies(ctx, 'torn' as never, fresh)).toBeUndefined();
  });

  it('falls back to commit shares where no lines are counted (binary files), and ignores merges', () => {
    const h = new MemoryHistory();
    h.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Logo', files: { 'assets/logo.png': null } });
    h.branch('bob/icon');
    h.commit({ author: BOB, date: dayAt('2025-01-02'), subject: 'Icon', files: { 'assets/icon.png': null } });
    h.checkout('main');
    h.commit({ author: ALEX, date: dayAt('2025-01-03'), subject: 'Favicon', files: { 'assets/favicon.ico': null } });
    h.merge('bob/icon', { author: ALEX, date: dayAt('2025-01-04'), message: 'Merge branch bob/icon' });
    const [assets, ...rest] = detectOwnership(h.context(), ms('2025-06-01')).areas;
    expect(rest).toEqual([]);
    expect(assets).toMatchObject({ path: 'assets/', share: 0.667, linesChanged: 0, commits: 2, totalLinesChanged: 0, totalCommits: 3, lifetimeShare: 0.667 });
  });

  it('counts an old address .mailmap folds into mine, and my other addresses', () => {
    const h = new MemoryHistory({ 'alex@old-laptop.local': ALEX });
    h.commit({ author: ALEX_OLD, date: dayAt('2025-01-01'), subject: 'From the old laptop', files: { 'src/core/a.ts': 10 } });
    h.commit({ author: 'Alex <alex@home.example>', date: dayAt('2025-01-02'), subject: 'From home', files: { 'src/core/b.ts': 10 } });
    h.commit({ author: ALEX, date: dayAt('2025-01-03'), subject: 'From work', files: { 'src/core/c.ts': 10 } });
    h.commit({ author: BOB, date: dayAt('2025-01-04'), subject: 'Bob', files: { 'src/core/d.ts': 10 } });
    const [core] = detectOwnership(h.context({ me: ['alex@example.com', 'Alex@Home.example'] }), ms('2025-06-01')).areas;
    expect([core!.share, core!.linesChanged, core!.commits, core!.mainDeveloper]).toEqual([0.75, 30, 3, true]);
    const [withoutAlias] = detectOwnership(h.context(), ms('2025-06-01')).areas;
    expect([withoutAlias!.share, withoutAlias!.linesChanged, withoutAlias!.commits, withoutAlias!.mainDeveloper]).toEqual([0.5, 20, 2, false]);
  });
});

describe('craft', () => {
  it('finds fixes that explain their cause or add a test', () => {
    const h = withBobThenMe();
    h.commit({
      author: ALEX,
      date: dayAt('2025-03-03'),
      subject: 'Fix rounding in totals',
      body: 'The root cause was float arithmetic on cents.',
      files: { 'src/billing/total.ts': 3, 'test/billing/total.test.ts': 10 },
    });
    h.commit({ author: ALEX, date: dayAt('2025-03-04'), subject: 'Handle crash on empty cart', body: 'Now handled.', files: { 'src/cart.ts': 1 } });
    h.commit({
      author: ALEX,
      date: dayAt('2025-03-05'),
      subject: 'Guard against nulls',
      trailers: ['Fixes: 1234567 ("Add cart")'],
      files: { 'src/cart.go': 1, 'src/cart_test.go': 2 },
    });
    h.commit({
      author: ALEX,
      date: dayAt('2025-03-06'),
      subject: 'Prefix search',
      body: 'Because people type the start of names.',
      files: { 'src/search.ts': 1, 'src/search.spec.ts': 1 },
    });
    h.commit({ author: BOB, date: dayAt('2025-03-07'), subject: "Fix Bob's bug", body: 'The root cause was a typo.', files: { 'test/x.test.ts': 1 } });
    const { evidence } = craftOf(h, '2025-01-01');
    expect(brief(evidence, 'diagnostics.fix').map(e => e.summary)).toEqual([
      'Fixed and explained: "Guard against nulls"',
      'Fixed and explained: "Fix rounding in totals"',
    ]);
    expect(only(evidence, 'diagnostics.regressionTest').map(e => [e.subject, e.paths])).toEqual([
      ['Guard against nulls', ['src/cart_test.go']],
      ['Fix rounding in totals', ['test/billing/total.test.ts']],
    ]);
  });

  it('finds design records, documentation and messages that explain why at length', () => {
    const h = withBobThenMe();
    h.commit({ author: ALEX, date: dayAt('2025-03-10'), subject: 'ADR 2: queue payments', files: { 'docs/adr/0002-queue.md': 30 } });
    h.commit({ author: ALEX, date: dayAt('2025-03-11'), subject: 'RFC for refunds', files: { 'rfc-12-refunds.md': 30 } });
    h.commit({
      author: ALEX,
      date: dayAt('2025-03-12'),
      subject: 'Document retries',
      files: { 'docs/retries.md': 5, 'README.md': 1, 'src/retry.ts': 1, 'docs/retry.png': null },
    });
    h.commit({ author: ALEX, date: dayAt('2025-03-13'), subject: 'Explain the ledger', body: 'x'.repeat(200) });
    // 199 characters of prose: the trailers do not count towards the length.
    h.commit({
      author: ALEX,
      date: dayAt('2025-03-14'),
      subject: 'Almost explained',
      body: 'y'.repeat(199),
      trailers: [`Reviewed-by: ${BOB}`, `Signed-off-by: ${ALEX}`],
    });
    const { evidence } = craftOf(h, '2025-01-01');
    expect(only(evidence, 'communication.design').map(e => [e.subject, e.paths, e.weight])).toEqual([
      ['RFC for refunds', ['rfc-12-refunds.md'], 2],
      ['ADR 2: queue payments', ['docs/adr/0002-queue.md'], 2],
    ]);
    expect(only(evidence, 'communication.docs').map(e => [e.subject, e.paths])).toEqual([
      ['Document retries', ['README.md', 'docs/retries.md', 'docs/retry.png']],
    ]);
    expect(only(evidence, 'communication.detailedMessage').map(e => e.subject)).toEqual(['Explain the ledger']);
  });

  it('finds delivered branches and pull requests, and reviews by other people of my work', () => {
    const h = withBobThenMe();
    h.branch('alex/cache');
    h.commit({ author: ALEX, date: dayAt('2025-01-02'), subject: 'Add cache', files: { 'src/cache.ts': 5 } });
    h.commit({ author: ALEX, date: dayAt('2025-01-03'), subject: 'Expire entries', files: { 'src/cache.ts': 2, 'src/clock.ts': 1 } });
    h.checkout('main');
    h.merge('alex/cache', { author: BOB, date: dayAt('2025-01-04'), message: "Merge branch 'alex/cache' into 'main'" });
    h.branch('alex/typo');
    h.commit({ author: ALEX, date: dayAt('2025-01-05'), subject: 'Typo' });
    h.checkout('main');
    h.merge('alex/typo', { author: BOB, date: dayAt('2025-01-06'), message: "Merge branch 'alex/typo'" });
    h.commit({ author: ALEX, date: dayAt('2025-01-07'), subject: 'Add rate limiter (#123)' });
    h.commit({
      author: ALEX,
      date: dayAt('2025-01-08'),
      subject: 'Tune cache',
      trailers: [`Reviewed-by: ${BOB}`, `Acked-by: ${CARA}`, 'Tested-by: Bob Stone <BOB@example.com>', `Reviewed-by: ${AI}`, `Tested-by: ${ALEX}`],
    });
    const { evidence } = craftOf(h, '2025-01-01');
    expect(only(evidence, 'delivery.mergedBranch').map(e => ({ summary: e.summary, paths: e.paths, weight: e.weight }))).toEqual([
      { summary: 'Pull request #123 merged: "Add rate limiter (#123)"', paths: ['notes/6.txt'], weight: 2 },
      { summary: "Delivered \"Merge branch 'alex/cache' into 'main'\": 2 commits of mine merged", paths: ['src/cache.ts', 'src/clock.ts'], weight: 2 },
    ]);
    expect(brief(evidence, 'collaboration.reviewedByOthers')).toEqual([
      { subject: 'Tune cache', summary: '"Tune cache" reviewed by Bob Stone, Cara Newman', people: ['bob@example.com', 'cara@example.com'] },
    ]);
  });

  it('gives one active-week item per ISO week with a commit of mine, dated by its first commit', () => {
    const h = withBobThenMe();
    h.commit({ author: ALEX, date: dayAt('2025-03-03'), subject: 'Monday' });
    h.commit({ author: ALEX, date: dayAt('2025-03-09'), subject: 'Sunday' });
    h.commit({ author: BOB, date: dayAt('2025-03-12'), subject: 'Bob only' });
    h.commit({ author: ALEX, date: dayAt('2025-03-17', 9), subject: 'Next Monday' });
    h.commit({ author: ALEX, date: dayAt('2025-03-18'), subject: 'Tuesday' });
    const { weeks } = craftOf(h, '2025-03-01');
    expect(weeks.map(([week, e]) => [week, e.subject, e.summary, e.weight])).toEqual([
      ['2025-W12', 'Next Monday', 'Active in week 2025-W12 (from 2025-03-17)', 0.25],
      ['2025-W10', 'Monday', 'Active in week 2025-W10 (from 2025-03-03)', 0.25],
    ]);
  });

  it('labels weeks as ISO 8601 does across the turn of the year', () => {
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2021-01-04T12:00:00Z'))).toBe('2021-W01');
    expect(isoWeek(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(new Date('2026-02-15T12:00:00Z'))).toBe('2026-W07');
  });
});

describe('the context detectors share', () => {
  it('keeps the commits of the period that involve me, by committer date, whole days', () => {
    const h = withBobThenMe();
    h.commit({ author: ALEX, date: dayAt('2024-12-31', 23), subject: 'Before the period' });
    h.commit({ author: ALEX, date: dayAt('2024-12-20'), committerDate: dayAt('2025-01-01', 0), subject: 'Authored before, committed in' });
    h.commit({ author: BOB, date: dayAt('2025-01-02'), subject: 'Bob alone' });
    h.commit({ author: BOB, date: dayAt('2025-01-03'), subject: 'Signed off by me', trailers: [`Signed-off-by: ${ALEX}`] });
    h.commit({ author: CARA, committer: ALEX, date: dayAt('2025-01-04'), subject: 'Applied by me' });
    h.branch('alex/x');
    h.commit({ author: ALEX, date: dayAt('2025-01-05'), subject: 'On my branch' });
    h.checkout('main');
    h.commit({ author: BOB, date: dayAt('2025-01-06'), subject: 'Bob on main' });
    h.merge('alex/x', { author: BOB, date: dayAt('2025-01-07'), message: 'Bob merges my branch' });
    h.commit({ author: ALEX, date: dayAt('2025-02-01', 0), subject: 'After the period' });
    const ctx = h.context({ since: '2025-01-01', until: '2025-01-31' });
    expect(ctx.periodCommits.map(c => c.subject)).toEqual([
      'Bob merges my branch',
      'On my branch',
      'Applied by me',
      'Signed off by me',
      'Authored before, committed in',
    ]);
    expect([...ctx.inPeriod].filter(Boolean)).toHaveLength(7);
    expect(ctx.myFirstTime).toBe(Date.parse(dayAt('2024-02-01')));
  });

  it("knows each author's first three commits, merges aside, and the mainline", () => {
    const h = withBobThenMe();
    h.branch('cara/x');
    for (const n of [1, 2, 3, 4]) h.commit({ author: CARA, date: dayAt(`2024-03-0${n}`), subject: `Cara ${n}` });
    h.checkout('main');
    h.merge('cara/x', { author: CARA, date: dayAt('2024-03-05'), message: 'Cara merges' });
    const ctx = h.context();
    const subjects = (indices: number[] | undefined) => (indices ?? []).map(i => ctx.at(i).subject);
    expect(subjects(ctx.firstCommits.get('cara@example.com'))).toEqual(['Cara 1', 'Cara 2', 'Cara 3']);
    expect(subjects(ctx.firstCommits.get('bob@example.com'))).toEqual(['Bob starts']);
    expect(ctx.firstCommitSet.size).toBe(5);
    expect(subjects([...ctx.mainline.keys()].filter(i => ctx.mainline[i]))).toEqual(['Cara merges', 'Alex starts', 'Bob starts']);
  });
});
